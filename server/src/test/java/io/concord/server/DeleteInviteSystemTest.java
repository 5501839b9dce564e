package io.concord.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /invites/{code}} over HTTP: Discord's permission (MANAGE_CHANNELS or MANAGE_GUILD), the deleted
 * invite object as the answer, and the code unknown afterwards, also across a restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeleteInviteSystemTest
{
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void ownerDeletesInviteMemberMayNot() throws Exception
    {
        final String alice = server.register("alice");
        final String bob = server.register("bob");
        final String guildId = server.call("POST", "guilds", alice, "{\"name\":\"Invites\"}").field("id");
        final String general = server.call("GET", "guilds/" + guildId + "/channels", alice, null).field("id");
        final String first = server.call("POST", "channels/" + general + "/invites", alice, "{}").field("code");
        final String second = server.call("POST", "channels/" + general + "/invites", alice, "{}").field("code");
        assertEquals(200, server.call("POST", "invites/" + first, bob, "{}").status());

        server.call("DELETE", "invites/" + second, bob, null).assertError(403, 50013);
        server.call("DELETE", "invites/zzzzzzzz", alice, null).assertError(404, 10006);
        server.call("DELETE", "invites/not-a-code!", alice, null).assertError(404, 10006);

        final RestTestClient.Response deleted = server.call("DELETE", "invites/" + second, alice, null);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(second, deleted.field("code"));
        assertTrue(deleted.body().contains("\"channel\":{\"id\":\"" + general + "\""), deleted.body());
        server.call("GET", "invites/" + second, bob, null).assertError(404, 10006);
        server.call("DELETE", "invites/" + second, alice, null).assertError(404, 10006);

        server.restart();
        server.call("GET", "invites/" + second, bob, null).assertError(404, 10006);
        assertEquals(200, server.call("GET", "invites/" + first, bob, null).status(), "the other invite is kept");
    }
}
