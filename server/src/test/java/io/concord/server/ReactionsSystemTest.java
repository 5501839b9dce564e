package io.concord.server;

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
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reactions over real HTTP and WebSockets against the embedded server: Discord's status codes and error codes,
 * idempotent adds, per-user {@code me}, MESSAGE_REACTION_* only to sessions with the reaction intent that can view
 * the channel, reactions kept across a restart, and gone with their message.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReactionsSystemTest
{
    private static final Pattern STRING_FIELD = Pattern.compile("\"(%s)\":\"([^\"]*)\"");
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FIRE = "\uD83D\uDD25";
    private static final String THUMBS_JSON = "\\uD83D\\uDC4D";
    private static final String FIRE_JSON = "\\uD83D\\uDD25";
    private static final int GUILDS = 1;
    private static final int GUILD_MESSAGES = 1 << 9;
    private static final int GUILD_MESSAGE_REACTIONS = 1 << 10;

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, String body)
    {
    }

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        System.setProperty("concord.edge.host", "127.0.0.1");
        System.setProperty("concord.edge.port", "0");
        System.setProperty("concord.edge.rest.password.iterations", "1000");
        launch();
    }

    private void launch() throws Exception
    {
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());
        base = "http://" + server.httpAddress() + "/api/v10/";
    }

    @AfterEach
    void stop()
    {
        server.close();
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
        System.clearProperty("concord.edge.rest.password.iterations");
    }

    @Test
    void reactionsEndToEnd() throws Exception
    {
        final String alice = register("alice");
        final String bob = register("bob");
        final String carol = register("carol");
        final String dave = register("dave");
        final String daveId = field(call("GET", "users/@me", dave, null).body(), "id");
        final String aliceId = field(call("GET", "users/@me", alice, null).body(), "id");
        final String guildId = field(call("POST", "guilds", alice, "{\"name\":\"Reacting\"}").body(), "id");
        final String general = field(call("GET", "guilds/" + guildId + "/channels", alice, null).body(), "id");
        final String other = field(call("POST", "guilds/" + guildId + "/channels", alice,
            "{\"name\":\"other\"}").body(), "id");
        final String invite = field(call("POST", "channels/" + general + "/invites", alice, "{}").body(), "code");
        for (final String member : new String[]{ bob, carol, dave })
        {
            assertEquals(200, call("POST", "invites/" + invite, member, "{}").status());
        }
        assertEquals(204, call("PUT", "channels/" + general + "/permissions/" + daveId, alice,
            "{\"type\":1,\"allow\":\"0\",\"deny\":\"1024\"}").status());

        final BlockingQueue<String> bobFrames = gateway(bob, GUILDS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS);
        final BlockingQueue<String> carolFrames = gateway(carol, GUILDS | GUILD_MESSAGES);
        final BlockingQueue<String> daveFrames = gateway(dave, GUILDS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS);

        final String messageId = field(call("POST", "channels/" + general + "/messages", alice,
            "{\"content\":\"react\"}").body(), "id");
        final String reactions = "channels/" + general + "/messages/" + messageId + "/reactions/";
        assertEquals(204, call("PUT", reactions + encode(THUMBS) + "/@me", alice, null).status());
        assertEquals(204, call("PUT", reactions + encode(THUMBS) + "/@me", alice, null).status());

        final String add = awaitFrame(bobFrames, "\"t\":\"MESSAGE_REACTION_ADD\"");
        assertTrue(add.contains("\"user_id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"message_id\":\"" + messageId + "\""), add);
        assertTrue(add.contains("\"message_author_id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"guild_id\":\"" + guildId + "\""), add);
        assertTrue(add.contains("\"emoji\":{\"id\":null,\"name\":\"" + THUMBS + "\"}"), add);
        assertTrue(add.contains("\"member\":{\"user\":{\"id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"burst\":false") && add.contains("\"type\":0"), add);

        // Fences: a later message in a channel each of them can view; no reaction dispatch may come before it.
        call("POST", "channels/" + general + "/messages", alice, "{\"content\":\"fence\"}");
        call("POST", "channels/" + other + "/messages", alice, "{\"content\":\"fence\"}");
        assertNoReactionBefore(carolFrames, general, "carol has no GUILD_MESSAGE_REACTIONS");
        assertNoReactionBefore(daveFrames, other, "dave cannot view the channel");
        assertNoReactionBefore(bobFrames, general, "a second PUT dispatches nothing");

        final String asAlice = call("GET", "channels/" + general + "/messages/" + messageId, alice, null).body();
        assertTrue(asAlice.contains("\"reactions\":[{\"count\":1,\"count_details\":{\"burst\":0,\"normal\":1}," +
            "\"me\":true,\"me_burst\":false"), asAlice);
        assertTrue(asAlice.contains("\"emoji\":{\"id\":null,\"name\":\"" + THUMBS_JSON + "\"}"), asAlice);
        final String asBob = call("GET", "channels/" + general + "/messages?limit=5", bob, null).body();
        assertTrue(asBob.contains("\"count\":1,\"count_details\":{\"burst\":0,\"normal\":1},\"me\":false"), asBob);
        final String users = call("GET", reactions + encode(THUMBS), bob, null).body();
        assertTrue(users.startsWith("[{\"id\":\"" + aliceId + "\",\"username\":\"alice\""), users);

        assertError(call("PUT", reactions + "notanemoji/@me", bob, null), 400, 10014);
        assertError(call("PUT", reactions + "party:123456789012345678/@me", bob, null), 400, 10014);
        assertError(call("PUT", "channels/" + general + "/messages/" + (Long.parseLong(messageId) - 1) +
            "/reactions/" + encode(FIRE) + "/@me", bob, null), 404, 10008);
        assertError(call("PUT", reactions + encode(FIRE) + "/@me", dave, null), 403, 50001);
        assertError(call("DELETE", reactions + encode(THUMBS) + "/" + aliceId, bob, null), 403, 50013);
        assertError(call("DELETE", reactions.substring(0, reactions.length() - 1), bob, null), 403, 50013);
        assertError(call("GET", reactions + encode(THUMBS) + "?limit=0", bob, null), 400, 50035);

        assertEquals(204, call("PUT", reactions + encode(FIRE) + "/@me", bob, null).status());
        assertTrue(awaitFrame(bobFrames, "MESSAGE_REACTION_ADD").contains(FIRE));
        assertEquals(204, call("DELETE", reactions + encode(THUMBS), alice, null).status());
        final String removeEmoji = awaitFrame(bobFrames, "MESSAGE_REACTION_REMOVE_EMOJI");
        assertTrue(removeEmoji.contains(THUMBS) && !removeEmoji.contains("user_id"), removeEmoji);

        server.close();
        launch();
        final String afterRestart = call("GET", "channels/" + general + "/messages/" + messageId, bob, null).body();
        assertTrue(afterRestart.contains("\"reactions\":[{\"count\":1,") &&
            afterRestart.contains("\"me\":true") && afterRestart.contains(FIRE_JSON) &&
            !afterRestart.contains(THUMBS_JSON),
            afterRestart);

        assertEquals(204, call("DELETE", "channels/" + general + "/messages/" + messageId, alice, null).status());
        assertError(call("GET", reactions + encode(FIRE), bob, null), 404, 10008);
        final String replacement = field(call("POST", "channels/" + general + "/messages", alice,
            "{\"content\":\"fresh\"}").body(), "id");
        assertFalse(call("GET", "channels/" + general + "/messages/" + replacement, bob, null).body()
            .contains("reactions"), "a message without reactions has no reactions field, as Discord's");
    }

    private static void assertError(final Response response, final int status, final int code)
    {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains("\"code\":" + code), response.body());
    }

    private static String encode(final String emoji)
    {
        return URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    private String register(final String name) throws Exception
    {
        return field(call("POST", "auth/register", null,
            "{\"username\":\"" + name + "\",\"password\":\"correct horse " + name + "\"}").body(), "token");
    }

    private Response call(final String method, final String path, final String token, final String body)
        throws Exception
    {
        final HttpRequest.BodyPublisher publisher = null == body ?
            HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
            .method(method, publisher)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json");
        if (null != token)
        {
            builder.header("Authorization", "Bot " + token);
        }
        final HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private BlockingQueue<String> gateway(final String token, final int intents) throws Exception
    {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + server.httpAddress() + "/gateway?v=10&encoding=json"),
                new Collector(frames))
            .get(10, TimeUnit.SECONDS);
        awaitFrame(frames, "\"op\":10");
        socket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents +
            ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}", true)
            .get(5, TimeUnit.SECONDS);
        awaitFrame(frames, "\"t\":\"GUILD_CREATE\"");
        return frames;
    }

    private static void assertNoReactionBefore(final BlockingQueue<String> frames, final String fenceChannel,
        final String why) throws InterruptedException
    {
        while (true)
        {
            final String frame = next(frames);
            assertFalse(frame.contains("MESSAGE_REACTION"), why + ": " + frame);
            if (frame.contains("\"t\":\"MESSAGE_CREATE\"") && frame.contains("\"channel_id\":\"" + fenceChannel))
            {
                return;
            }
        }
    }

    private static String awaitFrame(final BlockingQueue<String> frames, final String marker)
        throws InterruptedException
    {
        while (true)
        {
            final String frame = next(frames);
            if (frame.contains(marker))
            {
                return frame;
            }
        }
    }

    private static String next(final BlockingQueue<String> frames) throws InterruptedException
    {
        final String frame = frames.poll(30, TimeUnit.SECONDS);
        if (null == frame)
        {
            throw new AssertionError("no gateway frame within 30 s");
        }
        return frame;
    }

    private static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), name)).matcher(json);
        assertTrue(matcher.find(), () -> name + " in " + json);
        return matcher.group(2);
    }

    private static final class Collector implements WebSocket.Listener
    {
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Collector(final BlockingQueue<String> frames)
        {
            this.frames = frames;
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
