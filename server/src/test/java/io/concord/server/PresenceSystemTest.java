package io.concord.server;

import io.aeron.Aeron;
import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.MemberEvent;
import io.concord.edge.gateway.MessageEvent;
import io.concord.edge.gateway.PresenceEvent;
import io.concord.edge.gateway.RoleSnapshot;
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
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence delivery with real gateway sessions against {@code concord serve}'s roles in one JVM: who receives
 * PRESENCE_UPDATE (GUILD_PRESENCES, small versus large guilds, op 8 with presences), the Identify presence with
 * activities, the coalescing window's last state arriving from the shard's timer ticks, and op 8 member chunks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PresenceSystemTest
{
    private static final int TEST_EDGE_ID = 9;
    private static final long REPLY_TIMEOUT_MS = 20_000;
    private static final int GUILDS = 1;
    private static final int GUILD_MEMBERS = 1 << 1;
    private static final int GUILD_PRESENCES = 1 << 8;
    private static final int EXTRA_MEMBERS = 55;
    private static final long WINDOW_MS = 8_000;

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private Aeron aeron;
    private AeronCoreLink link;
    private CoreLinkPoller poller;
    private EventExecutor executor;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final List<WebSocket> sockets = new ArrayList<>();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private volatile boolean polling = true;
    private Thread pollerThread;

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        // A window far longer than any step of this test takes, so which changes coalesce does not depend on speed.
        System.setProperty(CoreConfiguration.PRESENCE_WINDOW_MS_PROP_NAME, Long.toString(WINDOW_MS));
        System.setProperty("concord.edge.host", "127.0.0.1");
        System.setProperty("concord.edge.port", "0");
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());

        final CoreConfiguration.Context coreCtx = new CoreConfiguration.Context().conclude();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
        final AtomicCounter refused = new CountersManager(
            new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024])).newCounter("refused");
        final int shards = coreCtx.shards();
        link = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shards,
            coreCtx.edgeStreamBase(), TEST_EDGE_ID, (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shards),
            coreCtx.offerMaxRetries(), refused);
        poller = new CoreLinkPoller(link, new IgnoringGateway(), (userId, generation) -> { });
        pollerThread = new Thread(() ->
        {
            while (polling)
            {
                if (0 == poller.doWork())
                {
                    Thread.onSpinWait();
                }
            }
        }, "test-link-poller");
        pollerThread.start();
        executor = new DefaultEventExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        sockets.forEach(WebSocket::abort);
        polling = false;
        pollerThread.join(5_000);
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CloseHelper.closeAll(link, aeron, server);
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty(CoreConfiguration.PRESENCE_WINDOW_MS_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
    }

    @Test
    void presencesReachOnlyTheSessionsThatAskedAndOp8AnswersInChunks() throws Exception
    {
        final long owner = register("owner-bot");
        final long friend = register("friend");
        final long[] guild = createGuild(owner);
        final long guildId = guild[0];
        acceptInvite(friend, createInvite(owner, guild[1]));
        for (int i = 0; i < EXTRA_MEMBERS; i++)
        {
            acceptInvite(register("member-" + i), createInvite(owner, guild[1]));
        }

        // One user per session: Discord's identify concurrency allows one Identify per bot per 5 s.
        final long watcher = register("watcher");
        final long lurker = register("lurker");
        acceptInvite(watcher, createInvite(owner, guild[1]));
        acceptInvite(lurker, createInvite(owner, guild[1]));
        final BlockingQueue<String> small = identify(owner, GUILDS | GUILD_PRESENCES | GUILD_MEMBERS, 250, null);
        final BlockingQueue<String> large = identify(watcher, GUILDS | GUILD_PRESENCES, 50, null);
        final BlockingQueue<String> none = identify(lurker, GUILDS, 250, null);
        assertTrue(awaitFrame(small, "GUILD_CREATE").contains("\"large\":false"));
        assertTrue(awaitFrame(large, "GUILD_CREATE").contains("\"large\":true"));
        awaitFrame(none, "GUILD_CREATE");

        identify(friend, GUILDS, 250, "{\"status\":\"dnd\",\"activities\":[{\"name\":\"Chess\",\"type\":0}]}");
        // The Identify status goes out at once; its activities follow at the end of the window.
        assertTrue(awaitFrame(small, presenceOf(friend)).contains("\"status\":\"dnd\""));
        final String chess = awaitFrame(small, presenceOf(friend));
        assertTrue(chess.contains("\"status\":\"dnd\"") && chess.contains("Chess"), chess);

        send(large, "{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"user_ids\":[\"" + friend +
            "\",\"42\"],\"presences\":true,\"nonce\":\"ids\"}}");
        final String byIds = awaitFrame(large, "GUILD_MEMBERS_CHUNK");
        assertFalse(seen(large, "PRESENCE_UPDATE"), "a large guild sends no presences before op 8 asks");
        assertTrue(byIds.contains("\"not_found\":[\"42\"]") && byIds.contains("\"nonce\":\"ids\"") &&
            byIds.contains("\"status\":\"dnd\""), byIds);

        // Two changes inside the window: only the last one arrives, at the window's end (the shard's timer tick).
        send(friendSocket, "{\"op\":3,\"d\":{\"status\":\"online\",\"since\":null,\"afk\":false,\"activities\":[]}}");
        send(friendSocket, "{\"op\":3,\"d\":{\"status\":\"idle\",\"since\":null,\"afk\":false,\"activities\":[]}}");
        final String idle = awaitFrame(small, presenceOf(friend));
        assertTrue(idle.contains("\"status\":\"idle\""), "coalesced to the last state, nothing between: " + idle);
        assertTrue(awaitFrame(large, presenceOf(friend)).contains("\"status\":\"idle\""), "subscribed by op 8");

        send(none, "{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"fri\",\"limit\":5}}");
        final String query = awaitFrame(none, "GUILD_MEMBERS_CHUNK");
        assertFalse(seen(none, "PRESENCE_UPDATE"), "no GUILD_PRESENCES, no presences");
        assertTrue(query.contains("\"username\":\"friend\"") && query.contains("\"chunk_count\":1"), query);

        send(small, "{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0}}");
        final String all = awaitFrame(small, "GUILD_MEMBERS_CHUNK");
        assertEquals(EXTRA_MEMBERS + 4, all.split("\"joined_at\"", -1).length - 1, "every member: " + all);
        send(small, "{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0}}");
        assertTrue(awaitFrame(small, "RATE_LIMITED").contains("\"opcode\":8"));
    }

    private final java.util.Map<BlockingQueue<String>, List<String>> history = new java.util.IdentityHashMap<>();
    private final java.util.Map<BlockingQueue<String>, WebSocket> socketOf = new java.util.IdentityHashMap<>();
    private BlockingQueue<String> friendSocket;

    private BlockingQueue<String> identify(
        final long userId, final int intents, final int largeThreshold, final String presence) throws Exception
    {
        final String token = new TokenVerifier(TokenKeys.loadOrCreate(dataDir.resolve("secrets/token.key")))
            .issue(userId, generation(userId), System.currentTimeMillis() / 1000);
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + server.httpAddress() + "/gateway?v=10&encoding=json"),
                new Collector(frames))
            .get(10, TimeUnit.SECONDS);
        sockets.add(socket);
        socketOf.put(frames, socket);
        assertTrue(next(frames).contains("\"op\":10"), "Hello first");
        socket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents +
            ",\"large_threshold\":" + largeThreshold + (null == presence ? "" : ",\"presence\":" + presence) +
            ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}", true)
            .get(5, TimeUnit.SECONDS);
        awaitFrame(frames, "\"t\":\"READY\"");
        if (null != presence)
        {
            friendSocket = frames;
        }
        return frames;
    }

    private static String presenceOf(final long userId)
    {
        return "\"t\":\"PRESENCE_UPDATE\",\"d\":{\"user\":{\"id\":\"" + userId + "\"}";
    }

    private void send(final BlockingQueue<String> frames, final String json) throws Exception
    {
        socketOf.get(frames).sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    private boolean seen(final BlockingQueue<String> frames, final String marker)
    {
        for (final String frame : history.getOrDefault(frames, List.of()))
        {
            if (frame.contains(marker))
            {
                return true;
            }
        }
        return false;
    }

    private final java.util.Map<Long, Integer> generations = new java.util.HashMap<>();

    private int generation(final long userId)
    {
        return generations.get(userId);
    }

    private long register(final String name) throws Exception
    {
        final long id = link.nextCorrelationId();
        final RegisterUserEncoder register = new RegisterUserEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(id).bot(BooleanType.TRUE)
            .username(name).passwordHash("$pbkdf2-sha512$i=1000$AAAA$AAAA");
        final DirectBuffer account = request(id, register.encodedLength());
        final AccountReplyDecoder reply = new AccountReplyDecoder()
            .wrapAndApplyHeader(account, 0, new MessageHeaderDecoder().wrap(account, 0));
        assertEquals(ReplyStatus.OK, reply.status());
        generations.put(reply.userId(), reply.tokenGeneration());
        return reply.userId();
    }

    /**
     * @return guild id and its first text channel.
     */
    private long[] createGuild(final long owner) throws Exception
    {
        final long id = link.nextCorrelationId();
        final CreateGuildEncoder create = new CreateGuildEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(id).userId(owner).guildId(0)
            .ownerBot(BooleanType.TRUE).name("Presence").ownerName("");
        final DirectBuffer guild = request(id, create.encodedLength());
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(guild, 0, new MessageHeaderDecoder().wrap(guild, 0));
        final long guildId = snapshot.guildId();
        snapshot.roles().forEach(GuildSnapshotDecoder.RolesDecoder::name);
        long textChannelId = 0;
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : snapshot.channels())
        {
            final long channelId = channel.channelId();
            final boolean text = 0 == channel.channelType().value();
            channel.overwrites().forEach(GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder::targetId);
            channel.name();
            channel.topic();
            if (text && 0 == textChannelId)
            {
                textChannelId = channelId;
            }
        }
        return new long[]{ guildId, textChannelId };
    }

    private String createInvite(final long userId, final long channelId) throws Exception
    {
        final long id = link.nextCorrelationId();
        final CreateInviteEncoder create = new CreateInviteEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(id).userId(userId).channelId(channelId).maxAgeSeconds(0).maxUses(0);
        final DirectBuffer reply = request(id, create.encodedLength());
        return new InviteInfoDecoder()
            .wrapAndApplyHeader(reply, 0, new MessageHeaderDecoder().wrap(reply, 0)).code();
    }

    private void acceptInvite(final long userId, final String code) throws Exception
    {
        final long id = link.nextCorrelationId();
        final AcceptInviteEncoder accept = new AcceptInviteEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(id).userId(userId).code(code);
        request(id, accept.encodedLength());
    }

    private DirectBuffer request(final long correlationId, final int bodyLength) throws Exception
    {
        final CompletableFuture<DirectBuffer> reply = new CompletableFuture<>();
        assertTrue(link.request(correlationId, frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength, executor,
            new CoreReplyHandler()
            {
                public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    reply.complete(new UnsafeBuffer(copy));
                }

                public void onTimeout()
                {
                    reply.completeExceptionally(new AssertionError("no reply from the core"));
                }
            }, REPLY_TIMEOUT_MS));
        return reply.get(REPLY_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    }

    private static String next(final BlockingQueue<String> frames) throws InterruptedException
    {
        final String frame = frames.poll(20, TimeUnit.SECONDS);
        assertNotNull(frame, "no gateway frame within 20 s");
        return frame;
    }

    private String awaitFrame(final BlockingQueue<String> frames, final String marker)
        throws InterruptedException
    {
        while (true)
        {
            final String frame = next(frames);
            history.computeIfAbsent(frames, (k) -> new ArrayList<>()).add(frame);
            if (frame.contains(marker))
            {
                return frame;
            }
        }
    }

    private static final class Collector implements WebSocket.Listener
    {
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Collector(final BlockingQueue<String> frames)
        {
            this.frames = frames;
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    private static final class IgnoringGateway implements GatewayCoreListener
    {
        public void onSubscriptionChanged(final long sessionId, final boolean subscribed, final long topicId)
        {
        }

        public void onMessageCreated(final MessageEvent event)
        {
        }

        public void onMessageUpdated(final MessageEvent event)
        {
        }

        public void onMessageDeleted(final long guildId, final long channelId, final long messageId)
        {
        }

        public void onTypingStarted(final long channelId, final long timestampMs, final MemberEvent member)
        {
        }

        public void onGuildCreated(final long sessionId, final GuildSnapshot guild)
        {
        }

        public void onGuildRemoved(final long sessionId, final long guildId)
        {
        }

        public void onGuildUpdated(final long guildId, final long ownerId, final String name)
        {
        }

        public void onChannelChanged(final int change, final long guildId, final ChannelSnapshot channel)
        {
        }

        public void onRoleChanged(final int change, final long guildId, final RoleSnapshot role)
        {
        }

        public void onMemberChanged(final int change, final MemberEvent member)
        {
        }

        public void onPresenceUpdated(final PresenceEvent presence)
        {
        }

        public void onChannelVisibilityChanged(
            final boolean visible, final long guildId, final ChannelSnapshot channel, final long[] sessionIds,
            final int count)
        {
        }

        public void onMessagesBulkDeleted(
            final long guildId, final long channelId, final long[] messageIds, final int count)
        {
        }
    }
}
