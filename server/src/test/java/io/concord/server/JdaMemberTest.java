package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.guild.member.update.GuildMemberUpdateNicknameEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private JDA jda;

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        System.setProperty("concord.edge.host", "127.0.0.1");
        System.setProperty("concord.edge.port", "0");
        System.setProperty("concord.edge.rest.password.iterations", "1000");
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());
    }

    @AfterEach
    void stop()
    {
        if (null != jda)
        {
            jda.shutdownNow();
        }
        server.close();
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
        System.clearProperty("concord.edge.rest.password.iterations");
    }

    @Test
    void jdaModifiesNicknamesAndSeesBotAuthors() throws Exception
    {
        final RestTestClient rest = new RestTestClient(server.httpAddress());
        final String botToken = rest.register("jda-bot", true).text("token");
        final String guildId = rest.call("POST", "guilds", botToken, "{\"name\":\"Nicks\"}").text("id");
        final RestTestClient.Response human = rest.register("human", false);
        final RestTestClient.Response other = rest.register("other-bot", true);

        final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
        jda = JDABuilder.createLight(botToken, EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT))
            .setRestConfig(new RestConfig().setBaseUrl(rest.base()))
            .setSessionController(new ConcurrentSessionController()
            {
                public String getGateway()
                {
                    return "ws://" + server.httpAddress() + "/gateway";
                }
            })
            .setCompression(Compression.NONE)
            .addEventListeners((net.dv8tion.jda.api.hooks.EventListener)events::add)
            .build()
            .awaitReady();

        final Guild guild = jda.getGuildById(guildId);
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
        final GuildMemberUpdateNicknameEvent renamed = await(events, GuildMemberUpdateNicknameEvent.class);
        assertEquals("Botty", renamed.getNewNickname());
        assertEquals("Botty", guild.getSelfMember().getNickname(), "JDA's own member follows GUILD_MEMBER_UPDATE");

        final String fromBot = rest.call("POST", "channels/" + channel.getId() + "/messages", other.text("token"),
            "{\"content\":\"beep\"}").text("id");
        final String fromHuman = rest.call("POST", "channels/" + channel.getId() + "/messages", human.text("token"),
            "{\"content\":\"hello\"}").text("id");
        final MessageReceivedEvent botMessage = awaitMessage(events, fromBot);
        assertTrue(botMessage.getAuthor().isBot(), "MESSAGE_CREATE of a bot carries author.bot");
        final MessageReceivedEvent humanMessage = awaitMessage(events, fromHuman);
        assertFalse(humanMessage.getAuthor().isBot());

        final List<Message> history = channel.getHistory().retrievePast(10).complete();
        assertEquals(fromHuman, history.get(0).getId());
        assertFalse(history.get(0).getAuthor().isBot());
        assertEquals(fromBot, history.get(1).getId());
        assertTrue(history.get(1).getAuthor().isBot(), "history keeps author.bot");
    }

    private static MessageReceivedEvent awaitMessage(final BlockingQueue<GenericEvent> events, final String id)
        throws InterruptedException
    {
        while (true)
        {
            final MessageReceivedEvent event = await(events, MessageReceivedEvent.class);
            if (event.getMessageId().equals(id))
            {
                return event;
            }
        }
    }

    private static <T> T await(final BlockingQueue<GenericEvent> events, final Class<T> type)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs)
        {
            final GenericEvent event = events.poll(1, TimeUnit.SECONDS);
            if (type.isInstance(event))
            {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 30 s");
    }
}
