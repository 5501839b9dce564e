package io.concord.edge.http;

import io.concord.codecs.BooleanType;
import io.concord.codecs.BulkDeleteMessagesEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.DeleteMessageEncoder;
import io.concord.codecs.EditMessageEncoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryRequestEncoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.TriggerTypingEncoder;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.CoreViews.MessageView;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

import java.util.List;
import java.util.Map;

/**
 * Messages of a channel: history ({@code around}/{@code before}/{@code after}, {@code limit} 1..100, newest first),
 * one message, create (content up to 2000 UTF-16 units, nonce, {@code enforce_nonce}, replies), edit, delete,
 * bulk delete (2..100 ids, none older than 14 days), and typing. Validates on the event loop, sends one command,
 * answers from the core's reply.
 */
final class MessageRoutes
{
    static final int MAX_CONTENT_UTF16 = 2000;
    static final int MAX_NONCE_CHARS = 25;
    static final int DEFAULT_HISTORY_LIMIT = 50;
    static final long BULK_DELETE_MAX_AGE_MS = 14L * 24 * 3600 * 1000;

    private static final int SUPPRESS_EMBEDS = 1 << 2;
    private static final int SUPPRESS_NOTIFICATIONS = 1 << 12;
    private static final String UNSUPPORTED = "UNSUPPORTED";

