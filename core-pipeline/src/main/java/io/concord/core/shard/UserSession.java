package io.concord.core.shard;

import io.concord.codecs.PresenceStatus;
import org.agrona.ExpandableArrayBuffer;

/**
 * A gateway session as its user shard knows it: where it lives, which gateway shard of the user's guilds it
 * covers, its intents, and the presence (status, encoded activities group, {@code since} and {@code afk}) it last
 * set.
 */
final class UserSession
{
    final int edgeId;
    final long sessionId;
    final int gatewayShardId;
    final int gatewayShardCount;
    final int largeThreshold;
    final long intents;
    final ExpandableArrayBuffer activities = new ExpandableArrayBuffer(64);
    PresenceStatus status;
    int activitiesLength;
    long sinceMs;
    boolean afk;
    long updateSequence;

    UserSession(
        final int edgeId,
        final long sessionId,
        final int gatewayShardId,
        final int gatewayShardCount,
        final int largeThreshold,
        final long intents,
        final PresenceStatus status)
    {
        this.intents = intents;
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
