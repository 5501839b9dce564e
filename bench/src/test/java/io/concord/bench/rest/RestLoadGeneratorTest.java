package io.concord.bench.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed-loop generator against a small Netty HTTP server on loopback: it sends exactly the bounded count, counts
 * non-200 answers and dropped connections as errors (keeping the first one's description), stops at its time bound,
 * and sends the request it was given.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestLoadGeneratorTest
{
    private static final RestLoadGenerator.RequestSpec POST = new RestLoadGenerator.RequestSpec(
        HttpMethod.POST, "/api/v10/channels/1/messages", "{\"content\":\"hi\"}", "Bot token");

    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger wrongRequests = new AtomicInteger();
    private volatile int failOnRequest = -1;
    private volatile int closeOnRequest = -1;

    @AfterEach
    void stop()
    {
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void sendsExactlyTheBoundedCountAndCountsANon200AsAnError() throws Exception
    {
        failOnRequest = 3;
        try (RestLoadGenerator load = new RestLoadGenerator("127.0.0.1", startServer()))
        {
            final RestLoadGenerator.Result result = load.run(POST, 4, 100, 30_000);
            assertEquals(100, result.completed());
            assertEquals(100, received.get());
            assertEquals(0, wrongRequests.get());
            assertEquals(1, result.errors());
            assertEquals(99, result.latencyNs().getTotalCount());
            assertTrue(result.firstError().startsWith("503 busy"), result.firstError());
        }
    }

    @Test
    void aConnectionDroppedWithARequestInFlightIsAnErrorAndTheRunStillEnds() throws Exception
    {
        closeOnRequest = 5;
        try (RestLoadGenerator load = new RestLoadGenerator("127.0.0.1", startServer()))
        {
            final RestLoadGenerator.Result result = load.run(POST, 2, 50, 30_000);
            assertEquals(1, result.errors());
            assertTrue(result.firstError().startsWith("connection lost"), result.firstError());
            assertEquals(result.completed(), result.latencyNs().getTotalCount());
        }
    }

    @Test
    void stopsAtItsTimeBound() throws Exception
    {
        try (RestLoadGenerator load = new RestLoadGenerator("127.0.0.1", startServer()))
        {
            final RestLoadGenerator.Result result = load.run(POST, 1, Long.MAX_VALUE, 200);
            assertTrue(result.completed() > 0);
            assertEquals(0, result.errors());
        }
    }

    @Test
    void refusedConnectionIsAClearError()
    {
        try (RestLoadGenerator load = new RestLoadGenerator("127.0.0.1", 1))
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> load.run(POST, 1, 1, 1_000));
            assertTrue(ex.getMessage().startsWith("cannot connect to 127.0.0.1:1"), ex.getMessage());
        }
    }

    private int startServer() throws InterruptedException
    {
        final Channel server = new ServerBootstrap()
            .group(serverGroup)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Answer());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress)server.localAddress()).getPort();
    }

    private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final int n = received.incrementAndGet();
            if (!"Bot token".equals(request.headers().get(HttpHeaderNames.AUTHORIZATION)) ||
                !"{\"content\":\"hi\"}".equals(request.content().toString(StandardCharsets.UTF_8)) ||
                !HttpMethod.POST.equals(request.method()))
            {
                wrongRequests.incrementAndGet();
            }
            if (n == closeOnRequest)
            {
                ctx.close();
                return;
            }
            final boolean fail = n == failOnRequest;
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                fail ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                Unpooled.copiedBuffer(fail ? "busy" : "{}", StandardCharsets.UTF_8));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
