package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReaction;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern STRING_FIELD = Pattern.compile("\"(%s)\":\"([^\"]*)\"");
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FIRE = "\uD83D\uDD25";

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
    void jdaAddsReadsAndReceivesReactions() throws Exception
    {
        final String base = "http://" + server.httpAddress() + "/api/v10/";
        final String botToken = field(send(base + "auth/register", "POST", null,
            "{\"username\":\"react-bot\",\"password\":\"correct horse\",\"bot\":true}"), "token");
        final String guildId = field(send(base + "guilds", "POST", botToken, "{\"name\":\"Reactions\"}"), "id");
        final String humanJson = send(base + "auth/register", "POST", null,
            "{\"username\":\"human\",\"password\":\"battery staple\"}");
        final String humanToken = field(humanJson, "token");
        final String humanId = field(humanJson, "user_id");

        final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
        jda = JDABuilder.createLight(botToken, EnumSet.of(
                GatewayIntent.GUILD_MESSAGES, GatewayIntent.GUILD_MESSAGE_REACTIONS))
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
        assertNotNull(guild);
        final TextChannel channel = guild.getTextChannels().get(0);
        final String invite = field(send(base + "channels/" + channel.getId() + "/invites", "POST", botToken, "{}"),
            "code");
        send(base + "invites/" + invite, "POST", humanToken, "{}");

        final Message message = channel.sendMessage("react to this").complete();
        message.addReaction(Emoji.fromUnicode(THUMBS)).complete();
        message.addReaction(Emoji.fromUnicode(THUMBS)).complete();

        final String reactionPath = base + "channels/" + channel.getId() + "/messages/" + message.getId() +
            "/reactions/" + URLEncoder.encode(FIRE, StandardCharsets.UTF_8) + "/@me";
        send(reactionPath, "PUT", humanToken, "");
        final MessageReactionAddEvent added = await(events, MessageReactionAddEvent.class,
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
        send(reactionPath, "DELETE", humanToken, null);
        final MessageReactionRemoveEvent removed = await(events, MessageReactionRemoveEvent.class,
            (event) -> event.getUserId().equals(humanId));
        assertEquals(Emoji.fromUnicode(FIRE), removed.getEmoji());
        assertTrue(channel.retrieveMessageById(message.getId()).complete().getReactions().isEmpty());

        final ErrorResponseException unknown = assertThrows(ErrorResponseException.class,
            () -> message.addReaction(Emoji.fromCustom("party", 123456789012345678L, false)).complete());
        assertEquals(ErrorResponse.UNKNOWN_EMOJI, unknown.getErrorResponse());
    }

    private static <T> T await(final BlockingQueue<GenericEvent> events, final Class<T> type, final Predicate<T> which)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs)
        {
            final GenericEvent event = events.poll(1, TimeUnit.SECONDS);
            if (type.isInstance(event) && which.test(type.cast(event)))
            {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 30 s");
    }

    private String send(final String url, final String method, final String token, final String body)
        throws Exception
    {
        final HttpRequest.BodyPublisher publisher = null == body ?
            HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
            .method(method, publisher)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json");
        if (null != token)
        {
            builder.header("Authorization", "Bot " + token);
        }
        final HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, () -> url + " " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), name)).matcher(json);
        assertTrue(matcher.find(), () -> name + " in " + json);
        return matcher.group(2);
    }
}
