package io.concord.edge.http;

import io.concord.edge.auth.TokenCodec;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * Routes REST v10 requests ({@code /api/v10/...}, also {@code /api/v9/...}): matches the route, authenticates the
 * token, applies the rate limits, parses the JSON body, then hands the request to its route group, which sends one
 * command to the core and answers when the core replies. Unknown routes get 404 and known routes with the wrong
 * method 405, every error with a Discord body.
 * <p>
 * Shared by every connection; runs on the connection's event loop and never blocks it (password hashing goes to
 * the {@link io.concord.edge.rest.PasswordWorkers}).
 */
@ChannelHandler.Sharable
public final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    static final String GATEWAY_PATH = "/gateway";

    private static final String[] API_PREFIXES = { "/api/v10", "/api/v9" };

    private final RestApi api;

    /**
     * A handler without a core: only {@code GET /gateway} answers; every other known route gets 503.
     */
    public HttpApiHandler()
    {
        this(null);
    }

    /**
     * @param api the REST routes' shared state and core link; null for {@link #HttpApiHandler()}.
     */
    public HttpApiHandler(final RestApi api)
    {
        this.api = api;
    }

    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final ResponseSequencer sequencer = ResponseSequencer.of(ctx);
        final long sequence = sequencer.nextSequence();
        try
        {
            handle(ctx, request, sequencer, sequence);
        }
        catch (final RuntimeException bug)
        {
            // Input is validated before use, so this is a defect in Concord: answer 500 and close.
            final FullHttpResponse response = RestResponses.error(ctx.alloc(), DiscordError.INTERNAL);
            response.headers().set(HttpHeaderNames.VIA, RestResponses.VIA);
            HttpUtil.setKeepAlive(response, false);
            sequencer.complete(ctx, sequence, response, true);
        }
    }

    private void handle(
        final ChannelHandlerContext ctx,
        final FullHttpRequest request,
        final ResponseSequencer sequencer,
        final long sequence)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        final Bare bare = new Bare(ctx, sequencer, sequence, keepAlive);
        if (!request.decoderResult().isSuccess())
        {
            bare.respond(RestResponses.error(ctx.alloc(), DiscordError.BAD_REQUEST));
            return;
        }

        final String route = route(request.uri());
        if (null == route)
        {
            bare.respond(RestResponses.error(ctx.alloc(), DiscordError.NOT_FOUND));
            return;
        }
        final RestRoute.Match match = new RestRoute.Match();
        RestRoute.match(request.method(), segments(route), match);
        if (null == match.route)
        {
            bare.respond(RestResponses.error(ctx.alloc(),
                match.pathMatched ? DiscordError.METHOD_NOT_ALLOWED : DiscordError.NOT_FOUND));
            return;
        }

        final String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
        if (RestRoute.GATEWAY == match.route && null == api)
        {
            bare.respond(UserRoutes.gateway(ctx, host));
            return;
        }
        if (null == api)
        {
            bare.respond(RestResponses.error(ctx.alloc(), DiscordError.SERVICE_UNAVAILABLE));
            return;
        }
        api.onRequest();

        final RestRequest rest = new RestRequest(api, ctx, match.route, match.ids.clone(), match.code,
            new QueryStringDecoder(request.uri()), host, keepAlive, sequencer, sequence);
        rest.addressHash = addressHash(ctx.channel().remoteAddress());
        if (api.invalidRequests().isBanned(rest.addressHash, api.clock().time(), rest.decision))
        {
            rest.respond(RestResponses.rateLimited(ctx.alloc(), rest.decision, api.clock().time()));
            return;
        }
        if (match.route.authenticated() && !authenticate(rest, request))
        {
            rest.error(DiscordError.UNAUTHORIZED);
            return;
        }

        final long majorId = match.route.hasMajor() ? rest.ids[0] : 0;
        final long limitKey = match.route.authenticated() ? rest.userId : addressKey(ctx.channel().remoteAddress());
        api.rateLimiter().tryAcquire(api.bucket(match.route), majorId, limitKey, rest.decision);
        if (!rest.decision.allowed())
        {
            rest.respond(RestResponses.rateLimited(ctx.alloc(), rest.decision, api.clock().time()));
            return;
        }

        if (request.content().isReadable())
        {
            final String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (null != contentType && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))
            {
                rest.formErrors(Map.of("", new String[]{
                    "CONTENT_TYPE_INVALID", "Expected \"Content-Type\" header to be one of {'application/json'}." }));
                return;
            }
        }
        rest.body = JsonBody.parse(request.content());
        switch (rest.body.status())
        {
            case MALFORMED:
                rest.error(DiscordError.INVALID_JSON);
                return;
            case NOT_OBJECT:
                rest.formErrors(Map.of("", new String[]{
                    "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType" }));
                return;
            default:
                break;
        }

        dispatch(rest);
    }

    private static void dispatch(final RestRequest rest)
    {
        switch (rest.route)
        {
            case AUTH_REGISTER, AUTH_LOGIN, AUTH_REVOKE -> AuthRoutes.handle(rest);
            case GATEWAY, GATEWAY_BOT, USER_ME, USER, APPLICATION_ME, OAUTH2_APPLICATION_ME -> UserRoutes.handle(rest);
            case USER_ME_GUILDS, CREATE_DM -> PrivateChannelRoutes.handle(rest);
            case HISTORY, CREATE_MESSAGE, BULK_DELETE, GET_MESSAGE, EDIT_MESSAGE, DELETE_MESSAGE, TYPING ->
                MessageRoutes.handle(rest);
            case ADD_REACTION, REMOVE_REACTION, GET_REACTIONS, REMOVE_USER_REACTION, REMOVE_EMOJI_REACTIONS,
                REMOVE_ALL_REACTIONS -> ReactionRoutes.handle(rest);
            case GET_CHANNEL, UPDATE_CHANNEL, DELETE_CHANNEL, PUT_OVERWRITE, DELETE_OVERWRITE, CREATE_INVITE,
                GET_INVITE, ACCEPT_INVITE, DELETE_INVITE -> ChannelRoutes.handle(rest);
            default -> GuildRoutes.handle(rest);
        }
    }

    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        ctx.flush();
    }

    private boolean authenticate(final RestRequest rest, final FullHttpRequest request)
    {
        final String token = TokenCodec.tokenOf(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        final long userId = null == token ? TokenVerifier.UNAUTHENTICATED : api.tokens().authenticate(token);
        rest.userId = userId;
        return TokenVerifier.UNAUTHENTICATED != userId;
    }

    /**
     * Unauthenticated requests are limited per client address: a negative key never collides with a user id.
     */
    private static long addressKey(final SocketAddress address)
    {
        return -1L - (addressHash(address) & 0xFFFF_FFFFL);
    }

    private static int addressHash(final SocketAddress address)
    {
        return address instanceof InetSocketAddress ? ((InetSocketAddress)address).getAddress().hashCode() : 0;
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

    private static String[] segments(final String route)
    {
        final String trimmed = route.startsWith("/") ? route.substring(1) : route;
        final String[] segments = trimmed.split("/", -1);
        for (int i = 0; i < segments.length; i++)
        {
            if (segments[i].indexOf('%') >= 0)
            {
                segments[i] = QueryStringDecoder.decodeComponent(segments[i]);
            }
        }
        return segments;
    }

    /**
     * Answers a request that never became a {@link RestRequest} (no route, no core), in sequence.
     */
    private record Bare(ChannelHandlerContext ctx, ResponseSequencer sequencer, long sequence, boolean keepAlive)
    {
        void respond(final FullHttpResponse response)
        {
            response.headers().set(HttpHeaderNames.VIA, RestResponses.VIA);
            HttpUtil.setKeepAlive(response, keepAlive);
            sequencer.complete(ctx, sequence, response, !keepAlive);
        }
    }
}
