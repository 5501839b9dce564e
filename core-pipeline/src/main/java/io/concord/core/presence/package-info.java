/**
 * Presence and typing state that lives inside a shard: the per-user coalescing window of presence updates (user
 * shard), the online members and presence topics of guilds (guild shard), and the typing indicators' time-to-live
 * (guild shard). Everything here is driven by the shard's thread: commands call in, and the shard's duty cycle
 * ({@code GuildShard.doWork}) polls the timer wheels. Allocation free in steady state.
 */
package io.concord.core.presence;
