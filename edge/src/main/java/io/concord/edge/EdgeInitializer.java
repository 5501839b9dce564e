package io.concord.edge;

import io.concord.edge.gateway.Gateway;
import io.concord.edge.gateway.GatewayUpgradeHandler;
import io.concord.edge.http.DiscordHttpObjectAggregator;
import io.concord.edge.http.HttpApiHandler;
import io.concord.edge.http.RestApi;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Builds the pipeline of each accepted connection: HTTP codec, keep-alive, bounded aggregation, then the gateway's
 * WebSocket upgrade on {@code /gateway} and {@code /} (when a gateway is configured) and the REST API for everything
 * else. Runs on the connection's event loop.
 */
public final class EdgeInitializer extends ChannelInitializer<SocketChannel>
{
    private static final int MAX_INITIAL_LINE_BYTES = 8192;
    private static final int MAX_HEADER_BYTES = 16384;
    private static final int MAX_CHUNK_BYTES = 16384;
    private static final String KEEP_ALIVE = "keep-alive";
    private static final String API = "api";

    private final EdgeConfiguration.Context ctx;
    private final HttpApiHandler httpApiHandler;
    private final GatewayUpgradeHandler gatewayUpgradeHandler;

    EdgeInitializer(final EdgeConfiguration.Context ctx)
    {
        this(ctx, null);
    }

    EdgeInitializer(final EdgeConfiguration.Context ctx, final Gateway gateway)
    {
        this(ctx, gateway, null);
    }

    EdgeInitializer(final EdgeConfiguration.Context ctx, final Gateway gateway, final RestApi restApi)
    {
        this.ctx = ctx;
        this.httpApiHandler = new HttpApiHandler(restApi);
        this.gatewayUpgradeHandler = null == gateway ? null : new GatewayUpgradeHandler(gateway, KEEP_ALIVE, API);
    }

    protected void initChannel(final SocketChannel channel)
    {
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http-codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        pipeline.addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler());
        pipeline.addLast("aggregator", new DiscordHttpObjectAggregator(ctx.maxHttpBodyBytes()));
        if (null != gatewayUpgradeHandler)
        {
            pipeline.addLast("gateway-upgrade", gatewayUpgradeHandler);
        }
        pipeline.addLast(API, httpApiHandler);
    }
}
