package io.concord.edge.gateway;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.concord.codecs.BooleanType;
import io.concord.codecs.DmChannelInfoEncoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReadyEncoder;
import io.concord.codecs.SessionClosedDecoder;
import io.concord.codecs.SessionOpenedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedEncoder;
import io.concord.codecs.TopicKind;
import io.concord.edge.EdgeConfiguration;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.core.GuildSnapshotFrames;
import org.agrona.CloseHelper;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * READY assembled from several core shards: the frames a two-shard core sends for one Identify are fed to the real
 * core link poller and gateway (direct executor, embedded channel) in the order that used to lose events: the user
 * shard's READY part and guild 0's shard part, then a dispatch in guild 0, then guild 1's shard part. Aeron only
 * carries the edge's SessionOpened/SessionClosed to a stand-in shard; the core's frames are fed without it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiShardReadyTest
{
    private static final String CHANNEL = "aeron:ipc?term-length=1m";
    private static final int COMMAND_STREAM = 1000;
    private static final int EDGE_STREAM_BASE = 2000;
    private static final int EDGE_ID = 3;
    private static final long USER = 80351110224678912L;
    private static final long GUILD_0 = FakeGatewayCore.snowflake(1000, 10);
    private static final long CHANNEL_0 = FakeGatewayCore.snowflake(1000, 11);
    private static final long GUILD_1 = FakeGatewayCore.snowflake(1001, 20);
    private static final long CHANNEL_1 = FakeGatewayCore.snowflake(1001, 21);
    private static final long DM = FakeGatewayCore.snowflake(1002, 30);
    private static final int INTENTS = GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES |
        GatewayIntents.MESSAGE_CONTENT | GatewayIntents.DIRECT_MESSAGES;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final Executor direct = Runnable::run;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final List<EmbeddedGatewayClient> clients = new ArrayList<>();
    private MediaDriver driver;
    private Aeron aeron;
    private Subscription coreCommands;
    private AeronCoreLink link;
    private Gateway gateway;
    private CoreLinkPoller poller;

    @BeforeEach
    void setUp()
    {
        clock.update(1_000_000);
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        coreCommands = aeron.addSubscription(CHANNEL, COMMAND_STREAM);
        link = new AeronCoreLink(aeron, CHANNEL, COMMAND_STREAM, 1, EDGE_STREAM_BASE, EDGE_ID,
            (buffer, offset) -> 0, 100, new CountersManager(
            new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024])).newCounter("refused"));
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!coreCommands.isConnected())
        {
            assertTrue(System.nanoTime() < deadlineNs, "command stream not connected within 20 s");
            Thread.yield();
        }
    }

    private void newGateway(final int readyHoldDispatches)
    {
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .replayBufferSize(16)
            .resumeWindowMs(1_000)
            .readyHoldDispatches(readyHoldDispatches)
            .conclude();
        gateway = new Gateway(ctx, link, GatewayHandlerTest::authenticate, clock, List.of(direct));
        poller = new CoreLinkPoller(link, gateway, (userId, generation) -> { });
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        if (null != gateway)
        {
            gateway.shutdown(1_000);
        }
        for (final EmbeddedGatewayClient client : clients)
        {
            client.drain();
            client.channel.finishAndReleaseAll();
        }
        CloseHelper.closeAll(link, aeron, driver);
    }

    @Test
    void dispatchOfAShardWhosePartArrivedFollowsReadyAndItsGuildCreatesWithContiguousSequence()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();

        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "early one");
        message(GUILD_0, CHANNEL_0, 502, "early two");
        assertEquals(List.of(), client.drain(), "nothing before READY");
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");
        message(GUILD_1, CHANNEL_1, 503, "live");

        final List<ServerPayload> payloads = client.drain();
        assertEquals(List.of("READY", "GUILD_CREATE", "GUILD_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE",
            "MESSAGE_CREATE"), payloads.stream().map(ServerPayload::t).toList(), payloads.toString());
        for (int i = 0; i < payloads.size(); i++)
        {
            assertEquals(i + 1, payloads.get(i).s(), "contiguous sequence numbers from READY on");
        }
        assertEquals(List.of(Long.toString(GUILD_0), Long.toString(GUILD_1)),
            List.of(payloads.get(1).dObject().get("id"), payloads.get(2).dObject().get("id")));
        assertEquals(List.of("early one", "early two", "live"), List.of(payloads.get(3).dObject().get("content"),
            payloads.get(4).dObject().get("content"), payloads.get(5).dObject().get("content")));
        assertEquals(2, gateway.counters().total(GatewayCounters.DISPATCHES_HELD));
        assertEquals(1, gateway.counters().total(GatewayCounters.SESSIONS));
    }

    @Test
    void directMessageEventsOfAnOpeningSessionAreHeldToo()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        // The DM shard subscribes the session to a DM, whose first message brings CHANNEL_CREATE, then the message.
        final SubscriptionChangedEncoder subscription = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).action(SubscriptionAction.SUBSCRIBE);
        subscription.topicsCount(1).next().kind(TopicKind.CHANNEL).topicId(DM);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + subscription.encodedLength());
        final DmChannelInfoEncoder info = new DmChannelInfoEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).sessionId(sessionId).channelId(DM).lastMessageId(0)
            .recipientId(USER + 1).recipientBot(BooleanType.FALSE).closed(BooleanType.FALSE);
        info.recipientName("bob");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + info.encodedLength());
        message(0, DM, 601, "psst");
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");

        final List<ServerPayload> payloads = client.drain();
        assertEquals(List.of("READY", "GUILD_CREATE", "GUILD_CREATE", "CHANNEL_CREATE", "MESSAGE_CREATE"),
            payloads.stream().map(ServerPayload::t).toList(), payloads.toString());
        assertEquals(Long.toString(DM), payloads.get(3).dObject().get("id"));
        assertEquals("psst", payloads.get(4).dObject().get("content"));
        assertEquals(5, payloads.get(4).s());
    }

    @Test
    void sweepLeavesASessionWhoseReadyIsStillAssembledAlone()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "held across a sweep");
        // Past the resume window (a held session has no connection attached yet), within the heartbeat interval.
        clock.update(clock.time() + 5_000);
        gateway.sweepNow();
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");

        assertEquals(List.of("READY", "GUILD_CREATE", "GUILD_CREATE", "MESSAGE_CREATE"),
            client.drain().stream().map(ServerPayload::t).toList());
    }

    @Test
    void resumeReplaysTheDispatchesThatWereHeldForReady()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "early one");
        message(GUILD_0, CHANNEL_0, 502, "early two");
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");
        final ServerPayload ready = client.drain().get(0);
        final String sessionIdText = (String)ready.dObject().get("session_id");
        client.sendClose(4000);

        final EmbeddedGatewayClient resumed = connect();
        resumed.send("{\"op\":6,\"d\":{\"token\":\"token-" + USER + "\",\"session_id\":\"" + sessionIdText +
            "\",\"seq\":3}}");
        final List<ServerPayload> payloads = resumed.drain();
        assertEquals(List.of("MESSAGE_CREATE", "MESSAGE_CREATE", "RESUMED"),
            payloads.stream().map(ServerPayload::t).toList(), payloads.toString());
        assertEquals(List.of(4L, 5L), List.of(payloads.get(0).s(), payloads.get(1).s()));
        assertEquals("early two", payloads.get(1).dObject().get("content"));
    }

    @Test
    void whatAGuildLeftBeforeReadyCarriedIsDroppedWithIt()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "before leaving");
        unsubscribe(sessionId, GUILD_0, CHANNEL_0);
        message(GUILD_0, CHANNEL_0, 502, "after leaving");
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");

        final List<ServerPayload> payloads = client.drain();
        assertEquals(List.of("READY", "GUILD_CREATE"), payloads.stream().map(ServerPayload::t).toList());
        assertEquals(Long.toString(GUILD_1), payloads.get(1).dObject().get("id"));
        assertEquals(2, gateway.loop(0).replayBodies(), "only READY and GUILD_CREATE are in the replay window");
    }

    @Test
    void holdThatOverflowsClosesWithAReconnectCodeCountsItAndLeaksNothing()
    {
        newGateway(2);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "one");
        message(GUILD_0, CHANNEL_0, 502, "two");
        assertEquals(-1, client.closeCode(), "a full hold is still open");
        message(GUILD_0, CHANNEL_0, 503, "three");

        assertEquals(GatewayCloseCodes.UNKNOWN_ERROR, client.closeCode());
        assertEquals(1, gateway.counters().total(GatewayCounters.READY_HOLD_OVERFLOWS));
        assertEquals(0, gateway.loop(0).replayBodies(), "held dispatches released");
        message(GUILD_0, CHANNEL_0, 504, "after the close");
        assertEquals(0, gateway.loop(0).replayBodies());

        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");
        assertEquals(sessionId, sessionClosed(), "the core hears the session ended once READY completes");
        assertEquals(List.of(), client.drain());
        assertEquals(0, gateway.counters().total(GatewayCounters.SESSIONS));
        assertEquals(0, gateway.counters().total(GatewayCounters.IDENTIFIES));
    }

    @Test
    void connectionClosedWhileItsReadyIsAssembledDropsWhatWasHeld()
    {
        newGateway(EdgeConfiguration.GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);
        final EmbeddedGatewayClient client = identify();
        final long sessionId = sessionOpened();
        userShardReady(sessionId);
        guildShardPart(sessionId, GUILD_0, CHANNEL_0, "zero");
        message(GUILD_0, CHANNEL_0, 501, "held");
        client.sendClose(4000);
        assertEquals(0, gateway.loop(0).replayBodies());

        message(GUILD_0, CHANNEL_0, 502, "nobody");
        guildShardPart(sessionId, GUILD_1, CHANNEL_1, "one");
        assertEquals(sessionId, sessionClosed());
        assertEquals(0, gateway.loop(0).replayBodies());
    }

    private EmbeddedGatewayClient connect()
    {
        final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
        clients.add(client);
        assertEquals(GatewayOpcodes.HELLO, client.next().op());
        return client;
    }

    private EmbeddedGatewayClient identify()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(GatewayHandlerTest.identify(USER, INTENTS));
        return client;
    }

    /**
     * @return the session id of the SessionOpened the edge sent to the core.
     */
    private long sessionOpened()
    {
        return pollCommand(SessionOpenedDecoder.TEMPLATE_ID, SessionOpenedDecoder.sessionIdEncodingOffset());
    }

    private long sessionClosed()
    {
        return pollCommand(SessionClosedDecoder.TEMPLATE_ID, SessionClosedDecoder.sessionIdEncodingOffset());
    }

    private long pollCommand(final int templateId, final int sessionIdOffset)
    {
        final long[] sessionId = { 0 };
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (0 == sessionId[0])
        {
            assertTrue(System.nanoTime() < deadlineNs, "no command " + templateId + " within 20 s");
            coreCommands.poll((buffer, offset, length, header) ->
            {
                if (new MessageHeaderDecoder().wrap(buffer, offset).templateId() == templateId)
                {
                    sessionId[0] = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + sessionIdOffset,
                        MessageHeaderDecoder.BYTE_ORDER);
                }
            }, 10);
            Thread.yield();
        }
        return sessionId[0];
    }

    /**
     * The user shard's part: READY's user and the ids of both guilds.
     */
    private void userShardReady(final long sessionId)
    {
        final ReadyEncoder encoder = new ReadyEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).userId(USER).bot(BooleanType.TRUE);
        encoder.guildsCount(2).next().guildId(GUILD_0).next().guildId(GUILD_1);
        encoder.username("alice");
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * A guild shard's part: the session's subscriptions to the guild and its channel, then the guild's snapshot.
     */
    private void guildShardPart(final long sessionId, final long guildId, final long channelId, final String name)
    {
        final SubscriptionChangedEncoder subscription = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).action(SubscriptionAction.SUBSCRIBE);
        subscription.topicsCount(2).next().kind(TopicKind.GUILD).topicId(guildId)
            .next().kind(TopicKind.CHANNEL).topicId(channelId);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + subscription.encodedLength());

        poller.onFrame(frame, 0,
            GuildSnapshotFrames.encode(frame, EDGE_ID, sessionId, guildId, channelId, USER, false, name));
    }

    private void unsubscribe(final long sessionId, final long guildId, final long channelId)
    {
        final SubscriptionChangedEncoder subscription = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).sessionId(sessionId).action(SubscriptionAction.UNSUBSCRIBE);
        subscription.topicsCount(2).next().kind(TopicKind.GUILD).topicId(guildId)
            .next().kind(TopicKind.CHANNEL).topicId(channelId);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + subscription.encodedLength());
    }

    private void message(final long guildId, final long channelId, final long messageId, final String content)
    {
        final MessageCreatedEncoder encoder = new MessageCreatedEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(EDGE_ID).correlationId(0).guildId(guildId).channelId(channelId).messageId(messageId)
            .authorId(USER + 1).referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE)
            .authorBot(BooleanType.FALSE);
        encoder.mentionsCount(0);
        encoder.nonce("").authorName("bob").content(content);
        poller.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }
}
