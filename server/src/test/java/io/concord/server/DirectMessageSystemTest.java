package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Direct messages end to end, every role in one JVM as {@code concord serve} runs them, over real HTTP and
 * WebSockets: two users open one DM (from either side), both of their gateway sessions receive its dispatches without
 * {@code guild_id} and a third user's does not; history, edits, deletes, typing and the errors Discord gives; READY
 * lists the DM; the DM survives a restart. Also {@code GET /users/@me/guilds} and leaving a guild.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DirectMessageSystemTest
{
    private static final long DM_INTENTS = (1 << 12) | (1 << 14) | (1 << 15);

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private RestTestClient rest;

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        System.setProperty("concord.edge.host", "127.0.0.1");
        System.setProperty("concord.edge.port", "0");
        System.setProperty("concord.edge.rest.password.iterations", "1000");
        // A user here opens a second session seconds after its first: no identify rate limit for the test.
        System.setProperty("concord.edge.gateway.identify.window.ms", "1");
        launch();
    }

    private void launch() throws Exception
    {
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());
        rest = new RestTestClient(server.httpAddress());
    }

    @AfterEach
    void stop()
    {
        if (null != server)
        {
            server.close();
        }
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
        System.clearProperty("concord.edge.rest.password.iterations");
        System.clearProperty("concord.edge.gateway.identify.window.ms");
    }

    private static void assertError(final RestTestClient.Response response, final int status, final int code)
    {
        assertEquals(status, response.status(), response.json()::toString);
        assertEquals(code, response.json().path("code").asInt(), response.json()::toString);
    }

    @Test
    void twoUsersShareOneDmAndOnlyTheyReceiveItsEvents() throws Exception
    {
        final RestTestClient.Response aliceAccount = rest.register("alice", false);
        final RestTestClient.Response bobAccount = rest.register("bob", false);
        final RestTestClient.Response carolAccount = rest.register("carol", false);
        final String alice = aliceAccount.text("token");
        final String bob = bobAccount.text("token");
        final String carol = carolAccount.text("token");
        final String aliceId = aliceAccount.text("user_id");
        final String bobId = bobAccount.text("user_id");

        try (GatewayTestClient aliceGateway = GatewayTestClient.identify(server.httpAddress(), alice, DM_INTENTS);
            GatewayTestClient bobGateway = GatewayTestClient.identify(server.httpAddress(), bob, DM_INTENTS);
            GatewayTestClient carolGateway = GatewayTestClient.identify(server.httpAddress(), carol, DM_INTENTS))
        {
            assertEquals(0, aliceGateway.ready().path("private_channels").size());

            final RestTestClient.Response opened = rest.call("POST", "users/@me/channels", alice,
                "{\"recipient_id\":\"" + bobId + "\"}");
            assertEquals(200, opened.status(), opened.json()::toString);
            final String dm = opened.text("id");
            assertEquals(1, opened.json().path("type").asInt());
            assertFalse(opened.json().has("guild_id"));
            assertTrue(opened.json().path("last_message_id").isNull());
            assertEquals(bobId, opened.json().path("recipients").path(0).path("id").asText());
            assertEquals("bob", opened.json().path("recipients").path(0).path("username").asText());
            assertEquals(dm, rest.call("POST", "users/@me/channels", alice,
                "{\"recipient_id\":\"" + bobId + "\"}").text("id"), "created once");
            final RestTestClient.Response fromBob = rest.call("POST", "users/@me/channels", bob,
                "{\"recipient_id\":\"" + aliceId + "\"}");
            assertEquals(dm, fromBob.text("id"), "the same channel for either user");
            assertEquals(aliceId, fromBob.json().path("recipients").path(0).path("id").asText());

            final JsonNode channelCreate = aliceGateway.await("CHANNEL_CREATE");
            assertEquals(dm, channelCreate.path("id").asText());
            assertEquals(bobId, channelCreate.path("recipients").path(0).path("id").asText());

            final RestTestClient.Response sent = rest.call("POST", "channels/" + dm + "/messages", bob,
                "{\"content\":\"hi alice\"}");
            assertEquals(200, sent.status(), sent.json()::toString);
            assertFalse(sent.json().has("guild_id"));
            final String messageId = sent.text("id");
            for (final GatewayTestClient gateway : new GatewayTestClient[]{ aliceGateway, bobGateway })
            {
                final JsonNode created = gateway.await("MESSAGE_CREATE");
                assertEquals(messageId, created.path("id").asText());
                assertEquals(dm, created.path("channel_id").asText());
                assertEquals("hi alice", created.path("content").asText());
                assertFalse(created.has("guild_id"), "DM dispatches carry no guild_id");
                assertEquals(1, created.path("channel_type").asInt());
            }

            final String carolDm = rest.call("POST", "users/@me/channels", carol,
                "{\"recipient_id\":\"" + aliceId + "\"}").text("id");
            rest.call("POST", "channels/" + carolDm + "/messages", carol, "{\"content\":\"carol here\"}");
            assertEquals(carolDm, carolGateway.await("MESSAGE_CREATE").path("channel_id").asText());
            assertEquals(carolDm, aliceGateway.await("CHANNEL_CREATE").path("id").asText(),
                "alice hears of carol's DM with its first message");
            assertEquals(carolDm, aliceGateway.await("MESSAGE_CREATE").path("channel_id").asText());
            assertFalse(bobGateway.received("MESSAGE_CREATE"), "bob is not in carol's DM");

            final RestTestClient.Response history = rest.call("GET", "channels/" + dm + "/messages?limit=10", alice,
                null);
            assertEquals(200, history.status());
            assertEquals(1, history.json().size());
            assertEquals("hi alice", history.json().path(0).path("content").asText());
            assertError(rest.call("GET", "channels/" + dm + "/messages", carol, null), 403, 50001);
            assertError(rest.call("POST", "channels/" + dm + "/messages", carol, "{\"content\":\"x\"}"), 403, 50001);
            assertError(rest.call("GET", "channels/" + dm, carol, null), 403, 50001);
            final RestTestClient.Response channel = rest.call("GET", "channels/" + dm, bob, null);
            assertEquals(aliceId, channel.json().path("recipients").path(0).path("id").asText());
            assertEquals(messageId, channel.text("last_message_id"));

            assertEquals(204, rest.call("POST", "channels/" + dm + "/typing", alice, null).status());
            final JsonNode typing = bobGateway.await("TYPING_START");
            assertEquals(aliceId, typing.path("user_id").asText());
            assertFalse(typing.has("guild_id"));
            assertFalse(typing.has("member"));

            assertError(rest.call("PATCH", "channels/" + dm + "/messages/" + messageId, alice,
                "{\"content\":\"not mine\"}"), 403, 50005);
            assertEquals(200, rest.call("PATCH", "channels/" + dm + "/messages/" + messageId, bob,
                "{\"content\":\"hi alice (edited)\"}").status());
            assertEquals("hi alice (edited)", aliceGateway.await("MESSAGE_UPDATE").path("content").asText());
            assertError(rest.call("POST", "channels/" + dm + "/messages/bulk-delete", bob,
                "{\"messages\":[\"" + messageId + "\",\"" + dm + "\"]}"), 403, 50003);
            assertEquals(403, rest.call("DELETE", "channels/" + dm + "/messages/" + messageId, alice, null)
                .status(), "only the author deletes in a DM");
            assertEquals(204, rest.call("DELETE", "channels/" + dm + "/messages/" + messageId, bob, null)
                .status());
            final JsonNode deleted = aliceGateway.await("MESSAGE_DELETE");
            assertEquals(messageId, deleted.path("id").asText());
            assertFalse(deleted.has("guild_id"));

            assertError(rest.call("POST", "users/@me/channels", alice, "{\"recipient_id\":\"" + aliceId + "\"}"),
                400, 50035);
            assertError(rest.call("POST", "users/@me/channels", alice, "{\"recipient_id\":\"42\"}"), 404, 10013);
            assertError(rest.call("POST", "users/@me/channels", alice, "{}"), 400, 50035);

            try (GatewayTestClient bobAgain = GatewayTestClient.identify(server.httpAddress(), bob, DM_INTENTS))
            {
                final JsonNode privateChannels = bobAgain.ready().path("private_channels");
                assertEquals(1, privateChannels.size());
                assertEquals(dm, privateChannels.path(0).path("id").asText());
                assertEquals(aliceId, privateChannels.path(0).path("recipients").path(0).path("id").asText());
                rest.call("POST", "channels/" + dm + "/messages", alice, "{\"content\":\"to both sessions\"}");
                assertEquals("to both sessions", bobAgain.await("MESSAGE_CREATE").path("content").asText());
            }
        }

        server.close();
        server = null;
        launch();
        final RestTestClient.Response reopened = rest.call("POST", "users/@me/channels", bob,
            "{\"recipient_id\":\"" + aliceId + "\"}");
        assertEquals(200, reopened.status(), reopened.json()::toString);
        final String dm = reopened.text("id");
        final RestTestClient.Response history = rest.call("GET", "channels/" + dm + "/messages", alice, null);
        assertEquals(1, history.json().size(), "the DM and its history survive a restart");
        assertEquals("to both sessions", history.json().path(0).path("content").asText());
    }

    @Test
    void listsTheUsersGuildsAndTheOwnerCannotLeave() throws Exception
    {
        final String owner = rest.register("owner", false).text("token");
        final String member = rest.register("member", false).text("token");
        final String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = rest.call("POST", "guilds", owner, "{\"name\":\"guild " + i + "\"}").text("id");
        }
        final RestTestClient.Response all = rest.call("GET", "users/@me/guilds", owner, null);
        assertEquals(200, all.status(), all.json()::toString);
        assertEquals(3, all.json().size());
        for (int i = 0; i < ids.length; i++)
        {
            final JsonNode guild = all.json().path(i);
            assertEquals(ids[i], guild.path("id").asText(), "ascending ids");
            assertEquals("guild " + i, guild.path("name").asText());
            assertTrue(guild.path("owner").asBoolean());
            assertTrue(guild.path("permissions").isTextual());
            assertTrue(guild.path("features").isArray());
        }
        final RestTestClient.Response page = rest.call("GET", "users/@me/guilds?after=" + ids[0] + "&limit=1",
            owner, null);
        assertEquals(1, page.json().size());
        assertEquals(ids[1], page.json().path(0).path("id").asText());
        assertEquals(ids[1], rest.call("GET", "users/@me/guilds?before=" + ids[2] + "&limit=1", owner, null)
            .json().path(0).path("id").asText());
        assertError(rest.call("GET", "users/@me/guilds?limit=201", owner, null), 400, 50035);
        assertEquals(0, rest.call("GET", "users/@me/guilds", member, null).json().size());

        assertError(rest.call("DELETE", "users/@me/guilds/" + ids[0], owner, null), 400, 50055);
        final String channel = rest.call("GET", "guilds/" + ids[0] + "/channels", owner, null).json().path(0)
            .path("id").asText();
        final String code = rest.call("POST", "channels/" + channel + "/invites", owner, "{}").text("code");
        rest.call("POST", "invites/" + code, member, "{}");
        final JsonNode joined = rest.call("GET", "users/@me/guilds", member, null).json();
        assertEquals(1, joined.size());
        assertFalse(joined.path(0).path("owner").asBoolean());
        assertEquals(204, rest.call("DELETE", "users/@me/guilds/" + ids[0], member, null).status());
        assertEquals(0, rest.call("GET", "users/@me/guilds", member, null).json().size());
        assertError(rest.call("DELETE", "users/@me/guilds/" + ids[0], member, null), 404, 10004);
    }
}
