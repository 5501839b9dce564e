package io.concord.core.shard;

import io.concord.codecs.EntityChange;
import io.concord.codecs.InviteChangedEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.GuildSession;
import io.concord.core.state.Invite;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * INVITE_CREATE and INVITE_DELETE inside one {@link GuildShard}. Discord sends them only to those who may manage the
 * invite's channel, so they are not channel-topic dispatches: the shard picks the guild's sessions whose member has
 * MANAGE_CHANNELS on the channel (owner and administrators included) and whose session asked for the GUILD_INVITES
 * intent, and sends each edge one {@code InviteChanged} naming its sessions. Metadata path (invites are rare):
 * allocates. Only the shard's thread may call it.
 */
final class InviteDispatches
{
    /**
     * Discord's GUILD_INVITES gateway intent.
     */
    static final long GUILD_INVITES_INTENT = 1L << 6;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final byte[] NO_NAME = new byte[0];

    private final GuildShard shard;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final InviteChangedEncoder encoder = new InviteChangedEncoder();
    private final Int2ObjectHashMap<LongArrayList> sessionsByEdge = new Int2ObjectHashMap<>();

    InviteDispatches(final GuildShard shard)
    {
        this.shard = shard;
    }

    /**
     * @param change  CREATED or DELETED.
     * @param guild   the invite's guild.
     * @param channel the invite's channel.
     * @param invite  the invite.
     * @return sessions it went to.
     */
    int publish(final EntityChange change, final Guild guild, final Channel channel, final Invite invite)
    {
        sessionsByEdge.values().forEach(LongArrayList::clear);
        int recipients = 0;
        final List<GuildSession> sessions = guild.sessions();
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final GuildSession session = sessions.get(i);
            final Member member = guild.member(session.userId());
            if (0 != (session.intents() & GUILD_INVITES_INTENT) && null != member &&
                Permissions.has(Permissions.inChannel(guild, member, channel), Permissions.MANAGE_CHANNELS))
            {
                sessionsByEdge.computeIfAbsent(session.edgeId(), (edgeId) -> new LongArrayList())
                    .addLong(session.sessionId());
                recipients++;
            }
        }
        if (0 == recipients)
        {
            return 0;
        }
        final Member inviter = guild.member(invite.inviterId());
        final byte[] inviterName = null == inviter ? NO_NAME : inviter.usernameUtf8();
        final byte[] code = invite.code().getBytes(StandardCharsets.US_ASCII);
        final Int2ObjectHashMap<LongArrayList>.KeyIterator edges = sessionsByEdge.keySet().iterator();
        while (edges.hasNext())
        {
            final int edgeId = edges.nextInt();
            final LongArrayList sessionIds = sessionsByEdge.get(edgeId);
            if (sessionIds.isEmpty())
            {
                continue;
            }
            final InviteChangedEncoder.SessionsEncoder group = encoder.wrapAndApplyHeader(out, 0, headerEncoder)
                .edgeId(edgeId)
                .change(change)
                .guildId(guild.id())
                .channelId(channel.id())
                .inviterId(invite.inviterId())
                .inviterBot(GuildShard.bool(null != inviter && inviter.bot()))
                .createdAtMs(invite.createdAtMs())
                .maxAgeSeconds(invite.maxAgeSeconds())
                .maxUses(invite.maxUses())
                .uses(invite.uses())
                .sessionsCount(sessionIds.size());
            for (int i = 0, n = sessionIds.size(); i < n; i++)
            {
                group.next().sessionId(sessionIds.getLong(i));
            }
            encoder.putCode(code, 0, code.length).putInviterName(inviterName, 0, inviterName.length);
            shard.send(edgeId, out, HEADER + encoder.encodedLength());
        }
        return recipients;
    }
}
