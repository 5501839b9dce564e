package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One gateway connection: the protocol state machine (Hello, Identify/Resume, heartbeats, rate limit, close codes)
 * and the writer of its session's frames. Not sharable; runs on the connection's event loop, except that a Resume
 * of a session homed on another loop first moves the channel to that loop.
 */
final class GatewayHandler extends ChannelInboundHandlerAdapter
{
    private static final int STATE_CONNECTED = 0;
    private static final int STATE_IDENTIFYING = 1;
    private static final int STATE_RESUMING = 2;
    private static final int STATE_ACTIVE = 3;
    private static final int STATE_CLOSED = 4;

    private static final int CLOSE_NORMAL = 1000;
    private static final int CLOSE_GOING_AWAY = 1001;
    private static final int MIN_LARGE_THRESHOLD = 50;
    private static final int MAX_LARGE_THRESHOLD = 250;
    private static final int MAX_SHARD_COUNT = 65_535;

    private final String resumeGatewayUrl;
    private final ZlibStreamDeflater deflater;
    private GatewayLoop loop;
    private ChannelHandlerContext ctx;
    private Channel.Unsafe unsafe;
    private ChannelPromise voidPromise;
    private GatewaySession session;
    private GatewaySession opening;
    private int state = STATE_CONNECTED;
    private int connectionIndex = -1;
    private long lastHeartbeatMs;
    private long rateWindowStartMs;
    private int rateWindowCount;

