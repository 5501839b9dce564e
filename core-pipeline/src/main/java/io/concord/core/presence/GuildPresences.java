package io.concord.core.presence;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * The presences a guild shard knows, from the PresenceUpdated hops of the user shards: the shown status of every
 * user that is not offline (one entry per user, whatever the number of its guilds on this shard) and, per guild, the
 * set of its online members (for the online-only member lists of large guilds). Status values are
 * {@code PresenceStatus} values; a user not known here is offline.
 * <p>
 * Owned by the shard's thread. Allocation free in steady state (sets only grow).
 */
public final class GuildPresences
{
    /**
     * Status of a user this table holds no presence for.
     */
    public static final int OFFLINE = 4;

    private final Long2LongHashMap statusByUser = new Long2LongHashMap(OFFLINE);
    private final Long2ObjectHashMap<LongHashSet> onlineByGuild = new Long2ObjectHashMap<>();

    /**
     * Records a user's shown presence in one guild.
     *
     * @param guildId the guild.
     * @param userId  the member.
     * @param status  its {@code PresenceStatus} value, as shown to others (INVISIBLE never arrives here).
     * @return whether the member's online state in that guild changed.
     */
    public boolean onPresence(final long guildId, final long userId, final int status)
    {
        LongHashSet online = onlineByGuild.get(guildId);
        if (OFFLINE == status)
        {
            statusByUser.remove(userId);
            return null != online && online.remove(userId);
        }
        statusByUser.put(userId, status);
        if (null == online)
        {
            online = new LongHashSet();
            onlineByGuild.put(guildId, online);
        }
        return online.add(userId);
    }

    /**
     * A member left the guild (or the guild went): it is no longer among the guild's online members.
     *
     * @param guildId the guild.
     * @param userId  the member.
     */
    public void onMemberRemoved(final long guildId, final long userId)
    {
        final LongHashSet online = onlineByGuild.get(guildId);
        if (null != online)
        {
            online.remove(userId);
        }
    }

    /**
     * @param guildId a deleted guild.
     */
    public void onGuildDeleted(final long guildId)
    {
        onlineByGuild.remove(guildId);
    }

    /**
     * @param userId a user.
     * @return its {@code PresenceStatus} value; {@link #OFFLINE} when unknown.
     */
    public int status(final long userId)
    {
        return (int)statusByUser.get(userId);
    }

    /**
     * @param guildId a guild.
     * @return its online members; empty or null when none. Read only.
     */
    public LongHashSet online(final long guildId)
    {
        return onlineByGuild.get(guildId);
    }

    /**
     * @param guildId a guild.
     * @return how many of its members are online.
     */
    public int onlineCount(final long guildId)
    {
        final LongHashSet online = onlineByGuild.get(guildId);
        return null == online ? 0 : online.size();
    }
}
