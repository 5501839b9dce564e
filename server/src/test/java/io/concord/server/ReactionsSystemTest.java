package io.concord.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FIRE = "\uD83D\uDD25";
    private static final String THUMBS_JSON = "\\uD83D\\uDC4D";
    private static final String FIRE_JSON = "\\uD83D\\uDD25";
    private static final int GUILDS = 1;
    private static final int GUILD_MESSAGES = 1 << 9;
    private static final int GUILD_MESSAGE_REACTIONS = 1 << 10;

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void reactionsEndToEnd() throws Exception
    {
        final String alice = server.register("alice");
        final String bob = server.register("bob");
        final String carol = server.register("carol");
        final String dave = server.register("dave");
        final String daveId = server.call("GET", "users/@me", dave, null).field("id");
        final String aliceId = server.call("GET", "users/@me", alice, null).field("id");
        final String guildId = server.call("POST", "guilds", alice, "{\"name\":\"Reacting\"}").field("id");
        final String general = server.call("GET", "guilds/" + guildId + "/channels", alice, null).field("id");
        final String other = server.call("POST", "guilds/" + guildId + "/channels", alice,
            "{\"name\":\"other\"}").field("id");
        final String invite = server.call("POST", "channels/" + general + "/invites", alice, "{}").field("code");
        for (final String member : new String[]{ bob, carol, dave })
        {
            assertEquals(200, server.call("POST", "invites/" + invite, member, "{}").status());
        }
        assertEquals(204, server.call("PUT", "channels/" + general + "/permissions/" + daveId, alice,
            "{\"type\":1,\"allow\":\"0\",\"deny\":\"1024\"}").status());

        final GatewayFrameClient bobFrames = gateway(bob, GUILDS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS);
        final GatewayFrameClient carolFrames = gateway(carol, GUILDS | GUILD_MESSAGES);
        final GatewayFrameClient daveFrames = gateway(dave, GUILDS | GUILD_MESSAGES | GUILD_MESSAGE_REACTIONS);

        final String messageId = server.call("POST", "channels/" + general + "/messages", alice,
            "{\"content\":\"react\"}").field("id");
        final String reactions = "channels/" + general + "/messages/" + messageId + "/reactions/";
        assertEquals(204, server.call("PUT", reactions + encode(THUMBS) + "/@me", alice, null).status());
        assertEquals(204, server.call("PUT", reactions + encode(THUMBS) + "/@me", alice, null).status());

        final String add = bobFrames.await("\"t\":\"MESSAGE_REACTION_ADD\"");
        assertTrue(add.contains("\"user_id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"message_id\":\"" + messageId + "\""), add);
        assertTrue(add.contains("\"message_author_id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"guild_id\":\"" + guildId + "\""), add);
        assertTrue(add.contains("\"emoji\":{\"id\":null,\"name\":\"" + THUMBS + "\"}"), add);
        assertTrue(add.contains("\"member\":{\"user\":{\"id\":\"" + aliceId + "\""), add);
        assertTrue(add.contains("\"burst\":false") && add.contains("\"type\":0"), add);

        // Fences: a later message in a channel each of them can view; no reaction dispatch may come before it.
        server.call("POST", "channels/" + general + "/messages", alice, "{\"content\":\"fence\"}");
        server.call("POST", "channels/" + other + "/messages", alice, "{\"content\":\"fence\"}");
        assertNoReactionBefore(carolFrames, general, "carol has no GUILD_MESSAGE_REACTIONS");
        assertNoReactionBefore(daveFrames, other, "dave cannot view the channel");
        assertNoReactionBefore(bobFrames, general, "a second PUT dispatches nothing");

        final String asAlice = server.call("GET", "channels/" + general + "/messages/" + messageId, alice, null).body();
        assertTrue(asAlice.contains("\"reactions\":[{\"count\":1,\"count_details\":{\"burst\":0,\"normal\":1}," +
            "\"me\":true,\"me_burst\":false"), asAlice);
        assertTrue(asAlice.contains("\"emoji\":{\"id\":null,\"name\":\"" + THUMBS_JSON + "\"}"), asAlice);
        final String asBob = server.call("GET", "channels/" + general + "/messages?limit=5", bob, null).body();
        assertTrue(asBob.contains("\"count\":1,\"count_details\":{\"burst\":0,\"normal\":1},\"me\":false"), asBob);
        final String users = server.call("GET", reactions + encode(THUMBS), bob, null).body();
        assertTrue(users.startsWith("[{\"id\":\"" + aliceId + "\",\"username\":\"alice\""), users);

        server.call("PUT", reactions + "notanemoji/@me", bob, null).assertError(400, 10014);
        server.call("PUT", reactions + "party:123456789012345678/@me", bob, null).assertError(400, 10014);
        server.call("PUT", "channels/" + general + "/messages/" + (Long.parseLong(messageId) - 1) +
            "/reactions/" + encode(FIRE) + "/@me", bob, null).assertError(404, 10008);
        server.call("PUT", reactions + encode(FIRE) + "/@me", dave, null).assertError(403, 50001);
        server.call("DELETE", reactions + encode(THUMBS) + "/" + aliceId, bob, null).assertError(403, 50013);
        server.call("DELETE", reactions.substring(0, reactions.length() - 1), bob, null).assertError(403, 50013);
        server.call("GET", reactions + encode(THUMBS) + "?limit=0", bob, null).assertError(400, 50035);

        assertEquals(204, server.call("PUT", reactions + encode(FIRE) + "/@me", bob, null).status());
        assertTrue(bobFrames.await("MESSAGE_REACTION_ADD").contains(FIRE));
        assertEquals(204, server.call("DELETE", reactions + encode(THUMBS), alice, null).status());
        final String removeEmoji = bobFrames.await("MESSAGE_REACTION_REMOVE_EMOJI");
        assertTrue(removeEmoji.contains(THUMBS) && !removeEmoji.contains("user_id"), removeEmoji);

        server.restart();
        final String afterRestart =
            server.call("GET", "channels/" + general + "/messages/" + messageId, bob, null).body();
        assertTrue(afterRestart.contains("\"reactions\":[{\"count\":1,") &&
            afterRestart.contains("\"me\":true") && afterRestart.contains(FIRE_JSON) &&
            !afterRestart.contains(THUMBS_JSON),
            afterRestart);

        assertEquals(204,
            server.call("DELETE", "channels/" + general + "/messages/" + messageId, alice, null).status());
        server.call("GET", reactions + encode(FIRE), bob, null).assertError(404, 10008);
        final String replacement = server.call("POST", "channels/" + general + "/messages", alice,
            "{\"content\":\"fresh\"}").field("id");
        assertFalse(server.call("GET", "channels/" + general + "/messages/" + replacement, bob, null).body()
            .contains("reactions"), "a message without reactions has no reactions field, as Discord's");
    }

    private static String encode(final String emoji)
    {
        return URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    private GatewayFrameClient gateway(final String token, final int intents) throws Exception
    {
        final GatewayFrameClient client = GatewayFrameClient.identify(server.httpAddress(), token, intents, "");
        client.await("\"t\":\"GUILD_CREATE\"");
        return client;
    }

    private static void assertNoReactionBefore(final GatewayFrameClient frames, final String fenceChannel,
        final String why) throws InterruptedException
    {
        while (true)
        {
            final String frame = frames.next();
            assertFalse(frame.contains("MESSAGE_REACTION"), why + ": " + frame);
            if (frame.contains("\"t\":\"MESSAGE_CREATE\"") && frame.contains("\"channel_id\":\"" + fenceChannel))
            {
                return;
            }
        }
    }
}
