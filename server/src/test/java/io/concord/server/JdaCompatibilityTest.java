package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.role.RoleCreateEvent;
import net.dv8tion.jda.api.events.user.UserTypingEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unmodified Discord client library, JDA, pointed at Concord: it logs in as a bot over REST and the gateway,
 * finds its guild and channels, sends, pages through, edits and deletes a message with its own calls, and receives
 * MESSAGE_CREATE, MESSAGE_UPDATE and MESSAGE_DELETE caused by another user over REST.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdaCompatibilityTest
{
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void jdaLogsInChatsAndSeesAnotherUsersMessages() throws Exception
    {
        final String botToken = server.rest().register("jda-bot", true).ok().text("token");
        final String guildId = server.call("POST", "guilds", botToken, "{\"name\":\"JDA Guild\"}").ok().field("id");
        final String humanToken = server.register("human");

        final JdaTestBot bot = server.closeAfterTest(JdaTestBot.login(server.httpAddress(), botToken, EnumSet.of(
            GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_MESSAGE_TYPING)));
        final JDA jda = bot.jda();

        final Guild guild = jda.getGuildById(guildId);
        assertNotNull(guild, "JDA sees the guild from READY + GUILD_CREATE");
        assertEquals("JDA Guild", guild.getName());
        final TextChannel channel = guild.getTextChannels().get(0);
        assertEquals("general", channel.getName());

        final Message sent = channel.sendMessage("hello from JDA").complete();
        assertEquals("hello from JDA", sent.getContentRaw());
        final List<Message> history = channel.getHistory().retrievePast(10).complete();
        assertEquals(sent.getId(), history.get(0).getId(), "newest first, as JDA expects");

        final Message edited = sent.editMessage("edited by JDA").complete();
        assertEquals("edited by JDA", edited.getContentRaw());
        assertNotNull(edited.getTimeEdited());

        final String invite =
            server.call("POST", "channels/" + channel.getId() + "/invites", botToken, "{}").ok().field("code");
        server.call("POST", "invites/" + invite, humanToken, "{}").ok();
        final String humanMessageId = server.call("POST", "channels/" + channel.getId() + "/messages", humanToken,
            "{\"content\":\"hi bot\"}").ok().field("id");
        server.call("PATCH", "channels/" + channel.getId() + "/messages/" + humanMessageId, humanToken,
            "{\"content\":\"hi bot, edited\"}").ok();
        server.call("DELETE", "channels/" + channel.getId() + "/messages/" + humanMessageId, humanToken, null).ok();

        final MessageReceivedEvent received = bot.awaitMessage(humanMessageId);
        assertEquals("hi bot", received.getMessage().getContentRaw());
        assertEquals("human", received.getAuthor().getName());
        final MessageUpdateEvent updated = bot.await(MessageUpdateEvent.class);
        assertEquals("hi bot, edited", updated.getMessage().getContentRaw());
        final MessageDeleteEvent deleted = bot.await(MessageDeleteEvent.class);
        assertEquals(humanMessageId, deleted.getMessageId());

        server.call("POST", "channels/" + channel.getId() + "/typing", humanToken, "").ok();
        final UserTypingEvent typing = bot.await(UserTypingEvent.class);
        assertEquals(channel.getId(), typing.getChannel().getId());
        assertEquals("human", typing.getUser().getName());
        assertNotNull(typing.getMember(), "TYPING_START in a guild carries the member");

        final String newsId = server.call("POST", "guilds/" + guildId + "/channels", botToken,
            "{\"name\":\"news\",\"topic\":\"daily\"}").ok().field("id");
        final ChannelCreateEvent channelCreated = bot.await(ChannelCreateEvent.class);
        assertEquals(newsId, channelCreated.getChannel().getId());
        assertEquals("daily", guild.getTextChannelById(newsId).getTopic(), "JDA cached the new channel");
        server.call("DELETE", "channels/" + newsId, botToken, null).ok();
        assertEquals(newsId, bot.await(ChannelDeleteEvent.class).getChannel().getId());

        final String roleId = server.call("POST", "guilds/" + guildId + "/roles", botToken,
            "{\"name\":\"mods\",\"color\":255}").ok().field("id");
        assertEquals("mods", bot.await(RoleCreateEvent.class).getRole().getName());
        assertNotNull(guild.getRoleById(roleId));

        final String humanGuildId =
            server.call("POST", "guilds", humanToken, "{\"name\":\"Human Guild\"}").ok().field("id");
        final String humanChannelId =
            server.call("GET", "guilds/" + humanGuildId + "/channels", humanToken, null).ok().field("id");
        final String humanInvite =
            server.call("POST", "channels/" + humanChannelId + "/invites", humanToken, "{}").ok().field("code");
        server.call("POST", "invites/" + humanInvite, botToken, "{}").ok();
        final GuildJoinEvent joined = bot.await(GuildJoinEvent.class);
        assertEquals(humanGuildId, joined.getGuild().getId(), "GUILD_CREATE for a guild joined after READY");
        assertEquals("Human Guild", joined.getGuild().getName());

        edited.delete().complete();
        assertTrue(channel.getHistory().retrievePast(10).complete().isEmpty(), "both messages are gone");
    }
}
