package io.concord.core.shard;

import io.concord.codecs.ChannelKind;
import io.concord.codecs.ChannelVisibilityChangedEncoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OverwriteKind;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.GuildSession;
import io.concord.core.state.Member;
import io.concord.core.state.Overwrite;
import io.concord.core.state.Permissions;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every guild session's channel topics equal to the channels its member can view (VIEW_CHANNEL after roles and
 * overwrites), so that channel-scoped dispatches (CHANNEL_*, MESSAGE_*, TYPING_START...) sent to a channel topic
 * reach exactly the sessions allowed to see them. Runs only on permission changes (overwrites, role permissions,
 * member roles, channel creation), never per message: the message path stays one publication per subscribed edge.
 * <p>
 * A session that gains view is subscribed and told with a {@code ChannelVisibilityChanged} CREATED (its edge sends
 * it CHANNEL_CREATE); one that loses view is unsubscribed and told with DELETED (CHANNEL_DELETE). One frame per
 * (channel, edge, direction), listing that edge's sessions, so the cost is O(changed sessions) once per change.
 * Callers hide first, then send the change's own channel-topic dispatch, then reveal: the dispatch then reaches
 * only sessions that could view the channel both before and after, and every session sees one event.
 * <p>
 * Owned by the shard thread, like the {@link TopicRoutes} it updates.
 */
final class ChannelVisibility
{
    /**
     * Most sessions listed in one frame (8 bytes each), so frames stay well under the stream's message limit.
     */
    static final int MAX_SESSIONS_PER_FRAME = 1024;

    /**
     * Where frames to an edge go.
     */
    @FunctionalInterface
    interface EdgeSender
    {
        /**
         * @param edgeId destination edge.
         * @param buffer frame at offset 0.
         * @param length frame length.
         */
        void send(int edgeId, DirectBuffer buffer, int length);
    }

    private final TopicRoutes routes;
    private final EdgeSender sender;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(16 * 1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ChannelVisibilityChangedEncoder encoder = new ChannelVisibilityChangedEncoder();
    private final ArrayList<GuildSession> changed = new ArrayList<>();

    ChannelVisibility(final TopicRoutes routes, final EdgeSender sender)
    {
        this.routes = routes;
        this.sender = sender;
    }

    /**
     * Unsubscribes, and sends CHANNEL_DELETE to, sessions subscribed to a channel they can no longer view.
     *
     * @param guild   the guild.
     * @param userId  only this user's sessions, or 0 for every session of the guild.
     * @param channel only this channel, or null for every channel of the guild.
     */
    void hide(final Guild guild, final long userId, final Channel channel)
    {
        apply(guild, userId, channel, false);
    }

    /**
     * Subscribes, and sends CHANNEL_CREATE to, sessions not subscribed to a channel they can now view.
     *
     * @param guild   the guild.
     * @param userId  only this user's sessions, or 0 for every session of the guild.
     * @param channel only this channel, or null for every channel of the guild.
     */
    void reveal(final Guild guild, final long userId, final Channel channel)
    {
        apply(guild, userId, channel, true);
    }

    /**
     * Hides then reveals: for changes that carry no channel dispatch of their own (role permissions, member roles).
     *
     * @param guild  the guild.
     * @param userId only this user's sessions, or 0 for every session of the guild.
     */
    void refresh(final Guild guild, final long userId)
    {
        apply(guild, userId, null, false);
        apply(guild, userId, null, true);
    }

    private void apply(final Guild guild, final long userId, final Channel only, final boolean reveal)
    {
        if (null != only)
        {
            applyToChannel(guild, userId, only, reveal);
            return;
        }
        final List<Channel> channels = guild.channels();
        for (int i = 0, n = channels.size(); i < n; i++)
        {
            applyToChannel(guild, userId, channels.get(i), reveal);
        }
    }

    private void applyToChannel(final Guild guild, final long userId, final Channel channel, final boolean reveal)
    {
        changed.clear();
        final long channelId = channel.id();
        final List<GuildSession> sessions = guild.sessions();
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final GuildSession session = sessions.get(i);
            if (0 != userId && session.userId() != userId)
            {
                continue;
            }
            final Member member = guild.member(session.userId());
            final boolean visible = null != member && 0 != Permissions.inChannel(guild, member, channel);
            final boolean subscribed = session.channelIds().contains(channelId);
            if (reveal && visible && !subscribed)
            {
                session.channelIds().add(channelId);
                routes.add(channelId, session.edgeId());
                changed.add(session);
            }
            else if (!reveal && !visible && subscribed)
            {
                session.channelIds().remove(channelId);
                routes.remove(channelId, session.edgeId());
                changed.add(session);
            }
        }
        sendChanged(channel, reveal);
        changed.clear();
    }

    /**
     * One frame per edge (chunked at {@link #MAX_SESSIONS_PER_FRAME}) listing the changed sessions of that edge.
     */
    private void sendChanged(final Channel channel, final boolean reveal)
    {
        int remaining = changed.size();
        while (remaining > 0)
        {
            int first = 0;
            while (null == changed.get(first))
            {
                first++;
            }
            final int edgeId = changed.get(first).edgeId();
            int count = 0;
            for (int i = first, n = changed.size(); i < n && count < MAX_SESSIONS_PER_FRAME; i++)
            {
                final GuildSession session = changed.get(i);
                if (null != session && session.edgeId() == edgeId)
                {
                    count++;
                }
            }
            final ChannelVisibilityChangedEncoder.SessionsEncoder group = encodeChannel(channel, reveal, edgeId)
                .sessionsCount(count);
            for (int i = first, written = 0; written < count; i++)
            {
                final GuildSession session = changed.get(i);
                if (null != session && session.edgeId() == edgeId)
                {
                    group.next().sessionId(session.sessionId());
                    changed.set(i, null);
                    written++;
                }
            }
            encoder.name(channel.name()).topic(channel.topic());
            sender.send(edgeId, buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
            remaining -= count;
        }
    }

    private ChannelVisibilityChangedEncoder encodeChannel(final Channel channel, final boolean reveal, final int edgeId)
    {
        final List<Overwrite> overwrites = channel.overwrites();
        final ChannelVisibilityChangedEncoder.OverwritesEncoder group = encoder
            .wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId)
            .change(reveal ? EntityChange.CREATED : EntityChange.DELETED)
            .guildId(channel.guildId())
            .channelId(channel.id())
            .channelType(ChannelKind.get((short)channel.channelType()))
            .parentId(channel.parentId())
            .position(channel.position())
            .rateLimitPerUser(channel.rateLimitPerUser())
            .overwritesCount(overwrites.size());
        for (int i = 0, n = overwrites.size(); i < n; i++)
        {
            final Overwrite overwrite = overwrites.get(i);
            group.next()
                .targetId(overwrite.targetId())
                .kind(OverwriteKind.get((short)overwrite.kind()))
                .allow(overwrite.allow())
                .deny(overwrite.deny());
        }
        return encoder;
    }
}
