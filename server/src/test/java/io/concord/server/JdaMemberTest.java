package io.concord.server;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.guild.member.update.GuildMemberUpdateNicknameEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDA against Concord for member edits and bot authors: {@code Guild.modifyNickname} on another member and on itself
 * (PATCH members/{id} and members/@me, its own GUILD_MEMBER_UPDATE), and {@code User.isBot()} on messages from a
 * bot and from a user, live and from history.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdaMemberTest
{
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void jdaModifiesNicknamesAndSeesBotAuthors() throws Exception
    {
        final RestTestClient rest = server.rest();
        final String botToken = rest.register("jda-bot", true).text("token");
        final String guildId = rest.call("POST", "guilds", botToken, "{\"name\":\"Nicks\"}").text("id");
        final RestTestClient.Response human = rest.register("human", false);
        final RestTestClient.Response other = rest.register("other-bot", true);

        final JdaTestBot bot = server.closeAfterTest(JdaTestBot.login(server.httpAddress(), botToken,
            EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT)));

        final Guild guild = bot.jda().getGuildById(guildId);
        final TextChannel channel = guild.getTextChannels().get(0);
        final String code = rest.call("POST", "channels/" + channel.getId() + "/invites", botToken, "{}").text("code");
        assertEquals(200, rest.call("POST", "invites/" + code, human.text("token"), "{}").status());
        assertEquals(200, rest.call("POST", "invites/" + code, other.text("token"), "{}").status());

        final Member humanMember = guild.retrieveMemberById(human.text("user_id")).complete();
        guild.modifyNickname(humanMember, "Hugh").complete();
        final String humanPath = "guilds/" + guildId + "/members/" + human.text("user_id");
        assertEquals("Hugh", rest.call("GET", humanPath, botToken, null).text("nick"));
        assertEquals("Hugh", guild.retrieveMemberById(human.text("user_id")).complete().getNickname());

        guild.modifyNickname(guild.getSelfMember(), "Botty").complete();
        final GuildMemberUpdateNicknameEvent renamed = bot.await(GuildMemberUpdateNicknameEvent.class);
        assertEquals("Botty", renamed.getNewNickname());
        assertEquals("Botty", guild.getSelfMember().getNickname(), "JDA's own member follows GUILD_MEMBER_UPDATE");

        final String fromBot = rest.call("POST", "channels/" + channel.getId() + "/messages", other.text("token"),
            "{\"content\":\"beep\"}").text("id");
        final String fromHuman = rest.call("POST", "channels/" + channel.getId() + "/messages", human.text("token"),
            "{\"content\":\"hello\"}").text("id");
        final MessageReceivedEvent botMessage = bot.awaitMessage(fromBot);
        assertTrue(botMessage.getAuthor().isBot(), "MESSAGE_CREATE of a bot carries author.bot");
        final MessageReceivedEvent humanMessage = bot.awaitMessage(fromHuman);
        assertFalse(humanMessage.getAuthor().isBot());

        final List<Message> history = channel.getHistory().retrievePast(10).complete();
        assertEquals(fromHuman, history.get(0).getId());
        assertFalse(history.get(0).getAuthor().isBot());
        assertEquals(fromBot, history.get(1).getId());
        assertTrue(history.get(1).getAuthor().isBot(), "history keeps author.bot");
    }
}
