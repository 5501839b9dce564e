package io.concord.edge.gateway;

/**
 * What a verified Identify asks the core for: a session of {@code userId} with these intents, this shard, this
 * {@code large_threshold} and this initial presence status ({@code online}, {@code idle}, {@code dnd},
 * {@code invisible} or {@code offline}). Immutable.
 *
 * @param userId         the authenticated user.
 * @param intents        validated intent bits.
 * @param shardId        shard of this session, {@code 0 <= shardId < shardCount}.
 * @param shardCount     number of shards, >= 1.
 * @param largeThreshold 50..250.
 * @param status         initial presence status.
 */
public record IdentifyRequest(
    long userId, long intents, int shardId, int shardCount, int largeThreshold, String status)
{
}
