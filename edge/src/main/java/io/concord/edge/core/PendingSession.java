package io.concord.edge.core;

import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.ReadySnapshot;
import io.concord.edge.gateway.UserSnapshot;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway session the core is opening: collects the core's {@code Ready} (user and guild ids), one
 * {@code GuildSnapshot} per guild and the initial topic subscriptions, which may arrive in any order since they come
 * from different shards, and completes the gateway's listener once READY and every guild are in. Created on an event
 * loop, then touched only by the {@link CoreLinkPoller} thread.
 */
final class PendingSession
{
    private final long sessionId;
    private final long userId;
    private final GatewayCore.SessionOpenListener listener;
    private final List<GuildSnapshot> guilds = new ArrayList<>();
    private final LongHashSet guildsSeen = new LongHashSet();
    private final LongArrayList topics = new LongArrayList();
    private UserSnapshot user;
    private LongHashSet expectedGuilds;

    PendingSession(final long sessionId, final long userId, final GatewayCore.SessionOpenListener listener)
    {
        this.sessionId = sessionId;
        this.userId = userId;
        this.listener = listener;
    }

    long sessionId()
    {
        return sessionId;
    }

    long userId()
    {
        return userId;
    }

    GatewayCore.SessionOpenListener listener()
    {
        return listener;
    }

    void onReady(final UserSnapshot user, final LongHashSet guildIds)
    {
        this.user = user;
        this.expectedGuilds = guildIds;
    }

    void onGuild(final GuildSnapshot guild)
    {
        if (guildsSeen.add(guild.id()))
        {
            guilds.add(guild);
        }
    }

    void onTopic(final boolean subscribed, final long topicId)
    {
        if (subscribed)
        {
            if (!topics.containsLong(topicId))
            {
                topics.addLong(topicId);
            }
        }
        else
        {
            topics.removeLong(topicId);
        }
    }

    /**
     * @return true once READY and a snapshot of every guild it named have arrived.
     */
    boolean complete()
    {
        if (null == expectedGuilds)
        {
            return false;
        }
        final LongHashSet.LongIterator it = expectedGuilds.iterator();
        while (it.hasNext())
        {
            if (!guildsSeen.contains(it.nextValue()))
            {
                return false;
            }
        }
        return true;
    }

    ReadySnapshot toReady()
    {
        final List<GuildSnapshot> ready = new ArrayList<>(guilds.size());
        for (final GuildSnapshot guild : guilds)
        {
            if (expectedGuilds.contains(guild.id()))
            {
                ready.add(guild);
            }
        }
        return new ReadySnapshot(user, user.id(), ready, topics.toLongArray());
    }
}
