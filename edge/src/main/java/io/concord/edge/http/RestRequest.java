package io.concord.edge.http;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RateLimitDecision;
import io.concord.edge.rest.RestResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Map;

/**
 * One REST request in flight: its route and parameters, caller, body, rate-limit decision and connection. Answers
 * exactly once ({@link #respond}); replies from the core arrive on the request's event loop, which is the only
 * thread that touches it.
 */
final class RestRequest
{
    /**
     * Handles the core's reply to the command a route sent.
     */
    @FunctionalInterface
    interface ReplyRenderer
    {
        /**
         * @param request    the request being answered.
         * @param templateId SBE template of the reply.
         * @param buffer     the frame, valid only during the call.
         * @param offset     of the frame.
         */
        void onReply(RestRequest request, int templateId, DirectBuffer buffer, int offset);
    }

    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    final RestApi api;
    final ChannelHandlerContext ctx;
    final RestRoute route;
    final long[] ids;
    final String code;
    final QueryStringDecoder query;
    final String host;
    private final boolean keepAlive;
    private final ResponseSequencer sequencer;
    private final long sequence;
    final RateLimitDecision decision = new RateLimitDecision();
    long userId;
    int addressHash;
    JsonBody body;
    private boolean answered;

    RestRequest(
        final RestApi api,
        final ChannelHandlerContext ctx,
        final RestRoute route,
        final long[] ids,
        final String code,
        final QueryStringDecoder query,
        final String host,
        final boolean keepAlive,
        final ResponseSequencer sequencer,
        final long sequence)
    {
        this.api = api;
        this.ctx = ctx;
        this.route = route;
        this.ids = ids;
        this.code = code;
        this.query = query;
        this.host = host;
        this.keepAlive = keepAlive;
        this.sequencer = sequencer;
        this.sequence = sequence;
    }

