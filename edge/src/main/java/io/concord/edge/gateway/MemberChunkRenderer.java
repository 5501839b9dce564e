package io.concord.edge.gateway;

import io.concord.codecs.BooleanType;
import io.concord.codecs.GuildMembersChunkDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.PresenceStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import static io.concord.edge.gateway.GatewayJson.ascii;
import static io.concord.edge.gateway.GatewayJson.number;
import static io.concord.edge.gateway.GatewayJson.snowflake;
import static io.concord.edge.gateway.GatewayJson.string;
import static io.concord.edge.gateway.GatewayJson.utf8String;

/**
 * Renders the answers to op 8: GUILD_MEMBERS_CHUNK tails from the core's GuildMembersChunk frames (members with
 * their users; with {@code presences: true} a {@code presences} array of the members that are not offline), and the
 * RATE_LIMITED dispatch of a full member list asked for too often. Stateless apart from the decoders and the member
 * holder it reuses, so one instance serves one thread (the core link's poller).
 */
final class MemberChunkRenderer
{
    private static final byte[] GUILD_MEMBERS_CHUNK = ascii(",\"t\":\"GUILD_MEMBERS_CHUNK\",\"d\":{\"guild_id\":");
    private static final byte[] RATE_LIMITED = ascii(",\"t\":\"RATE_LIMITED\",\"d\":{\"opcode\":8,\"retry_after\":");
    private static final String[] STATUS = { "online", "idle", "dnd", "offline", "offline" };

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final GuildMembersChunkDecoder decoder = new GuildMembersChunkDecoder();
    private final MemberEvent member = new MemberEvent();
    private final UnsafeBuffer name = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer nick = new UnsafeBuffer(0, 0);
    private final long[] onlineIds = new long[1000];
    private final int[] onlineStatus = new int[1000];

    /**
     * @param buffer holding the GuildMembersChunk frame.
     * @param offset of the frame.
     * @return the session the chunk is for.
     */
    long sessionIdOf(final DirectBuffer buffer, final int offset)
    {
        return decoder.wrapAndApplyHeader(buffer, offset, header).sessionId();
    }

    /**
     * @param alloc  allocator.
     * @param buffer holding the GuildMembersChunk frame.
     * @param offset of the frame.
     * @return the GUILD_MEMBERS_CHUNK tail.
     */
    ByteBuf chunkTail(final ByteBufAllocator alloc, final DirectBuffer buffer, final int offset)
    {
        decoder.wrapAndApplyHeader(buffer, offset, header);
        decoder.edgeId();
        decoder.sessionId();
        final long guildId = decoder.guildId();
        final int chunkIndex = decoder.chunkIndex();
        final int chunkCount = decoder.chunkCount();
        final boolean withPresences = BooleanType.TRUE == decoder.presences();
        final ByteBuf buf = alloc.directBuffer(4096);
        buf.writeBytes(GUILD_MEMBERS_CHUNK);
        snowflake(buf, guildId);
        buf.writeBytes(ascii(",\"members\":["));
        int online = 0;
        boolean first = true;
        for (final GuildMembersChunkDecoder.MembersDecoder entry : decoder.members())
        {
            final long userId = entry.userId();
            member.reset().member(guildId, userId, entry.joinedAtMs(), BooleanType.TRUE == entry.bot());
            final PresenceStatus status = entry.status();
            member.moderation(BooleanType.TRUE == entry.mute(), BooleanType.TRUE == entry.deaf(),
                entry.communicationDisabledUntilMs());
            for (final GuildMembersChunkDecoder.MembersDecoder.RolesDecoder role : entry.roles())
            {
                member.addRole(role.roleId());
            }
            entry.wrapUsername(name);
            member.username(name, 0, name.capacity());
            entry.wrapNick(nick);
            member.nick(nick, 0, nick.capacity());
            if (!first)
            {
                buf.writeByte(',');
            }
            first = false;
            DispatchRenderer.member(buf, member);
            if (withPresences && PresenceStatus.OFFLINE != status && PresenceStatus.NULL_VAL != status &&
                online < onlineIds.length)
            {
                onlineIds[online] = userId;
                onlineStatus[online] = status.value();
                online++;
            }
        }
        buf.writeBytes(ascii("],\"chunk_index\":"));
        number(buf, chunkIndex);
        buf.writeBytes(ascii(",\"chunk_count\":"));
        number(buf, chunkCount);
        final GuildMembersChunkDecoder.NotFoundDecoder notFound = decoder.notFound();
        if (notFound.count() > 0)
        {
            buf.writeBytes(ascii(",\"not_found\":["));
            first = true;
            for (final GuildMembersChunkDecoder.NotFoundDecoder id : notFound)
            {
                if (!first)
                {
                    buf.writeByte(',');
                }
                first = false;
                snowflake(buf, id.userId());
            }
            buf.writeByte(']');
        }
        if (withPresences)
        {
            buf.writeBytes(ascii(",\"presences\":["));
            for (int i = 0; i < online; i++)
            {
                if (i > 0)
                {
                    buf.writeByte(',');
                }
                final String status = STATUS[onlineStatus[i]];
                buf.writeBytes(ascii("{\"user\":{\"id\":"));
                snowflake(buf, onlineIds[i]);
                buf.writeBytes(ascii("},\"status\":"));
                string(buf, status);
                buf.writeBytes(ascii(",\"activities\":[],\"client_status\":{\"web\":"));
                string(buf, status);
                buf.writeBytes(ascii("}}"));
            }
            buf.writeByte(']');
        }
        final int nonceLength = decoder.nonceLength();
        if (nonceLength > 0)
        {
            buf.writeBytes(ascii(",\"nonce\":"));
            utf8String(buf, buffer, decoder.limit() + GuildMembersChunkDecoder.nonceHeaderLength(), nonceLength);
        }
        decoder.skipNonce();
        buf.writeBytes(ascii("}}"));
        return buf;
    }

    /**
     * RATE_LIMITED for an op 8 full member list asked for again within the window.
     *
     * @param alloc        allocator.
     * @param guildId      the guild.
     * @param nonce        the request's nonce, or null.
     * @param retryAfterMs when it may be asked again.
     * @return the tail.
     */
    static ByteBuf rateLimitedTail(
        final ByteBufAllocator alloc, final long guildId, final String nonce, final long retryAfterMs)
    {
        final ByteBuf buf = alloc.directBuffer(256);
        buf.writeBytes(RATE_LIMITED);
        buf.writeCharSequence(String.format(java.util.Locale.ROOT, "%.3f", retryAfterMs / 1000.0),
            StandardCharsets.US_ASCII);
        buf.writeBytes(ascii(",\"meta\":{\"guild_id\":"));
        snowflake(buf, guildId);
        if (null != nonce)
        {
            buf.writeBytes(ascii(",\"nonce\":"));
            string(buf, nonce);
        }
        buf.writeBytes(ascii("}}}"));
        return buf;
    }
}
