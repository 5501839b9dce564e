/**
 * The metadata one shard owns, as plain mutable objects in Agrona primitive maps: users, guilds, roles, channels
 * with permission overwrites, members and invites, and Discord's permission computation over them. Everything here
 * is touched only by the owning shard's thread: no locks, no volatile.
 */
package io.concord.core.state;
