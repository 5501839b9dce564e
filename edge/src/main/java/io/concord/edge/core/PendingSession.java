package io.concord.edge.core;

import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.PrivateChannelSnapshot;
import io.concord.edge.gateway.ReadySnapshot;
import io.concord.edge.gateway.UserSnapshot;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A gateway session the core is opening: collects the core's {@code Ready} (user and guild ids), one
 * {@code GuildSnapshot} per guild and the initial topic subscriptions, which may arrive in any order since they come
 * from different shards, and completes the gateway's listener once READY and every guild are in. Guilds joined or
 * left, and channels gained or lost, while the session is still opening are folded into what READY and its
 * GUILD_CREATEs will say, so that nothing is lost and nothing leaks between Identify and READY. Created on an event
 * loop, then touched only by the {@link CoreLinkPoller} thread.
 */
final class PendingSession
{
    private final long sessionId;
    private final long userId;
    private final GatewayCore.SessionOpenListener listener;
    private final long openedAtMs;
    private final LinkedHashMap<Long, GuildSnapshot> guilds = new LinkedHashMap<>();
    private final LongHashSet guildsSeen = new LongHashSet();
    private final LongArrayList topics = new LongArrayList();
    private List<PrivateChannelSnapshot> privateChannels = List.of();
    private UserSnapshot user;
    private LongHashSet expectedGuilds;

    PendingSession(
        final long sessionId, final long userId, final GatewayCore.SessionOpenListener listener, final long openedAtMs)
    {
        this.sessionId = sessionId;
        this.userId = userId;
        this.listener = listener;
        this.openedAtMs = openedAtMs;
    }

    /**
     * @return when the edge asked the core to open it, wall clock ms.
     */
    long openedAtMs()
    {
        return openedAtMs;
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

    /**
     * @param privateChannels the user's DM channels; the core sends them just before READY.
     */
    void onPrivateChannels(final List<PrivateChannelSnapshot> privateChannels)
    {
        this.privateChannels = privateChannels;
    }

    /**
     * A guild's snapshot for this session: one READY named, or one the user joined meanwhile (READY then lists it
     * too, and it gets its GUILD_CREATE with the others).
     *
     * @param guild the guild as this session's user sees it.
     */
    void onGuild(final GuildSnapshot guild)
    {
        guildsSeen.add(guild.id());
        guilds.put(guild.id(), guild);
    }

    /**
     * @param subscribed true to join, false to leave.
     * @param guildTopic whether the topic is a guild's own (leaving it means leaving the guild).
     * @param topicId    guild or channel id.
     */
    void onTopic(final boolean subscribed, final boolean guildTopic, final long topicId)
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
            if (guildTopic)
            {
                // Left (or removed from) the guild before READY: neither READY nor a GUILD_CREATE names it.
                guildsSeen.add(topicId);
                guilds.remove(topicId);
            }
        }
    }

    /**
     * The session's user gained or lost view of a channel before READY: its topic and the guild's channel list
     * follow, so the GUILD_CREATE lists exactly the channels it can view.
     *
     * @param visible whether it can view the channel now.
     * @param guildId the channel's guild.
     * @param channel the channel.
     */
    void onChannelVisibility(final boolean visible, final long guildId, final ChannelSnapshot channel)
    {
        onTopic(visible, false, channel.id());
        final GuildSnapshot guild = guilds.get(guildId);
        if (null == guild)
        {
            return;
        }
        final List<ChannelSnapshot> channels = new ArrayList<>(guild.channels().size() + 1);
        for (final ChannelSnapshot existing : guild.channels())
        {
            if (existing.id() != channel.id())
            {
                channels.add(existing);
            }
        }
        if (visible)
        {
            channels.add(channel);
        }
        guilds.put(guildId, guild.with(guild.joinedAtMs(), channels));
    }

    /**
     * @return true once READY and a snapshot of every guild it named have arrived (or the guild was left).
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
        return new ReadySnapshot(
            user, user.id(), new ArrayList<>(guilds.values()), topics.toLongArray(), privateChannels);
    }
}
