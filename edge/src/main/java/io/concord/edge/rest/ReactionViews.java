package io.concord.edge.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.codecs.BooleanType;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageReactionsDecoder;
import io.concord.codecs.ReactionUsersDecoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reactions as the REST routes see them: decoded from the core's {@code MessageReactions} and
 * {@code ReactionUsers} replies, and written as Discord's Reaction objects. Stateless; event-loop threads.
 */
public final class ReactionViews
{
    /**
     * One emoji on one message as the asking user sees it.
     *
     * @param messageId the message.
     * @param count     how many users reacted with it.
     * @param me        whether the asking user did.
     * @param emoji     the unicode emoji.
     */
    public record ReactionView(long messageId, int count, boolean me, String emoji)
    {
    }

    /**
     * A user who reacted.
     *
     * @param userId   the user.
     * @param bot      whether it is a bot.
     * @param username its name (empty when it is no longer a member).
     */
    public record ReactorView(long userId, boolean bot, String username)
    {
    }

    private ReactionViews()
    {
    }

    /**
     * @param buffer holding a MessageReactions frame.
     * @param offset of the frame.
     * @return message id to its reactions, in the order they were first added.
     */
    public static Long2ObjectHashMap<List<ReactionView>> messageReactions(final DirectBuffer buffer, final int offset)
    {
        final MessageReactionsDecoder decoder = new MessageReactionsDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        decoder.edgeId();
        decoder.correlationId();
        final Long2ObjectHashMap<List<ReactionView>> byMessage = new Long2ObjectHashMap<>();
        for (final MessageReactionsDecoder.ReactionsDecoder reaction : decoder.reactions())
        {
            final long messageId = reaction.messageId();
            final int count = reaction.reactionCount();
            final boolean me = BooleanType.TRUE == reaction.me();
            final String emoji = reaction.emoji();
            byMessage.computeIfAbsent(messageId, (id) -> new ArrayList<>())
                .add(new ReactionView(messageId, count, me, emoji));
        }
        return byMessage;
    }

    /**
     * @param buffer holding a ReactionUsers frame.
     * @param offset of the frame.
     * @return the reactors, by id ascending.
     */
    public static List<ReactorView> reactors(final DirectBuffer buffer, final int offset)
    {
        final ReactionUsersDecoder decoder = new ReactionUsersDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        decoder.edgeId();
        decoder.correlationId();
        final List<ReactorView> users = new ArrayList<>();
        for (final ReactionUsersDecoder.UsersDecoder user : decoder.users())
        {
            final long userId = user.userId();
            final boolean bot = BooleanType.TRUE == user.bot();
            users.add(new ReactorView(userId, bot, user.username()));
        }
        return users;
    }

    /**
     * Writes a message's {@code reactions} field; Discord omits it when the message has none.
     *
     * @param json      the generator, inside the message object.
     * @param reactions the message's reactions, null or empty for none.
     * @throws IOException from the generator.
     */
    public static void reactionsField(final JsonGenerator json, final List<ReactionView> reactions)
        throws IOException
    {
        if (null == reactions || reactions.isEmpty())
        {
            return;
        }
        json.writeArrayFieldStart("reactions");
        for (final ReactionView reaction : reactions)
        {
            json.writeStartObject();
            json.writeNumberField("count", reaction.count());
            json.writeObjectFieldStart("count_details");
            json.writeNumberField("burst", 0);
            json.writeNumberField("normal", reaction.count());
            json.writeEndObject();
            json.writeBooleanField("me", reaction.me());
            json.writeBooleanField("me_burst", false);
            json.writeBooleanField("burst_me", false);
            json.writeArrayFieldStart("burst_colors");
            json.writeEndArray();
            json.writeNumberField("burst_count", 0);
            json.writeObjectFieldStart("emoji");
            json.writeNullField("id");
            json.writeStringField("name", reaction.emoji());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
