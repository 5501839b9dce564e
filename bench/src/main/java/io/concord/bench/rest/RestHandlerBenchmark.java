package io.concord.bench.rest;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GetMessageReactionsEncoder;
import io.concord.codecs.HistoryResponseEncoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageReactionsEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.edge.auth.TokenCodec;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.core.CoreRequests;
import io.concord.edge.http.HttpApiHandler;
import io.concord.edge.http.RestApi;
import io.concord.edge.rest.RestConfiguration;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The edge's REST work per request, measured in an embedded channel with a core that answers at once: route match,
 * token check, rate limits, JSON body parse and validation, SBE command encode, reply decode and JSON render.
 * {@code createMessage} is {@code POST /channels/{id}/messages} with 200 bytes of content; {@code history50} is
 * {@code GET /channels/{id}/messages} answered with a page of 50 such messages. Run with {@code -prof gc} for the
 * bytes allocated per request. No network and no core: the edge's own CPU and garbage only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Dchronicle.analytics.disable=true" })
public class RestHandlerBenchmark
{
    static final long USER_ID = 1L << 40;
    static final long GUILD_ID = 2L << 40;
    static final long CHANNEL_ID = 3L << 40;
    static final int CONTENT_CHARS = 200;
    static final int PAGE = 50;

    private EmbeddedChannel channel;
    private RestApi api;
    private String authorization;
    private byte[] createBody;
    private final HttpHeaders trailers = new DefaultHttpHeaders();

    /**
     * A core that answers every command with the canned frame for its kind, on the requesting executor: a message for
     * a create, a page for a history read, and no reactions for the reactions read that follows a page.
     */
    static final class CannedCore implements CoreRequests
    {
        private final UnsafeBuffer messageCreated;
        private final UnsafeBuffer history;
        private final UnsafeBuffer noReactions;
        private long correlationId;

        CannedCore(final UnsafeBuffer messageCreated, final UnsafeBuffer history, final UnsafeBuffer noReactions)
        {
            this.messageCreated = messageCreated;
            this.history = history;
            this.noReactions = noReactions;
        }

        public int edgeId()
        {
            return 1;
        }

        public long nextCorrelationId()
        {
            return ++correlationId;
        }

        public boolean request(
            final long correlationId,
            final DirectBuffer frame,
            final int offset,
            final int length,
            final EventExecutor executor,
            final CoreReplyHandler handler,
            final long timeoutMs)
        {
            final int templateId = frame.getShort(offset + 2, MessageHeaderEncoder.BYTE_ORDER) & 0xFFFF;
            if (GetMessageReactionsEncoder.TEMPLATE_ID == templateId)
            {
                handler.onReply(MessageReactionsEncoder.TEMPLATE_ID, noReactions, 0, noReactions.capacity());
                return true;
            }
            final boolean create = CreateMessageEncoder.TEMPLATE_ID == templateId;
            final UnsafeBuffer reply = create ? messageCreated : history;
            handler.onReply(create ? MessageCreatedEncoder.TEMPLATE_ID : HistoryResponseEncoder.TEMPLATE_ID,
                reply, 0, reply.capacity());
            return true;
        }

        public boolean send(final DirectBuffer frame, final int offset, final int length)
        {
            return true;
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final String content = "x".repeat(CONTENT_CHARS);
        final ExpandableArrayBuffer created = new ExpandableArrayBuffer(1024);
        final MessageCreatedEncoder message = new MessageCreatedEncoder()
            .wrapAndApplyHeader(created, 0, new MessageHeaderEncoder())
            .edgeId(1).correlationId(1).guildId(GUILD_ID).channelId(CHANNEL_ID).messageId(USER_ID + 7)
            .authorId(USER_ID).referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE);
        message.mentionsCount(0);
        message.nonce("").authorName("bench").content(content);
        final UnsafeBuffer createdFrame = new UnsafeBuffer(Arrays.copyOf(created.byteArray(),
            MessageHeaderEncoder.ENCODED_LENGTH + message.encodedLength()));

        final ExpandableArrayBuffer page = new ExpandableArrayBuffer(64 * 1024);
        final HistoryResponseEncoder history = new HistoryResponseEncoder()
            .wrapAndApplyHeader(page, 0, new MessageHeaderEncoder())
            .edgeId(1).correlationId(1).status(ReplyStatus.OK).guildId(GUILD_ID).channelId(CHANNEL_ID);
        final HistoryResponseEncoder.MessagesEncoder messages = history.messagesCount(PAGE);
        for (int i = 0; i < PAGE; i++)
        {
            messages.next().messageId(USER_ID + 100 - i).authorId(USER_ID).editedTimestampMs(0)
                .referencedMessageId(0).flags(0).authorName("bench").content(content);
        }
        final UnsafeBuffer historyFrame = new UnsafeBuffer(Arrays.copyOf(page.byteArray(),
            MessageHeaderEncoder.ENCODED_LENGTH + history.encodedLength()));

        final ExpandableArrayBuffer reactions = new ExpandableArrayBuffer(64);
        final MessageReactionsEncoder none = new MessageReactionsEncoder()
            .wrapAndApplyHeader(reactions, 0, new MessageHeaderEncoder()).edgeId(1).correlationId(1);
        none.reactionsCount(0);
        final UnsafeBuffer reactionsFrame = new UnsafeBuffer(Arrays.copyOf(reactions.byteArray(),
            MessageHeaderEncoder.ENCODED_LENGTH + none.encodedLength()));

        final byte[] key = new byte[TokenCodec.KEY_LENGTH];
        final RestConfiguration.Context ctx = new RestConfiguration.Context()
            .bucket(RestConfiguration.GLOBAL_BUCKET, "1000000/1000")
            .bucket("messages.post", "1000000/1000")
            .bucket("messages", "1000000/1000")
            .conclude();
        final TokenVerifier tokens = new TokenVerifier(key);
        api = new RestApi(ctx, new CannedCore(createdFrame, historyFrame, reactionsFrame), tokens,
            SystemEpochClock.INSTANCE);
        authorization = "Bot " + tokens.issue(USER_ID, 0, System.currentTimeMillis() / 1000);
        channel = new EmbeddedChannel(new HttpApiHandler(api));
        createBody = ("{\"content\":\"" + content + "\",\"nonce\":\"12345\",\"tts\":false}")
            .getBytes(StandardCharsets.UTF_8);
        if (200 != createMessage() || 200 != history50())
        {
            throw new IllegalStateException("the REST handler did not answer 200");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        channel.finishAndReleaseAll();
        api.close();
    }

    private int exchange(final FullHttpRequest request)
    {
        request.headers()
            .set(HttpHeaderNames.HOST, "127.0.0.1")
            .set(HttpHeaderNames.AUTHORIZATION, authorization);
        channel.writeInbound(request);
        channel.runPendingTasks();
        final FullHttpResponse response = channel.readOutbound();
        final int status = response.status().code();
        response.release();
        return status;
    }

    @Benchmark
    public int createMessage()
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
            "/api/v10/channels/" + CHANNEL_ID + "/messages", Unpooled.wrappedBuffer(createBody),
            new DefaultHttpHeaders(), trailers);
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return exchange(request);
    }

    @Benchmark
    public int history50()
    {
        return exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
            "/api/v10/channels/" + CHANNEL_ID + "/messages?limit=50", Unpooled.EMPTY_BUFFER,
            new DefaultHttpHeaders(), trailers));
    }
}
