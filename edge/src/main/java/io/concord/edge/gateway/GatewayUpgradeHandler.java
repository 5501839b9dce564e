package io.concord.edge.gateway;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

import java.util.List;

/**
 * Turns a WebSocket upgrade on {@code /gateway} or {@code /} (query {@code v=10&encoding=json[&compress=zlib-stream]})
 * into a gateway connection; every other request goes on to the HTTP API. After the handshake the pipeline is
 * [WebSocket decoder/encoder, bounded frame aggregator, {@link GatewayHandler}]. Sharable; runs on each
 * connection's event loop.
 */
@ChannelHandler.Sharable
public final class GatewayUpgradeHandler extends ChannelInboundHandlerAdapter
{
    /**
     * Path the REST {@code GET /gateway} hands out.
     */
    public static final String GATEWAY_PATH = "/gateway";
    public static final int API_VERSION = 10;

    private final Gateway gateway;
    private final WebSocketDecoderConfig decoderConfig;
    private final String[] handlersToRemove;

    /**
     * @param gateway          the gateway.
     * @param handlersToRemove names of HTTP-only handlers to take out of the pipeline after the upgrade.
     */
    public GatewayUpgradeHandler(final Gateway gateway, final String... handlersToRemove)
    {
        this.gateway = gateway;
        this.handlersToRemove = handlersToRemove.clone();
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(gateway.context().maxPayloadBytes())
            .allowExtensions(false)
            .closeOnProtocolViolation(false)
            .build();
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof FullHttpRequest) || !isGatewayUpgrade((FullHttpRequest)msg))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final FullHttpRequest request = (FullHttpRequest)msg;
        try
        {
            upgrade(ctx, request);
        }
        finally
        {
            request.release();
        }
    }

    /**
     * @param uri request URI.
     * @return true when its path is one the gateway serves.
     */
    static boolean isGatewayPath(final String uri)
    {
        final String path = new QueryStringDecoder(uri).path();
        return GATEWAY_PATH.equals(path) || (GATEWAY_PATH + "/").equals(path) || "/".equals(path);
    }

    private static boolean isGatewayUpgrade(final FullHttpRequest request)
    {
        return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true) &&
            isGatewayPath(request.uri());
    }

    private void upgrade(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        final String url = "ws://" + host + GATEWAY_PATH;
        final WebSocketServerHandshaker handshaker =
            new WebSocketServerHandshakerFactory(url, null, decoderConfig).newHandshaker(request);
        if (null == handshaker)
        {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }

        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final String version = first(query, "v");
        final String encoding = first(query, "encoding");
        final boolean zlibStream = "zlib-stream".equals(first(query, "compress"));
        final ChannelPipeline pipeline = ctx.pipeline();

        final ChannelFuture handshake = handshaker.handshake(ctx.channel(), request);
        handshake.addListener((ChannelFutureListener)(future) ->
        {
            if (!future.isSuccess())
            {
                future.channel().close();
                return;
            }
            for (final String name : handlersToRemove)
            {
                if (null != pipeline.get(name))
                {
                    pipeline.remove(name);
                }
            }
            pipeline.remove(this);
            if (null != version && !Integer.toString(API_VERSION).equals(version))
            {
                refuse(future, GatewayCloseCodes.INVALID_API_VERSION,
                    "invalid API version " + version + ": only v=" + API_VERSION + " is served");
            }
            else if (null != encoding && !"json".equals(encoding))
            {
                refuse(future, GatewayCloseCodes.DECODE_ERROR, "encoding=" + encoding + " is not supported: use json");
            }
            else
            {
                pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(gateway.context().maxPayloadBytes()));
                pipeline.addLast("gateway", gateway.newConnectionHandler(
                    future.channel().eventLoop(), url, zlibStream));
            }
        });
    }

    private static void refuse(final ChannelFuture future, final int code, final String reason)
    {
        future.channel().writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    private static String first(final QueryStringDecoder query, final String name)
    {
        final List<String> values = query.parameters().get(name);
        return null == values || values.isEmpty() ? null : values.get(0);
    }
}
