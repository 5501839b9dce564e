package io.concord.edge.http;

import io.concord.codecs.GetMessageReactionsEncoder;
import io.concord.codecs.GetReactionUsersEncoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageReactionsDecoder;
import io.concord.codecs.ReactToMessageEncoder;
import io.concord.codecs.ReactionAction;
import io.concord.codecs.ReactionUsersDecoder;
import io.concord.edge.rest.CoreViews.MessageView;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.ReactionEmoji;
import io.concord.edge.rest.ReactionViews;
import io.concord.edge.rest.ReactionViews.ReactionView;
import io.concord.edge.rest.ReactionViews.ReactorView;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.List;
import java.util.Map;

/**
 * Reactions: add/remove one's own ({@code /@me}), remove someone else's, remove one emoji's or all, list reactors
 * ({@code after}, {@code limit} 1..100 default 25, {@code type} 0 normal / 1 burst), and the {@code reactions} of
 * messages read from history.
 * <p>
 * The core keeps reactions but the message store knows which messages exist and who wrote them, so a reaction route
 * first reads the message (a one-message history read, which also checks the channel) and then sends its command
 * with the author (0 when the message was not found: the core answers Unknown Message after its permission checks,
 * in Discord's order). Message reads send one more command for the page's reactions. Runs on the request's event
 * loop.
 */
final class ReactionRoutes
{
    static final int DEFAULT_USERS_LIMIT = 25;
    static final int MAX_USERS_LIMIT = 100;

    /**
     * Continues a route once the message is known.
     */
    @FunctionalInterface
    private interface MessageContinuation
    {
        /**
         * @param r        the request.
         * @param authorId the message's author, 0 when it does not exist.
         */
        void onMessage(RestRequest r, long authorId);
    }

    private ReactionRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case ADD_REACTION -> react(r, ReactionAction.ADD, r.userId);
            case REMOVE_REACTION -> react(r, ReactionAction.REMOVE, r.userId);
            case REMOVE_USER_REACTION -> react(r, ReactionAction.REMOVE, r.ids[2]);
            case REMOVE_EMOJI_REACTIONS -> react(r, ReactionAction.REMOVE_EMOJI, 0);
            case REMOVE_ALL_REACTIONS -> react(r, ReactionAction.REMOVE_ALL, 0);
            case GET_REACTIONS -> users(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    private static void react(final RestRequest r, final ReactionAction action, final long targetUserId)
    {
        final String emoji = ReactionAction.REMOVE_ALL == action ? "" : ReactionEmoji.parse(r.code);
        if (null == emoji)
        {
            r.error(DiscordError.UNKNOWN_EMOJI);
            return;
        }
        withMessage(r, (request, authorId) ->
        {
            final long correlationId = request.api.core().nextCorrelationId();
            final ReactToMessageEncoder encoder = new ReactToMessageEncoder()
                .wrapAndApplyHeader(request.commandBuffer(), 0, new MessageHeaderEncoder())
                .edgeId(request.api.core().edgeId())
                .correlationId(correlationId)
                .userId(request.userId)
                .channelId(request.ids[0])
                .messageId(request.ids[1])
                .messageAuthorId(authorId)
                .action(action)
                .targetUserId(targetUserId)
                .emoji(emoji);
            request.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
        });
    }

    private static void users(final RestRequest r)
    {
        final String emoji = ReactionEmoji.parse(r.code);
        if (null == emoji)
        {
            r.error(DiscordError.UNKNOWN_EMOJI);
            return;
        }
        final JsonBody query = JsonBody.of(Map.of());
        final long after = r.snowflakeParam(query, "after");
        final int limit = (int)r.intParam(query, "limit", 1, MAX_USERS_LIMIT, DEFAULT_USERS_LIMIT);
        final long type = r.intParam(query, "type", 0, 1, 0);
        if (r.rejectedForm(query))
        {
            return;
        }
        withMessage(r, (request, authorId) ->
        {
            final long correlationId = request.api.core().nextCorrelationId();
            final GetReactionUsersEncoder encoder = new GetReactionUsersEncoder()
                .wrapAndApplyHeader(request.commandBuffer(), 0, new MessageHeaderEncoder())
                .edgeId(request.api.core().edgeId())
                .correlationId(correlationId)
                .userId(request.userId)
                .channelId(request.ids[0])
                .messageId(request.ids[1])
                .messageAuthorId(authorId)
                .afterUserId(after)
                .pageSize((short)limit)
                .emoji(emoji);
            // Concord has no burst (super) reactions: a type=1 page is empty once the checks pass.
            request.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
                (rr, templateId, buffer, offset) -> onReactors(rr, templateId, buffer, offset, 1 == type));
        });
    }

    private static void onReactors(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset, final boolean burst)
    {
        if (ReactionUsersDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final List<ReactorView> users = burst ? List.of() : ReactionViews.reactors(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) ->
        {
            json.writeStartArray();
            for (final ReactorView user : users)
            {
                RestJson.user(json, user.userId(), user.username(), user.bot(), false);
            }
            json.writeEndArray();
        });
    }

    /**
     * Reads the route's message ({@code ids[1]} in channel {@code ids[0]}) and continues with its author; answers
     * the request itself when the read fails (unknown channel, missing access).
     */
    private static void withMessage(final RestRequest r, final MessageContinuation continuation)
    {
        final long messageId = r.ids[1];
        MessageRoutes.sendHistory(r, HistoryDirection.AROUND, messageId, 1, (request, templateId, buffer, offset) ->
        {
            final List<MessageView> page = MessageRoutes.page(request, templateId, buffer, offset);
            if (null == page)
            {
                return;
            }
            long authorId = 0;
            for (final MessageView message : page)
            {
                if (message.id() == messageId)
                {
                    authorId = message.authorId();
                }
            }
            continuation.onMessage(request, authorId);
        });
    }

    /**
     * Answers a history read with its messages and their reactions as the caller sees them: asks the core for the
     * page's reactions first (skipped for an empty page).
     *
     * @param r        the request.
     * @param messages the page, newest first.
     * @param single   true to answer the one message (GET of a message) rather than an array.
     */
    static void respondWithReactions(final RestRequest r, final List<MessageView> messages, final boolean single)
    {
        if (messages.isEmpty())
        {
            render(r, messages, new Long2ObjectHashMap<>(), single);
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final GetMessageReactionsEncoder encoder = new GetMessageReactionsEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0]);
        final GetMessageReactionsEncoder.MessagesEncoder group = encoder.messagesCount(messages.size());
        for (final MessageView message : messages)
        {
            group.next().messageId(message.id());
        }
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), (request, templateId, buffer, offset) ->
        {
            if (MessageReactionsDecoder.TEMPLATE_ID != templateId)
            {
                request.otherReply(templateId, buffer, offset);
                return;
            }
            render(request, messages, ReactionViews.messageReactions(buffer, offset), single);
        });
    }

    private static void render(
        final RestRequest r,
        final List<MessageView> messages,
        final Long2ObjectHashMap<List<ReactionView>> reactions,
        final boolean single)
    {
        if (single)
        {
            final MessageView message = messages.get(0);
            final List<ReactionView> own = reactions.get(message.id());
            r.json(HttpResponseStatus.OK, (json) -> RestJson.message(json, message, message.authorBot(), own));
            return;
        }
        r.json(HttpResponseStatus.OK, (json) ->
        {
            json.writeStartArray();
            for (final MessageView message : messages)
            {
                RestJson.message(json, message, message.authorBot(), reactions.get(message.id()));
            }
            json.writeEndArray();
        });
    }
}
