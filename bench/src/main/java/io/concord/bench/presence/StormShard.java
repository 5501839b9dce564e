package io.concord.bench.presence;

import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.CreateChannelEncoder;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdatedDecoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.common.PresenceTopics;
import io.concord.core.persist.InMemoryMetadataStore;
import io.concord.core.shard.GuildShard;
import io.concord.core.shard.ShardCounters;
import io.concord.core.shard.ShardOutbound;
import io.concord.core.shard.TopicRoutes;
import io.concord.core.storage.AcceptingMessageStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

/**
 * One core shard (shard count 1, so every hop between the user and the guild side comes back to it) with many users,
 * guilds and sessions spread over {@link #EDGES} edges, a clock the harness moves, and an outbound that counts what
 * the storms care about: PRESENCE_UPDATE and TYPING_START dispatches to edges, the frames the edges would then write
 * (the sessions each edge holds on the dispatch's topic), the presence hops between user and guild side, and the
 * frames a naive "every member's session" fan-out would have written. Hops are queued in preallocated slots, so the
 * storms allocate only what the shard allocates.
 * <p>
 * Single-threaded, like a shard.
 */
final class StormShard implements ShardOutbound, EpochClock
{
    static final int EDGES = 8;
    static final long GUILD_PRESENCES = 1L << 8;
    static final long GUILDS = 1L;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int HOP_SLOTS = 1 << 16;
    private static final int HOP_BYTES = 8 * 1024;

    final GuildShard shard;
    long nowMs = 1_700_000_000_000L;

    long presenceDispatches;
    long presenceDelivered;
    long presenceHops;
    long naiveDelivered;
    long typingDispatches;
    long typingDelivered;

