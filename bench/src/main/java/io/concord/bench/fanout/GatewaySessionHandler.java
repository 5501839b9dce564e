package io.concord.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One gateway session of a load generator, on its channel's event loop (all state is that thread's): waits for
 * Hello, identifies with its token, heartbeats at the announced interval (first beat at a random fraction of it, as
 * Discord asks) with the last sequence seen, answers op 1 at once, and parses every frame it receives: the envelope
 * ({@code op}, {@code s}, {@code t}) of each, and of MESSAGE_CREATE the probe in the content. The session counts as
 * ready once its GUILD_CREATE arrived (it is then subscribed to the guild's channels). An Invalid Session (op 9)
 * before that is answered as Discord asks, with a fresh Identify after a random 1-5 s, at most
 * {@link #MAX_IDENTIFIES} times (each retry counted); a close frame's code and reason are counted per code. With
 * zlib-stream the binary frames are inflated through one {@link Inflater} per session (the stream's context spans the
 * connection).
 * <p>
 * In a reconnect storm ({@link #storm(int)}) the session drops its connection, and the same handler, with its
 * sequence, session id and delivery bits, serves the next connection ({@link Reconnector}): hence sharable, though
 * only ever in one pipeline at a time.
 */
@ChannelHandler.Sharable
final class GatewaySessionHandler extends SimpleChannelInboundHandler<WebSocketFrame>
{
    static final int INTENTS = 1 | (1 << 9) | (1 << 15);
    static final int MAX_IDENTIFIES = 5;

    private static final byte[] OP = ascii("\"op\":");
    private static final byte[] SEQ = ascii("\"s\":");
    private static final byte[] TYPE = ascii("\"t\":\"");
    private static final byte[] CONTENT = ascii("\"content\":\"");
    private static final byte[] HEARTBEAT_INTERVAL = ascii("\"heartbeat_interval\":");
    private static final byte[] MESSAGE_CREATE = ascii("MESSAGE_CREATE\"");
    private static final byte[] GUILD_CREATE = ascii("GUILD_CREATE\"");
    private static final byte[] READY = ascii("READY\"");
    private static final byte[] RESUMED = ascii("RESUMED\"");
    private static final byte[] SESSION_ID = ascii("\"session_id\":\"");
    private static final int INFLATE_BUFFER_BYTES = 1024 * 1024;
    private static final FastThreadLocal<byte[]> INFLATED = new FastThreadLocal<>()
    {
        protected byte[] initialValue()
        {
            return new byte[INFLATE_BUFFER_BYTES];
        }
    };

    private final String token;
    private final LoadClient.Stats stats;
    private final DeliveryRecorder recorder;
    private final long[] seen;
    private final long[] probe = new long[2];
    private final Inflater inflater;
    private ByteBuf pendingCompressed;
    private ScheduledFuture<?> heartbeat;
    private long lastSeq = -1;
    private int identifies;
    private boolean closeCounted;
    private boolean ready;
    private boolean failed;
    private final ReconnectStorm storm;
    private final URI history;
    private Reconnector reconnector;
    private volatile ChannelHandlerContext current;
    private String sessionId;
    private int stormMode = ReconnectStorm.NONE;
    private boolean stormBack;
    private boolean dropping;
    private long dropNs;

    /**
     * Opens the next connection of a session, with this handler in its pipeline.
     */
    @FunctionalInterface
    interface Reconnector
    {
        void reconnect(GatewaySessionHandler session);
    }

    /**
     * @param token    the session's token.
     * @param stats    the process's session counters.
     * @param recorder the process's delivery recorder.
     * @param compress whether the URL asked for zlib-stream.
     * @param storm    the process's reconnect storm.
     * @param history  the channel history URL on this session's edge, or null.
     */
    GatewaySessionHandler(
        final String token,
        final LoadClient.Stats stats,
        final DeliveryRecorder recorder,
        final boolean compress,
        final ReconnectStorm storm,
        final URI history)
    {
        this.storm = storm;
        this.history = history;
        this.token = token;
        this.stats = stats;
        this.recorder = recorder;
        this.seen = new long[(recorder.messages() + 63) / 64];
        this.inflater = compress ? new Inflater() : null;
    }

    /**
     * @param reconnector opens this session's next connection in a storm.
     */
    void reconnector(final Reconnector reconnector)
    {
        this.reconnector = reconnector;
    }

    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        current = ctx;
    }

    /**
     * Starts this session's part of a storm, on its event loop; sessions not ready stay out of it.
     *
     * @param mode {@link ReconnectStorm#RESUME} or {@link ReconnectStorm#IDENTIFY}.
     * @return true when the session takes part.
     */
    boolean storm(final int mode)
    {
        final ChannelHandlerContext ctx = current;
        if (null == ctx || null == reconnector)
        {
            return false;
        }
        ctx.executor().execute(() ->
        {
            if (!ready || ReconnectStorm.NONE != stormMode || !ctx.channel().isActive())
            {
                return;
            }
            stormMode = mode;
            dropping = true;
            dropNs = System.nanoTime();
            storm.dropped.increment();
            ctx.channel().close();
        });
        return true;
    }

    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE == evt)
        {
            stats.connected.increment();
        }
        else if (WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT == evt)
        {
            fail(ctx, "handshake timeout");
        }
        super.userEventTriggered(ctx, evt);
    }

    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        final long recvNs = FanoutContent.epochNanos();
        if (frame instanceof TextWebSocketFrame)
        {
            onPayload(ctx, frame.content(), recvNs);
        }
        else if (frame instanceof BinaryWebSocketFrame && null != inflater)
        {
            onCompressed(ctx, frame.content(), recvNs);
        }
        else if (frame instanceof CloseWebSocketFrame)
        {
            final CloseWebSocketFrame close = (CloseWebSocketFrame)frame;
            closeCounted = true;
            stats.onClose((ready ? "after ready: " : "before ready: ") + close.statusCode() + " " +
                close.reasonText());
            ctx.close();
        }
    }

    private void onCompressed(final ChannelHandlerContext ctx, final ByteBuf content, final long recvNs)
    {
        final ByteBuf input;
        if (null != pendingCompressed)
        {
            pendingCompressed.writeBytes(content);
            input = pendingCompressed;
        }
        else
        {
            input = content;
        }
        final int n = input.readableBytes();
        final boolean flushed = n >= 4 && input.getByte(input.writerIndex() - 4) == 0 &&
            input.getByte(input.writerIndex() - 3) == 0 && (input.getByte(input.writerIndex() - 2) & 0xFF) == 0xFF &&
            (input.getByte(input.writerIndex() - 1) & 0xFF) == 0xFF;
        if (!flushed)
        {
            if (null == pendingCompressed)
            {
                pendingCompressed = ctx.alloc().heapBuffer(n * 2);
                pendingCompressed.writeBytes(content);
            }
            return;
        }
        final byte[] compressed = new byte[n];
        input.getBytes(input.readerIndex(), compressed);
        if (null != pendingCompressed)
        {
            pendingCompressed.release();
            pendingCompressed = null;
        }
        inflater.setInput(compressed);
        final byte[] out = INFLATED.get();
        try
        {
            final int length = inflater.inflate(out);
            if (inflater.getRemaining() > 0)
            {
                stats.parseErrors.increment();
                return;
            }
            onPayload(ctx, Unpooled.wrappedBuffer(out, 0, length), recvNs);
        }
        catch (final DataFormatException ex)
        {
            stats.parseErrors.increment();
            fail(ctx, "zlib: " + ex.getMessage());
        }
    }

    private void onPayload(final ChannelHandlerContext ctx, final ByteBuf payload, final long recvNs)
    {
        stats.frames.increment();
        stats.bytes.add(payload.readableBytes());
        final int opAt = FanoutContent.indexAfter(payload, OP, 0);
        final long op = opAt < 0 ? -1 : FanoutContent.number(payload, opAt);
        switch ((int)op)
        {
            case 0:
                onDispatch(ctx, payload, recvNs);
                break;
            case 1:
                sendHeartbeat(ctx);
                break;
            case 10:
                onHello(ctx, payload);
                break;
            case 11:
                stats.heartbeatAcks.increment();
                break;
            case 9:
                onInvalidSession(ctx);
                break;
            case 7:
                if (ready)
                {
                    stats.onClose("after ready: op 7 reconnect");
                    ctx.close();
                }
                else
                {
                    fail(ctx, "reconnect requested");
                }
                break;
            default:
                stats.parseErrors.increment();
                break;
        }
    }

    private void onHello(final ChannelHandlerContext ctx, final ByteBuf payload)
    {
        final int at = FanoutContent.indexAfter(payload, HEARTBEAT_INTERVAL, 0);
        final long intervalMs = at < 0 ? -1 : FanoutContent.number(payload, at);
        if (intervalMs <= 0)
        {
            stats.parseErrors.increment();
            fail(ctx, "hello without heartbeat_interval");
            return;
        }
        final long firstMs = (long)(ThreadLocalRandom.current().nextDouble() * intervalMs);
        heartbeat = ctx.executor().scheduleAtFixedRate(
            () -> sendHeartbeat(ctx), firstMs, intervalMs, TimeUnit.MILLISECONDS);
        if (ReconnectStorm.RESUME == stormMode && !stormBack && null != sessionId)
        {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"op\":6,\"d\":{\"token\":\"" + token +
                "\",\"session_id\":\"" + sessionId + "\",\"seq\":" + Math.max(0, lastSeq) + "}}"));
            return;
        }
        identify(ctx);
    }

    private boolean awaitingReady()
    {
        return !ready || (ReconnectStorm.NONE != stormMode && !stormBack);
    }

    private void identify(final ChannelHandlerContext ctx)
    {
        if (!ctx.channel().isActive() || !awaitingReady())
        {
            return;
        }
        identifies++;
        ctx.writeAndFlush(new TextWebSocketFrame("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" +
            INTENTS + ",\"properties\":{\"os\":\"linux\",\"browser\":\"concord-bench\"," +
            "\"device\":\"concord-bench\"}}}"));
    }

    /**
     * Before READY (identify refused: core busy or not answering in time, identify rate limit) a fresh Identify after
     * 1-5 s, as Discord asks; after READY the session is gone, which loses deliveries and is counted as a close.
     */
    private void onInvalidSession(final ChannelHandlerContext ctx)
    {
        if (ReconnectStorm.RESUME == stormMode && !stormBack)
        {
            // The edge could not resume it (window passed, replay gone): identify afresh; what it missed is lost.
            storm.resumeRefused.increment();
            stormMode = ReconnectStorm.IDENTIFY;
            ctx.executor().schedule(() -> identify(ctx), 1000 + ThreadLocalRandom.current().nextLong(4000),
                TimeUnit.MILLISECONDS);
            return;
        }
        if (ready && !awaitingReady())
        {
            closeCounted = true;
            stats.onClose("after ready: op 9 invalid session");
            ctx.close();
            return;
        }
        if (identifies >= MAX_IDENTIFIES)
        {
            if (ready)
            {
                storm.failed.increment();
                closeCounted = true;
                stats.onClose("storm: invalid session (op 9) after " + identifies + " identifies");
                ctx.close();
                return;
            }
            fail(ctx, "invalid session (op 9) after " + identifies + " identifies");
            return;
        }
        stats.reidentifies.increment();
        final long delayMs = 1000 + ThreadLocalRandom.current().nextLong(4000);
        ctx.executor().schedule(() -> identify(ctx), delayMs, TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isActive())
        {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"op\":1,\"d\":" + (lastSeq < 0 ? "null" : lastSeq) + "}"));
            stats.heartbeats.increment();
        }
    }

    private void onDispatch(final ChannelHandlerContext ctx, final ByteBuf payload, final long recvNs)
    {
        final int seqAt = FanoutContent.indexAfter(payload, SEQ, 0);
        final long seq = seqAt < 0 ? -1 : FanoutContent.number(payload, seqAt);
        final int typeAt = FanoutContent.indexAfter(payload, TYPE, 0);
        if (seq < 0 || typeAt < 0)
        {
            stats.parseErrors.increment();
            return;
        }
        lastSeq = seq;
        if (startsWith(payload, typeAt, MESSAGE_CREATE))
        {
            final int contentAt = FanoutContent.indexAfter(payload, CONTENT, typeAt);
            if (contentAt < 0 || !FanoutContent.parse(payload, contentAt, probe))
            {
                stats.otherMessages.increment();
                return;
            }
            final long probeSeq = probe[0];
            if (probeSeq >= recorder.messages())
            {
                recorder.onUnexpected();
                return;
            }
            final int word = (int)(probeSeq >>> 6);
            final long bit = 1L << (probeSeq & 63);
            if (0 != (seen[word] & bit))
            {
                recorder.onDuplicate();
                return;
            }
            seen[word] |= bit;
            recorder.onDelivery((int)probeSeq, probe[1], recvNs);
        }
        else if (startsWith(payload, typeAt, GUILD_CREATE))
        {
            if (!ready)
            {
                ready = true;
                stats.onReady();
            }
            else if (ReconnectStorm.IDENTIFY == stormMode && !stormBack)
            {
                stormBack = true;
                storm.onBack(dropNs, false, history, token);
            }
        }
        else if (startsWith(payload, typeAt, RESUMED))
        {
            if (ReconnectStorm.RESUME == stormMode && !stormBack)
            {
                stormBack = true;
                storm.onBack(dropNs, true, history, token);
            }
        }
        else if (startsWith(payload, typeAt, READY))
        {
            stats.readyFrames.increment();
            final int idAt = FanoutContent.indexAfter(payload, SESSION_ID, typeAt);
            if (idAt > 0)
            {
                final int end = payload.indexOf(idAt, payload.writerIndex(), (byte)'"');
                if (end > idAt)
                {
                    sessionId = payload.toString(idAt, end - idAt, StandardCharsets.US_ASCII);
                }
            }
        }
    }

    /**
     * @return how many measured messages this session received (each once).
     */
    int received()
    {
        int count = 0;
        for (final long word : seen)
        {
            count += Long.bitCount(word);
        }
        return count;
    }

    boolean isReady()
    {
        return ready;
    }

    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != heartbeat)
        {
            heartbeat.cancel(false);
        }
        if (null != pendingCompressed)
        {
            pendingCompressed.release();
            pendingCompressed = null;
        }
        if (dropping && !stats.closing)
        {
            dropping = false;
            if (null != inflater)
            {
                inflater.reset();
            }
            reconnector.reconnect(this);
            super.channelInactive(ctx);
            return;
        }
        if (null != inflater)
        {
            inflater.end();
        }
        if (!stats.closing)
        {
            if (ReconnectStorm.NONE != stormMode && !stormBack)
            {
                storm.failed.increment();
            }
            if (ready)
            {
                stats.closedAfterReady.increment();
                if (!closeCounted)
                {
                    stats.onClose("after ready: connection closed without a close frame");
                }
            }
            else
            {
                fail(ctx, "closed before ready");
            }
        }
        super.channelInactive(ctx);
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (ready)
        {
            closeCounted = true;
            stats.onClose("after ready: client error " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            ctx.close();
        }
        else
        {
            fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private void fail(final ChannelHandlerContext ctx, final String reason)
    {
        if (!failed && !ready)
        {
            failed = true;
            stats.onFailed(reason);
        }
        ctx.close();
    }

    private static boolean startsWith(final ByteBuf buf, final int at, final byte[] prefix)
    {
        if (at + prefix.length > buf.writerIndex())
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buf.getByte(at + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
