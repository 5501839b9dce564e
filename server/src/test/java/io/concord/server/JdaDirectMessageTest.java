package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDA, unmodified, in a direct message with a user: it opens the DM (by id and through {@code User}), sends into it,
 * reads its history, and receives the user's DM message as a {@code MessageReceivedEvent} from a private channel.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdaDirectMessageTest
{
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void jdaOpensADmSendsAndReceivesTheUsersMessage() throws Exception
    {
        final RestTestClient rest = server.rest();
        final String botToken = rest.register("jda-dm-bot", true).text("token");
        final RestTestClient.Response human = rest.register("dm-human", false);
        final String humanToken = human.text("token");
        final String humanId = human.text("user_id");

        final JdaTestBot bot = server.closeAfterTest(JdaTestBot.login(server.httpAddress(), botToken,
            EnumSet.of(GatewayIntent.DIRECT_MESSAGES, GatewayIntent.MESSAGE_CONTENT)));
        final JDA jda = bot.jda();

        final PrivateChannel dm = jda.openPrivateChannelById(humanId).complete();
        assertEquals(ChannelType.PRIVATE, dm.getType());
        assertEquals(humanId, dm.getUser().getId());
        assertEquals("dm-human", dm.getUser().getName());

        final User user = jda.retrieveUserById(humanId).complete();
        assertEquals(dm.getId(), user.openPrivateChannel().complete().getId(), "the same DM through User");

        final Message sent = dm.sendMessage("hello human").complete();
        assertTrue(sent.isFromType(ChannelType.PRIVATE));
        assertEquals("hello human", sent.getContentRaw());

        final String replyId = rest.call("POST", "channels/" + dm.getId() + "/messages", humanToken,
            "{\"content\":\"hello bot\"}").text("id");
        final MessageReceivedEvent received = bot.awaitMessage(replyId);
        assertTrue(received.isFromType(ChannelType.PRIVATE), "a DM message event");
        assertEquals("hello bot", received.getMessage().getContentRaw());
        assertEquals("dm-human", received.getAuthor().getName());
        assertEquals(dm.getId(), received.getChannel().getId());

        final List<Message> history = dm.getHistory().retrievePast(10).complete();
        assertEquals(2, history.size());
        assertEquals(replyId, history.get(0).getId(), "newest first");
        assertEquals(sent.getId(), history.get(1).getId());
        assertTrue(history.get(1).getAuthor().isBot(), "the bot's own message says it is from a bot");
    }
}
