package io.concord.core.state;

import org.agrona.collections.LongHashSet;

/**
 * One gateway session's subscription to one guild, held by the guild's shard: which channel topics it is
 * currently subscribed to, so that permission changes can be turned into subscribe/unsubscribe deltas, and whether it
 * receives the guild's presence topic.
 */
public final class GuildSession
{
    private final int edgeId;
    private final long sessionId;
    private final long userId;
    private final LongHashSet channelIds = new LongHashSet();
    private boolean presenceSubscribed;
    private long intents;

    /**
     * @param edgeId    edge holding the session.
     * @param sessionId session id within that edge.
     * @param userId    the session's user.
     */
    public GuildSession(final int edgeId, final long sessionId, final long userId)
    {
        this.edgeId = edgeId;
        this.sessionId = sessionId;
        this.userId = userId;
    }

    public int edgeId()
    {
        return edgeId;
    }

    public long sessionId()
    {
        return sessionId;
    }

    public long userId()
    {
        return userId;
    }

    /**
     * @return ids of the channel topics this session is subscribed to.
     */
    public LongHashSet channelIds()
    {
        return channelIds;
    }

    /**
     * @return whether the session is subscribed to the guild's presence topic.
     */
    public boolean presenceSubscribed()
    {
        return presenceSubscribed;
    }

    public void presenceSubscribed(final boolean presenceSubscribed)
    {
        this.presenceSubscribed = presenceSubscribed;
    }

    /**
     * @return the session's gateway intents (0 when the opening hop carried none).
     */
    public long intents()
    {
        return intents;
    }

    public GuildSession intents(final long intents)
    {
        this.intents = intents;
        return this;
    }
}
