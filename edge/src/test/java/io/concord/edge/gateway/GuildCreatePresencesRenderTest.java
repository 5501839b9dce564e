package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GUILD_CREATE's {@code members} and {@code presences} under the GUILD_PRESENCES intent rule.
 */
class GuildCreatePresencesRenderTest
{
    private static final long GUILD_ID = 500;
    private static final long SELF = 1;
    private static final long ONLINE = 2;
    private static final long IDLE = 3;
    private static final long OFFLINE = 4;

    private static GuildSnapshot guild(final int memberCount)
    {
        final List<MemberSnapshot> members = List.of(member(SELF, "self"), member(ONLINE, "onliner"),
            member(IDLE, "idler"), member(OFFLINE, "sleeper"));
        return new GuildSnapshot(GUILD_ID, "g", SELF, 0, memberCount, List.of(), List.of(), members,
            List.of(new PresenceSnapshot(SELF, "online"), new PresenceSnapshot(ONLINE, "dnd"),
                new PresenceSnapshot(IDLE, "idle")));
    }

    private static MemberSnapshot member(final long id, final String name)
    {
        return new MemberSnapshot(new UserSnapshot(id, name, null, null, false), new long[0], null, 0);
    }

    private static String render(final GuildSnapshot guild, final int largeThreshold, final long intents)
    {
        final ByteBuf tail = DispatchRenderer.guildCreateTail(
            UnpooledByteBufAllocator.DEFAULT, guild, SELF, largeThreshold, intents);
        try
        {
            return tail.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            tail.release();
        }
    }

    private static String presence(final long userId, final String status)
    {
        return "{\"user\":{\"id\":\"" + userId + "\"},\"status\":\"" + status + "\",\"activities\":[]," +
            "\"client_status\":{\"web\":\"" + status + "\"}}";
    }

    @Test
    void withGuildPresencesEveryListedMemberAndThePresencesTheCoreSent()
    {
        final String json = render(guild(4), 250, GatewayIntents.GUILDS | GatewayIntents.GUILD_PRESENCES);
        assertTrue(json.contains("\"presences\":[" + presence(SELF, "online") + "," + presence(ONLINE, "dnd") + "," +
            presence(IDLE, "idle") + "]"), json);
        assertTrue(json.contains("\"username\":\"sleeper\""), "a small guild lists every member: " + json);
    }

    @Test
    void largeGuildListsWhatTheCoreBoundedWithPresences()
    {
        final String json = render(guild(100_000), 50, GatewayIntents.GUILDS | GatewayIntents.GUILD_PRESENCES);
        assertTrue(json.contains("\"large\":true") && json.contains(presence(IDLE, "idle")), json);
        assertTrue(json.contains("\"username\":\"onliner\""), json);
    }

    @Test
    void withoutGuildPresencesNoPresencesAndOnlyTheOwnMember()
    {
        final String json = render(guild(4), 250, GatewayIntents.GUILDS);
        assertTrue(json.contains("\"presences\":[]"), json);
        assertTrue(json.contains("\"username\":\"self\""), json);
        assertFalse(json.contains("\"username\":\"onliner\""), json);
    }

    @Test
    void aSnapshotWithoutPresencesRendersAnEmptyArray()
    {
        final GuildSnapshot bare = new GuildSnapshot(GUILD_ID, "g", SELF, 0, 1, List.of(), List.of(),
            List.of(member(SELF, "self")));
        final String json = render(bare, 250, GatewayIntents.GUILDS | GatewayIntents.GUILD_PRESENCES);
        assertTrue(json.contains("\"presences\":[]"), json);
    }
}
