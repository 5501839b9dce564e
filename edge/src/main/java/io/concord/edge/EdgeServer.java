package io.concord.edge;

import io.concord.edge.gateway.Gateway;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.IdentifyAuthenticator;
import io.concord.edge.http.RestApi;
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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.agrona.concurrent.SystemEpochClock;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Bootstraps the edge's Netty server (HTTP REST and the gateway WebSocket) on one port and shuts it down gracefully:
 * gateway clients get Reconnect (op 7) before the event loops stop. Created, started and closed by the thread that
 * runs the edge role.
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
    private final Gateway gateway;
    private final RestApi restApi;
    private Channel serverChannel;

    /**
     * An edge serving only HTTP: gateway upgrades are not accepted until a core is wired with
     * {@link #EdgeServer(EdgeConfiguration.Context, GatewayCore, IdentifyAuthenticator)}.
     *
     * @param ctx concluded edge settings.
     */
    public EdgeServer(final EdgeConfiguration.Context ctx)
    {
        this(ctx, null, null);
    }

    /**
     * An edge serving HTTP and the gateway.
     *
     * @param ctx           concluded edge settings.
     * @param core          the core link the gateway opens sessions with; null for HTTP only.
     * @param authenticator Identify/Resume token check; required with a core.
     */
    public EdgeServer(
        final EdgeConfiguration.Context ctx, final GatewayCore core, final IdentifyAuthenticator authenticator)
    {
        this(ctx, core, authenticator, null);
    }

    /**
     * An edge serving the REST API, and the gateway when a core is given.
     *
     * @param ctx           concluded edge settings.
     * @param core          the core link the gateway opens sessions with; null for HTTP only.
     * @param authenticator Identify/Resume token check; required with a core.
     * @param restApi       the REST routes' state and core link; null answers only {@code GET /gateway}. The caller
     *                      closes it after this server.
     */
    public EdgeServer(
        final EdgeConfiguration.Context ctx,
        final GatewayCore core,
        final IdentifyAuthenticator authenticator,
        final RestApi restApi)
    {
        this.ctx = ctx;
        this.restApi = restApi;
        final IoHandlerFactory ioHandlerFactory;
        if ("io_uring".equals(ctx.transport()) && IoUring.isAvailable())
        {
            ioHandlerFactory = IoUringIoHandler.newFactory();
            channelClass = IoUringServerSocketChannel.class;
            transportName = "io_uring";
        }
        else if (!"nio".equals(ctx.transport()) && Epoll.isAvailable())
        {
            ioHandlerFactory = EpollIoHandler.newFactory();
            channelClass = EpollServerSocketChannel.class;
            transportName = "epoll";
        }
        else
        {
            ioHandlerFactory = NioIoHandler.newFactory();
            channelClass = NioServerSocketChannel.class;
            transportName = "nio";
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, ioHandlerFactory);
        workerGroup = new MultiThreadIoEventLoopGroup(ctx.eventLoopThreads(), ioHandlerFactory);
        if (null != core)
        {
            if (null == authenticator)
            {
                throw new IllegalArgumentException("a gateway core needs an IdentifyAuthenticator");
            }
            gateway = Gateway.forGroup(ctx, core, authenticator, SystemEpochClock.INSTANCE, workerGroup);
        }
        else
        {
            gateway = null;
        }
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
            .childHandler(new EdgeInitializer(ctx, gateway, restApi));

        serverChannel = bootstrap.bind(ctx.host(), ctx.port()).sync().channel();
        if (null != gateway)
        {
            gateway.startSweeps();
        }
        return (InetSocketAddress)serverChannel.localAddress();
    }

    /**
     * @return {@code io_uring}, {@code epoll} or {@code nio}: the transport actually in use.
     */
    public String transportName()
    {
        return transportName;
    }

    /**
     * @return the gateway, the {@link io.concord.edge.gateway.GatewayCoreListener} the core link pushes to; null
     * when this edge serves HTTP only.
     */
    public Gateway gateway()
    {
        return gateway;
    }

    /**
     * Stops accepting, sends Reconnect to every gateway session, closes every connection and waits for the event
     * loops to finish.
     */
    public void close()
    {
        if (null != serverChannel)
        {
            serverChannel.close().syncUninterruptibly();
        }
        if (null != gateway)
        {
            try
            {
                gateway.shutdown(SHUTDOWN_TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        bossGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        workerGroup.shutdownGracefully(QUIET_PERIOD_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        bossGroup.terminationFuture().syncUninterruptibly();
        workerGroup.terminationFuture().syncUninterruptibly();
    }
}
