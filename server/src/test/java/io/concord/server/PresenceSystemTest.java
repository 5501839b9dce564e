package io.concord.server;

import io.concord.core.CoreConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence delivery with real gateway sessions against {@code concord serve}'s roles in one JVM: who receives
 * PRESENCE_UPDATE (GUILD_PRESENCES, small versus large guilds, op 8 with presences), the Identify presence with
 * activities, the coalescing window's last state arriving from the shard's timer ticks, and op 8 member chunks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PresenceSystemTest
{
    private static final int TEST_EDGE_ID = 9;
    private static final int GUILDS = 1;
    private static final int GUILD_MEMBERS = 1 << 1;
    private static final int GUILD_PRESENCES = 1 << 8;
    private static final int EXTRA_MEMBERS = 55;
    private static final long WINDOW_MS = 8_000;

    // A window far longer than any step of this test takes, so which changes coalesce does not depend on speed.
    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension()
        .property(CoreConfiguration.PRESENCE_WINDOW_MS_PROP_NAME, Long.toString(WINDOW_MS));

    private TestCoreLink link;
    private GatewayFrameClient friendSession;

    @BeforeEach
    void connect()
    {
        link = server.closeAfterTest(new TestCoreLink(server.server(), TEST_EDGE_ID));
    }

    @Test
    void presencesReachOnlyTheSessionsThatAskedAndOp8AnswersInChunks() throws Exception
    {
        final TestCoreLink.Account owner = link.register("owner-bot");
        final TestCoreLink.Account friend = link.register("friend");
        final long[] guild = link.createGuild(owner.userId(), "Presence");
        final long guildId = guild[0];
        link.acceptInvite(friend.userId(), link.createInvite(owner.userId(), guild[1]));
        for (int i = 0; i < EXTRA_MEMBERS; i++)
        {
            link.acceptInvite(link.register("member-" + i).userId(), link.createInvite(owner.userId(), guild[1]));
        }

        // One user per session: Discord's identify concurrency allows one Identify per bot per 5 s.
        final TestCoreLink.Account watcher = link.register("watcher");
        final TestCoreLink.Account lurker = link.register("lurker");
        link.acceptInvite(watcher.userId(), link.createInvite(owner.userId(), guild[1]));
        link.acceptInvite(lurker.userId(), link.createInvite(owner.userId(), guild[1]));
        final TestCoreLink.Account lateSmall = link.register("late-small");
        final TestCoreLink.Account lateLarge = link.register("late-large");
        final TestCoreLink.Account lateNone = link.register("late-none");
        link.acceptInvite(lateSmall.userId(), link.createInvite(owner.userId(), guild[1]));
        link.acceptInvite(lateLarge.userId(), link.createInvite(owner.userId(), guild[1]));
        link.acceptInvite(lateNone.userId(), link.createInvite(owner.userId(), guild[1]));
        final GatewayFrameClient small = identify(owner, GUILDS | GUILD_PRESENCES | GUILD_MEMBERS, 250, null);
        final GatewayFrameClient large = identify(watcher, GUILDS | GUILD_PRESENCES, 50, null);
        final GatewayFrameClient none = identify(lurker, GUILDS, 250, null);
        assertTrue(small.await("GUILD_CREATE").contains("\"large\":false"));
        assertTrue(large.await("GUILD_CREATE").contains("\"large\":true"));
        none.await("GUILD_CREATE");

        identify(friend, GUILDS, 250, "{\"status\":\"dnd\",\"activities\":[{\"name\":\"Chess\",\"type\":0}]}");
        // The Identify status goes out at once; its activities follow at the end of the window.
        assertTrue(small.await(presenceOf(friend.userId())).contains("\"status\":\"dnd\""));
        final String chess = small.await(presenceOf(friend.userId()));
        assertTrue(chess.contains("\"status\":\"dnd\"") && chess.contains("Chess"), chess);

        large.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"user_ids\":[\"" + friend.userId() +
            "\",\"42\"],\"presences\":true,\"nonce\":\"ids\"}}");
        final String byIds = large.await("GUILD_MEMBERS_CHUNK");
        assertFalse(large.seen("PRESENCE_UPDATE"), "a large guild sends no presences before op 8 asks");
        assertTrue(byIds.contains("\"not_found\":[\"42\"]") && byIds.contains("\"nonce\":\"ids\"") &&
            byIds.contains("\"status\":\"dnd\""), byIds);

        // Two changes inside the window: only the last one arrives, at the window's end (the shard's timer tick).
        friendSession.send("{\"op\":3,\"d\":{\"status\":\"online\",\"since\":null,\"afk\":false," +
            "\"activities\":[]}}");
        friendSession.send("{\"op\":3,\"d\":{\"status\":\"idle\",\"since\":null,\"afk\":false," +
            "\"activities\":[]}}");
        final String idle = small.await(presenceOf(friend.userId()));
        assertTrue(idle.contains("\"status\":\"idle\""), "coalesced to the last state, nothing between: " + idle);
        assertTrue(large.await(presenceOf(friend.userId())).contains("\"status\":\"idle\""), "subscribed by op 8");

        none.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"fri\",\"limit\":5}}");
        final String query = none.await("GUILD_MEMBERS_CHUNK");
        assertFalse(none.seen("PRESENCE_UPDATE"), "no GUILD_PRESENCES, no presences");
        assertTrue(query.contains("\"username\":\"friend\"") && query.contains("\"chunk_count\":1"), query);

        small.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0}}");
        final String all = small.await("GUILD_MEMBERS_CHUNK");
        assertEquals(EXTRA_MEMBERS + 7, all.split("\"joined_at\"", -1).length - 1, "every member: " + all);
        small.send("{\"op\":8,\"d\":{\"guild_id\":\"" + guildId + "\",\"query\":\"\",\"limit\":0}}");
        assertTrue(small.await("RATE_LIMITED").contains("\"opcode\":8"));

        // GUILD_CREATE carries the online members' presences: every member of a small guild, the online ones of a
        // large guild (a bounded set), and none without GUILD_PRESENCES.
        final String smallCreate = identify(lateSmall, GUILDS | GUILD_PRESENCES, 250, null).await("GUILD_CREATE");
        assertTrue(smallCreate.contains(guildPresence(friend.userId(), "idle")), smallCreate);
        assertTrue(smallCreate.contains(guildPresence(owner.userId(), "online")), smallCreate);
        assertFalse(smallCreate.contains("{\"user\":{\"id\":\"" + lateNone.userId() + "\"},\"status\""),
            "an offline member has no presence: " + smallCreate);
        assertEquals(EXTRA_MEMBERS + 7, smallCreate.split("\"joined_at\"", -1).length - 2,
            "every member (and the guild's joined_at): " + smallCreate);
        final String largeCreate = identify(lateLarge, GUILDS | GUILD_PRESENCES, 50, null).await("GUILD_CREATE");
        assertTrue(largeCreate.contains("\"large\":true") &&
            largeCreate.contains(guildPresence(friend.userId(), "idle")) &&
            largeCreate.contains("\"username\":\"friend\""), "online members of a large guild: " + largeCreate);
        assertFalse(largeCreate.contains("\"username\":\"member-0\""), "offline members of a large guild are left " +
            "to op 8: " + largeCreate);
        final String noneCreate = identify(lateNone, GUILDS, 250, null).await("GUILD_CREATE");
        assertTrue(noneCreate.contains("\"presences\":[]") && !noneCreate.contains("\"username\":\"friend\""),
            "no GUILD_PRESENCES: no presences, only the own member: " + noneCreate);
    }

    private GatewayFrameClient identify(
        final TestCoreLink.Account account, final int intents, final int largeThreshold, final String presence)
        throws Exception
    {
        final GatewayFrameClient session = server.closeAfterTest(GatewayFrameClient.identify(server.httpAddress(),
            server.token(account.userId(), account.generation()), intents,
            ",\"large_threshold\":" + largeThreshold + (null == presence ? "" : ",\"presence\":" + presence)));
        session.await("\"t\":\"READY\"");
        if (null != presence)
        {
            friendSession = session;
        }
        return session;
    }

    private static String guildPresence(final long userId, final String status)
    {
        return "{\"user\":{\"id\":\"" + userId + "\"},\"status\":\"" + status + "\",\"activities\":[]," +
            "\"client_status\":{\"web\":\"" + status + "\"}}";
    }

    private static String presenceOf(final long userId)
    {
        return "\"t\":\"PRESENCE_UPDATE\",\"d\":{\"user\":{\"id\":\"" + userId + "\"}";
    }
}
