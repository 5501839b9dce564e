package io.concord.bench.fanout.virtual;

import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.IdentifyRequest;
import io.concord.edge.gateway.MemberSnapshot;
import io.concord.edge.gateway.ReadySnapshot;
import io.concord.edge.gateway.RoleSnapshot;
import io.concord.edge.gateway.SessionRejection;
import io.concord.edge.gateway.UserSnapshot;

import java.util.List;

/**
 * The session-open side of the gateway's core for virtual sessions: answers an Identify at once, on the calling
 * event loop, with what the real core sends for a large guild (the guild, its channel, and only the session's own
 * member), and remembers which edge session id each seeded user got so {@link VirtualGuild} can seed the core's
 * matching guild sessions directly. The real core is not asked: its session-open path scans the guild's session
 * list once per session (quadratic in the guild's online count), which a virtual run of a million sessions cannot
 * wait for. Dispatches still come from the real core over the real link.
 * <p>
 * Called from every event loop of every virtual edge; each user ordinal is written by one loop only.
 */
final class VirtualSessionCore implements GatewayCore
{
    private final VirtualGuild guild;
    private final long[] sessionIds;

    /**
     * @param guild      the seeded guild (ids and user numbering).
     * @param sessionIds where the session id of user ordinal i is stored, index i.
     */
    VirtualSessionCore(final VirtualGuild guild, final long[] sessionIds)
    {
        this.guild = guild;
        this.sessionIds = sessionIds;
    }

    public void openSession(final long sessionId, final IdentifyRequest request, final SessionOpenListener listener)
    {
        final int ordinal = guild.ordinalOf(request.userId());
        if (ordinal < 0)
        {
            listener.onRejected(SessionRejection.UNAVAILABLE);
            return;
        }
        sessionIds[ordinal] = sessionId;
        final UserSnapshot user = new UserSnapshot(request.userId(), VirtualGuild.username(ordinal), null, null, false);
        final GuildSnapshot snapshot = new GuildSnapshot(guild.guildId(), VirtualGuild.GUILD_NAME, guild.ownerId(),
            guild.joinedAtMs(), guild.memberCount(),
            List.of(new RoleSnapshot(guild.guildId(), "@everyone", guild.everyonePermissions(), 0, 0)),
            List.of(new ChannelSnapshot(guild.channelId(), 0, VirtualGuild.CHANNEL_NAME, 0, 0, null)),
            List.of(new MemberSnapshot(user, new long[0], null, guild.joinedAtMs())));
        listener.onReady(new ReadySnapshot(
            user, request.userId(), List.of(snapshot), new long[]{ guild.guildId(), guild.channelId() }));
    }

    /**
     * Sessions end only when the run tears down, when the core is going away too: nothing to tell it.
     */
    public void closeSession(final long sessionId, final long userId)
    {
    }

    public void updatePresence(final long sessionId, final long userId, final String status)
    {
    }
}
