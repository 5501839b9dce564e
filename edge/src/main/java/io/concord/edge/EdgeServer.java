package io.concord.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Bootstraps the edge's Netty server (HTTP and, with later issues, the gateway WebSocket) on one port and shuts it
 * down gracefully. Created, started and closed by the thread that runs the edge role.
 */
public final class EdgeServer implements AutoCloseable
{
    private static final long QUIET_PERIOD_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final EdgeConfiguration.Context ctx;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> channelClass;
    private final String transportName;
    private Channel serverChannel;

    /**
     * @param ctx concluded edge settings.
     */
    public EdgeServer(final EdgeConfiguration.Context ctx)
    {
        this.ctx = ctx;
        final boolean epoll = "epoll".equals(ctx.transport()) && Epoll.isAvailable();
        final IoHandlerFactory ioHandlerFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        transportName = epoll ? "epoll" : "nio";
        bossGroup = new MultiThreadIoEventLoopGroup(1, ioHandlerFactory);
        workerGroup = new MultiThreadIoEventLoopGroup(ctx.eventLoopThreads(), ioHandlerFactory);
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return the address actually bound (useful with port 0).
     * @throws InterruptedException if interrupted while binding.
     */
    public InetSocketAddress start() throws InterruptedException
    {
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new EdgeInitializer(ctx));

        serverChannel = bootstrap.bind(ctx.host(), ctx.port()).sync().channel();
        return (InetSocketAddress)serverChannel.localAddress();
    }

    /**
     * @return {@code epoll} or {@code nio}: the transport actually in use.
     */
    public String transportName()
    {
        return transportName;
    }

    /**
     * Stops accepting, closes every connection and waits for the event loops to finish.
     */
    public void close()
    {
        if (null != serverChannel)
        {
            serverChannel.close().syncUninterruptibly();
        }
        bossGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        workerGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        bossGroup.terminationFuture().syncUninterruptibly();
        workerGroup.terminationFuture().syncUninterruptibly();
    }
}
