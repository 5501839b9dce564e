/**
 * Persistence of a shard's metadata (users, accounts, guilds, roles, channels, members, invites) as SBE-encoded
 * records in per-shard Chronicle Map files under the data dir, written only by the owning shard and read back on
 * start to rebuild the shard's state.
 */
package io.concord.core.persist;