    private final UnsafeBuffer setupBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024));
    private final UnsafeBuffer lastFrame = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final UnsafeBuffer[] hops = new UnsafeBuffer[HOP_SLOTS];
    private final int[] hopLengths = new int[HOP_SLOTS];
    private final Long2LongHashMap memberCountByGuild = new Long2LongHashMap(0);
    private int hopHead;
    private int hopTail;
    private int expectedTemplateId;
    private boolean seen;
    private boolean counting;

    StormShard(final long presenceWindowMs, final long typingTtlMs)
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
        final ShardCounters.Factory factory = (typeId, label) -> counters.newCounter(label, typeId);
        shard = new GuildShard(0, 1, 0, this, this, new AcceptingMessageStore(), new InMemoryMetadataStore(),
            new ShardCounters(factory, 0), 1024, 16 * 1024, presenceWindowMs, typingTtlMs);
        for (int i = 0; i < HOP_SLOTS; i++)
        {
            hops[i] = new UnsafeBuffer(new byte[HOP_BYTES]);
        }
    }

    /**
     * Starts counting: set-up traffic before this is not part of the figures.
     */
    void startCounting()
    {
        counting = true;
        presenceDispatches = 0;
        presenceDelivered = 0;
        presenceHops = 0;
        naiveDelivered = 0;
        typingDispatches = 0;
        typingDelivered = 0;
    }

    long register(final String username)
    {
        apply(HEADER + new RegisterUserEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(1).correlationId(1).bot(BooleanType.FALSE).username(username).passwordHash("h")
            .encodedLength(), AccountReplyDecoder.TEMPLATE_ID);
        final AccountReplyDecoder reply = new AccountReplyDecoder().wrapAndApplyHeader(lastFrame, 0, headerDecoder);
        reply.edgeId();
        reply.correlationId();
        reply.status();
        reply.errorCode();
        return reply.userId();
    }

    /**
     * @return the guild id; its general channel is {@code shard.guild(id).channels().get(0)}.
     */
    long createGuild(final long ownerId, final String name)
    {
        apply(HEADER + new CreateGuildEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(1).correlationId(3).userId(ownerId).guildId(0).ownerBot(BooleanType.FALSE)
            .name(name).ownerName("").encodedLength(), GuildSnapshotDecoder.TEMPLATE_ID);
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(
            lastFrame, 0, headerDecoder);
        snapshot.edgeId();
        snapshot.correlationId();
        snapshot.sessionId();
        final long guildId = snapshot.guildId();
        memberCountByGuild.put(guildId, 1);
        return guildId;
    }

    long createTextChannel(final long ownerId, final long guildId, final String name)
    {
        final CreateChannelEncoder e = new CreateChannelEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(1).correlationId(6).userId(ownerId).guildId(guildId).channelType(ChannelKind.GUILD_TEXT)
            .parentId(0).position(0).rateLimitPerUser(0);
        e.overwritesCount(0);
        e.name(name).topic("");
        apply(HEADER + e.encodedLength(), ChannelChangedDecoder.TEMPLATE_ID);
        final ChannelChangedDecoder changed = new ChannelChangedDecoder().wrapAndApplyHeader(
            lastFrame, 0, headerDecoder);
        changed.edgeId();
        changed.correlationId();
        changed.change();
        changed.guildId();
        return changed.channelId();
    }

    String createInvite(final long userId, final long channelId)
    {
        apply(HEADER + new CreateInviteEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(1).correlationId(4).userId(userId).channelId(channelId).maxAgeSeconds(0).maxUses(0)
            .encodedLength(), InviteInfoDecoder.TEMPLATE_ID);
        return new InviteInfoDecoder().wrapAndApplyHeader(lastFrame, 0, headerDecoder).code();
    }

    void join(final long userId, final long guildId, final String code)
    {
        apply(HEADER + new AcceptInviteEncoder().wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(1).correlationId(5).userId(userId).code(code).encodedLength(), InviteInfoDecoder.TEMPLATE_ID);
        memberCountByGuild.put(guildId, memberCountByGuild.get(guildId) + 1);
    }

    void identify(final long sessionId, final long userId, final long intents)
    {
        final int edgeId = edgeOf(sessionId);
        shard.onFrame(setupBuffer, 0, HEADER + new SessionOpenedEncoder()
            .wrapAndApplyHeader(setupBuffer, 0, headerEncoder)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).intents(intents).shardId(0).shardCount(1)
            .largeThreshold(250).status(PresenceStatus.ONLINE).encodedLength());
        drainHops();
    }

    static int edgeOf(final long sessionId)
    {
        return 1 + (int)(sessionId % EDGES);
    }

    /**
     * Applies one frame and every hop it causes.
     */
    void onFrame(final DirectBuffer buffer, final int length)
    {
        shard.onFrame(buffer, 0, length);
        drainHops();
    }

    /**
     * The shard's duty cycle (timers), and every hop it causes.
     */
    int doWork()
    {
        final int fired = shard.doWork();
        drainHops();
        return fired;
    }

    private void drainHops()
    {
        while (hopHead != hopTail)
        {
            final int slot = hopHead & (HOP_SLOTS - 1);
            hopHead++;
            shard.onFrame(hops[slot], 0, hopLengths[slot]);
        }
    }

    private void apply(final int length, final int expectedTemplateId)
    {
        // The shard mints ids from this clock, at most 4,096 per millisecond: a frozen clock would spin forever.
        nowMs++;
        this.expectedTemplateId = expectedTemplateId;
        seen = false;
        onFrame(setupBuffer, length);
        if (!seen)
        {
            throw new IllegalStateException("storm set-up never got a frame with template " + expectedTemplateId);
        }
    }

    public boolean toEdge(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (PresenceUpdatedDecoder.TEMPLATE_ID == templateId && counting)
        {
            final long guildId = buffer.getLong(offset + HEADER + 4, MessageHeaderDecoder.BYTE_ORDER);
            presenceDispatches++;
            presenceDelivered += sessionsOn(PresenceTopics.presenceTopicOf(guildId), edgeId);
        }
        else if (TypingStartedDecoder.TEMPLATE_ID == templateId && counting)
        {
            final long channelId = buffer.getLong(offset + HEADER + 4 + 8, MessageHeaderDecoder.BYTE_ORDER);
            typingDispatches++;
            typingDelivered += sessionsOn(channelId, edgeId);
        }
        if (templateId == expectedTemplateId)
        {
            lastFrame.putBytes(0, buffer, offset, length);
            seen = true;
        }
        return true;
    }

    private int sessionsOn(final long topicId, final int edgeId)
    {
        final TopicRoutes.Edges edges = shard.routes().edges(topicId);
        return null == edges ? 0 : edges.sessionCount(edgeId);
    }

    public boolean toShard(final int shardId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (hopTail - hopHead == HOP_SLOTS || length > HOP_BYTES)
        {
            throw new IllegalStateException("storm hop queue full");
        }
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (PresenceUpdatedDecoder.TEMPLATE_ID == templateId && counting)
        {
            presenceHops++;
            naiveDelivered += memberCountByGuild.get(
                buffer.getLong(offset + HEADER + 4, MessageHeaderDecoder.BYTE_ORDER));
        }
        final int slot = hopTail & (HOP_SLOTS - 1);
        hopTail++;
        hops[slot].putBytes(0, buffer, offset, length);
        hopLengths[slot] = length;
        return true;
    }

    public long time()
    {
        return nowMs;
    }

    static void putLong(final MutableDirectBuffer buffer, final int fieldOffset, final long value)
    {
        buffer.putLong(HEADER + fieldOffset, value, MessageHeaderDecoder.BYTE_ORDER);
    }
}
