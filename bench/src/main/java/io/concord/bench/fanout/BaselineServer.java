package io.concord.bench.fanout;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline twin of {@code bench fanout}: a bare Netty WebSocket broadcast server with no Concord logic. It
 * answers the gateway handshake minimally (Hello on connect; READY and a GUILD_CREATE on Identify; an ACK per
 * heartbeat) and, on {@code POST /broadcast} with the message content as body, renders one MESSAGE_CREATE frame of
 * the same shape and size as Concord's and writes the same bytes (retained duplicates) to every session: one task per
 * event loop over that loop's sessions, a flush per session. Its sessions list per loop is touched only by that
 * loop. Runs until SIGTERM.
 */
@Command(name = "fanout-baseline", mixinStandardHelpOptions = true, description = "bench fanout baseline server")
public final class BaselineServer implements Callable<Integer>
{
    private static final String HELLO = "{\"op\":10,\"d\":{\"heartbeat_interval\":41250},\"s\":null,\"t\":null}";
    private static final String ACK = "{\"op\":11,\"d\":null}";

    @Option(names = "--port", required = true, description = "Port to listen on (127.0.0.1), 0 for any free one.")
    private int port;

    @Option(names = "--threads", description = "Event loops (default: available processors).")
    private int threads = Runtime.getRuntime().availableProcessors();

    private final Map<EventLoop, List<Channel>> sessionsByLoop = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(2);

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new BaselineServer()).execute(args));
    }

    public Integer call() throws Exception
    {
        final boolean epoll = Epoll.isAvailable();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            stopped.countDown();
        }, "baseline-shutdown"));
        final Channel server = new ServerBootstrap().group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new BroadcastTrigger(),
                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(64 * 1024).build()),
                        new SessionHandler());
                }
            }).bind("127.0.0.1", port).sync().channel();
        final int boundPort = ((InetSocketAddress)server.localAddress()).getPort();
        System.out.println("baseline listening on http://127.0.0.1:" + boundPort + " (" + (epoll ? "epoll" : "nio") +
            ")");
        System.out.flush();
        stopped.await();
        server.close();
        return 0;
    }

    private void broadcast(final String content)
    {
        final long seq = sequence.incrementAndGet();
        final String now = Instant.now().toString();
        final String json = "{\"op\":0,\"s\":" + seq + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"type\":0,\"tts\":false," +
            "\"timestamp\":\"" + now + "\",\"referenced_message\":null,\"pinned\":false,\"nonce\":null," +
            "\"mentions\":[],\"mention_roles\":[],\"mention_everyone\":false,\"member\":{\"roles\":[]," +
            "\"premium_since\":null,\"pending\":false,\"nick\":null,\"mute\":false,\"joined_at\":\"" + now + "\"," +
            "\"flags\":0,\"deaf\":false,\"communication_disabled_until\":null,\"avatar\":null},\"id\":\"" +
            (1_000_000_000_000_000L + seq) + "\",\"flags\":0,\"embeds\":[],\"edited_timestamp\":null,\"content\":\"" +
            content + "\",\"components\":[],\"channel_id\":\"1300000000000000000\",\"author\":{\"username\":" +
            "\"fanout-owner\",\"public_flags\":0,\"id\":\"1300000000000000001\",\"global_name\":null," +
            "\"discriminator\":\"0\",\"bot\":true,\"avatar_decoration_data\":null,\"avatar\":null}," +
            "\"attachments\":[],\"guild_id\":\"1300000000000000002\"}}";
        final ByteBuf frame = Unpooled.directBuffer(json.length());
        frame.writeCharSequence(json, StandardCharsets.UTF_8);
        for (final Map.Entry<EventLoop, List<Channel>> entry : sessionsByLoop.entrySet())
        {
            final List<Channel> sessions = entry.getValue();
            final ByteBuf shared = frame.retainedDuplicate();
            entry.getKey().execute(() ->
            {
                for (int i = 0, n = sessions.size(); i < n; i++)
                {
                    final Channel channel = sessions.get(i);
                    if (channel.isActive())
                    {
                        channel.writeAndFlush(new TextWebSocketFrame(shared.retainedDuplicate()),
                            channel.voidPromise());
                    }
                }
                shared.release();
            });
        }
        frame.release();
    }

    /**
     * {@code POST /broadcast}: the body is the content to broadcast; everything else goes on to the WebSocket upgrade.
     */
    private final class BroadcastTrigger extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        BroadcastTrigger()
        {
            super(false);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            if (HttpMethod.POST.equals(request.method()) && request.uri().startsWith("/broadcast"))
            {
                final String content = request.content().toString(StandardCharsets.UTF_8);
                request.release();
                final DefaultFullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                // Answer first: the trigger's own loop is one of the loops about to write to thousands of sessions.
                ctx.writeAndFlush(response);
                broadcast(content);
                return;
            }
            ctx.fireChannelRead(request);
        }
    }

    /**
     * The minimal gateway: Hello, READY + GUILD_CREATE on Identify, ACK on heartbeat.
     */
    private final class SessionHandler extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
        {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                sessionsByLoop.computeIfAbsent(ctx.channel().eventLoop(), (loop) -> new ArrayList<>());
                final List<Channel> sessions = sessionsByLoop.get(ctx.channel().eventLoop());
                sessions.add(ctx.channel());
                ctx.channel().closeFuture().addListener((ChannelFutureListener)(future) -> sessions.remove(future
                    .channel()));
                ctx.writeAndFlush(new TextWebSocketFrame(HELLO));
            }
            super.userEventTriggered(ctx, evt);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final String text = frame.text();
            if (text.startsWith("{\"op\":2"))
            {
                ctx.write(new TextWebSocketFrame("{\"op\":0,\"s\":1,\"t\":\"READY\",\"d\":{\"v\":10," +
                    "\"session_id\":\"baseline\",\"guilds\":[{\"id\":\"1300000000000000002\"," +
                    "\"unavailable\":true}]}}"));
                ctx.writeAndFlush(new TextWebSocketFrame("{\"op\":0,\"s\":2,\"t\":\"GUILD_CREATE\",\"d\":{\"id\":" +
                    "\"1300000000000000002\",\"name\":\"baseline\",\"large\":true,\"member_count\":1}}"));
            }
            else if (text.startsWith("{\"op\":1"))
            {
                ctx.writeAndFlush(new TextWebSocketFrame(ACK));
            }
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            // A client going away (reset at the end of a run) is not news.
            ctx.close();
        }
    }
}