    private MessageRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case HISTORY -> history(r);
            case GET_MESSAGE -> getMessage(r);
            case CREATE_MESSAGE -> create(r);
            case EDIT_MESSAGE -> edit(r);
            case DELETE_MESSAGE -> delete(r);
            case BULK_DELETE -> bulkDelete(r);
            case TYPING -> typing(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    private static void history(final RestRequest r)
    {
        final JsonBody query = JsonBody.of(Map.of());
        final int limit = (int)r.intParam(query, "limit", 1, 100, DEFAULT_HISTORY_LIMIT);
        HistoryDirection direction = HistoryDirection.LATEST;
        long anchorId = 0;
        final String[] cursors = { "around", "before", "after" };
        final HistoryDirection[] directions = { HistoryDirection.AROUND, HistoryDirection.BEFORE,
            HistoryDirection.AFTER };
        for (int i = 0; i < cursors.length && HistoryDirection.LATEST == direction; i++)
        {
            final String value = r.queryParam(cursors[i]);
            if (null != value)
            {
                final long id = JsonBody.parseId(value);
                if (id < 0)
                {
                    query.error(cursors[i], "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not snowflake.");
                }
                else
                {
                    direction = directions[i];
                    anchorId = id;
                }
            }
        }
        if (r.rejectedForm(query))
        {
            return;
        }
        sendHistory(r, direction, anchorId, limit, MessageRoutes::onHistory);
    }

    private static void getMessage(final RestRequest r)
    {
        final long messageId = r.ids[1];
        sendHistory(r, HistoryDirection.AROUND, messageId, 1,
            (request, templateId, buffer, offset) -> onOneMessage(request, templateId, buffer, offset, messageId));
    }

    static void sendHistory(
        final RestRequest r,
        final HistoryDirection direction,
        final long anchorId,
        final int limit,
        final RestRequest.ReplyRenderer renderer)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final HistoryRequestEncoder encoder = new HistoryRequestEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .direction(direction)
            .anchorId(anchorId)
            .pageSize((short)limit);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), renderer);
    }

    /**
     * @return the HistoryResponse's messages, or null once the request is answered (another reply, a failed read).
     */
    static List<MessageView> page(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (HistoryResponseDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return null;
        }
        final ReplyStatus[] status = new ReplyStatus[1];
        final List<MessageView> messages = CoreViews.history(buffer, offset, status);
        if (ReplyStatus.OK != status[0])
        {
            r.outcome(new CoreViews.Outcome(status[0], 0));
            return null;
        }
        return messages;
    }

    private static void onHistory(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final List<MessageView> messages = page(r, templateId, buffer, offset);
        if (null != messages)
        {
            ReactionRoutes.respondWithReactions(r, messages, false);
        }
    }

    private static void onOneMessage(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset, final long messageId)
    {
        final List<MessageView> messages = page(r, templateId, buffer, offset);
        if (null == messages)
        {
            return;
        }
        for (final MessageView message : messages)
        {
            if (message.id() == messageId)
            {
                ReactionRoutes.respondWithReactions(r, List.of(message), true);
                return;
            }
        }
        r.error(DiscordError.UNKNOWN_MESSAGE);
    }

    private static void create(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String content = body.string("content", false, 0, MAX_CONTENT_UTF16);
        final String nonce = nonce(body);
        final boolean enforceNonce = body.bool("enforce_nonce", false);
        body.bool("tts", false);
        final long flags = body.integer("flags", 0, Integer.MAX_VALUE, 0);
        if ((flags & ~(SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS)) != 0)
        {
            body.error("flags", "MESSAGE_FLAGS_INVALID", "Only SUPPRESS_EMBEDS and SUPPRESS_NOTIFICATIONS may be set.");
        }
        rejectNonEmpty(body, "embeds", "Concord does not store embeds yet.");
        rejectNonEmpty(body, "attachments", "Concord does not store attachments yet.");
        rejectNonEmpty(body, "components", "Concord does not store components yet.");
        rejectNonEmpty(body, "sticker_ids", "Concord does not store stickers yet.");
        if (body.hasValue("poll"))
        {
            body.error("poll", UNSUPPORTED, "Concord does not store polls yet.");
        }
        allowedMentions(body);
        final long referencedMessageId = messageReference(r);
        if (r.rejectedForm(body))
        {
            return;
        }
        if (null == content || content.isEmpty())
        {
            r.error(DiscordError.EMPTY_MESSAGE);
            return;
        }
        if (enforceNonce && null == nonce)
        {
            r.formErrors(Map.of("nonce", new String[]{ "BASE_TYPE_REQUIRED", "enforce_nonce needs a nonce." }));
            return;
        }

        final long correlationId = r.api.core().nextCorrelationId();
        final CreateMessageEncoder encoder = new CreateMessageEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .referencedMessageId(referencedMessageId)
            .enforceNonce(enforceNonce ? BooleanType.TRUE : BooleanType.FALSE)
            .nonce(null == nonce ? "" : nonce)
            .content(content);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onMessageCreated);
    }

    private static String nonce(final JsonBody body)
    {
        final Object value = body.raw("nonce");
        if (null == value || JsonBody.NULL == value)
        {
            return null;
        }
        if (value instanceof Long)
        {
            return Long.toString((Long)value);
        }
        if (value instanceof String && ((String)value).length() <= MAX_NONCE_CHARS)
        {
            return (String)value;
        }
        body.error("nonce", "BASE_TYPE_BAD_LENGTH",
            "Must be an integer or a string of at most " + MAX_NONCE_CHARS + " characters.");
        return null;
    }

    private static void rejectNonEmpty(final JsonBody body, final String field, final String message)
    {
        if (body.hasValue(field))
        {
            final List<Object> values = body.array(field, false);
            if (null != values && !values.isEmpty())
            {
                body.error(field, UNSUPPORTED, message);
            }
        }
    }

    private static void allowedMentions(final JsonBody body)
    {
        final JsonBody allowed = body.object("allowed_mentions");
        if (null == allowed)
        {
            return;
        }
        final List<Object> parse = allowed.array("parse", false);
        boolean parseUsers = false;
        boolean parseRoles = false;
        if (null != parse)
        {
            for (int i = 0; i < parse.size(); i++)
            {
                final Object value = parse.get(i);
                if (!"users".equals(value) && !"roles".equals(value) && !"everyone".equals(value))
                {
                    allowed.error("parse." + i, "BASE_TYPE_CHOICES",
                        "Value must be one of ('everyone', 'users', 'roles').");
                }
                parseUsers |= "users".equals(value);
                parseRoles |= "roles".equals(value);
            }
        }
        idList(allowed, "users", parseUsers);
        idList(allowed, "roles", parseRoles);
        allowed.bool("replied_user", false);
    }

    private static void idList(final JsonBody allowed, final String field, final boolean alsoParsed)
    {
        final List<Object> ids = allowed.array(field, false);
        if (null == ids)
        {
            return;
        }
        if (ids.size() > 100)
        {
            allowed.error(field, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
        }
        if (alsoParsed && !ids.isEmpty())
        {
            allowed.error(field, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                "parse:[\"" + field + "\"] and " + field + ": [ids] are mutually exclusive.");
        }
        for (int i = 0; i < ids.size(); i++)
        {
            allowed.snowflakeValue(field + "." + i, ids.get(i));
        }
    }

    private static long messageReference(final RestRequest r)
    {
        final JsonBody reference = r.body.object("message_reference");
        if (null == reference)
        {
            return 0;
        }
        if (0 != reference.integer("type", 0, 1, 0))
        {
            reference.error("type", UNSUPPORTED, "Concord does not support forwarding yet.");
        }
        final long messageId = reference.snowflake("message_id", true);
        final long channelId = reference.snowflake("channel_id", false);
        if (0 != channelId && channelId != r.ids[0])
        {
            reference.error("channel_id", "REPLIES_CANNOT_REFERENCE_OTHER_CHANNEL",
                "Replies must reference a message in the same channel.");
        }
        reference.snowflake("guild_id", false);
        reference.bool("fail_if_not_exists", true);
        return messageId;
    }

    private static void onMessageCreated(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (MessageCreatedDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final MessageView message = CoreViews.messageCreated(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) -> RestJson.message(json, message, message.authorBot()));
    }

    private static void edit(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String content = body.string("content", true, 0, MAX_CONTENT_UTF16);
        rejectNonEmpty(body, "embeds", "Concord does not store embeds yet.");
        rejectNonEmpty(body, "attachments", "Concord does not store attachments yet.");
        rejectNonEmpty(body, "components", "Concord does not store components yet.");
        body.integer("flags", 0, Integer.MAX_VALUE, 0);
        allowedMentions(body);
        if (r.rejectedForm(body))
        {
            return;
        }
        if (content.isEmpty())
        {
            r.error(DiscordError.EMPTY_MESSAGE);
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final EditMessageEncoder encoder = new EditMessageEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .messageId(r.ids[1])
            .content(content);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onMessageUpdated);
    }

    private static void onMessageUpdated(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (MessageUpdatedDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final MessageView message = CoreViews.messageUpdated(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) -> RestJson.message(json, message, message.authorBot()));
    }

    private static void delete(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteMessageEncoder encoder = new DeleteMessageEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .messageId(r.ids[1]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void bulkDelete(final RestRequest r)
    {
        final JsonBody body = r.body;
        final List<Object> values = body.array("messages", true);
        if (r.rejectedForm(body))
        {
            return;
        }
        if (values.size() < 2 || values.size() > 100)
        {
            r.error(DiscordError.BULK_DELETE_COUNT);
            return;
        }
        final LongArrayList ids = new LongArrayList(values.size(), 0);
        for (int i = 0; i < values.size(); i++)
        {
            final long id = body.snowflakeValue("messages." + i, values.get(i));
            if (ids.containsLong(id))
            {
                body.error("messages." + i, "BULK_DELETE_DUPLICATE", "Duplicate message id.");
            }
            ids.addLong(id);
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long oldestAllowedMs = r.api.clock().time() - BULK_DELETE_MAX_AGE_MS;
        for (int i = 0; i < ids.size(); i++)
        {
            if (RestJson.timestampMsOf(ids.getLong(i)) < oldestAllowedMs)
            {
                r.error(DiscordError.MESSAGE_TOO_OLD_TO_BULK_DELETE);
                return;
            }
        }

        final long correlationId = r.api.core().nextCorrelationId();
        final BulkDeleteMessagesEncoder encoder = new BulkDeleteMessagesEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0]);
        final BulkDeleteMessagesEncoder.MessagesEncoder group = encoder.messagesCount(ids.size());
        for (int i = 0; i < ids.size(); i++)
        {
            group.next().messageId(ids.getLong(i));
        }
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void typing(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final TriggerTypingEncoder encoder = new TriggerTypingEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    static void onCommandReply(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        r.otherReply(templateId, buffer, offset);
    }
}
