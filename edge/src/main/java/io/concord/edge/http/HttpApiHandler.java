package io.concord.edge.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Routes REST v10 requests ({@code /api/v10/...}, also {@code /api/v9/...}) and answers in Discord's JSON shapes.
 * Unknown routes get 404 and known routes with the wrong method 405, each with a Discord error body.
 * Shared by every connection; runs on the connection's event loop and never blocks it.
 */
@ChannelHandler.Sharable
public final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    static final String GATEWAY_PATH = "/gateway";

    private static final String[] API_PREFIXES = { "/api/v10", "/api/v9" };

    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (!request.decoderResult().isSuccess())
        {
            respond(ctx, request, JsonResponses.error(
                ctx.alloc(), HttpResponseStatus.BAD_REQUEST, 0, "400: Bad Request"));
            return;
        }

        final String route = route(request.uri());
        final FullHttpResponse response;
        if (GATEWAY_PATH.equals(route))
        {
            response = HttpMethod.GET.equals(request.method()) ?
                gateway(ctx, request) : methodNotAllowed(ctx);
        }
        else
        {
            response = JsonResponses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, 0, "404: Not Found");
        }

        respond(ctx, request, response);
    }

    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        ctx.flush();
    }

    /**
     * The route below the API prefix, without query string, or null when the path has no known API prefix.
     *
     * @param uri request URI.
     * @return the route such as {@code /gateway}, or null.
     */
    static String route(final String uri)
    {
        final int queryIndex = uri.indexOf('?');
        final String path = queryIndex < 0 ? uri : uri.substring(0, queryIndex);
        for (final String prefix : API_PREFIXES)
        {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'))
            {
                final String route = path.substring(prefix.length());
                return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
            }
        }
        return null;
    }

    private static FullHttpResponse gateway(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        final String url = "ws://" + host + GATEWAY_PATH;
        return JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeEndObject();
        });
    }

    private static FullHttpResponse methodNotAllowed(final ChannelHandlerContext ctx)
    {
        return JsonResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed");
    }

    private static void respond(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final FullHttpResponse response)
    {
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        ctx.write(response);
    }
}
