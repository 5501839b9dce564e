package io.concord.server;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /invites/{code}} over HTTP: Discord's permission (MANAGE_CHANNELS or MANAGE_GUILD), the deleted
 * invite object as the answer, and the code unknown afterwards, also across a restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeleteInviteSystemTest
{
    private static final Pattern STRING_FIELD = Pattern.compile("\"(%s)\":\"([^\"]*)\"");

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
    void ownerDeletesInviteMemberMayNot() throws Exception
    {
        final String alice = register("alice");
        final String bob = register("bob");
        final String guildId = field(call("POST", "guilds", alice, "{\"name\":\"Invites\"}").body(), "id");
        final String general = field(call("GET", "guilds/" + guildId + "/channels", alice, null).body(), "id");
        final String first = field(call("POST", "channels/" + general + "/invites", alice, "{}").body(), "code");
        final String second = field(call("POST", "channels/" + general + "/invites", alice, "{}").body(), "code");
        assertEquals(200, call("POST", "invites/" + first, bob, "{}").status());

        assertError(call("DELETE", "invites/" + second, bob, null), 403, 50013);
        assertError(call("DELETE", "invites/zzzzzzzz", alice, null), 404, 10006);
        assertError(call("DELETE", "invites/not-a-code!", alice, null), 404, 10006);

        final Response deleted = call("DELETE", "invites/" + second, alice, null);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(second, field(deleted.body(), "code"));
        assertTrue(deleted.body().contains("\"channel\":{\"id\":\"" + general + "\""), deleted.body());
        assertError(call("GET", "invites/" + second, bob, null), 404, 10006);
        assertError(call("DELETE", "invites/" + second, alice, null), 404, 10006);

        server.close();
        launch();
        assertError(call("GET", "invites/" + second, bob, null), 404, 10006);
        assertEquals(200, call("GET", "invites/" + first, bob, null).status(), "the other invite is kept");
    }

    private static void assertError(final Response response, final int status, final int code)
    {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains("\"code\":" + code), response.body());
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

    private static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile(String.format(STRING_FIELD.pattern(), name)).matcher(json);
        assertTrue(matcher.find(), () -> name + " in " + json);
        return matcher.group(2);
    }
}
