package io.concord.server;

import io.aeron.Aeron;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryRequestEncoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.MessageCreatedDecoder;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every role in one JVM, as {@code concord serve} runs them, exercised across its real boundaries: a second edge
 * link (as a REST edge would) registers a user and creates a guild through the core; a real WebSocket client
 * identifies with a signed token and gets READY and GUILD_CREATE; a message created through the core is durable in
 * the LSM store, reaches the WebSocket as MESSAGE_CREATE, and comes back in history through the data service.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatEndToEndTest
{
    private static final int TEST_EDGE_ID = 9;
    private static final long REPLY_TIMEOUT_MS = 20_000;

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private Aeron aeron;
    private AeronCoreLink link;
    private CoreLinkPoller poller;
    private EventExecutor executor;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private volatile boolean polling = true;
    private Thread pollerThread;

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
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
        polling = false;
        pollerThread.join(5_000);
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CloseHelper.closeAll(link, aeron, server);
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
    }

    @Test
    void registeredUserIdentifiesSeesItsGuildAndReceivesAMessageThatIsThenInHistory() throws Exception
    {
        final long registerId = link.nextCorrelationId();
        final RegisterUserEncoder register = new RegisterUserEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(registerId).bot(BooleanType.TRUE)
            .username("e2e-bot").passwordHash("$pbkdf2-sha512$i=1000$AAAA$AAAA");
        final DirectBuffer account = request(registerId, register.encodedLength());
        final AccountReplyDecoder accountReply = new AccountReplyDecoder()
            .wrapAndApplyHeader(account, 0, new MessageHeaderDecoder().wrap(account, 0));
        assertEquals(ReplyStatus.OK, accountReply.status());
        final long userId = accountReply.userId();
        final int generation = accountReply.tokenGeneration();

        final long createGuildId = link.nextCorrelationId();
        final CreateGuildEncoder createGuild = new CreateGuildEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(TEST_EDGE_ID).correlationId(createGuildId).userId(userId).guildId(0)
            .ownerBot(BooleanType.TRUE).name("End to End").ownerName("");
        final DirectBuffer guild = request(createGuildId, createGuild.encodedLength());
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(guild, 0, new MessageHeaderDecoder().wrap(guild, 0));
        final long guildId = snapshot.guildId();
        long textChannelId = 0;
        for (final GuildSnapshotDecoder.RolesDecoder role : snapshot.roles())
        {
            role.name();
        }
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : snapshot.channels())
        {
            final long channelId = channel.channelId();
            final boolean text = 0 == channel.channelType().value();
            for (final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder overwrite : channel.overwrites())
            {
                overwrite.targetId();
            }
            channel.name();
            channel.topic();
            if (text && 0 == textChannelId)
            {
                textChannelId = channelId;
            }
        }
        assertTrue(textChannelId != 0, "a new guild has a general text channel");

        final String token = new TokenVerifier(TokenKeys.loadOrCreate(dataDir.resolve("secrets/token.key")))
            .issue(userId, generation, System.currentTimeMillis() / 1000);
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + server.httpAddress() + "/gateway?v=10&encoding=json"),
                new Collector(frames))
            .get(10, TimeUnit.SECONDS);
        try
        {
            assertTrue(next(frames).contains("\"op\":10"), "Hello first");
            final int intents = (1 << 0) | (1 << 9) | (1 << 15);
            socket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents +
                ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}", true)
                .get(5, TimeUnit.SECONDS);
            final String ready = awaitFrame(frames, "\"t\":\"READY\"");
            assertTrue(ready.contains(Long.toString(userId)), ready);
            final String guildCreate = awaitFrame(frames, "\"t\":\"GUILD_CREATE\"");
            assertTrue(guildCreate.contains("End to End"), guildCreate);
            assertTrue(guildCreate.contains(Long.toString(textChannelId)), guildCreate);

            final long createId = link.nextCorrelationId();
            final CreateMessageEncoder create = new CreateMessageEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
                .edgeId(TEST_EDGE_ID).correlationId(createId).userId(userId).channelId(textChannelId)
                .referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("n-1").content("hello, concord");
            final DirectBuffer created = request(createId, create.encodedLength());
            final MessageCreatedDecoder createdReply = new MessageCreatedDecoder()
                .wrapAndApplyHeader(created, 0, new MessageHeaderDecoder().wrap(created, 0));
            final long messageId = createdReply.messageId();

            final String dispatch = awaitFrame(frames, "\"t\":\"MESSAGE_CREATE\"");
            assertTrue(dispatch.contains("hello, concord"), dispatch);
            assertTrue(dispatch.contains(Long.toString(messageId)), dispatch);

            final long historyId = link.nextCorrelationId();
            final HistoryRequestEncoder history = new HistoryRequestEncoder()
                .wrapAndApplyHeader(frame, 0, headerEncoder)
                .edgeId(TEST_EDGE_ID).correlationId(historyId).userId(userId).channelId(textChannelId)
                .direction(HistoryDirection.LATEST).anchorId(0).pageSize((short)50);
            final DirectBuffer page = request(historyId, history.encodedLength());
            final HistoryResponseDecoder response = new HistoryResponseDecoder()
                .wrapAndApplyHeader(page, 0, new MessageHeaderDecoder().wrap(page, 0));
            assertEquals(ReplyStatus.OK, response.status());
            response.guildId();
            response.channelId();
            final HistoryResponseDecoder.MessagesDecoder messages = response.messages();
            assertEquals(1, messages.count());
            messages.next();
            assertEquals(messageId, messages.messageId());
            assertEquals(userId, messages.authorId());
            messages.editedTimestampMs();
            messages.referencedMessageId();
            messages.flags();
            assertEquals("e2e-bot", messages.authorName());
            assertEquals("hello, concord", messages.content());
            assertNotNull(guildId > 0 ? "ok" : null);
        }
        finally
        {
            socket.abort();
        }
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

    private static String awaitFrame(final BlockingQueue<String> frames, final String marker)
        throws InterruptedException
    {
        while (true)
        {
            final String frame = next(frames);
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

        public void onChannelVisibilityChanged(
            final boolean visible, final long guildId, final ChannelSnapshot channel, final long[] sessionIds,
            final int count)
        {
        }

        public void onMemberChanged(final int change, final MemberEvent member)
        {
        }

        public void onPresenceUpdated(final PresenceEvent presence)
        {
        }

        public void onMessagesBulkDeleted(
            final long guildId, final long channelId, final long[] messageIds, final int count)
        {
        }
    }
}
