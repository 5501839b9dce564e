package io.concord.edge.core;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelChangedEncoder;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.ChannelVisibilityChangedEncoder;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.CommandReplyEncoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.GetUserEncoder;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildChangedEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.GuildSnapshotEncoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.LinkProbeDecoder;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MemberChangedEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.MessagesBulkDeletedDecoder;
import io.concord.codecs.MessagesBulkDeletedEncoder;
import io.concord.codecs.OverwriteKind;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdatedEncoder;
import io.concord.codecs.ReadyEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.RoleChangedDecoder;
import io.concord.codecs.RoleChangedEncoder;
import io.concord.codecs.SessionClosedDecoder;
import io.concord.codecs.SessionOpenedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedEncoder;
import io.concord.codecs.TopicKind;
import io.concord.codecs.TypingStartedEncoder;
import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.IdentifyRequest;
import io.concord.edge.gateway.MemberEvent;
import io.concord.edge.gateway.MessageEvent;
import io.concord.edge.gateway.OverwriteSnapshot;
import io.concord.edge.gateway.PresenceEvent;
import io.concord.edge.gateway.ReadySnapshot;
import io.concord.edge.gateway.RoleSnapshot;
import io.concord.edge.gateway.SessionRejection;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge's core link over real Aeron IPC with an embedded media driver, against a scripted stand-in for the core
 * that reads the shard command streams and answers on the edge's stream: requests are routed to the right shard and
 * answered on the caller's executor, timeouts fire once, sessions assemble READY from frames arriving in any order,
 * and dispatches reach the gateway listener.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronCoreLinkTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=1m";
    private static final int COMMAND_STREAM_BASE = 1000;
    private static final int EDGE_STREAM_BASE = 2000;
    private static final int EDGE_ID = 7;
    private static final int SHARDS = 2;
    private static final long USER = 80351110224678912L;
    private static final long GUILD = 175928847298985984L;
    private static final long CHANNEL_ID = 175928847299117063L;

    private MediaDriver driver;
    private Aeron aeron;
    private AeronCoreLink link;
    private CoreLinkPoller poller;
    private Subscription[] shardCommands;
    private ExclusivePublication toEdge;
    private AtomicCounter refused;
    private EventExecutor executor;
    private final List<String> gatewayEvents = new CopyOnWriteArrayList<>();
    private final List<long[]> revocations = new CopyOnWriteArrayList<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @BeforeEach
    void setUp()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        refused = new CountersManager(new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]))
            .newCounter("refused");
        shardCommands = new Subscription[SHARDS];
        for (int i = 0; i < SHARDS; i++)
        {
            shardCommands[i] = aeron.addSubscription(CHANNEL, COMMAND_STREAM_BASE + i);
        }
        final CommandRouter byUser = (buffer, offset) ->
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
            final long userId = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + 12);
            return header.templateId() == 9999 ? -1 : (int)((userId >> 22) % SHARDS);
        };
        link = new AeronCoreLink(aeron, CHANNEL, COMMAND_STREAM_BASE, SHARDS, EDGE_STREAM_BASE, EDGE_ID, byUser, 100,
            refused);
        poller = new CoreLinkPoller(link, new RecordingGateway(), (userId, generation) ->
            revocations.add(new long[]{ userId, generation }));
        toEdge = aeron.addExclusivePublication(CHANNEL, EDGE_STREAM_BASE + EDGE_ID);
        executor = new DefaultEventExecutor();
        awaitTrue(() -> toEdge.isConnected() && shardCommands[0].isConnected() && shardCommands[1].isConnected());
    }

    @AfterEach
    void tearDown()
    {
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CloseHelper.closeAll(link, toEdge, aeron, driver);
    }

    @Test
    void everyReplyTemplateCarriesItsCorrelationIdWhereThePollerReadsIt()
    {
        final int[] edgeIdOffsets = {
            CommandReplyDecoder.edgeIdEncodingOffset(), HistoryResponseDecoder.edgeIdEncodingOffset(),
            AccountReplyDecoder.edgeIdEncodingOffset(), GuildChangedDecoder.edgeIdEncodingOffset(),
            ChannelChangedDecoder.edgeIdEncodingOffset(), RoleChangedDecoder.edgeIdEncodingOffset(),
            MemberChangedDecoder.edgeIdEncodingOffset(), InviteInfoDecoder.edgeIdEncodingOffset(),
            MessagesBulkDeletedDecoder.edgeIdEncodingOffset(), MessageCreatedDecoder.edgeIdEncodingOffset(),
            MessageUpdatedDecoder.edgeIdEncodingOffset(), MessageDeletedDecoder.edgeIdEncodingOffset(),
            GuildSnapshotDecoder.edgeIdEncodingOffset() };
        final int[] correlationIdOffsets = {
            CommandReplyDecoder.correlationIdEncodingOffset(), HistoryResponseDecoder.correlationIdEncodingOffset(),
            AccountReplyDecoder.correlationIdEncodingOffset(), GuildChangedDecoder.correlationIdEncodingOffset(),
            ChannelChangedDecoder.correlationIdEncodingOffset(), RoleChangedDecoder.correlationIdEncodingOffset(),
            MemberChangedDecoder.correlationIdEncodingOffset(), InviteInfoDecoder.correlationIdEncodingOffset(),
            MessagesBulkDeletedDecoder.correlationIdEncodingOffset(),
            MessageCreatedDecoder.correlationIdEncodingOffset(), MessageUpdatedDecoder.correlationIdEncodingOffset(),
            MessageDeletedDecoder.correlationIdEncodingOffset(), GuildSnapshotDecoder.correlationIdEncodingOffset() };
        for (int i = 0; i < edgeIdOffsets.length; i++)
        {
            assertEquals(0, edgeIdOffsets[i], "edgeId offset of reply template #" + i);
            assertEquals(4, correlationIdOffsets[i], "correlationId offset of reply template #" + i);
        }
    }

    @Test
    void requestGoesToTheOwningShardAndItsReplyArrivesOnTheCallersExecutor() throws Exception
    {
        final long correlationId = link.nextCorrelationId();
        final int length = encodeGetUser(correlationId, USER);
        final CompletableFuture<String> reply = new CompletableFuture<>();
        assertTrue(link.request(correlationId, frame, 0, length, executor, new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int len)
            {
                final CommandReplyDecoder decoder = new CommandReplyDecoder()
                    .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder().wrap(buffer, offset));
                reply.complete(executor.inEventLoop() + " " + decoder.correlationId() + " " + decoder.status());
            }

            public void onTimeout()
            {
                reply.complete("timeout");
            }
        }, 10_000));

        final int shard = (int)((USER >> 22) % SHARDS);
        final long[] received = new long[1];
        awaitTrue(() -> shardCommands[shard].poll((buffer, offset, len, header) ->
            received[0] = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + 4), 1) > 0);
        assertEquals(correlationId, received[0]);
        assertEquals(0, shardCommands[1 - shard].poll((buffer, offset, len, header) -> { }, 10));

        final CommandReplyEncoder encoder = new CommandReplyEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(correlationId).status(ReplyStatus.NOT_FOUND).errorCode(10013);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        awaitPolled(reply);
        assertEquals("true " + correlationId + " NOT_FOUND", reply.get(10, TimeUnit.SECONDS));
        assertEquals(0, link.pendingRequests());
    }

    @Test
    void unansweredRequestTimesOutOnceAndALateReplyIsIgnored() throws Exception
    {
        final long correlationId = link.nextCorrelationId();
        final int length = encodeGetUser(correlationId, USER);
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        assertTrue(link.request(correlationId, frame, 0, length, executor, new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int len)
            {
                outcomes.add("reply");
            }

            public void onTimeout()
            {
                outcomes.add("timeout");
            }
        }, 50));
        awaitTrue(() -> !outcomes.isEmpty());

        final CommandReplyEncoder encoder = new CommandReplyEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(correlationId).status(ReplyStatus.OK).errorCode(0);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        for (int i = 0; i < 200; i++)
        {
            poller.doWork();
        }
        executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("timeout"), outcomes);
    }

    @Test
    void correlationIdsOfARestartedEdgeDoNotRepeatThePreviousProcesssIds()
    {
        final long first = link.nextCorrelationId();
        assertTrue(first > (System.currentTimeMillis() - 60_000) << 20, "ids start from the clock, not from 1");
        assertEquals(first + 1, link.nextCorrelationId());
    }

    @Test
    void unroutableCommandIsRefusedAtOnce()
    {
        new MessageHeaderEncoder().wrap(frame, 0).blockLength(20).templateId(9999).schemaId(101).version(0);
        assertFalse(link.request(1, frame, 0, 28, executor, new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int len)
            {
            }

            public void onTimeout()
            {
            }
        }, 1000));
        assertEquals(1, refused.get());
        assertEquals(0, link.pendingRequests());
    }

    @Test
    void sessionOpensOnceReadyAndEveryGuildArrivedInAnyOrder() throws Exception
    {
        final CompletableFuture<ReadySnapshot> ready = new CompletableFuture<>();
        link.openSession(42, new IdentifyRequest(USER, 513, 0, 1, 50, "online"), listener(ready));

        final int shard = (int)((USER >> 22) % SHARDS);
        final long[] opened = new long[1];
        awaitTrue(() -> shardCommands[shard].poll((buffer, offset, len, header) ->
        {
            final SessionOpenedDecoder decoder = new SessionOpenedDecoder()
                .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder().wrap(buffer, offset));
            opened[0] = decoder.sessionId();
        }, 1) > 0);
        assertEquals(42, opened[0]);

        sendGuildSnapshot(42);
        sendSubscription(42, CHANNEL_ID);
        assertFalse(ready.isDone());
        sendReady(42, USER, GUILD);

        final ReadySnapshot snapshot = awaitPolled(ready);
        assertEquals(USER, snapshot.user().id());
        assertEquals("alice", snapshot.user().username());
        assertEquals(1, snapshot.guilds().size());
        assertEquals("Concord HQ", snapshot.guilds().get(0).name());
        assertEquals("general", snapshot.guilds().get(0).channels().get(0).name());
        assertEquals(1_700_000_000_000L, snapshot.guilds().get(0).joinedAtMs());
        assertArrayEquals(new long[]{ CHANNEL_ID }, snapshot.topicIds());

        sendSubscription(42, CHANNEL_ID + 1);
        awaitTrue(() ->
        {
            poller.doWork();
            return gatewayEvents.contains("subscribe 42 " + (CHANNEL_ID + 1));
        });
    }

    @Test
    void linkIsUpOnlyOnceEveryShardAnsweredItsProbe()
    {
        assertFalse(link.isLinked());
        final long startNs = System.nanoTime();
        assertEquals(SHARDS, link.probe(startNs));
        assertEquals(0, link.probe(startNs + 1), "probes are not resent before the interval");
        final long[] probes = new long[SHARDS];
        for (int shard = 0; shard < SHARDS; shard++)
        {
            probes[shard] = awaitProbe(shard);
        }

        answer(probes[0]);
        awaitTrue(() -> pollFrames() > 0);
        assertFalse(link.isLinked());
        assertEquals(1, link.probe(startNs + TimeUnit.MILLISECONDS.toNanos(200)), "only the silent shard again");
        final long resent = awaitProbe(1);
        answer(probes[1]);
        awaitTrue(() -> pollFrames() > 0);
        assertFalse(link.isLinked(), "an answer to a superseded probe does not count");
        answer(resent);
        awaitTrue(() -> pollFrames() > 0);
        assertTrue(link.isLinked());
        assertEquals(0, link.probe(startNs + TimeUnit.SECONDS.toNanos(10)), "no probes once linked");
        assertEquals(0, link.pendingRequests());
    }

    @Test
    void sessionTheCoreNeverAnswersIsRejectedAsUnavailableAndClosedAtTheCore() throws Exception
    {
        final CompletableFuture<ReadySnapshot> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> rejected = new CompletableFuture<>();
        link.openSession(45, new IdentifyRequest(USER, 513, 0, 1, 50, "online"), new GatewayCore.SessionOpenListener()
        {
            public void onReady(final ReadySnapshot snapshot)
            {
                ready.complete(snapshot);
            }

            public void onRejected(final int reason)
            {
                rejected.complete(reason);
            }
        });
        final int shard = (int)((USER >> 22) % SHARDS);
        awaitTrue(() -> shardCommands[shard].poll((buffer, offset, len, header) -> { }, 1) > 0);

        assertEquals(0, link.expireSessions(System.currentTimeMillis()));
        assertFalse(rejected.isDone());
        assertEquals(1, link.expireSessions(System.currentTimeMillis() + AeronCoreLink.SESSION_OPEN_TIMEOUT_MS));
        assertEquals(SessionRejection.UNAVAILABLE, rejected.get(5, TimeUnit.SECONDS));
        final long[] closed = new long[1];
        awaitTrue(() -> shardCommands[shard].poll((buffer, offset, len, aeronHeader) ->
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
            if (SessionClosedDecoder.TEMPLATE_ID == header.templateId())
            {
                closed[0] = new SessionClosedDecoder().wrapAndApplyHeader(buffer, offset, header).sessionId();
            }
        }, 1) > 0);
        assertEquals(45, closed[0]);

        sendReady(45, USER, 0);
        for (int i = 0; i < 10; i++)
        {
            poller.doWork();
        }
        assertFalse(ready.isDone(), "a late READY for a session given up is dropped");
        assertEquals(0, link.expireSessions(System.currentTimeMillis() + AeronCoreLink.SESSION_OPEN_TIMEOUT_MS));
    }

    /**
     * Polls the edge's stream into the poller without its duty cycle (which would send probes of its own).
     */
    private int pollFrames()
    {
        return link.fromCore().poll((buffer, offset, length, header) -> poller.onFrame(buffer, offset, length), 10);
    }

    private long awaitProbe(final int shard)
    {
        final long[] probe = new long[1];
        awaitTrue(() -> shardCommands[shard].poll((buffer, offset, len, header) ->
        {
            final LinkProbeDecoder decoder = new LinkProbeDecoder()
                .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder().wrap(buffer, offset));
            assertEquals(EDGE_ID, decoder.edgeId());
            assertEquals(shard, decoder.shardId());
            probe[0] = decoder.correlationId();
        }, 1) > 0);
        return probe[0];
    }

    private void answer(final long correlationId)
    {
        final CommandReplyEncoder encoder = new CommandReplyEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(correlationId).status(ReplyStatus.OK).errorCode(0);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    @Test
    void sessionOfAnUnknownUserIsRejected() throws Exception
    {
        final CompletableFuture<ReadySnapshot> ready = new CompletableFuture<>();
        final CompletableFuture<Integer> rejected = new CompletableFuture<>();
        link.openSession(43, new IdentifyRequest(USER, 513, 0, 1, 50, "online"), new GatewayCore.SessionOpenListener()
        {
            public void onReady(final ReadySnapshot snapshot)
            {
                ready.complete(snapshot);
            }

            public void onRejected(final int reason)
            {
                rejected.complete(reason);
            }
        });
        sendReady(43, 0, 0);
        assertEquals(SessionRejection.AUTHENTICATION_FAILED, awaitPolled(rejected));
        assertFalse(ready.isDone());
    }

    @Test
    void messageDispatchReachesTheGatewayAndAnswersTheRequester() throws Exception
    {
        final long correlationId = link.nextCorrelationId();
        final CompletableFuture<Integer> reply = new CompletableFuture<>();
        final int length = encodeGetUser(correlationId, USER);
        assertTrue(link.request(correlationId, frame, 0, length, executor, new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int len)
            {
                reply.complete(templateId);
            }

            public void onTimeout()
            {
                reply.complete(-1);
            }
        }, 10_000));

        final MessageCreatedEncoder encoder = new MessageCreatedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(correlationId).guildId(GUILD).channelId(CHANNEL_ID).messageId(99)
            .authorId(USER).referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE);
        encoder.mentionsCount(1).next().userId(USER + 1);
        encoder.nonce("n1").authorName("alice").content("hello world");
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        assertEquals(MessageCreatedDecoder.TEMPLATE_ID, awaitPolled(reply));
        assertEquals(List.of("created " + CHANNEL_ID + " 99 alice: hello world [n1] mentions 1"), gatewayEvents);
    }

    @Test
    void typingCarriesTheMemberWithItsRolesAndName()
    {
        final TypingStartedEncoder encoder = new TypingStartedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).guildId(GUILD).channelId(CHANNEL_ID).userId(USER).timestampMs(1_700_000_000_000L)
            .joinedAtMs(1_600_000_000_000L).bot(BooleanType.FALSE);
        encoder.rolesCount(2).next().roleId(GUILD + 1).next().roleId(GUILD + 2);
        encoder.username("älice").nick("");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        assertEquals(List.of("typing " + GUILD + " " + CHANNEL_ID + " " + USER + " älice roles 2 joined " +
            1_600_000_000_000L), gatewayEvents);
    }

    @Test
    void entityChangesBecomeDispatchesButSnapshotsOnlyAnswerRequests()
    {
        final ChannelChangedEncoder channel = new ChannelChangedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).change(EntityChange.CREATED).guildId(GUILD).channelId(CHANNEL_ID)
            .channelType(ChannelKind.GUILD_TEXT).parentId(0).position(2).rateLimitPerUser(0);
        channel.overwritesCount(1).next().targetId(GUILD).kind(OverwriteKind.ROLE).allow(0).deny(1024);
        channel.name("news").topic("");
        final int channelLength = MessageHeaderEncoder.ENCODED_LENGTH + channel.encodedLength();
        poller.onFrame(frame, 0, channelLength);
        channel.change(EntityChange.SNAPSHOT);
        poller.onFrame(frame, 0, channelLength);

        final RoleChangedEncoder role = new RoleChangedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).change(EntityChange.DELETED).guildId(GUILD).roleId(GUILD + 5)
            .permissions(8).color(3).position(1).hoist(BooleanType.FALSE).mentionable(BooleanType.FALSE).name("mods");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + role.encodedLength());

        final MemberChangedEncoder member = new MemberChangedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).change(EntityChange.UPDATED).guildId(GUILD).userId(USER)
            .joinedAtMs(1_600_000_000_000L).bot(BooleanType.FALSE);
        member.rolesCount(1).next().roleId(GUILD + 5);
        member.username("alice").nick("Al");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + member.encodedLength());

        final GuildChangedEncoder guild = new GuildChangedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).change(EntityChange.UPDATED).guildId(GUILD).ownerId(USER)
            .memberCount(3).name("Renamed");
        final int guildLength = MessageHeaderEncoder.ENCODED_LENGTH + guild.encodedLength();
        poller.onFrame(frame, 0, guildLength);
        guild.change(EntityChange.DELETED);
        poller.onFrame(frame, 0, guildLength);

        final MessagesBulkDeletedEncoder bulk = new MessagesBulkDeletedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).guildId(GUILD).channelId(CHANNEL_ID);
        bulk.messagesCount(2).next().messageId(11).next().messageId(12);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + bulk.encodedLength());

        assertEquals(List.of(
            "channel 0 " + GUILD + " ChannelSnapshot[id=" + CHANNEL_ID +
                ", type=0, name=news, position=2, parentId=0, topic=null, rateLimitPerUser=0, overwrites=[" +
                "OverwriteSnapshot[id=" + GUILD + ", type=0, allow=0, deny=1024]]]",
            "role 2 " + GUILD + " RoleSnapshot[id=" + (GUILD + 5) +
                ", name=mods, permissions=8, position=1, color=3, hoist=false, mentionable=false]",
            "member 1 " + GUILD + " " + USER + " alice roles 1",
            "guild update " + GUILD + " " + USER + " Renamed",
            "bulk " + GUILD + " " + CHANNEL_ID + " [11, 12]"), gatewayEvents);
    }

    @Test
    void liveSessionLeavingAGuildTopicGetsGuildDeleteAndJoiningOneGuildCreate()
    {
        final SubscriptionChangedEncoder leave = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(42).action(SubscriptionAction.UNSUBSCRIBE);
        leave.topicsCount(2).next().kind(TopicKind.GUILD).topicId(GUILD).next().kind(TopicKind.CHANNEL)
            .topicId(CHANNEL_ID);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + leave.encodedLength());

        final SubscriptionChangedEncoder hidden = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(42).action(SubscriptionAction.UNSUBSCRIBE);
        hidden.topicsCount(1).next().kind(TopicKind.CHANNEL).topicId(CHANNEL_ID + 1);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + hidden.encodedLength());

        sendGuildSnapshot(42);
        awaitTrue(() ->
        {
            poller.doWork();
            return gatewayEvents.size() == 5;
        });
        assertEquals(List.of("unsubscribe 42 " + GUILD, "unsubscribe 42 " + CHANNEL_ID, "guild delete 42 " + GUILD,
            "unsubscribe 42 " + (CHANNEL_ID + 1), "guild create 42 " + GUILD + " Concord HQ"), gatewayEvents);
    }

    @Test
    void guildsJoinedOrLeftAndChannelsGainedOrLostWhileOpeningAreFoldedIntoReady() throws Exception
    {
        final CompletableFuture<ReadySnapshot> ready = new CompletableFuture<>();
        link.openSession(44, new IdentifyRequest(USER, 513, 0, 1, 50, "online"), listener(ready));
        final long joined = GUILD + (1L << 22);
        final long joinedAndLeft = GUILD + (2L << 22);

        poller.onFrame(frame, 0, encodeGuildSnapshot(44, GUILD, "Concord HQ"));
        poller.onFrame(frame, 0, encodeSubscription(44, true, TopicKind.GUILD, GUILD));
        poller.onFrame(frame, 0, encodeSubscription(44, true, TopicKind.CHANNEL, CHANNEL_ID));
        // Joined after the user shard answered (READY will not name it), before READY reached the edge.
        poller.onFrame(frame, 0, encodeGuildSnapshot(44, joined, "Joined"));
        poller.onFrame(frame, 0, encodeSubscription(44, true, TopicKind.GUILD, joined));
        poller.onFrame(frame, 0, encodeGuildSnapshot(44, joinedAndLeft, "Left again"));
        poller.onFrame(frame, 0, encodeSubscription(44, false, TopicKind.GUILD, joinedAndLeft));
        // Lost view of general, gained a new channel in the joined guild.
        poller.onFrame(frame, 0, encodeVisibility(false, GUILD, CHANNEL_ID, "general", 44));
        poller.onFrame(frame, 0, encodeVisibility(true, joined, CHANNEL_ID + 5, "secret", 44));
        assertFalse(ready.isDone());
        sendReady(44, USER, GUILD);

        final ReadySnapshot snapshot = awaitPolled(ready);
        assertEquals(List.of(GUILD, joined), snapshot.guilds().stream().map(GuildSnapshot::id).toList());
        assertEquals(List.of(), snapshot.guilds().get(0).channels(), "general was hidden before READY");
        assertEquals(List.of("general", "secret"),
            snapshot.guilds().get(1).channels().stream().map(ChannelSnapshot::name).toList());
        assertEquals(List.of(30L << 10), snapshot.guilds().get(1).channels().get(1).overwrites().stream()
            .map(OverwriteSnapshot::allow).toList());
        assertArrayEquals(new long[]{ GUILD, joined, CHANNEL_ID + 5 }, snapshot.topicIds());
        // Its subscriptions take effect at once (the gateway holds what they carry until READY); no GUILD_CREATE,
        // GUILD_DELETE or CHANNEL_* of an opening session reaches the gateway: READY says it all.
        assertEquals(List.of("subscribe 44 " + GUILD, "subscribe 44 " + CHANNEL_ID, "subscribe 44 " + joined,
            "unsubscribe 44 " + joinedAndLeft, "unsubscribe 44 " + CHANNEL_ID, "subscribe 44 " + (CHANNEL_ID + 5)),
            gatewayEvents);
    }

    @Test
    void visibilityChangesOfLiveSessionsReachTheGateway()
    {
        poller.onFrame(frame, 0, encodeVisibility(true, GUILD, CHANNEL_ID, "general", 42, 43));
        poller.onFrame(frame, 0, encodeVisibility(false, GUILD, CHANNEL_ID, "general", 43));
        assertEquals(List.of("visibility true " + GUILD + " " + CHANNEL_ID + " [42, 43]",
            "visibility false " + GUILD + " " + CHANNEL_ID + " [43]"), gatewayEvents);
    }

    private int encodeGuildSnapshot(final long sessionId, final long guildId, final String name)
    {
        return GuildSnapshotFrames.encode(frame, EDGE_ID, sessionId, guildId, CHANNEL_ID, USER, true, name);
    }

    private int encodeSubscription(
        final long sessionId, final boolean subscribe, final TopicKind kind, final long topicId)
    {
        final SubscriptionChangedEncoder encoder = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId)
            .action(subscribe ? SubscriptionAction.SUBSCRIBE : SubscriptionAction.UNSUBSCRIBE);
        encoder.topicsCount(1).next().kind(kind).topicId(topicId);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private int encodeVisibility(
        final boolean visible, final long guildId, final long channelId, final String name, final long... sessions)
    {
        final ChannelVisibilityChangedEncoder encoder = new ChannelVisibilityChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).change(visible ? EntityChange.CREATED : EntityChange.DELETED).guildId(guildId)
            .channelId(channelId).channelType(ChannelKind.GUILD_TEXT).parentId(0).position(1).rateLimitPerUser(5);
        encoder.overwritesCount(1).next().targetId(USER).kind(OverwriteKind.MEMBER).allow(30L << 10).deny(0);
        final ChannelVisibilityChangedEncoder.SessionsEncoder group = encoder.sessionsCount(sessions.length);
        for (final long session : sessions)
        {
            group.next().sessionId(session);
        }
        encoder.name(name).topic("");
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    @Test
    void presenceIsPassedThroughWithItsActivities()
    {
        final PresenceUpdatedEncoder encoder = new PresenceUpdatedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).guildId(GUILD).userId(USER).status(PresenceStatus.DND);
        final PresenceUpdatedEncoder.ActivitiesEncoder activities = encoder.activitiesCount(2);
        activities.next().activityType((short)0).name("chess").state("");
        activities.next().activityType((short)4).name("Custom Status").state("busy ✓");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        assertEquals(List.of("presence " + GUILD + " " + USER + " dnd 0:chess/ 4:Custom Status/busy ✓"),
            gatewayEvents);
    }

    private GatewayCore.SessionOpenListener listener(final CompletableFuture<ReadySnapshot> ready)
    {
        return new GatewayCore.SessionOpenListener()
        {
            public void onReady(final ReadySnapshot snapshot)
            {
                ready.complete(snapshot);
            }

            public void onRejected(final int reason)
            {
                ready.completeExceptionally(new IllegalStateException("rejected " + reason));
            }
        };
    }

    private int encodeGetUser(final long correlationId, final long userId)
    {
        final GetUserEncoder encoder = new GetUserEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(correlationId).userId(userId);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void sendReady(final long sessionId, final long userId, final long guildId)
    {
        final ReadyEncoder encoder = new ReadyEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).userId(userId).bot(BooleanType.TRUE);
        final ReadyEncoder.GuildsEncoder guilds = encoder.guildsCount(0 == guildId ? 0 : 1);
        if (0 != guildId)
        {
            guilds.next().guildId(guildId);
        }
        encoder.username(0 == userId ? "" : "alice");
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void sendGuildSnapshot(final long sessionId)
    {
        final GuildSnapshotEncoder encoder = new GuildSnapshotEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).sessionId(sessionId).guildId(GUILD).ownerId(USER).memberCount(1)
            .large(BooleanType.FALSE);
        encoder.rolesCount(1).next().roleId(GUILD).permissions(1024).color(0).position(0)
            .hoist(BooleanType.FALSE).mentionable(BooleanType.FALSE).name("@everyone");
        final GuildSnapshotEncoder.ChannelsEncoder channels = encoder.channelsCount(1);
        channels.next().channelId(CHANNEL_ID).channelType(ChannelKind.GUILD_TEXT).parentId(0).position(0)
            .rateLimitPerUser(0).overwritesCount(0);
        channels.name("general").topic("");
        final GuildSnapshotEncoder.MembersEncoder members = encoder.membersCount(1);
        members.next().userId(USER).joinedAtMs(1_700_000_000_000L).bot(BooleanType.TRUE).rolesCount(0);
        members.username("alice").nick("");
        encoder.name("Concord HQ");
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void sendSubscription(final long sessionId, final long topicId)
    {
        final SubscriptionChangedEncoder encoder = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).action(SubscriptionAction.SUBSCRIBE);
        encoder.topicsCount(1).next().kind(TopicKind.CHANNEL).topicId(topicId);
        offer(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    private void offer(final int length)
    {
        awaitTrue(() -> toEdge.offer(frame, 0, length) > 0);
    }

    private <T> T awaitPolled(final CompletableFuture<T> future) throws Exception
    {
        awaitTrue(() ->
        {
            poller.doWork();
            return future.isDone();
        });
        return future.get(5, TimeUnit.SECONDS);
    }

    private static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.yield();
        }
    }

    private final class RecordingGateway implements GatewayCoreListener
    {
        public void onSubscriptionChanged(final long sessionId, final boolean subscribed, final long topicId)
        {
            gatewayEvents.add((subscribed ? "subscribe " : "unsubscribe ") + sessionId + " " + topicId);
        }

        public void onMessageCreated(final MessageEvent event)
        {
            gatewayEvents.add("created " + event.channelId() + " " + event.messageId() + " " +
                text(event.authorName()) + ": " + text(event.content()) + " [" + text(event.nonce()) + "] mentions " +
                event.mentionCount());
        }

        public void onMessageUpdated(final MessageEvent event)
        {
            gatewayEvents.add("updated " + event.messageId());
        }

        public void onMessageDeleted(final long guildId, final long channelId, final long messageId)
        {
            gatewayEvents.add("deleted " + messageId);
        }

        public void onTypingStarted(final long channelId, final long timestampMs, final MemberEvent member)
        {
            gatewayEvents.add("typing " + member.guildId() + " " + channelId + " " + member.userId() + " " +
                text(member.username()) + " roles " + member.roleCount() + " joined " + member.joinedAtMs());
        }

        public void onGuildCreated(final long sessionId, final GuildSnapshot guild)
        {
            gatewayEvents.add("guild create " + sessionId + " " + guild.id() + " " + guild.name());
        }

        public void onGuildRemoved(final long sessionId, final long guildId)
        {
            gatewayEvents.add("guild delete " + sessionId + " " + guildId);
        }

        public void onGuildUpdated(final long guildId, final long ownerId, final String name)
        {
            gatewayEvents.add("guild update " + guildId + " " + ownerId + " " + name);
        }

        public void onChannelChanged(final int change, final long guildId, final ChannelSnapshot channel)
        {
            gatewayEvents.add("channel " + change + " " + guildId + " " + channel);
        }

        public void onRoleChanged(final int change, final long guildId, final RoleSnapshot role)
        {
            gatewayEvents.add("role " + change + " " + guildId + " " + role);
        }

        public void onChannelVisibilityChanged(
            final boolean visible, final long guildId, final ChannelSnapshot channel, final long[] sessionIds,
            final int count)
        {
            gatewayEvents.add("visibility " + visible + " " + guildId + " " + channel.id() + " " +
                java.util.Arrays.toString(java.util.Arrays.copyOf(sessionIds, count)));
        }

        public void onMemberChanged(final int change, final MemberEvent member)
        {
            gatewayEvents.add("member " + change + " " + member.guildId() + " " + member.userId() + " " +
                text(member.username()) + " roles " + member.roleCount());
        }

        public void onPresenceUpdated(final PresenceEvent presence)
        {
            final StringBuilder text = new StringBuilder("presence " + presence.guildId() + " " +
                presence.userId() + " " + presence.status());
            for (int i = 0; i < presence.activityCount(); i++)
            {
                text.append(' ').append(presence.activityType(i)).append(':').append(text(presence.activityName(i)))
                    .append('/').append(text(presence.activityState(i)));
            }
            gatewayEvents.add(text.toString());
        }

        public void onMessagesBulkDeleted(
            final long guildId, final long channelId, final long[] messageIds, final int count)
        {
            gatewayEvents.add("bulk " + guildId + " " + channelId + " " +
                java.util.Arrays.toString(java.util.Arrays.copyOf(messageIds, count)));
        }
    }

    private static String text(final DirectBuffer buffer)
    {
        return buffer.getStringWithoutLengthUtf8(0, buffer.capacity());
    }
}