    /**
     * @param loop             gateway loop of the connection's event loop.
     * @param resumeGatewayUrl {@code resume_gateway_url} for READY.
     * @param zlibStream       whether the client asked for {@code compress=zlib-stream}.
     */
    GatewayHandler(final GatewayLoop loop, final String resumeGatewayUrl, final boolean zlibStream)
    {
        this.loop = loop;
        this.resumeGatewayUrl = resumeGatewayUrl;
        this.deflater = zlibStream ? new ZlibStreamDeflater() : null;
    }

    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        this.unsafe = onlyFrameEncodersBelow(ctx) ? ctx.channel().unsafe() : null;
        this.voidPromise = ctx.voidPromise();
        final int highWaterMark = loop.gateway().context().highWaterMarkBytes();
        ctx.channel().config().setOption(
            ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWaterMark / 2, highWaterMark));
        final long nowMs = loop.gateway().clock().time();
        lastHeartbeatMs = nowMs;
        rateWindowStartMs = nowMs;
        loop.addConnection(this);
        writePayload(loop.gateway().helloPayload());
        ctx.flush();
    }

    public void channelInactive(final ChannelHandlerContext ctx)
    {
        onClosed(true);
        if (null != deflater)
        {
            deflater.close();
        }
        ctx.fireChannelInactive();
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof WebSocketFrame))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final WebSocketFrame frame = (WebSocketFrame)msg;
        try
        {
            if (STATE_CLOSED == state)
            {
                return;
            }
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
            {
                onPayload(frame.content());
            }
            else if (frame instanceof CloseWebSocketFrame)
            {
                onCloseFrame(((CloseWebSocketFrame)frame).statusCode());
            }
            else if (frame instanceof PingWebSocketFrame)
            {
                ctx.write(new PongWebSocketFrame(frame.content().retain()));
            }
        }
        finally
        {
            frame.release();
        }
    }

    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        ctx.flush();
        loop.publishOutCounters();
        ctx.fireChannelReadComplete();
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException)
        {
            close(GatewayCloseCodes.DECODE_ERROR, "invalid or oversized frame: payloads are limited to " +
                loop.gateway().context().maxPayloadBytes() + " bytes");
        }
        else
        {
            close(GatewayCloseCodes.UNKNOWN_ERROR, "internal error");
        }
    }

    long lastHeartbeatMs()
    {
        return lastHeartbeatMs;
    }

    int connectionIndex()
    {
        return connectionIndex;
    }

    void connectionIndex(final int connectionIndex)
    {
        this.connectionIndex = connectionIndex;
    }

    /**
     * Whether every outbound handler between this handler and the head of the pipeline only encodes WebSocket frame
     * objects, so that the raw frame buffers of dispatches would pass through all of them untouched. Then
     * {@link #writeDispatch} hands its buffers to the channel's outbound buffer directly, as the pipeline's head
     * would, instead of walking the pipeline twice per recipient (the per-session contexts it would touch are cache
     * misses at fan-out scale). Anything else there (TLS, a compressing or inspecting handler) keeps the pipeline.
     */
    private static boolean onlyFrameEncodersBelow(final ChannelHandlerContext ctx)
    {
        for (final Map.Entry<String, ChannelHandler> entry : ctx.pipeline())
        {
            final ChannelHandler handler = entry.getValue();
            if (handler == ctx.handler())
            {
                return true;
            }
            if (handler instanceof ChannelOutboundHandler && !(handler instanceof WebSocketFrameEncoder))
            {
                return false;
            }
        }
        return false;
    }

    /**
     * Writes one dispatch of this connection's session: a slice of the loop's header slab holding [frame header,
     * {@code {"op":0,"s":seq}}] and a retained duplicate of the shared tail, which leave in one gathering write
     * ({@code writev}) at flush. A connection whose
     * outbound buffer is over the high-water mark is cut off instead (its session stays resumable).
     *
     * @param seq   the session's sequence number.
     * @param tail  shared tail (not consumed).
     * @param flush whether to flush now.
     */
    void writeDispatch(final long seq, final ByteBuf tail, final boolean flush)
    {
        if (null != unsafe && null == deflater)
        {
            writeDispatchDirect(seq, tail, flush);
            return;
        }
        final Channel channel = ctx.channel();
        if (!channel.isWritable())
        {
            loop.onSlowConsumerClosed();
            detachSession();
            state = STATE_CLOSED;
            channel.close();
            return;
        }
        final int tailLength = tail.readableBytes();
        if (null != deflater)
        {
            final ByteBuf frame = deflater.deflateDispatch(ctx.alloc(), seq, tail);
            loop.onFrameOut(frame.readableBytes());
            ctx.write(frame, ctx.voidPromise());
        }
        else
        {
            final int prefixLength = GatewayFrames.dispatchPrefixLength(seq);
            final long payloadLength = (long)prefixLength + tailLength;
            final int headerLength = GatewayFrames.frameHeaderLength(payloadLength) + prefixLength;
            final ByteBuf slab = loop.headerSlab(headerLength);
            final int start = slab.writerIndex();
            GatewayFrames.frameHeader(slab, GatewayFrames.OPCODE_TEXT, payloadLength);
            GatewayFrames.dispatchPrefix(slab, seq);
            loop.onFrameOut(headerLength + tailLength);
            ctx.write(slab.retainedSlice(start, headerLength), ctx.voidPromise());
            ctx.write(tail.retainedDuplicate(), ctx.voidPromise());
        }
        if (flush)
        {
            ctx.flush();
        }
    }

    /**
     * {@link #writeDispatch} below the pipeline (see {@link #onlyFrameEncodersBelow}): the same two buffers go to
     * the channel's outbound buffer as the pipeline's head would put them there. Called on the channel's event loop.
     */
    private void writeDispatchDirect(final long seq, final ByteBuf tail, final boolean flush)
    {
        final ChannelOutboundBuffer outbound = unsafe.outboundBuffer();
        if (null == outbound || !outbound.isWritable())
        {
            loop.onSlowConsumerClosed();
            detachSession();
            state = STATE_CLOSED;
            ctx.channel().close();
            return;
        }
        final int tailLength = tail.readableBytes();
        final int prefixLength = GatewayFrames.dispatchPrefixLength(seq);
        final long payloadLength = (long)prefixLength + tailLength;
        final int headerLength = GatewayFrames.frameHeaderLength(payloadLength) + prefixLength;
        final ByteBuf slab = loop.headerSlab(headerLength);
        final int start = slab.writerIndex();
        GatewayFrames.frameHeader(slab, GatewayFrames.OPCODE_TEXT, payloadLength);
        GatewayFrames.dispatchPrefix(slab, seq);
        loop.onFrameOut(headerLength + tailLength);
        final ByteBuf header = slab.retainedSlice(start, headerLength);
        final ByteBuf body = tail.retainedDuplicate();
        if (header.hasMemoryAddress() && body.hasMemoryAddress())
        {
            // Native-memory buffers pass every transport's outbound filter unchanged and weigh their readable bytes,
            // so they go into the outbound buffer as the channel's own write would put them, minus two lookups
            // through the channel's pipeline object (one more cold object per recipient).
            outbound.addMessage(header, headerLength, voidPromise);
            outbound.addMessage(body, tailLength, voidPromise);
        }
        else
        {
            unsafe.write(header, voidPromise);
            unsafe.write(body, voidPromise);
        }
        if (flush)
        {
            unsafe.flush();
        }
    }

    /**
     * Closes the connection with a gateway close code and a reason (the close frame is flushed first).
     *
     * @param code   close code.
     * @param reason short reason for the client.
     */
    void close(final int code, final String reason)
    {
        if (STATE_CLOSED == state)
        {
            return;
        }
        state = STATE_CLOSED;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        onClosed(true);
    }

    /**
     * Graceful shutdown: Reconnect (op 7), then close with 4000 so the client reconnects.
     */
    void reconnect()
    {
        if (STATE_CLOSED == state)
        {
            return;
        }
        writePayload(GatewayFrames.reconnectPayload());
        close(GatewayCloseCodes.UNKNOWN_ERROR, "edge shutting down: reconnect");
    }

    private void onClosed(final boolean resumable)
    {
        state = STATE_CLOSED;
        loop.removeConnection(this);
        discardOpening();
        if (null != session)
        {
            if (resumable)
            {
                detachSession();
            }
            else
            {
                final GatewaySession ended = session;
                session = null;
                loop.terminate(ended);
            }
        }
    }

    /**
     * Drops the session this connection's Identify created while the core has not answered (closed, refused, or
     * its hold overflowed); the core is told by whoever learns it last (see {@link #onSessionReady}).
     */
    private void discardOpening()
    {
        if (null != opening)
        {
            final GatewaySession discarded = opening;
            opening = null;
            loop.discard(discarded);
        }
    }

    private void detachSession()
    {
        if (null != session)
        {
            if (session.connection() == this)
            {
                session.detach(loop.gateway().clock().time());
            }
            session = null;
        }
    }

    private void onCloseFrame(final int statusCode)
    {
        // A client closing with 1000/1001 ends its session (bot goes offline); other codes keep it resumable.
        final boolean resumable = CLOSE_NORMAL != statusCode && CLOSE_GOING_AWAY != statusCode;
        onClosed(resumable);
        ctx.writeAndFlush(new CloseWebSocketFrame(CLOSE_NORMAL, "")).addListener(ChannelFutureListener.CLOSE);
    }

    private void onPayload(final ByteBuf content)
    {
        final long nowMs = loop.gateway().clock().time();
        if (nowMs - rateWindowStartMs >= loop.gateway().context().rateLimitWindowMs())
        {
            rateWindowStartMs = nowMs;
            rateWindowCount = 0;
        }
        if (++rateWindowCount > loop.gateway().context().rateLimitCommands())
        {
            close(GatewayCloseCodes.RATE_LIMITED, "rate limited: more than " +
                loop.gateway().context().rateLimitCommands() + " payloads per window");
            return;
        }
        if (content.readableBytes() > loop.gateway().context().maxPayloadBytes())
        {
            close(GatewayCloseCodes.DECODE_ERROR, "payload larger than " +
                loop.gateway().context().maxPayloadBytes() + " bytes");
            return;
        }

        final ClientPayload payload;
        try
        {
            payload = ClientPayload.decode(content);
        }
        catch (final ClientPayload.DecodeException ex)
        {
            close(GatewayCloseCodes.DECODE_ERROR, ex.getMessage());
            return;
        }

        switch (payload.op())
        {
            case GatewayOpcodes.HEARTBEAT:
                lastHeartbeatMs = nowMs;
                writePayload(GatewayFrames.heartbeatAckPayload());
                break;
            case GatewayOpcodes.IDENTIFY:
                onIdentify(payload.dObject(), nowMs);
                break;
            case GatewayOpcodes.RESUME:
                onResume(payload.dObject());
                break;
            case GatewayOpcodes.PRESENCE_UPDATE:
                if (requireActive())
                {
                    onPresenceUpdate(payload.dObject());
                }
                break;
            case GatewayOpcodes.REQUEST_GUILD_MEMBERS:
                if (requireActive())
                {
                    onRequestGuildMembers(payload.dObject(), nowMs);
                }
                break;
            case GatewayOpcodes.VOICE_STATE_UPDATE:
            case GatewayOpcodes.REQUEST_SOUNDBOARD_SOUNDS:
            case GatewayOpcodes.REQUEST_CHANNEL_INFO:
                if (requireActive() && !(payload.d() instanceof Map))
                {
                    close(GatewayCloseCodes.UNKNOWN_OPCODE, "op " + payload.op() + " needs an object \"d\"");
                }
                break;
            default:
                close(GatewayCloseCodes.UNKNOWN_OPCODE, "unknown opcode " + payload.op());
        }
    }

    private boolean requireActive()
    {
        if (STATE_ACTIVE != state)
        {
            close(GatewayCloseCodes.NOT_AUTHENTICATED, "not authenticated: send Identify first");
            return false;
        }
        return true;
    }

    private void onIdentify(final Map<String, Object> d, final long nowMs)
    {
        if (STATE_CONNECTED != state)
        {
            close(GatewayCloseCodes.ALREADY_AUTHENTICATED, "already authenticated");
            return;
        }
        if (null == d || !(d.get("token") instanceof String))
        {
            close(GatewayCloseCodes.UNKNOWN_OPCODE, "Identify needs \"d\" with a string \"token\"");
            return;
        }
        final long userId = loop.gateway().authenticator().authenticate((String)d.get("token"));
        if (IdentifyAuthenticator.UNAUTHENTICATED == userId)
        {
            close(GatewayCloseCodes.AUTHENTICATION_FAILED, "authentication failed");
            return;
        }
        final Object intentsValue = d.get("intents");
        if (!(intentsValue instanceof Long) || !GatewayIntents.isValid((Long)intentsValue))
        {
            close(GatewayCloseCodes.INVALID_INTENTS, "invalid intents: expected an integer within " +
                GatewayIntents.VALID_MASK);
            return;
        }
        final long intents = (Long)intentsValue;

        int shardId = 0;
        int shardCount = 1;
        final Object shard = d.get("shard");
        if (null != shard)
        {
            if (!(shard instanceof List) || ((List<?>)shard).size() != 2 ||
                !(((List<?>)shard).get(0) instanceof Long) || !(((List<?>)shard).get(1) instanceof Long))
            {
                close(GatewayCloseCodes.INVALID_SHARD, "invalid shard: expected [shard_id, num_shards]");
                return;
            }
            final long id = (Long)((List<?>)shard).get(0);
            final long count = (Long)((List<?>)shard).get(1);
            if (count < 1 || count > MAX_SHARD_COUNT || id < 0 || id >= count)
            {
                close(GatewayCloseCodes.INVALID_SHARD, "invalid shard: need 0 <= shard_id < num_shards");
                return;
            }
            shardId = (int)id;
            shardCount = (int)count;
        }

        int largeThreshold = MIN_LARGE_THRESHOLD;
        if (d.get("large_threshold") instanceof Long)
        {
            largeThreshold = (int)Math.max(MIN_LARGE_THRESHOLD,
                Math.min(MAX_LARGE_THRESHOLD, (Long)d.get("large_threshold")));
        }
        PresenceRequest presence = PresenceRequest.online();
        if (null != d.get("presence"))
        {
            try
            {
                presence = PresenceRequest.parse(d.get("presence"));
            }
            catch (final PresenceRequest.InvalidPresenceException ex)
            {
                close(ex.closeCode(), ex.getMessage());
                return;
            }
        }
        final String status = presence.status();

        if (!loop.gateway().identifyLimiter().tryAcquire(userId, shardId, nowMs))
        {
            writePayload(GatewayFrames.invalidSessionPayload(false));
            return;
        }

        state = STATE_IDENTIFYING;
        final long sessionId = loop.nextSessionId();
        final IdentifyRequest request = new IdentifyRequest(
            userId, intents, shardId, shardCount, largeThreshold, status);
        // Held from now on: a multi-shard core's subscriptions for it arrive before its READY is complete.
        opening = new GatewaySession(sessionId, ThreadLocalRandom.current().nextLong(), request);
        loop.addHeldSession(opening, this);
        final GatewayLoop home = loop;
        final PresenceRequest identifyPresence = presence;
        loop.gateway().core().openSession(sessionId, request, new GatewayCore.SessionOpenListener()
        {
            public void onReady(final ReadySnapshot ready)
            {
                home.execute(() -> onSessionReady(home, sessionId, request, ready, identifyPresence));
            }

            public void onRejected(final int reason)
            {
                home.execute(() -> onSessionRejected(reason));
            }
        });
    }

    private void onSessionReady(
        final GatewayLoop home,
        final long sessionId,
        final IdentifyRequest request,
        final ReadySnapshot ready,
        final PresenceRequest presence)
    {
        if (STATE_IDENTIFYING != state || home != loop)
        {
            home.gateway().core().closeSession(sessionId, request.userId());
            return;
        }
        final List<GuildSnapshot> guilds = new ArrayList<>();
        for (final GuildSnapshot guild : ready.guilds())
        {
            if (GatewayIntents.isOnShard(guild.id(), request.shardId(), request.shardCount()))
            {
                guilds.add(guild);
            }
        }
        if (guilds.size() > loop.gateway().context().maxGuildsPerShard())
        {
            discardOpening();
            loop.gateway().core().closeSession(sessionId, request.userId());
            close(GatewayCloseCodes.SHARDING_REQUIRED, "sharding required: more than " +
                loop.gateway().context().maxGuildsPerShard() + " guilds on one shard");
            return;
        }

        final GatewaySession newSession = opening;
        opening = null;
        final ReadyHold held = loop.activate(newSession);
        newSession.attach(this);
        session = newSession;
        state = STATE_ACTIVE;
        for (final long topicId : ready.topicIds())
        {
            loop.subscribe(newSession, topicId);
        }

        dispatchLocal(DispatchRenderer.readyTail(ctx.alloc(), ready, guilds, newSession.sessionIdText(),
            resumeGatewayUrl, request.shardId(), request.shardCount()));
        if ((request.intents() & GatewayIntents.GUILDS) != 0)
        {
            for (final GuildSnapshot guild : guilds)
            {
                dispatchLocal(DispatchRenderer.guildCreateTail(
                    ctx.alloc(), guild, request.userId(), request.largeThreshold(), request.intents()));
            }
        }
        loop.deliverHeld(newSession, held);
        ctx.flush();
        loop.publishOutCounters();
        if (!presence.activities().isEmpty() || presence.afk() || 0 != presence.sinceMs())
        {
            // SessionOpened carries the status only; activities, since and afk follow on the same stream, so after it.
            loop.gateway().core().updatePresence(sessionId, request.userId(), presence);
        }
    }

    private void onSessionRejected(final int reason)
    {
        if (STATE_IDENTIFYING != state)
        {
            return;
        }
        discardOpening();
        state = STATE_CONNECTED;
        switch (reason)
        {
            case SessionRejection.AUTHENTICATION_FAILED:
                close(GatewayCloseCodes.AUTHENTICATION_FAILED, "authentication failed");
                break;
            case SessionRejection.SHARDING_REQUIRED:
                close(GatewayCloseCodes.SHARDING_REQUIRED, "sharding required");
                break;
            case SessionRejection.DISALLOWED_INTENTS:
                close(GatewayCloseCodes.DISALLOWED_INTENTS, "disallowed intents");
                break;
            default:
                writePayload(GatewayFrames.invalidSessionPayload(false));
                ctx.flush();
        }
    }

    private void onResume(final Map<String, Object> d)
    {
        if (STATE_CONNECTED != state)
        {
            close(GatewayCloseCodes.ALREADY_AUTHENTICATED, "already authenticated");
            return;
        }
        if (null == d || !(d.get("token") instanceof String) || !(d.get("session_id") instanceof String) ||
            !(d.get("seq") instanceof Long))
        {
            close(GatewayCloseCodes.UNKNOWN_OPCODE, "Resume needs \"token\", \"session_id\" and an integer \"seq\"");
            return;
        }
        final long userId = loop.gateway().authenticator().authenticate((String)d.get("token"));
        if (IdentifyAuthenticator.UNAUTHENTICATED == userId)
        {
            close(GatewayCloseCodes.AUTHENTICATION_FAILED, "authentication failed");
            return;
        }
        final String sessionIdText = (String)d.get("session_id");
        final long seq = (Long)d.get("seq");
        final GatewayLoop home = sessionIdText.length() == 32 ?
            loop.gateway().loop(GatewayLoop.loopIndexOf(parseHex(sessionIdText, 0))) : null;
        if (null == home)
        {
            invalidSession();
            return;
        }

        state = STATE_RESUMING;
        if (home == loop)
        {
            completeResume(userId, sessionIdText, seq);
        }
        else
        {
            moveTo(home, () -> completeResume(userId, sessionIdText, seq));
        }
    }

    /**
     * Moves this channel to another event loop (the resumed session's home), so the session keeps a single writer.
     */
    private void moveTo(final GatewayLoop home, final Runnable then)
    {
        final Channel channel = ctx.channel();
        loop.removeConnection(this);
        channel.deregister().addListener((ignore) ->
            ((EventLoop)home.executor()).register(channel).addListener((registered) ->
            {
                if (!registered.isSuccess())
                {
                    channel.close();
                    return;
                }
                loop = home;
                loop.addConnection(this);
                then.run();
            }));
    }

    private void completeResume(final long userId, final String sessionIdText, final long seq)
    {
        if (STATE_RESUMING != state)
        {
            return;
        }
        final long sessionId = parseHex(sessionIdText, 0);
        final GatewaySession resumed = loop.session(sessionId);
        if (null == resumed || resumed.isTerminated() || resumed.isHeld() || resumed.userId() != userId ||
            !resumed.sessionIdText().equals(sessionIdText))
        {
            state = STATE_CONNECTED;
            invalidSession();
            return;
        }
        if (seq > resumed.seq() || seq < 0)
        {
            close(GatewayCloseCodes.INVALID_SEQ, "invalid seq " + seq + ": the session is at " + resumed.seq());
            return;
        }
        final long lastSeq = resumed.seq();
        if (seq < lastSeq && resumed.oldestReplayableSeq() > seq + 1)
        {
            // The dispatches after seq are no longer buffered: an exact replay is impossible, start a new session.
            loop.terminate(resumed);
            state = STATE_CONNECTED;
            invalidSession();
            return;
        }
        final GatewayHandler previous = resumed.connection();
        if (null != previous && previous != this)
        {
            previous.detachSession();
            previous.close(GatewayCloseCodes.SESSION_TIMED_OUT, "session resumed on another connection");
        }

        resumed.attach(this);
        session = resumed;
        state = STATE_ACTIVE;
        for (long s = seq + 1; s <= lastSeq; s++)
        {
            writeDispatch(s, resumed.replayTail(s), false);
        }
        dispatchLocal(DispatchRenderer.resumedTail(ctx.alloc()));
        ctx.flush();
        loop.onResumed();
        loop.publishOutCounters();
    }

    private void invalidSession()
    {
        writePayload(GatewayFrames.invalidSessionPayload(false));
        ctx.flush();
    }

    private void onPresenceUpdate(final Map<String, Object> d)
    {
        try
        {
            loop.gateway().core().updatePresence(session.sessionId(), session.userId(), PresenceRequest.parse(d));
        }
        catch (final PresenceRequest.InvalidPresenceException ex)
        {
            close(ex.closeCode(), ex.getMessage());
        }
    }

    /**
     * Op 8: validated here (shape, GUILD_MEMBERS for the full list, the full list's rate limit per guild), answered
     * by the guild's shard with GUILD_MEMBERS_CHUNKs.
     */
    private void onRequestGuildMembers(final Map<String, Object> d, final long nowMs)
    {
        final MemberRequest parsed = MemberRequest.parse(d);
        if (null == parsed)
        {
            close(GatewayCloseCodes.UNKNOWN_OPCODE, "Request Guild Members needs \"guild_id\" and either " +
                "\"user_ids\" or \"query\" with a non-negative integer \"limit\"");
            return;
        }
        final long intents = session.intents();
        if (parsed.isFullList() && (intents & GatewayIntents.GUILD_MEMBERS) == 0)
        {
            close(GatewayCloseCodes.DISALLOWED_INTENTS, "requesting every member needs the GUILD_MEMBERS intent");
            return;
        }
        if (parsed.isFullList())
        {
            final long retryAfterMs = session.memberRequests().tryAcquire(parsed.guildId(), nowMs);
            if (retryAfterMs > 0)
            {
                dispatchLocal(MemberChunkRenderer.rateLimitedTail(
                    ctx.alloc(), parsed.guildId(), parsed.nonce(), retryAfterMs));
                ctx.flush();
                return;
            }
        }
        final MemberRequest request = parsed.presences() && (intents & GatewayIntents.GUILD_PRESENCES) == 0 ?
            new MemberRequest(parsed.guildId(), parsed.query(), parsed.limit(), parsed.userIds(), false,
            parsed.nonce()) : parsed;
        loop.gateway().core().requestGuildMembers(session.sessionId(), session.userId(), request);
    }

    /**
     * Sequences a per-session dispatch rendered for this session only and drops the render's own reference.
     */
    private void dispatchLocal(final ByteBuf tail)
    {
        try
        {
            session.dispatch(tail, false);
        }
        finally
        {
            tail.release();
        }
    }

    private void writePayload(final byte[] payload)
    {
        final ByteBuf frame;
        if (null != deflater)
        {
            frame = deflater.deflatePayload(ctx.alloc(), payload);
        }
        else
        {
            frame = ctx.alloc().directBuffer(GatewayFrames.frameHeaderLength(payload.length) + payload.length);
            GatewayFrames.frameHeader(frame, GatewayFrames.OPCODE_TEXT, payload.length);
            frame.writeBytes(payload);
        }
        loop.onFrameOut(frame.readableBytes());
        ctx.write(frame, ctx.voidPromise());
    }

    private static long parseHex(final String text, final int offset)
    {
        long value = 0;
        for (int i = offset; i < offset + 16; i++)
        {
            final int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0)
            {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
