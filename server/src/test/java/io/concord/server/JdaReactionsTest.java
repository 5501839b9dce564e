package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDA, unmodified, with reactions: it adds a reaction with its own call, receives another user's
 * MESSAGE_REACTION_ADD and _REMOVE as JDA events, reads the reactions back on the message (count, self) and the
 * reactors of an emoji, removes its own, and gets Discord's Unknown Emoji error for a custom emoji Concord lacks.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdaReactionsTest
{
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FIRE = "\uD83D\uDD25";

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void jdaAddsReadsAndReceivesReactions() throws Exception
    {
        final String botToken = server.rest().register("react-bot", true).ok().text("token");
        final String guildId = server.call("POST", "guilds", botToken, "{\"name\":\"Reactions\"}").ok().field("id");
        final RestTestClient.Response human = server.rest().register("human", false).ok();
        final String humanToken = human.text("token");
        final String humanId = human.text("user_id");

        final JdaTestBot bot = server.closeAfterTest(JdaTestBot.login(server.httpAddress(), botToken, EnumSet.of(
            GatewayIntent.GUILD_MESSAGES, GatewayIntent.GUILD_MESSAGE_REACTIONS)));
        final JDA jda = bot.jda();

        final Guild guild = jda.getGuildById(guildId);
        assertNotNull(guild);
        final TextChannel channel = guild.getTextChannels().get(0);
        final String invite =
            server.call("POST", "channels/" + channel.getId() + "/invites", botToken, "{}").ok().field("code");
        server.call("POST", "invites/" + invite, humanToken, "{}").ok();

        final Message message = channel.sendMessage("react to this").complete();
        message.addReaction(Emoji.fromUnicode(THUMBS)).complete();
        message.addReaction(Emoji.fromUnicode(THUMBS)).complete();

        final String reactionPath = "channels/" + channel.getId() + "/messages/" + message.getId() +
            "/reactions/" + URLEncoder.encode(FIRE, StandardCharsets.UTF_8) + "/@me";
        server.call("PUT", reactionPath, humanToken, "").ok();
        final MessageReactionAddEvent added = bot.await(MessageReactionAddEvent.class,
            (event) -> event.getUserId().equals(humanId));
        assertEquals(message.getId(), added.getMessageId());
        assertEquals(Emoji.fromUnicode(FIRE), added.getEmoji());
        assertEquals(channel.getId(), added.getChannel().getId());
        assertNotNull(added.getMember(), "MESSAGE_REACTION_ADD in a guild carries the member");
        assertEquals("human", added.getMember().getUser().getName());
        assertEquals(jda.getSelfUser().getIdLong(), added.getMessageAuthorIdLong());

        final Message readBack = channel.retrieveMessageById(message.getId()).complete();
        final List<MessageReaction> reactions = readBack.getReactions();
        assertEquals(2, reactions.size(), reactions::toString);
        assertEquals(Emoji.fromUnicode(THUMBS), reactions.get(0).getEmoji());
        assertEquals(1, reactions.get(0).getCount(), "the second addReaction did not count twice");
        assertTrue(reactions.get(0).isSelf());
        assertEquals(Emoji.fromUnicode(FIRE), reactions.get(1).getEmoji());
        assertEquals(1, reactions.get(1).getCount());
        assertFalse(reactions.get(1).isSelf());

        final List<User> fireUsers = readBack.retrieveReactionUsers(Emoji.fromUnicode(FIRE)).complete();
        assertEquals(1, fireUsers.size());
        assertEquals(humanId, fireUsers.get(0).getId());
        assertEquals("human", fireUsers.get(0).getName());

        final List<Message> history = channel.getHistory().retrievePast(5).complete();
        assertEquals(2, history.get(0).getReactions().size(), "history pages carry reactions too");

        message.removeReaction(Emoji.fromUnicode(THUMBS)).complete();
        server.call("DELETE", reactionPath, humanToken, null).ok();
        final MessageReactionRemoveEvent removed = bot.await(MessageReactionRemoveEvent.class,
            (event) -> event.getUserId().equals(humanId));
        assertEquals(Emoji.fromUnicode(FIRE), removed.getEmoji());
        assertTrue(channel.retrieveMessageById(message.getId()).complete().getReactions().isEmpty());

        final ErrorResponseException unknown = assertThrows(ErrorResponseException.class,
            () -> message.addReaction(Emoji.fromCustom("party", 123456789012345678L, false)).complete());
        assertEquals(ErrorResponse.UNKNOWN_EMOJI, unknown.getErrorResponse());
    }
}
