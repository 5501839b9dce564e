package io.concord.core.presence;

import io.concord.codecs.BooleanType;
import io.concord.codecs.GuildMembersChunkEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.RequestGuildMembersDecoder;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Answers gateway op 8 (Request Guild Members) in the guild's shard: the members whose username starts with a
 * query (ASCII case-insensitive, at most {@link #MAX_QUERY_LIMIT}; an empty query with limit 0 means every member),
 * or the members named by id (at most {@link #MAX_USER_IDS}, the others listed as not found), as GuildMembersChunk
 * frames of at most {@link #MAX_MEMBERS_PER_CHUNK} members that each fit one core frame (so a chunk may hold fewer
 * members than Discord's 1000 when names and roles are long); every chunk names its index and the count.
 * <p>
 * Owned by the guild shard's thread; it may allocate only while its scratch lists grow.
 */
public final class MemberChunker
{
    /**
     * Most members a query prefix returns (Discord's limit).
     */
    public static final int MAX_QUERY_LIMIT = 100;

    /**
     * Most user ids one request may name (Discord's limit).
     */
    public static final int MAX_USER_IDS = 100;

    /**
     * Most members in one GUILD_MEMBERS_CHUNK (Discord's limit).
     */
    public static final int MAX_MEMBERS_PER_CHUNK = 1000;

    /**
     * Longest nonce echoed back (Discord's limit); a longer one is dropped.
     */
    public static final int MAX_NONCE_BYTES = 32;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int MEMBER_FIXED_BYTES = GuildMembersChunkEncoder.MembersEncoder.sbeBlockLength() +
        GuildMembersChunkEncoder.MembersEncoder.RolesEncoder.sbeHeaderSize() + 2;

    /**
     * Where finished chunks go.
     */
    @FunctionalInterface
    public interface ChunkSender
    {
        /**
         * @param edgeId edge of the requesting session.
         * @param buffer holding the frame at offset 0.
         * @param length of the frame.
         */
        void send(int edgeId, DirectBuffer buffer, int length);
    }

    private final int maxFrameLength;
    private final ChunkSender sender;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final GuildMembersChunkEncoder encoder = new GuildMembersChunkEncoder();
    private final ExpandableDirectByteBuffer buffer;
    private final UnsafeBuffer query = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer nonce = new UnsafeBuffer(0, 0);
    private final LongArrayList found = new LongArrayList();
    private final LongArrayList notFound = new LongArrayList();
    private final IntArrayList chunkStarts = new IntArrayList();

    /**
     * @param maxFrameLength largest frame the core sends.
     * @param sender         where chunks go.
     */
    public MemberChunker(final int maxFrameLength, final ChunkSender sender)
    {
        this.maxFrameLength = maxFrameLength;
        this.sender = sender;
        this.buffer = new ExpandableDirectByteBuffer(maxFrameLength);
    }

    /**
     * Answers one request with one or more chunks. The caller has checked that the session is in the guild.
     *
     * @param cmd       the request, positioned after its fixed block.
     * @param guild     the guild.
     * @param presences presences of the shard (for {@code presences: true}).
     * @return chunks sent.
     */
    public int onRequest(final RequestGuildMembersDecoder cmd, final Guild guild, final GuildPresences presences)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final int limit = cmd.memberLimit();
        final boolean withPresences = BooleanType.TRUE == cmd.presences();
        found.clear();
        notFound.clear();
        chunkStarts.clear();

        final RequestGuildMembersDecoder.UserIdsDecoder userIds = cmd.userIds();
        final boolean byIds = userIds.count() > 0;
        for (final RequestGuildMembersDecoder.UserIdsDecoder id : userIds)
        {
            final long userId = id.userId();
            if (found.size() + notFound.size() >= MAX_USER_IDS || found.containsLong(userId))
            {
                continue;
            }
            if (null != guild.member(userId))
            {
                found.addLong(userId);
            }
            else if (!notFound.containsLong(userId))
            {
                notFound.addLong(userId);
            }
        }
        cmd.wrapQuery(query);
        cmd.wrapNonce(nonce);
        if (!byIds)
        {
            final int queryLength = query.capacity();
            final int max = 0 == queryLength && limit <= 0 ? Integer.MAX_VALUE :
                Math.max(1, Math.min(limit <= 0 ? MAX_QUERY_LIMIT : limit, MAX_QUERY_LIMIT));
            for (final Member member : guild.members().values())
            {
                if (found.size() >= max)
                {
                    break;
                }
                if (startsWithIgnoreCase(member.usernameUtf8(), query, queryLength))
                {
                    found.addLong(member.userId());
                }
            }
        }

        final int nonceLength = nonce.capacity() <= MAX_NONCE_BYTES ? nonce.capacity() : 0;
        final int fixed = HEADER + GuildMembersChunkEncoder.BLOCK_LENGTH +
            GuildMembersChunkEncoder.MembersEncoder.sbeHeaderSize() +
            GuildMembersChunkEncoder.NotFoundEncoder.sbeHeaderSize() +
            GuildMembersChunkEncoder.NotFoundEncoder.sbeBlockLength() * notFound.size() + 2 + nonceLength;
        int chunkBytes = fixed;
        int chunkMembers = 0;
        chunkStarts.addInt(0);
        for (int i = 0, n = found.size(); i < n; i++)
        {
            final int size = memberBytes(guild.member(found.getLong(i)));
            if (chunkMembers > 0 && (chunkBytes + size > maxFrameLength || chunkMembers == MAX_MEMBERS_PER_CHUNK))
            {
                chunkStarts.addInt(i);
                chunkBytes = fixed;
                chunkMembers = 0;
            }
            chunkBytes += size;
            chunkMembers++;
        }

        final int chunkCount = chunkStarts.size();
        for (int c = 0; c < chunkCount; c++)
        {
            final int from = chunkStarts.getInt(c);
            final int to = c + 1 < chunkCount ? chunkStarts.getInt(c + 1) : found.size();
            encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .edgeId(edgeId)
                .sessionId(sessionId)
                .guildId(guild.id())
                .chunkIndex(c)
                .chunkCount(chunkCount)
                .presences(withPresences ? BooleanType.TRUE : BooleanType.FALSE);
            final GuildMembersChunkEncoder.MembersEncoder members = encoder.membersCount(to - from);
            for (int i = from; i < to; i++)
            {
                final Member member = guild.member(found.getLong(i));
                members.next()
                    .userId(member.userId())
                    .joinedAtMs(member.joinedAtMs())
                    .bot(member.bot() ? BooleanType.TRUE : BooleanType.FALSE)
                    .status(withPresences ? PresenceStatus.get((short)presences.status(member.userId())) :
                        PresenceStatus.OFFLINE)
                    .mute(member.mute() ? BooleanType.TRUE : BooleanType.FALSE)
                    .deaf(member.deaf() ? BooleanType.TRUE : BooleanType.FALSE)
                    .communicationDisabledUntilMs(member.communicationDisabledUntilMs());
                final GuildMembersChunkEncoder.MembersEncoder.RolesEncoder roles =
                    members.rolesCount(member.roleCount());
                final long[] roleIds = member.roleIds();
                for (int r = 0, rn = member.roleCount(); r < rn; r++)
                {
                    roles.next().roleId(roleIds[r]);
                }
                members.putUsername(member.usernameUtf8(), 0, member.usernameUtf8().length)
                    .putNick(member.nickUtf8(), 0, member.nickUtf8().length);
            }
            final int missing = 0 == c ? notFound.size() : 0;
            final GuildMembersChunkEncoder.NotFoundEncoder notFoundGroup = encoder.notFoundCount(missing);
            for (int i = 0; i < missing; i++)
            {
                notFoundGroup.next().userId(notFound.getLong(i));
            }
            encoder.putNonce(nonce, 0, nonceLength);
            sender.send(edgeId, buffer, HEADER + encoder.encodedLength());
        }
        return chunkCount;
    }

    private static int memberBytes(final Member member)
    {
        return MEMBER_FIXED_BYTES + 8 * member.roleCount() + member.usernameUtf8().length + 2 +
            member.nickUtf8().length;
    }

    private static boolean startsWithIgnoreCase(final byte[] name, final DirectBuffer prefix, final int prefixLength)
    {
        if (prefixLength > name.length)
        {
            return false;
        }
        for (int i = 0; i < prefixLength; i++)
        {
            if (lower(name[i]) != lower(prefix.getByte(i)))
            {
                return false;
            }
        }
        return true;
    }

    private static int lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
