package io.concord.core.shard;

import io.concord.codecs.PresenceStatus;

/**
 * A gateway session as its user shard knows it: where it lives, which gateway shard of the user's guilds it
 * covers, and the presence status it last set.
 */
final class UserSession
{
    final int edgeId;
    final long sessionId;
    final int gatewayShardId;
    final int gatewayShardCount;
    final int largeThreshold;
    PresenceStatus status;

    UserSession(
        final int edgeId,
        final long sessionId,
        final int gatewayShardId,
        final int gatewayShardCount,
        final int largeThreshold,
        final PresenceStatus status)
    {
        this.status = status;
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
