package io.concord.edge.http;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.GetUserEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.RestJson;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;

/**
 * Gateway discovery ({@code GET /gateway}, {@code GET /gateway/bot}) and users ({@code GET /users/@me},
 * {@code GET /users/{id}}). Runs on the request's event loop.
 */
final class UserRoutes
{
    private static final int SESSION_START_LIMIT = 1000;
    private static final long SESSION_START_RESET_AFTER_MS = 86_400_000L;

    /**
     * GATEWAY_PRESENCE, GATEWAY_GUILD_MEMBERS and GATEWAY_MESSAGE_CONTENT: Concord does not gate privileged intents.
     */
    private static final int APPLICATION_FLAGS = (1 << 12) | (1 << 14) | (1 << 18);

    private UserRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case GATEWAY -> r.respond(gateway(r.ctx, r.host));
            case GATEWAY_BOT -> gatewayBot(r);
            case USER_ME -> getUser(r, r.userId);
            case USER -> getUser(r, r.ids[0]);
            case APPLICATION_ME, OAUTH2_APPLICATION_ME -> application(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    static FullHttpResponse gateway(final ChannelHandlerContext ctx, final String host)
    {
        final String url = "ws://" + host + HttpApiHandler.GATEWAY_PATH;
        return JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeEndObject();
        });
    }

    private static void gatewayBot(final RestRequest r)
    {
        final String url = "ws://" + r.host + HttpApiHandler.GATEWAY_PATH;
        final int maxConcurrency = r.api.gatewayMaxConcurrency();
        r.json(HttpResponseStatus.OK, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeNumberField("shards", 1);
            json.writeObjectFieldStart("session_start_limit");
            json.writeNumberField("total", SESSION_START_LIMIT);
            json.writeNumberField("remaining", SESSION_START_LIMIT);
            json.writeNumberField("reset_after", SESSION_START_RESET_AFTER_MS);
            json.writeNumberField("max_concurrency", maxConcurrency);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void getUser(final RestRequest r, final long targetUserId)
    {
        final boolean self = targetUserId == r.userId;
        requestUser(r, targetUserId,
            (request, templateId, buffer, offset) -> onUser(request, templateId, buffer, offset, self));
    }

    private static void requestUser(
        final RestRequest r, final long targetUserId, final RestRequest.ReplyRenderer renderer)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final GetUserEncoder encoder = new GetUserEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .targetUserId(targetUserId);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), renderer);
    }

    /**
     * Every account is its own application (Concord has no separate developer portal): id and name are the user's.
     */
    private static void application(final RestRequest r)
    {
        requestUser(r, r.userId, UserRoutes::onApplication);
    }

    private static void onApplication(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final CoreViews.UserView user = foundUser(r, templateId, buffer, offset);
        if (null == user)
        {
            return;
        }
        r.json(HttpResponseStatus.OK, (json) ->
        {
            json.writeStartObject();
            RestJson.snowflakeField(json, "id", user.id());
            json.writeStringField("name", user.username());
            json.writeNullField("icon");
            json.writeStringField("description", "");
            json.writeStringField("summary", "");
            json.writeBooleanField("bot_public", true);
            json.writeBooleanField("bot_require_code_grant", false);
            json.writeStringField("verify_key", "");
            json.writeNumberField("flags", APPLICATION_FLAGS);
            json.writeNullField("team");
            json.writeFieldName("owner");
            RestJson.user(json, user.id(), user.username(), user.bot(), false);
            if (user.bot())
            {
                json.writeFieldName("bot");
                RestJson.user(json, user.id(), user.username(), true, false);
            }
            json.writeArrayFieldStart("redirect_uris");
            json.writeEndArray();
            json.writeNullField("interactions_endpoint_url");
            json.writeEndObject();
        });
    }

    private static void onUser(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset, final boolean self)
    {
        final CoreViews.UserView user = foundUser(r, templateId, buffer, offset);
        if (null == user)
        {
            return;
        }
        r.json(HttpResponseStatus.OK, (json) -> RestJson.user(json, user.id(), user.username(), user.bot(), self));
    }

    /**
     * @return the AccountReply's user when the core found it, else null once the request is answered.
     */
    private static CoreViews.UserView foundUser(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (AccountReplyDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return null;
        }
        final CoreViews.UserView user = CoreViews.user(buffer, offset);
        if (ReplyStatus.OK != user.outcome().status())
        {
            r.outcome(user.outcome());
            return null;
        }
        return user;
    }
}
