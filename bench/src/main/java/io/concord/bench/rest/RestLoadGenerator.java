package io.concord.bench.rest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP/1.1 load generator over Netty: {@code connections} keep-alive connections to one server, each
 * with exactly one request in flight, sending its next request when the previous response arrives. Latency is timed
 * from the write of a request to the arrival of its whole response (closed loop: no correction for coordinated
 * omission, so a stalled server slows the offered load instead of growing the measured tail). A run stops after
 * {@code requests} requests were sent or {@code maxDurationMs} passed, whichever comes first, and then waits (bounded)
 * for the responses in flight.
 * <p>
 * All connections live on one client event loop, which alone touches the histogram and the counters; the caller's
 * thread only starts the run and reads the result after it ended.
 */
final class RestLoadGenerator implements AutoCloseable
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    private static final long DRAIN_TIMEOUT_MS = 30_000;
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final String host;
    private final int port;

    /**
     * One request shape, repeated: method, path, optional JSON body and an Authorization header.
     *
     * @param method        HTTP method.
     * @param path          path and query.
     * @param body          JSON body, or null for none.
     * @param authorization value of the Authorization header.
     */
    record RequestSpec(HttpMethod method, String path, String body, String authorization)
    {
        FullHttpRequest newRequest(final String hostHeader)
        {
            final FullHttpRequest request = null == body ?
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, Unpooled.EMPTY_BUFFER) :
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                    Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
            request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.AUTHORIZATION, authorization)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
            if (null != body)
            {
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            }
            return request;
        }
    }

    /**
     * Outcome of one run.
     *
     * @param latencyNs   request → response latency of every 200 answer.
     * @param completed   responses received (any status).
     * @param errors      responses other than 200, plus connections lost with a request in flight.
     * @param elapsedNs   from the first request to the last response.
     * @param firstError  status, body and latency of the first non-200 answer (or the first loss), or null.
     */
    record Result(Histogram latencyNs, long completed, long errors, long elapsedNs, String firstError)
    {
        double throughputPerSec()
        {
            return 0 == elapsedNs ? 0 : (completed - errors) * 1e9 / elapsedNs;
        }
    }

    /**
     * @param host server address (loopback).
     * @param port server port.
     */
    RestLoadGenerator(final String host, final int port)
    {
        this.host = host;
        this.port = port;
    }

    /**
     * Runs one closed-loop phase on fresh connections, closed at the end.
     *
     * @param spec          the request every connection repeats.
     * @param connections   concurrent keep-alive connections (each one request in flight).
     * @param requests      most requests to send.
     * @param maxDurationMs most time to keep sending.
     * @return the latencies and counts.
     * @throws InterruptedException when interrupted while waiting.
     * @throws IllegalStateException when connecting fails or the responses do not come back in time.
     */
    Result run(final RequestSpec spec, final int connections, final long requests, final long maxDurationMs)
        throws InterruptedException
    {
        final Phase phase = new Phase(spec, host + ":" + port, requests, maxDurationMs);
        final List<Channel> channels = new ArrayList<>(connections);
        try
        {
            final Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel ch)
                    {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                            new ClientHandler(phase));
                    }
                });
            for (int i = 0; i < connections; i++)
            {
                final ChannelFuture connect = bootstrap.connect(host, port);
                if (!connect.await(CONNECT_TIMEOUT_MS) || !connect.isSuccess())
                {
                    throw new IllegalStateException("cannot connect to " + host + ":" + port + " (connection " +
                        (i + 1) + " of " + connections + ")", connect.cause());
                }
                channels.add(connect.channel());
            }
            group.next().submit(() -> phase.start(channels)).syncUninterruptibly();
            if (!phase.done.await(maxDurationMs + DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("responses still missing " + DRAIN_TIMEOUT_MS +
                    " ms after the run's time bound: the server is stuck");
            }
            return group.next().submit(phase::result).syncUninterruptibly().getNow();
        }
        finally
        {
            for (final Channel channel : channels)
            {
                channel.close().awaitUninterruptibly(CONNECT_TIMEOUT_MS);
            }
        }
    }

    public void close()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * State of one run, touched only on the client event loop (after {@link #start}).
     */
    private static final class Phase
    {
        private final RequestSpec spec;
        private final String hostHeader;
        private final long requests;
        private final long maxDurationMs;
        private final Histogram latencyNs = new Histogram(MAX_LATENCY_NS, 3);
        private final CountDownLatch done = new CountDownLatch(1);
        private long startNs;
        private long deadlineNs;
        private long lastResponseNs;
        private long sent;
        private long completed;
        private long errors;
        private int inFlight;
        private String firstError;

        Phase(final RequestSpec spec, final String hostHeader, final long requests, final long maxDurationMs)
        {
            this.spec = spec;
            this.hostHeader = hostHeader;
            this.requests = requests;
            this.maxDurationMs = maxDurationMs;
        }

        void start(final List<Channel> channels)
        {
            startNs = System.nanoTime();
            lastResponseNs = startNs;
            deadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(maxDurationMs);
            for (final Channel channel : channels)
            {
                sendNext(channel.pipeline().get(ClientHandler.class), channel);
            }
            finishIfDone();
        }

        void sendNext(final ClientHandler handler, final Channel channel)
        {
            if (null == handler || sent >= requests || System.nanoTime() - deadlineNs >= 0 || !channel.isActive())
            {
                return;
            }
            sent++;
            inFlight++;
            handler.sentNs = System.nanoTime();
            handler.waiting = true;
            channel.writeAndFlush(spec.newRequest(hostHeader));
        }

        void onResponse(final ClientHandler handler, final Channel channel, final FullHttpResponse response)
        {
            final long nowNs = System.nanoTime();
            handler.waiting = false;
            inFlight--;
            completed++;
            lastResponseNs = nowNs;
            if (200 == response.status().code())
            {
                latencyNs.recordValue(Math.min(nowNs - handler.sentNs, MAX_LATENCY_NS));
            }
            else
            {
                onError(response.status().code() + " " + response.content().toString(StandardCharsets.UTF_8) +
                    " after " + TimeUnit.NANOSECONDS.toMillis(nowNs - handler.sentNs) + " ms");
            }
            sendNext(handler, channel);
            finishIfDone();
        }

        void onLost(final ClientHandler handler, final String why)
        {
            if (handler.waiting)
            {
                handler.waiting = false;
                inFlight--;
                onError("connection lost with a request in flight: " + why);
                finishIfDone();
            }
        }

        private void onError(final String description)
        {
            errors++;
            if (null == firstError)
            {
                firstError = description;
            }
        }

        private void finishIfDone()
        {
            if (0 == inFlight && done.getCount() > 0)
            {
                done.countDown();
            }
        }

        Result result()
        {
            return new Result(latencyNs, completed, errors, lastResponseNs - startNs, firstError);
        }
    }

    /**
     * One connection's end: hands responses and losses to the phase.
     */
    private static final class ClientHandler extends SimpleChannelInboundHandler<FullHttpResponse>
    {
        private final Phase phase;
        private long sentNs;
        private boolean waiting;

        ClientHandler(final Phase phase)
        {
            this.phase = phase;
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
        {
            phase.onResponse(this, ctx.channel(), response);
        }

        public void channelInactive(final ChannelHandlerContext ctx)
        {
            phase.onLost(this, "closed by the server");
            ctx.fireChannelInactive();
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            phase.onLost(this, String.valueOf(cause));
            ctx.close();
        }
    }
}
