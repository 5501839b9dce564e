package io.concord.bench.core;

import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.codecs.StorageCompletedEncoder;
import io.concord.codecs.TriggerTypingEncoder;
import io.concord.core.persist.InMemoryMetadataStore;
import io.concord.core.shard.GuildShard;
import io.concord.core.shard.ShardCounters;
import io.concord.core.shard.ShardOutbound;
import io.concord.core.storage.AcceptingMessageStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A one-shard core in a box for benchmarks: a guild with two members whose sessions sit on two edges, an outbound
 * that only counts bytes (and, during set-up, keeps the frame each step waits for), and a message store that
 * accepts every write and lets the caller complete it. The clock moves one millisecond every 1,024 reads, so the
 * snowflake generator never waits for the next millisecond.
 * <p>
 * Single-threaded, like a shard.
 */
final class BenchShard implements ShardOutbound, EpochClock
{
    static final int EDGE_A = 1;
    static final int EDGE_B = 2;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    final GuildShard shard;
    final long alice;
    final long bob;
    final long guildId;
    final long general;
    final AcceptingMessageStore store = new AcceptingMessageStore();
    long bytesOut;
    long framesOut;

    private final ArrayDeque<byte[]> hops = new ArrayDeque<>();
    private final UnsafeBuffer setupBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024));
    private final UnsafeBuffer lastFrame = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private int expectedTemplateId;
    private boolean seen;
    private boolean setup = true;
    private long clockReads;

    BenchShard()
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final ShardCounters.Factory factory = (typeId, label) -> counters.newCounter(label, typeId);
        shard = new GuildShard(0, 1, 0, this, this, store, new InMemoryMetadataStore(),
            new ShardCounters(factory, 0), 1024, 16 * 1024);

        alice = register("alice");
        bob = register("bob");

        apply(new CreateGuildEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(EDGE_A).correlationId(3).userId(alice).guildId(0).ownerBot(BooleanType.FALSE)
            .name("bench guild").ownerName("").encodedLength(), GuildSnapshotDecoder.TEMPLATE_ID);
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(
            lastFrame, 0, headerDecoder);
        snapshot.edgeId();
        snapshot.correlationId();
        snapshot.sessionId();
        guildId = snapshot.guildId();
        general = shard.guild(guildId).channels().get(0).id();

        apply(new CreateInviteEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(EDGE_A).correlationId(4).userId(alice).channelId(general).maxAgeSeconds(0).maxUses(0)
            .encodedLength(), InviteInfoDecoder.TEMPLATE_ID);
        final String code = shard.invites().values().iterator().next().code();
        apply(new AcceptInviteEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(EDGE_B).correlationId(5).userId(bob).code(code).encodedLength(), InviteInfoDecoder.TEMPLATE_ID);
        identify(EDGE_A, 10, alice);
        identify(EDGE_B, 20, bob);
        if (2 != shard.routes().edges(general).size())
        {
            throw new IllegalStateException("bench guild set-up failed: general has no subscribed edges");
        }
        setup = false;
    }

    private long register(final String username)
    {
        apply(new RegisterUserEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(EDGE_A).correlationId(1).bot(BooleanType.FALSE).username(username).passwordHash("h")
            .encodedLength(), AccountReplyDecoder.TEMPLATE_ID);
        final AccountReplyDecoder reply = new AccountReplyDecoder().wrapAndApplyHeader(lastFrame, 0, headerDecoder);
        reply.edgeId();
        reply.correlationId();
        if (reply.status() != ReplyStatus.OK)
        {
            throw new IllegalStateException("bench user set-up failed");
        }
        reply.errorCode();
        return reply.userId();
    }

    private void identify(final int edgeId, final long sessionId, final long userId)
    {
        apply(new SessionOpenedEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).intents(0).shardId(0).shardCount(1)
            .largeThreshold(250).status(PresenceStatus.ONLINE).encodedLength(), GuildSnapshotDecoder.TEMPLATE_ID);
    }

    private void apply(final int bodyLength, final int expectedTemplateId)
    {
        this.expectedTemplateId = expectedTemplateId;
        seen = false;
        shard.onFrame(setupBuffer, 0, HEADER + bodyLength);
        while (!hops.isEmpty())
        {
            final byte[] hop = hops.poll();
            shard.onFrame(new UnsafeBuffer(hop), 0, hop.length);
        }
        if (!seen)
        {
            throw new IllegalStateException("bench set-up never got a frame with template " + expectedTemplateId);
        }
    }

    /**
     * @param buffer where to encode.
     * @param userId author.
     * @param text   content (ASCII).
     * @return frame length of a CreateMessage from that member into {@code general}.
     */
    int encodeCreateMessage(final UnsafeBuffer buffer, final long userId, final String text)
    {
        return HEADER + new CreateMessageEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .edgeId(EDGE_A).correlationId(7).userId(userId).channelId(general).referencedMessageId(0)
            .enforceNonce(BooleanType.FALSE).nonce("").content(text).encodedLength();
    }

    /**
     * @param buffer where to encode.
     * @return frame length of a TriggerTyping from alice into {@code general}: a small event.
     */
    int encodeTyping(final UnsafeBuffer buffer)
    {
        return HEADER + new TriggerTypingEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .edgeId(EDGE_A).correlationId(0).userId(alice).channelId(general).encodedLength();
    }

    /**
     * @param buffer where to encode a StorageCompleted; patch the token with {@link #patchToken}.
     * @return frame length.
     */
    int encodeCompletion(final UnsafeBuffer buffer)
    {
        return HEADER + new StorageCompletedEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .token(0).status(ReplyStatus.OK).latencyNs(0).encodedLength();
    }

    static void patchToken(final UnsafeBuffer completion, final long token)
    {
        completion.putLong(HEADER + StorageCompletedEncoder.tokenEncodingOffset(), token,
            StorageCompletedEncoder.BYTE_ORDER);
    }

    public boolean toEdge(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
    {
        framesOut++;
        bytesOut += length;
        if (setup && headerDecoder.wrap(buffer, offset).templateId() == expectedTemplateId)
        {
            lastFrame.putBytes(0, buffer, offset, length);
            seen = true;
        }
        return true;
    }

    public boolean toShard(final int shardId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        hops.add(bytes);
        return true;
    }

    public long time()
    {
        return 1_700_000_000_000L + (clockReads++ >> 10);
    }
}
