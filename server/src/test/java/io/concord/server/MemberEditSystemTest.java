package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Member edits and bot authors over real sockets: {@code PATCH /guilds/{id}/members/{user|@me}} (nick, mute, deaf,
 * roles, timeout) answered with the member and dispatched as GUILD_MEMBER_UPDATE, the nick in GUILD_CREATE and member
 * GETs, and kept across a restart; a bot's messages carry {@code author.bot} in the REST answer, MESSAGE_CREATE and
 * history; bad input, unknown members and missing permissions get Discord's errors.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemberEditSystemTest
{
    private static final long GUILDS = 1;
    private static final long GUILD_MEMBERS = 1 << 1;
    private static final long GUILD_MESSAGES = 1 << 9;
    private static final long MESSAGE_CONTENT = 1 << 15;

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension()
        .property("concord.edge.rest.rate.limit.members", "1000/1000");

    @Test
    void membersAreEditedAndBotsAreMarked() throws Exception
    {
        RestTestClient rest = server.rest();
        final RestTestClient.Response aliceAccount = rest.register("alice", false);
        final String alice = aliceAccount.text("token");
        final RestTestClient.Response botAccount = rest.register("robot", true);
        final String bot = botAccount.text("token");
        final String botId = botAccount.text("user_id");
        final String guildId = rest.call("POST", "guilds", alice, "{\"name\":\"Members\"}").text("id");
        String general = null;
        for (final JsonNode channel : rest.call("GET", "guilds/" + guildId + "/channels", alice, null).json())
        {
            if (0 == channel.path("type").asInt() && null == general)
            {
                general = channel.path("id").asText();
            }
        }
        final String code = rest.call("POST", "channels/" + general + "/invites", alice, "{}").text("code");
        assertEquals(200, rest.call("POST", "invites/" + code, bot, "{}").status());
        final String memberPath = "guilds/" + guildId + "/members/" + botId;

        try (GatewayTestClient aliceGateway = GatewayTestClient.identify(server.httpAddress(), alice,
            GUILDS | GUILD_MEMBERS | GUILD_MESSAGES | MESSAGE_CONTENT))
        {
            aliceGateway.await("GUILD_CREATE");

            final RestTestClient.Response edited =
                rest.call("PATCH", memberPath, alice, "{\"nick\":\"Robo\",\"mute\":true,\"deaf\":true}");
            assertEquals(200, edited.status(), edited.json().toString());
            assertEquals("Robo", edited.text("nick"));
            assertTrue(edited.json().path("mute").asBoolean());
            assertTrue(edited.json().path("deaf").asBoolean());
            assertTrue(edited.json().path("user").path("bot").asBoolean());

            final JsonNode update = aliceGateway.await("GUILD_MEMBER_UPDATE");
            assertEquals("Robo", update.path("nick").asText(), update.toString());
            assertEquals(guildId, update.path("guild_id").asText());
            assertTrue(update.path("deaf").asBoolean());

            final RestTestClient.Response self =
                rest.call("PATCH", "guilds/" + guildId + "/members/@me", bot, "{\"nick\":\"R2\"}");
            assertEquals(200, self.status(), self.json().toString());
            assertEquals("R2", self.text("nick"));
            assertEquals("R2", aliceGateway.await("GUILD_MEMBER_UPDATE").path("nick").asText());

            final RestTestClient.Response sent =
                rest.call("POST", "channels/" + general + "/messages", bot, "{\"content\":\"beep\"}");
            assertEquals(200, sent.status(), sent.json().toString());
            assertTrue(sent.json().path("author").path("bot").asBoolean(), sent.json().toString());
            final JsonNode created = aliceGateway.await("MESSAGE_CREATE");
            assertTrue(created.path("author").path("bot").asBoolean(), created.toString());
        }

        assertEquals(200, rest.call("POST", "channels/" + general + "/messages", alice,
            "{\"content\":\"hello robot\"}").status());
        final JsonNode history = rest.call("GET", "channels/" + general + "/messages?limit=10", alice, null).json();
        assertFalse(history.get(0).path("author").has("bot"), "a user's message has no bot field");
        assertTrue(history.get(1).path("author").path("bot").asBoolean(), history.toString());

        final RestTestClient.Response foreign =
            rest.call("PATCH", "guilds/" + guildId + "/members/" + aliceAccount.text("user_id"), bot,
                "{\"nick\":\"boss\"}");
        assertError(foreign, 403, 50013);
        assertError(rest.call("PATCH", "guilds/" + guildId + "/members/12345", alice, "{\"nick\":\"x\"}"), 404, 10007);
        assertError(rest.call("PATCH", memberPath, alice, "{\"nick\":\"" + "n".repeat(33) + "\"}"), 400, 50035);
        assertError(rest.call("PATCH", memberPath, alice, "{\"deaf\":1}"), 400, 50035);
        assertError(rest.call("PATCH", memberPath, alice, "{\"roles\":{}}"), 400, 50035);

        final String until = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString();
        final RestTestClient.Response timedOut =
            rest.call("PATCH", memberPath, alice, "{\"communication_disabled_until\":\"" + until + "\"}");
        assertEquals(200, timedOut.status(), timedOut.json().toString());
        assertError(rest.call("POST", "channels/" + general + "/messages", bot, "{\"content\":\"muted?\"}"),
            403, 50013);
        assertEquals(200, rest.call("PATCH", memberPath, alice, "{\"communication_disabled_until\":null}").status());
        assertEquals(200, rest.call("POST", "channels/" + general + "/messages", bot, "{\"content\":\"back\"}")
            .status());

        server.restart();
        rest = server.rest();
        final RestTestClient.Response restored = rest.call("GET", memberPath, alice, null);
        assertEquals("R2", restored.text("nick"), restored.json().toString());
        assertTrue(restored.json().path("mute").asBoolean());
        try (GatewayTestClient botGateway = GatewayTestClient.identify(server.httpAddress(), bot, GUILDS))
        {
            final JsonNode guild = botGateway.await("GUILD_CREATE");
            boolean found = false;
            for (final JsonNode member : guild.path("members"))
            {
                if (botId.equals(member.path("user").path("id").asText()))
                {
                    assertEquals("R2", member.path("nick").asText(), member.toString());
                    assertTrue(member.path("deaf").asBoolean());
                    found = true;
                }
            }
            assertTrue(found, guild.toString());
        }
        final JsonNode page = rest.call("GET", "channels/" + general + "/messages?limit=10", alice, null).json();
        assertTrue(page.get(0).path("author").path("bot").asBoolean(), "bot flag read back from the store");
    }

    private static void assertError(final RestTestClient.Response response, final int status, final int code)
    {
        assertEquals(status, response.status(), response.json().toString());
        assertEquals(code, response.json().path("code").asInt(), response.json().toString());
    }
}
