package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    // A user here opens a second session seconds after its first: no identify rate limit for the test.
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension()
        .property("concord.edge.gateway.identify.window.ms", "1");

    @Test
    void twoUsersShareOneDmAndOnlyTheyReceiveItsEvents() throws Exception
    {
        final RestTestClient.Response aliceAccount = server.rest().register("alice", false);
        final RestTestClient.Response bobAccount = server.rest().register("bob", false);
        final RestTestClient.Response carolAccount = server.rest().register("carol", false);
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

            final RestTestClient.Response opened = server.call("POST", "users/@me/channels", alice,
                "{\"recipient_id\":\"" + bobId + "\"}");
            assertEquals(200, opened.status(), opened.json()::toString);
            final String dm = opened.text("id");
            assertEquals(1, opened.json().path("type").asInt());
            assertFalse(opened.json().has("guild_id"));
            assertTrue(opened.json().path("last_message_id").isNull());
            assertEquals(bobId, opened.json().path("recipients").path(0).path("id").asText());
            assertEquals("bob", opened.json().path("recipients").path(0).path("username").asText());
            assertEquals(dm, server.call("POST", "users/@me/channels", alice,
                "{\"recipient_id\":\"" + bobId + "\"}").text("id"), "created once");
            final RestTestClient.Response fromBob = server.call("POST", "users/@me/channels", bob,
                "{\"recipient_id\":\"" + aliceId + "\"}");
            assertEquals(dm, fromBob.text("id"), "the same channel for either user");
            assertEquals(aliceId, fromBob.json().path("recipients").path(0).path("id").asText());

            final JsonNode channelCreate = aliceGateway.await("CHANNEL_CREATE");
            assertEquals(dm, channelCreate.path("id").asText());
            assertEquals(bobId, channelCreate.path("recipients").path(0).path("id").asText());

            final RestTestClient.Response sent = server.call("POST", "channels/" + dm + "/messages", bob,
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

            final String carolDm = server.call("POST", "users/@me/channels", carol,
                "{\"recipient_id\":\"" + aliceId + "\"}").text("id");
            server.call("POST", "channels/" + carolDm + "/messages", carol, "{\"content\":\"carol here\"}");
            assertEquals(carolDm, carolGateway.await("MESSAGE_CREATE").path("channel_id").asText());
            assertEquals(carolDm, aliceGateway.await("CHANNEL_CREATE").path("id").asText(),
                "alice hears of carol's DM with its first message");
            assertEquals(carolDm, aliceGateway.await("MESSAGE_CREATE").path("channel_id").asText());
            assertFalse(bobGateway.received("MESSAGE_CREATE"), "bob is not in carol's DM");

            final RestTestClient.Response history = server.call("GET", "channels/" + dm + "/messages?limit=10", alice,
                null);
            assertEquals(200, history.status());
            assertEquals(1, history.json().size());
            assertEquals("hi alice", history.json().path(0).path("content").asText());
            server.call("GET", "channels/" + dm + "/messages", carol, null).assertError(403, 50001);
            server.call("POST", "channels/" + dm + "/messages", carol, "{\"content\":\"x\"}").assertError(403, 50001);
            server.call("GET", "channels/" + dm, carol, null).assertError(403, 50001);
            final RestTestClient.Response channel = server.call("GET", "channels/" + dm, bob, null);
            assertEquals(aliceId, channel.json().path("recipients").path(0).path("id").asText());
            assertEquals(messageId, channel.text("last_message_id"));

            assertEquals(204, server.call("POST", "channels/" + dm + "/typing", alice, null).status());
            final JsonNode typing = bobGateway.await("TYPING_START");
            assertEquals(aliceId, typing.path("user_id").asText());
            assertFalse(typing.has("guild_id"));
            assertFalse(typing.has("member"));

            server.call("PATCH", "channels/" + dm + "/messages/" + messageId, alice,
                "{\"content\":\"not mine\"}").assertError(403, 50005);
            assertEquals(200, server.call("PATCH", "channels/" + dm + "/messages/" + messageId, bob,
                "{\"content\":\"hi alice (edited)\"}").status());
            assertEquals("hi alice (edited)", aliceGateway.await("MESSAGE_UPDATE").path("content").asText());
            server.call("POST", "channels/" + dm + "/messages/bulk-delete", bob,
                "{\"messages\":[\"" + messageId + "\",\"" + dm + "\"]}").assertError(403, 50003);
            assertEquals(403, server.call("DELETE", "channels/" + dm + "/messages/" + messageId, alice, null)
                .status(), "only the author deletes in a DM");
            assertEquals(204, server.call("DELETE", "channels/" + dm + "/messages/" + messageId, bob, null)
                .status());
            final JsonNode deleted = aliceGateway.await("MESSAGE_DELETE");
            assertEquals(messageId, deleted.path("id").asText());
            assertFalse(deleted.has("guild_id"));

            server.call("POST", "users/@me/channels", alice, "{\"recipient_id\":\"" + aliceId + "\"}")
                .assertError(400, 50035);
            server.call("POST", "users/@me/channels", alice, "{\"recipient_id\":\"42\"}").assertError(404, 10013);
            server.call("POST", "users/@me/channels", alice, "{}").assertError(400, 50035);

            try (GatewayTestClient bobAgain = GatewayTestClient.identify(server.httpAddress(), bob, DM_INTENTS))
            {
                final JsonNode privateChannels = bobAgain.ready().path("private_channels");
                assertEquals(1, privateChannels.size());
                assertEquals(dm, privateChannels.path(0).path("id").asText());
                assertEquals(aliceId, privateChannels.path(0).path("recipients").path(0).path("id").asText());
                server.call("POST", "channels/" + dm + "/messages", alice, "{\"content\":\"to both sessions\"}");
                assertEquals("to both sessions", bobAgain.await("MESSAGE_CREATE").path("content").asText());
            }
        }

        server.restart();
        final RestTestClient.Response reopened = server.call("POST", "users/@me/channels", bob,
            "{\"recipient_id\":\"" + aliceId + "\"}");
        assertEquals(200, reopened.status(), reopened.json()::toString);
        final String dm = reopened.text("id");
        final RestTestClient.Response history = server.call("GET", "channels/" + dm + "/messages", alice, null);
        assertEquals(1, history.json().size(), "the DM and its history survive a restart");
        assertEquals("to both sessions", history.json().path(0).path("content").asText());
    }

    @Test
    void listsTheUsersGuildsAndTheOwnerCannotLeave() throws Exception
    {
        final String owner = server.rest().register("owner", false).text("token");
        final String member = server.rest().register("member", false).text("token");
        final String[] ids = new String[3];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = server.call("POST", "guilds", owner, "{\"name\":\"guild " + i + "\"}").text("id");
        }
        final RestTestClient.Response all = server.call("GET", "users/@me/guilds", owner, null);
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
        final RestTestClient.Response page = server.call("GET", "users/@me/guilds?after=" + ids[0] + "&limit=1",
            owner, null);
        assertEquals(1, page.json().size());
        assertEquals(ids[1], page.json().path(0).path("id").asText());
        assertEquals(ids[1], server.call("GET", "users/@me/guilds?before=" + ids[2] + "&limit=1", owner, null)
            .json().path(0).path("id").asText());
        server.call("GET", "users/@me/guilds?limit=201", owner, null).assertError(400, 50035);
        assertEquals(0, server.call("GET", "users/@me/guilds", member, null).json().size());

        server.call("DELETE", "users/@me/guilds/" + ids[0], owner, null).assertError(400, 50055);
        final String channel = server.call("GET", "guilds/" + ids[0] + "/channels", owner, null).json().path(0)
            .path("id").asText();
        final String code = server.call("POST", "channels/" + channel + "/invites", owner, "{}").text("code");
        server.call("POST", "invites/" + code, member, "{}");
        final JsonNode joined = server.call("GET", "users/@me/guilds", member, null).json();
        assertEquals(1, joined.size());
        assertFalse(joined.path(0).path("owner").asBoolean());
        assertEquals(204, server.call("DELETE", "users/@me/guilds/" + ids[0], member, null).status());
        assertEquals(0, server.call("GET", "users/@me/guilds", member, null).json().size());
        server.call("DELETE", "users/@me/guilds/" + ids[0], member, null).assertError(404, 10004);
    }
}
