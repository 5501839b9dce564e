package io.concord.edge.gateway;

import java.util.List;
import java.util.Map;

/**
 * A validated gateway op 8 (Request Guild Members) payload: one guild, then either a username prefix with a limit
 * (0 = every member, only with the empty query) or up to {@link #MAX_USER_IDS} user ids, whether presences are wanted,
 * and an optional nonce of at most {@link #MAX_NONCE_BYTES} bytes (a longer one is ignored, as on Discord). Immutable;
 * parsed on the connection's event loop.
 *
 * @param guildId   the guild.
 * @param query     username prefix, or null when user ids are given.
 * @param limit     most members for a query (0 = all, only with {@code ""}).
 * @param userIds   the ids asked for, or an empty array for a query.
 * @param presences whether presences are asked for (before the GUILD_PRESENCES check).
 * @param nonce     echoed in every chunk, or null.
 */
public record MemberRequest(long guildId, String query, int limit, long[] userIds, boolean presences, String nonce)
{
    public static final int MAX_USER_IDS = 100;
    public static final int MAX_NONCE_BYTES = 32;
    public static final int MAX_QUERY_CHARS = 100;

    /**
     * @return whether this asks for the whole member list (needs GUILD_MEMBERS, rate limited).
     */
    public boolean isFullList()
    {
        return null != query && query.isEmpty() && 0 == limit;
    }

    /**
     * @param d the op 8 {@code d}.
     * @return the request, or null when the payload is invalid (the caller closes with 4001).
     */
    public static MemberRequest parse(final Map<String, Object> d)
    {
        if (null == d)
        {
            return null;
        }
        final long guildId = snowflake(d.get("guild_id"));
        if (guildId <= 0)
        {
            return null;
        }
        final Object rawIds = d.get("user_ids");
        final Object rawQuery = d.get("query");
        final Object rawLimit = d.get("limit");
        final boolean presences = Boolean.TRUE.equals(d.get("presences"));
        final Object rawNonce = d.get("nonce");
        final String nonce = rawNonce instanceof String &&
            ((String)rawNonce).getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NONCE_BYTES ?
            (String)rawNonce : null;
        if (null != rawIds)
        {
            final List<?> list = rawIds instanceof List ? (List<?>)rawIds : List.of(rawIds);
            final long[] ids = new long[Math.min(list.size(), MAX_USER_IDS)];
            for (int i = 0; i < ids.length; i++)
            {
                ids[i] = snowflake(list.get(i));
                if (ids[i] <= 0)
                {
                    return null;
                }
            }
            return ids.length == 0 ? null : new MemberRequest(guildId, null, 0, ids, presences, nonce);
        }
        if (!(rawQuery instanceof String) || !(rawLimit instanceof Long) || (Long)rawLimit < 0 ||
            ((String)rawQuery).length() > MAX_QUERY_CHARS)
        {
            return null;
        }
        final int limit = (int)Math.min((Long)rawLimit, Integer.MAX_VALUE);
        return new MemberRequest(guildId, (String)rawQuery, limit, new long[0], presences, nonce);
    }

    private static long snowflake(final Object value)
    {
        if (value instanceof Long)
        {
            return (Long)value;
        }
        if (value instanceof String)
        {
            try
            {
                return Long.parseLong((String)value);
            }
            catch (final NumberFormatException ex)
            {
                return -1;
            }
        }
        return -1;
    }
}
