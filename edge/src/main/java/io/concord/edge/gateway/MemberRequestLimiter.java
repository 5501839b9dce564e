package io.concord.edge.gateway;

import org.agrona.collections.Long2LongHashMap;

/**
 * Discord's limit on full member lists: one op 8 with {@code query: ""} and {@code limit: 0} per guild per
 * {@link #WINDOW_MS}. Kept per session (a bot's gateway shards cover disjoint guilds, so per session is per bot and
 * guild). Owned by the session's event loop.
 */
final class MemberRequestLimiter
{
    static final long WINDOW_MS = 30_000;

    private final Long2LongHashMap lastMsByGuild = new Long2LongHashMap(Long.MIN_VALUE);

    /**
     * @param guildId the guild.
     * @param nowMs   the clock's time.
     * @return 0 when the request may go (it is recorded), else milliseconds until it may.
     */
    long tryAcquire(final long guildId, final long nowMs)
    {
        final long lastMs = lastMsByGuild.get(guildId);
        if (Long.MIN_VALUE != lastMs && nowMs - lastMs < WINDOW_MS)
        {
            return WINDOW_MS - (nowMs - lastMs);
        }
        lastMsByGuild.put(guildId, nowMs);
        return 0;
    }
}
