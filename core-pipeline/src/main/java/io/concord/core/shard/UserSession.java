package io.concord.core.shard;

/**
 * A gateway session as its user shard knows it: where it lives and which gateway shard of the user's guilds it
 * covers.
 */
final class UserSession
{
    final int edgeId;
    final long sessionId;
    final int gatewayShardId;
    final int gatewayShardCount;
    final int largeThreshold;

    UserSession(
        final int edgeId,
        final long sessionId,
        final int gatewayShardId,
        final int gatewayShardCount,
        final int largeThreshold)
    {
        this.edgeId = edgeId;
        this.sessionId = sessionId;
        this.gatewayShardId = gatewayShardId;
        this.gatewayShardCount = gatewayShardCount;
        this.largeThreshold = largeThreshold;
    }

    boolean covers(final long guildId)
    {
        return gatewayShardCount <= 1 || (guildId >>> 22) % gatewayShardCount == gatewayShardId;
    }
}
