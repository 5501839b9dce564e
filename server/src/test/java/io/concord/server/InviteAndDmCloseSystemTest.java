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
 * Over real sockets: INVITE_CREATE and INVITE_DELETE reach a session that may manage the channel and asked for
 * GUILD_INVITES, never a plain member; {@code DELETE /channels/{dm}} answers with the DM, sends CHANNEL_DELETE to the
 * closer's session only, and the DM keeps working.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InviteAndDmCloseSystemTest
{
    private static final long GUILDS = 1;
    private static final long GUILD_INVITES = 1 << 6;
    private static final long DIRECT_MESSAGES = 1 << 12;
    private static final long DIRECT_MESSAGE_REACTIONS = 1 << 13;
    private static final String THUMBS = "%F0%9F%91%8D";

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void invitesReachManagersOnlyAndAClosedDmStays() throws Exception
    {
        final RestTestClient.Response aliceAccount = server.rest().register("alice", false);
        final RestTestClient.Response bobAccount = server.rest().register("bob", false);
        final String alice = aliceAccount.text("token");
        final String bob = bobAccount.text("token");
        final String guildId = server.call("POST", "guilds", alice, "{\"name\":\"Invites\"}").text("id");
        final String general = server.call("GET", "guilds/" + guildId + "/channels", alice, null).field("id");
        final String first = server.call("POST", "channels/" + general + "/invites", alice, "{}").text("code");
        assertEquals(200, server.call("POST", "invites/" + first, bob, "{}").status());

        try (GatewayTestClient aliceGateway = GatewayTestClient.identify(server.httpAddress(), alice,
            GUILDS | GUILD_INVITES | DIRECT_MESSAGES | DIRECT_MESSAGE_REACTIONS);
            GatewayTestClient bobGateway = GatewayTestClient.identify(server.httpAddress(), bob,
                GUILDS | GUILD_INVITES | DIRECT_MESSAGES))
        {
            aliceGateway.await("GUILD_CREATE");
            bobGateway.await("GUILD_CREATE");

            final RestTestClient.Response invite =
                server.call("POST", "channels/" + general + "/invites", alice, "{\"max_uses\":3}");
            assertEquals(200, invite.status(), invite.body());
            final String code = invite.text("code");
            final JsonNode created = aliceGateway.await("INVITE_CREATE");
            assertEquals(code, created.path("code").asText(), created.toString());
            assertEquals(general, created.path("channel_id").asText());
            assertEquals(guildId, created.path("guild_id").asText());
            assertEquals(aliceAccount.text("user_id"), created.path("inviter").path("id").asText());
            assertEquals(3, created.path("max_uses").asInt());

            assertEquals(200, server.call("DELETE", "invites/" + code, alice, null).status());
            final JsonNode deleted = aliceGateway.await("INVITE_DELETE");
            assertEquals(code, deleted.path("code").asText(), deleted.toString());

            final String dm = server.call("POST", "users/@me/channels", alice,
                "{\"recipient_id\":\"" + bobAccount.text("user_id") + "\"}").text("id");
            assertEquals(dm, aliceGateway.await("CHANNEL_CREATE").path("id").asText());
            final RestTestClient.Response closed = server.call("DELETE", "channels/" + dm, alice, null);
            assertEquals(200, closed.status(), closed.body());
            assertEquals(dm, closed.text("id"));
            assertEquals(1, closed.json().path("type").asInt());
            final JsonNode channelDelete = aliceGateway.await("CHANNEL_DELETE");
            assertEquals(dm, channelDelete.path("id").asText(), channelDelete.toString());
            assertEquals(1, channelDelete.path("type").asInt());

            final RestTestClient.Response still =
                server.call("POST", "channels/" + dm + "/messages", bob, "{\"content\":\"still here\"}");
            assertEquals(200, still.status(), "the DM stays open for the other user");
            assertEquals("still here", aliceGateway.await("MESSAGE_CREATE").path("content").asText());

            final String reactions = "channels/" + dm + "/messages/" + still.text("id") + "/reactions/" + THUMBS;
            assertEquals(204, server.call("PUT", reactions + "/@me", bob, null).status(), "reactions work in DMs");
            final JsonNode added = aliceGateway.await("MESSAGE_REACTION_ADD");
            assertEquals(bobAccount.text("user_id"), added.path("user_id").asText(), added.toString());
            assertFalse(added.has("guild_id"), added.toString());
            final JsonNode message = server.call("GET", "channels/" + dm + "/messages/" + still.text("id"), alice,
                null).json();
            assertEquals(1, message.path("reactions").path(0).path("count").asInt(), message.toString());
            assertFalse(message.path("reactions").path(0).path("me").asBoolean());
            assertEquals(bobAccount.text("user_id"), server.call("GET", reactions, alice, null).json().path(0)
                .path("id").asText());
            final RestTestClient.Response foreign =
                server.call("DELETE", reactions + "/" + bobAccount.text("user_id"), alice, null);
            assertEquals(403, foreign.status(), foreign.body());
            assertEquals(50003, foreign.json().path("code").asInt());
            bobGateway.await("MESSAGE_CREATE");
            assertFalse(bobGateway.seen("INVITE_CREATE"), "bob cannot manage the channel");
            assertFalse(bobGateway.seen("INVITE_DELETE"));
            assertFalse(bobGateway.seen("CHANNEL_DELETE"), "only the closer's sessions hear of the close");
            assertTrue(aliceGateway.seen("INVITE_CREATE"));
        }
    }
}
