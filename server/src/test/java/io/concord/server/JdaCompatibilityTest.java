package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.channel.ChannelDeleteEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.message.MessageDeleteEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.MessageUpdateEvent;
import net.dv8tion.jda.api.events.role.RoleCreateEvent;
import net.dv8tion.jda.api.events.user.UserTypingEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern STRING_FIELD = Pattern.compile("\"(%s)\":\"([^\"]*)\"");

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private JDA jda;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
    void jdaLogsInChatsAndSeesAnotherUsersMessages() throws Exception
    {
        final String base = "http://" + server.httpAddress() + "/api/v10/";
        final String botToken = field(post(base + "auth/register", null,
            "{\"username\":\"jda-bot\",\"password\":\"correct horse\",\"bot\":true}"), "token");
        final String guildId = field(post(base + "guilds", botToken, "{\"name\":\"JDA Guild\"}"), "id");
        final String humanToken = field(post(base + "auth/register", null,
            "{\"username\":\"human\",\"password\":\"battery staple\"}"), "token");

        final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
        jda = JDABuilder.createLight(botToken, EnumSet.of(
                GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_MESSAGE_TYPING))
            .setRestConfig(new RestConfig().setBaseUrl(base))
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

        final String invite = field(post(base + "channels/" + channel.getId() + "/invites", botToken, "{}"), "code");
        post(base + "invites/" + invite, humanToken, "{}");
        final String humanMessageId = field(post(base + "channels/" + channel.getId() + "/messages", humanToken,
            "{\"content\":\"hi bot\"}"), "id");
        patch(base + "channels/" + channel.getId() + "/messages/" + humanMessageId, humanToken,
            "{\"content\":\"hi bot, edited\"}");
        delete(base + "channels/" + channel.getId() + "/messages/" + humanMessageId, humanToken);

        final MessageReceivedEvent received = awaitMessage(events, humanMessageId);
        assertEquals("hi bot", received.getMessage().getContentRaw());
        assertEquals("human", received.getAuthor().getName());
        final MessageUpdateEvent updated = await(events, MessageUpdateEvent.class);
        assertEquals("hi bot, edited", updated.getMessage().getContentRaw());
        final MessageDeleteEvent deleted = await(events, MessageDeleteEvent.class);
        assertEquals(humanMessageId, deleted.getMessageId());

        post(base + "channels/" + channel.getId() + "/typing", humanToken, "");
        final UserTypingEvent typing = await(events, UserTypingEvent.class);
        assertEquals(channel.getId(), typing.getChannel().getId());
        assertEquals("human", typing.getUser().getName());
        assertNotNull(typing.getMember(), "TYPING_START in a guild carries the member");

        final String newsId = field(post(base + "guilds/" + guildId + "/channels", botToken,
            "{\"name\":\"news\",\"topic\":\"daily\"}"), "id");
        final ChannelCreateEvent channelCreated = await(events, ChannelCreateEvent.class);
        assertEquals(newsId, channelCreated.getChannel().getId());
        assertEquals("daily", guild.getTextChannelById(newsId).getTopic(), "JDA cached the new channel");
        delete(base + "channels/" + newsId, botToken);
        assertEquals(newsId, await(events, ChannelDeleteEvent.class).getChannel().getId());

        final String roleId = field(post(base + "guilds/" + guildId + "/roles", botToken,
            "{\"name\":\"mods\",\"color\":255}"), "id");
        assertEquals("mods", await(events, RoleCreateEvent.class).getRole().getName());
        assertNotNull(guild.getRoleById(roleId));

        final String humanGuildId = field(post(base + "guilds", humanToken, "{\"name\":\"Human Guild\"}"), "id");
        final String humanChannelId = field(get(base + "guilds/" + humanGuildId + "/channels", humanToken), "id");
        final String humanInvite = field(post(base + "channels/" + humanChannelId + "/invites", humanToken, "{}"),
            "code");
        post(base + "invites/" + humanInvite, botToken, "{}");
        final GuildJoinEvent joined = await(events, GuildJoinEvent.class);
        assertEquals(humanGuildId, joined.getGuild().getId(), "GUILD_CREATE for a guild joined after READY");
        assertEquals("Human Guild", joined.getGuild().getName());

        edited.delete().complete();
        assertTrue(channel.getHistory().retrievePast(10).complete().isEmpty(), "both messages are gone");
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

    private String post(final String url, final String token, final String body) throws Exception
    {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private String get(final String url, final String token) throws Exception
    {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    private void patch(final String url, final String token, final String body) throws Exception
    {
        send(HttpRequest.newBuilder(URI.create(url)).method("PATCH", HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private void delete(final String url, final String token) throws Exception
    {
        send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
    }

    private String send(final HttpRequest.Builder builder, final String token) throws Exception
    {
        builder.timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
        if (null != token)
        {
            builder.header("Authorization", "Bot " + token);
        }
        final HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, () -> response.statusCode() + " " + response.body());
        return response.body();
    }

    private static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), name)).matcher(json);
        assertTrue(matcher.find(), () -> name + " in " + json);
        return matcher.group(2);
    }
}
