package io.concord.core.pipeline;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.ReadyDecoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.codecs.SubscriptionChangedDecoder;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreNode;
import io.concord.core.MessageStoreFactory;
import io.concord.core.client.CoreProxy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two edges and a two-shard core in one JVM over real Aeron IPC with an embedded media driver: accounts, guild
 * creation (a user shard to guild shard hop over the command streams), identify, invite, and a message that reaches
 * both edges exactly once each. Waits are bounded polls of the edges' subscriptions, no sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoreOverAeronIpcTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;

    private MediaDriver driver;
    private Aeron aeron;
    private CoreNode core;
    private CoreProxy proxy;
    private final Subscription[] edgeSubscriptions = new Subscription[3];
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final List<List<byte[]>> received = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private Path dataDir;

    @BeforeEach
    void setUp(@TempDir final Path dir)
    {
        dataDir = dir;
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new YieldingIdleStrategy())
            .ipcTermBufferLength(1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final CoreConfiguration.Context ctx = new CoreConfiguration.Context()
            .shards(2)
            .channel("aeron:ipc?term-length=1m")
            .edges(EDGE_A, EDGE_B)
            .ringSize(256)
            .pendingOps(64)
            .ringWaitStrategy("yielding")
            .dataDir(dir)
            .metadataEntries(10_000)
            .conclude();
        edgeSubscriptions[EDGE_A] = CoreProxy.subscribeEdge(aeron, ctx, EDGE_A);
        edgeSubscriptions[EDGE_B] = CoreProxy.subscribeEdge(aeron, ctx, EDGE_B);
        core = CoreNode.start(ctx, aeron, MessageStoreFactory.IN_MEMORY, errors::add);
        proxy = new CoreProxy(aeron, ctx);
        awaitTrue(() -> proxy.isConnected() && edgeSubscriptions[EDGE_A].isConnected() &&
            edgeSubscriptions[EDGE_B].isConnected());
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.closeAll(proxy, core, edgeSubscriptions[EDGE_A], edgeSubscriptions[EDGE_B], aeron, driver);
    }

    @Test
    void edgesAndCoreTalkOverIpc()
    {
        final long alice = register(EDGE_A, 1, "alice");
        final long bob = register(EDGE_B, 2, "bob");

        final CreateGuildEncoder createGuild = new CreateGuildEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_A).correlationId(3).userId(alice).guildId(0).ownerBot(BooleanType.FALSE)
            .name("ipc guild").ownerName("");
        send(createGuild.encodedLength());
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder();
        final UnsafeBuffer guildFrame = await(EDGE_A, GuildSnapshotDecoder.TEMPLATE_ID, (b) -> true);
        snapshot.wrapAndApplyHeader(guildFrame, 0, new MessageHeaderDecoder());
        snapshot.edgeId();
        assertEquals(3, snapshot.correlationId());
        snapshot.sessionId();
        final long guildId = snapshot.guildId();
        snapshot.ownerId();
        snapshot.memberCount();
        snapshot.large();
        for (final GuildSnapshotDecoder.RolesDecoder role : snapshot.roles())
        {
            role.sbeSkip();
        }
        final GuildSnapshotDecoder.ChannelsDecoder channels = snapshot.channels();
        channels.next();
        final long general = channels.channelId();

        final CreateInviteEncoder createInvite = new CreateInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_A).correlationId(4).userId(alice).channelId(general).maxAgeSeconds(0).maxUses(0);
        send(createInvite.encodedLength());
        final String code = codeOf(EDGE_A);

        final AcceptInviteEncoder accept = new AcceptInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_B).correlationId(5).userId(bob).code(code);
        send(accept.encodedLength());
        await(EDGE_B, InviteInfoDecoder.TEMPLATE_ID, (b) -> true);

        identify(EDGE_A, 10, alice);
        identify(EDGE_B, 20, bob);
        await(EDGE_A, ReadyDecoder.TEMPLATE_ID, (b) -> true);
        await(EDGE_B, ReadyDecoder.TEMPLATE_ID, (b) -> true);
        await(EDGE_A, SubscriptionChangedDecoder.TEMPLATE_ID, (b) -> true);
        await(EDGE_B, SubscriptionChangedDecoder.TEMPLATE_ID, (b) -> true);
        await(EDGE_B, GuildSnapshotDecoder.TEMPLATE_ID, (b) -> sessionOfSnapshot(b) == 20);

        final CreateMessageEncoder message = new CreateMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_B).correlationId(6).userId(bob).channelId(general).referencedMessageId(0)
            .enforceNonce(BooleanType.FALSE).nonce("").content("over ipc");
        send(message.encodedLength());

        final MessageCreatedDecoder onB = new MessageCreatedDecoder().wrapAndApplyHeader(
            await(EDGE_B, MessageCreatedDecoder.TEMPLATE_ID, (b) -> true), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_B, onB.edgeId());
        assertEquals(6, onB.correlationId());
        final MessageCreatedDecoder onA = new MessageCreatedDecoder().wrapAndApplyHeader(
            await(EDGE_A, MessageCreatedDecoder.TEMPLATE_ID, (b) -> true), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_A, onA.edgeId());
        assertEquals(0, onA.correlationId());
        assertEquals(List.of(), errors);
        assertEquals(0, core.errorCount());
    }

    @Test
    void aDataDirRefusesAnotherShardCount()
    {
        final CoreConfiguration.Context other = new CoreConfiguration.Context()
            .shards(3)
            .channel("aeron:ipc?term-length=1m")
            .commandStreamBase(3000)
            .edgeStreamBase(4000)
            .dataDir(dataDir)
            .conclude();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> CoreNode.start(other, aeron, MessageStoreFactory.IN_MEMORY, errors::add));
        assertTrue(ex.getMessage().contains("resharding"), ex.getMessage());
    }

    private long register(final int edgeId, final long correlationId, final String username)
    {
        final RegisterUserEncoder register = new RegisterUserEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId).bot(BooleanType.FALSE).username(username).passwordHash("h");
        send(register.encodedLength());
        final AccountReplyDecoder reply = new AccountReplyDecoder().wrapAndApplyHeader(
            await(edgeId, AccountReplyDecoder.TEMPLATE_ID, (b) -> true), 0, new MessageHeaderDecoder());
        reply.edgeId();
        assertEquals(correlationId, reply.correlationId());
        reply.status();
        reply.errorCode();
        return reply.userId();
    }

    private void identify(final int edgeId, final long sessionId, final long userId)
    {
        final SessionOpenedEncoder opened = new SessionOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).intents(0).shardId(0).shardCount(1)
            .largeThreshold(250).status(PresenceStatus.ONLINE);
        send(opened.encodedLength());
    }

    private String codeOf(final int edgeId)
    {
        final InviteInfoDecoder info = new InviteInfoDecoder().wrapAndApplyHeader(
            await(edgeId, InviteInfoDecoder.TEMPLATE_ID, (b) -> true), 0, new MessageHeaderDecoder());
        info.edgeId();
        info.correlationId();
        info.change();
        info.guildId();
        info.channelId();
        info.channelType();
        info.inviterId();
        info.createdAtMs();
        info.maxAgeSeconds();
        info.maxUses();
        info.uses();
        info.memberCount();
        return info.code();
    }

    private static long sessionOfSnapshot(final DirectBuffer frame)
    {
        final GuildSnapshotDecoder decoder = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(frame, 0, new MessageHeaderDecoder());
        decoder.edgeId();
        decoder.correlationId();
        return decoder.sessionId();
    }

    private void send(final int bodyLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.offer(buffer, 0, length) < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("offer kept failing");
            }
            Thread.yield();
        }
    }

    /**
     * Polls the edge's subscription until a frame of the template matching the predicate is there, and returns the
     * newest such frame (frames stay recorded, so awaiting the same thing twice returns at once).
     */
    private UnsafeBuffer await(final int edgeId, final int templateId, final Predicate<DirectBuffer> predicate)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        while (true)
        {
            edgeSubscriptions[edgeId].poll((frame, offset, length, h) ->
            {
                final byte[] bytes = new byte[length];
                frame.getBytes(offset, bytes);
                received.get(edgeId).add(bytes);
            }, 100);
            final List<byte[]> frames = received.get(edgeId);
            for (int i = frames.size() - 1; i >= 0; i--)
            {
                final UnsafeBuffer frame = new UnsafeBuffer(frames.get(i));
                if (headerDecoder.wrap(frame, 0).templateId() == templateId && predicate.test(frame))
                {
                    return frame;
                }
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("edge " + edgeId + " never got template " + templateId + ", errors " + errors);
            }
            Thread.yield();
        }
    }

    private static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not connected");
            }
            Thread.yield();
        }
    }
}