    /**
     * @param name query parameter.
     * @return its first value, or null.
     */
    String queryParam(final String name)
    {
        final List<String> values = query.parameters().get(name);
        return null == values || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param name query parameter.
     * @return true for {@code true}, {@code True} or {@code 1}.
     */
    boolean queryFlag(final String name)
    {
        final String value = queryParam(name);
        return "true".equalsIgnoreCase(value) || "1".equals(value);
    }

    /**
     * A snowflake query parameter; one that is not a snowflake is recorded in {@code query} as Discord words it.
     *
     * @param query collects the query's errors.
     * @param name  query parameter.
     * @return its id, or 0 when absent or invalid.
     */
    long snowflakeParam(final JsonBody query, final String name)
    {
        final String text = queryParam(name);
        if (null == text)
        {
            return 0;
        }
        final long id = JsonBody.parseId(text);
        if (id < 0)
        {
            query.error(name, "NUMBER_TYPE_COERCE", "Value \"" + text + "\" is not snowflake.");
            return 0;
        }
        return id;
    }

    /**
     * An integer query parameter in {@code [min, max]}; one that is not a number or is out of range is recorded in
     * {@code query} as Discord words it.
     *
     * @param query        collects the query's errors.
     * @param name         query parameter.
     * @param min          smallest allowed.
     * @param max          largest allowed.
     * @param defaultValue when absent or invalid.
     * @return its value.
     */
    long intParam(final JsonBody query, final String name, final long min, final long max, final long defaultValue)
    {
        final String text = queryParam(name);
        if (null == text)
        {
            return defaultValue;
        }
        final long parsed = JsonBody.parseId(text);
        if (parsed < 0)
        {
            query.error(name, "NUMBER_TYPE_COERCE", "Value \"" + text + "\" is not int.");
            return defaultValue;
        }
        return query.integerValue(name, parsed, min, max, defaultValue);
    }

    MutableDirectBuffer commandBuffer()
    {
        return api.commandBuffer();
    }

    /**
     * Sends a command encoded at offset 0 of {@link #commandBuffer()} and answers with the renderer once the core
     * replies, or 503 on timeout or back-pressure.
     *
     * @param correlationId the id encoded in the command.
     * @param length        encoded length, header included.
     * @param renderer      turns the reply into the response.
     */
    void call(final long correlationId, final int length, final ReplyRenderer renderer)
    {
        final CoreReplyHandler handler = new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int len)
            {
                if (answered)
                {
                    return;
                }
                try
                {
                    renderer.onReply(RestRequest.this, templateId, buffer, offset);
                }
                catch (final RuntimeException malformedReply)
                {
                    // A reply that does not decode is the core's fault, never the client's: 500, connection kept.
                    error(DiscordError.INTERNAL);
                }
            }

            public void onTimeout()
            {
                error(DiscordError.SERVICE_UNAVAILABLE);
            }
        };
        if (api.router().shardOf(commandBuffer(), 0) < 0)
        {
            error(unknownEntity());
            return;
        }
        if (!api.core().request(correlationId, commandBuffer(), 0, length, ctx.executor(), handler,
            api.ctx().requestTimeoutMs()))
        {
            error(DiscordError.SERVICE_UNAVAILABLE);
        }
    }

    /**
     * @return what a command naming an id that no shard can own means for this route.
     */
    DiscordError unknownEntity()
    {
        return switch (route.resource())
        {
            case "guilds" -> DiscordError.UNKNOWN_GUILD;
            case "channels" -> DiscordError.UNKNOWN_CHANNEL;
            case "invites" -> DiscordError.UNKNOWN_INVITE;
            case "users" -> RestRoute.LEAVE_GUILD == route ? DiscordError.UNKNOWN_GUILD : DiscordError.UNKNOWN_USER;
            default -> DiscordError.SERVICE_UNAVAILABLE;
        };
    }

    /**
     * Answers a reply that is not the route's expected entity: a CommandReply or AccountReply with an error, an OK
     * CommandReply (204), or anything else (500).
     *
     * @param templateId reply template.
     * @param buffer     frame.
     * @param offset     of the frame.
     */
    void otherReply(final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (CommandReplyDecoder.TEMPLATE_ID == templateId)
        {
            outcome(CoreViews.outcome(buffer, offset));
        }
        else if (AccountReplyDecoder.TEMPLATE_ID == templateId)
        {
            outcome(CoreViews.user(buffer, offset).outcome());
        }
        else
        {
            error(DiscordError.INTERNAL);
        }
    }

    /**
     * 204 for success, else the Discord error the core's status and code mean.
     *
     * @param outcome the core's outcome.
     */
    void outcome(final CoreViews.Outcome outcome)
    {
        if (ReplyStatus.OK == outcome.status())
        {
            noContent();
            return;
        }
        final DiscordError known = DiscordError.ofCode(outcome.errorCode());
        if (DiscordError.INVALID_FORM_BODY == known || (null == known && ReplyStatus.INVALID == outcome.status()))
        {
            formErrors(Map.of("", new String[]{ "INVALID", "The request was rejected as invalid by the core" }));
            return;
        }
        if (null != known)
        {
            error(known);
            return;
        }
        switch (outcome.status())
        {
            case NOT_FOUND:
                error(DiscordError.NOT_FOUND);
                break;
            case FORBIDDEN:
                error(DiscordError.MISSING_PERMISSIONS);
                break;
            case UNAUTHORIZED:
                error(DiscordError.UNAUTHORIZED);
                break;
            default:
                error(DiscordError.SERVICE_UNAVAILABLE);
                break;
        }
    }

    void error(final DiscordError error)
    {
        respond(RestResponses.error(ctx.alloc(), error));
    }

    void formErrors(final Map<String, String[]> errors)
    {
        respond(RestResponses.invalidFormBody(ctx.alloc(), errors));
    }

    /**
     * Answers 400 with the body's (or query's) form errors when it has any.
     *
     * @param body the parsed body or query.
     * @return true when it did and the request is done.
     */
    boolean rejectedForm(final JsonBody body)
    {
        if (body.valid())
        {
            return false;
        }
        formErrors(body.errors());
        return true;
    }

    void noContent()
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.NO_CONTENT);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        respond(response);
    }

    void json(final HttpResponseStatus status, final JsonResponses.JsonBody writer)
    {
        respond(JsonResponses.json(ctx.alloc(), status, writer));
    }

    /**
     * Writes the response with the rate-limit headers of this request and {@code Via}; only the first answer
     * counts.
     *
     * @param response the response; released if the request was already answered.
     */
    void respond(final FullHttpResponse response)
    {
        if (answered)
        {
            response.release();
            return;
        }
        answered = true;
        if (decision.allowed() || !decision.global() || null != decision.bucket())
        {
            // A 429 from an address already banned is not counted again: the ban would never end.
            api.invalidRequests().onResponse(addressHash, response.status(), api.clock().time());
        }
        response.headers().set(HttpHeaderNames.VIA, RestResponses.VIA);
        if (decision.allowed() && null != decision.bucket())
        {
            RestResponses.applyRateLimitHeaders(response.headers(), decision, api.clock().time());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        sequencer.complete(ctx, sequence, response, !keepAlive);
    }
}
