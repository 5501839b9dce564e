package io.concord.edge.gateway;

import io.concord.edge.EdgeConfiguration;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway protocol state machine on {@code EmbeddedChannel}s with a synchronous fake core: every call runs on
 * the test thread, time comes from an injected clock.
 */
class GatewayHandlerTest
{
    static final long ALICE = 101;
    static final long BOB = 102;
    static final long EVE = 103;
    static final long GUILD = FakeGatewayCore.snowflake(1000, 1);
    static final long GENERAL = FakeGatewayCore.snowflake(1000, 2);
    static final long SECRET = FakeGatewayCore.snowflake(1000, 3);
    static final int ALL_MESSAGES = GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES |
        GatewayIntents.MESSAGE_CONTENT | GatewayIntents.GUILD_MESSAGE_TYPING;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final Executor direct = Runnable::run;
    private FakeGatewayCore core;
    private Gateway gateway;
    private EdgeConfiguration.Context ctx;
    private final List<EmbeddedGatewayClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        clock.update(1_000_000);
        ctx = new EdgeConfiguration.Context()
            .heartbeatIntervalMs(40_000)
            .heartbeatToleranceMs(5_000)
            .resumeWindowMs(60_000)
            .replayBufferSize(8)
            .identifyMaxConcurrency(100)
            .conclude();
        core = new FakeGatewayCore(direct);
        core.addUser(ALICE, "alice", false);
        core.addUser(BOB, "bob", true);
        core.addUser(EVE, "eve", false);
        core.addGuild(GUILD, "Concord", ALICE);
        core.addChannel(GUILD, GENERAL, "general");
        core.addChannel(GUILD, SECRET, "secret");
        core.addMember(GUILD, ALICE);
        core.addMember(GUILD, BOB);
        core.addMember(GUILD, EVE);
        core.setCanView(EVE, SECRET, false);
        newGateway();
    }

    private void newGateway()
    {
        gateway = new Gateway(ctx, core, GatewayHandlerTest::authenticate, clock, List.of(direct));
        core.edge(gateway);
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        gateway.shutdown(1_000);
        for (final EmbeddedGatewayClient client : clients)
        {
            client.drain();
            client.channel.finishAndReleaseAll();
        }
    }

    static long authenticate(final String token)
    {
        return token.startsWith("token-") ? Long.parseLong(token.substring(6)) : IdentifyAuthenticator.UNAUTHENTICATED;
    }

    static String identify(final long userId, final long intents)
    {
        return "{\"op\":2,\"d\":{\"token\":\"token-" + userId + "\",\"intents\":" + intents +
            ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}";
    }

    private EmbeddedGatewayClient connect()
    {
        final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
        clients.add(client);
        final ServerPayload hello = client.next();
        assertEquals(GatewayOpcodes.HELLO, hello.op());
        return client;
    }

    private EmbeddedGatewayClient identified(final long userId, final long intents)
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(userId, intents));
        final List<ServerPayload> payloads = client.drain();
        assertEquals("READY", payloads.get(0).t(), payloads.toString());
        return client;
    }

    @Test
    void helloAnnouncesTheConfiguredHeartbeatInterval()
    {
        final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
        clients.add(client);
        final ServerPayload hello = client.next();
        assertEquals(10, hello.op());
        assertEquals(40_000L, hello.dObject().get("heartbeat_interval"));
        assertEquals(-1, hello.s());
    }

    @Test
    void heartbeatBeforeIdentifyIsAcknowledged()
    {
        final EmbeddedGatewayClient client = connect();
        client.send("{\"op\":1,\"d\":null}");
        assertEquals(GatewayOpcodes.HEARTBEAT_ACK, client.next().op());
        client.send("{\"op\":1,\"d\":0}");
        assertEquals(GatewayOpcodes.HEARTBEAT_ACK, client.next().op());
        assertTrue(client.channel.isActive());
    }

    @Test
    void identifyGetsReadyThenOneGuildCreatePerGuildWithWhatClientsRequire()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(BOB, ALL_MESSAGES));
        final List<ServerPayload> payloads = client.drain();
        assertEquals(2, payloads.size(), payloads.toString());

        final ServerPayload ready = payloads.get(0);
        assertEquals(0, ready.op());
        assertEquals("READY", ready.t());
        assertEquals(1, ready.s());
        assertEquals(10L, ready.dObject().get("v"));
        assertEquals(32, ((String)ready.dObject().get("session_id")).length());
        assertEquals("ws://127.0.0.1/gateway", ready.dObject().get("resume_gateway_url"));
        assertEquals(List.of(), ready.dList("private_channels"));
        assertEquals(Long.toString(FakeGatewayCore.APPLICATION_ID),
            ((Map<?, ?>)ready.dObject().get("application")).get("id"));
        assertEquals(Map.of("id", Long.toString(GUILD), "unavailable", true), ready.dList("guilds").get(0));
        final Map<?, ?> user = (Map<?, ?>)ready.dObject().get("user");
        assertEquals(Long.toString(BOB), user.get("id"));
        assertEquals(true, user.get("bot"));
        assertEquals(List.of(0L, 1L), ready.dList("shard"));

        final ServerPayload guildCreate = payloads.get(1);
        assertEquals("GUILD_CREATE", guildCreate.t());
        assertEquals(2, guildCreate.s());
        final Map<String, Object> guild = guildCreate.dObject();
        assertEquals(false, guild.get("unavailable"));
        assertEquals(3L, guild.get("member_count"));
        for (final String array : Arrays.asList(
            "roles", "channels", "threads", "guild_scheduled_events", "emojis", "voice_states", "members"))
        {
            assertTrue(guild.get(array) instanceof List, array + " must be an array");
        }
        assertEquals(Long.toString(GUILD), ((Map<?, ?>)guildCreate.dList("roles").get(0)).get("id"));
        assertEquals(2, guildCreate.dList("channels").size());
        final Map<?, ?> self = (Map<?, ?>)guildCreate.dList("members").get(0);
        assertEquals(Long.toString(BOB), ((Map<?, ?>)self.get("user")).get("id"));
    }

    @Test
    void guildCreateListsOnlyChannelsTheUserCanView()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(EVE, ALL_MESSAGES));
        final ServerPayload guildCreate = client.drain().get(1);
        final List<Object> channels = guildCreate.dList("channels");
        assertEquals(1, channels.size());
        assertEquals(Long.toString(GENERAL), ((Map<?, ?>)channels.get(0)).get("id"));
    }

    @Test
    void identifyTwiceClosesWith4005()
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        client.send(identify(ALICE, ALL_MESSAGES));
        assertEquals(GatewayCloseCodes.ALREADY_AUTHENTICATED, client.closeCode());
    }

    @Test
    void badTokenClosesWith4004()
    {
        final EmbeddedGatewayClient client = connect();
        client.send("{\"op\":2,\"d\":{\"token\":\"forged\",\"intents\":513,\"properties\":{}}}");
        assertEquals(GatewayCloseCodes.AUTHENTICATION_FAILED, client.closeCode());
    }

    @Test
    void unknownUserRejectedByCoreClosesWith4004()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(999, ALL_MESSAGES));
        assertEquals(GatewayCloseCodes.AUTHENTICATION_FAILED, client.closeCode());
    }

    @Test
    void coreRejectionsMapToCloseCodesOrInvalidSession()
    {
        core.rejectNextOpen(SessionRejection.DISALLOWED_INTENTS);
        final EmbeddedGatewayClient disallowed = connect();
        disallowed.send(identify(ALICE, ALL_MESSAGES));
        assertEquals(GatewayCloseCodes.DISALLOWED_INTENTS, disallowed.closeCode());

        core.rejectNextOpen(SessionRejection.SHARDING_REQUIRED);
        final EmbeddedGatewayClient sharding = connect();
        sharding.send(identify(ALICE, ALL_MESSAGES));
        assertEquals(GatewayCloseCodes.SHARDING_REQUIRED, sharding.closeCode());

        core.rejectNextOpen(SessionRejection.UNAVAILABLE);
        final EmbeddedGatewayClient unavailable = connect();
        unavailable.send(identify(ALICE, ALL_MESSAGES));
        final ServerPayload invalid = unavailable.next();
        assertEquals(GatewayOpcodes.INVALID_SESSION, invalid.op());
        assertEquals(false, invalid.d());
        unavailable.send(identify(ALICE, ALL_MESSAGES));
        assertEquals("READY", unavailable.drain().get(0).t());
    }

    @Test
    void invalidIntentsCloseWith4013()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(ALICE, 1L << 17));
        assertEquals(GatewayCloseCodes.INVALID_INTENTS, client.closeCode());

        final EmbeddedGatewayClient missing = connect();
        missing.send("{\"op\":2,\"d\":{\"token\":\"token-101\",\"properties\":{}}}");
        assertEquals(GatewayCloseCodes.INVALID_INTENTS, missing.closeCode());
    }

    @Test
    void invalidShardClosesWith4010()
    {
        for (final String shard : List.of("[2,2]", "[0,0]", "[-1,2]", "[0]", "\"0,1\""))
        {
            final EmbeddedGatewayClient client = connect();
            client.send("{\"op\":2,\"d\":{\"token\":\"token-101\",\"intents\":1,\"shard\":" + shard + "}}");
            assertEquals(GatewayCloseCodes.INVALID_SHARD, client.closeCode(), shard);
        }
    }

    @Test
    void tooManyGuildsOnOneShardClosesWith4011()
    {
        ctx.maxGuildsPerShard(1);
        core.addGuild(FakeGatewayCore.snowflake(2000, 1), "second", ALICE);
        core.addMember(FakeGatewayCore.snowflake(2000, 1), ALICE);
        final EmbeddedGatewayClient client = connect();
        client.send(identify(ALICE, ALL_MESSAGES));
        assertEquals(GatewayCloseCodes.SHARDING_REQUIRED, client.closeCode());
        assertEquals(1, core.closedSessions().size(), "the core must forget the refused session");
    }

    @Test
    void unknownOpcodeClosesWith4001()
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        client.send("{\"op\":5,\"d\":{}}");
        assertEquals(GatewayCloseCodes.UNKNOWN_OPCODE, client.closeCode());
    }

    @Test
    void malformedPayloadsCloseWith4002()
    {
        for (final String bad : List.of("{\"op\":1", "not json", "[1,2]", "{\"d\":null}", "{\"op\":\"1\"}",
            "{\"op\":1}{\"op\":1}", "{\"op\":-1}"))
        {
            final EmbeddedGatewayClient client = connect();
            client.send(bad);
            assertEquals(GatewayCloseCodes.DECODE_ERROR, client.closeCode(), bad);
            assertNotNull(client.closeReason());
        }
    }

    @Test
    void payloadOverTheLimitClosesWith4002()
    {
        final EmbeddedGatewayClient client = connect();
        final byte[] big = ("{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(4100) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        client.sendBytes(big);
        assertEquals(GatewayCloseCodes.DECODE_ERROR, client.closeCode());
    }

    @Test
    void commandsBeforeIdentifyCloseWith4003()
    {
        for (final int op : new int[]{ 3, 4, 8 })
        {
            final EmbeddedGatewayClient client = connect();
            client.send("{\"op\":" + op + ",\"d\":{\"status\":\"online\"}}");
            assertEquals(GatewayCloseCodes.NOT_AUTHENTICATED, client.closeCode(), "op " + op);
        }
    }

    @Test
    void presenceUpdateGoesToTheCoreAndBadStatusIsRefused()
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        client.send("{\"op\":3,\"d\":{\"since\":null,\"activities\":[],\"status\":\"idle\",\"afk\":false}}");
        assertEquals(List.of(ALICE + ":idle"), core.presenceUpdates());
        client.send("{\"op\":3,\"d\":{\"status\":\"sleepy\"}}");
        assertEquals(GatewayCloseCodes.UNKNOWN_OPCODE, client.closeCode());
    }

    @Test
    void presenceActivitiesOverTheLimitsCloseWith4002()
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        client.send("{\"op\":3,\"d\":{\"status\":\"dnd\",\"activities\":[{\"name\":\"Chess\",\"type\":0}]}}");
        assertEquals(List.of(ALICE + ":dnd"), core.presenceUpdates());

        final String six = "{\"name\":\"a\",\"type\":0},".repeat(5) + "{\"name\":\"a\",\"type\":0}";
        client.send("{\"op\":3,\"d\":{\"status\":\"dnd\",\"activities\":[" + six + "]}}");
        assertEquals(GatewayCloseCodes.DECODE_ERROR, client.closeCode(), "at most 5 activities");

        final EmbeddedGatewayClient other = identified(ALICE, ALL_MESSAGES);
        other.send("{\"op\":3,\"d\":{\"status\":\"idle\",\"activities\":[{\"name\":\"" + "x".repeat(129) +
            "\",\"type\":0}]}}");
        assertEquals(GatewayCloseCodes.DECODE_ERROR, other.closeCode(), "names of at most 128 characters");
        assertEquals(List.of(ALICE + ":dnd"), core.presenceUpdates(), "nothing refused reached the core");
    }

    @Test
    void requestGuildMembersChecksIntentsAndRateLimitsTheFullList()
    {
        final EmbeddedGatewayClient noMembers = identified(ALICE, ALL_MESSAGES);
        noMembers.send("{\"op\":8,\"d\":{\"guild_id\":\"" + GUILD + "\",\"query\":\"\",\"limit\":0}}");
        assertEquals(GatewayCloseCodes.DISALLOWED_INTENTS, noMembers.closeCode(), "the full list needs GUILD_MEMBERS");

        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES | GatewayIntents.GUILD_MEMBERS);
        client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + GUILD + "\",\"query\":\"\",\"limit\":0," +
            "\"presences\":true,\"nonce\":\"n\"}}");
        client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + GUILD + "\",\"query\":\"\",\"limit\":0,\"nonce\":\"n2\"}}");
        final ServerPayload limited = client.next();
        assertEquals("RATE_LIMITED", limited.t());
        assertEquals(8L, limited.dObject().get("opcode"));
        assertEquals(Map.of("guild_id", String.valueOf(GUILD), "nonce", "n2"), limited.dObject().get("meta"));
        client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + GUILD + "\",\"user_ids\":[\"" + BOB + "\"]}}");
        assertEquals(2, core.memberRequests().size());
        final MemberRequest full = core.memberRequests().get(0);
        assertEquals(GUILD, full.guildId());
        assertTrue(full.isFullList());
        assertFalse(full.presences(), "presences need GUILD_PRESENCES");
        assertEquals("n", full.nonce());
        assertArrayEquals(new long[]{ BOB }, core.memberRequests().get(1).userIds());

        client.send("{\"op\":8,\"d\":{\"guild_id\":\"" + GUILD + "\",\"query\":\"a\"}}");
        assertEquals(GatewayCloseCodes.UNKNOWN_OPCODE, client.closeCode(), "a query needs a limit");
    }

    @Test
    void moreThanTheCommandRateLimitClosesWith4008()
    {
        final EmbeddedGatewayClient client = connect();
        for (int i = 0; i < 120; i++)
        {
            client.send("{\"op\":1,\"d\":null}");
        }
        assertEquals(120, client.drain().size());
        assertTrue(client.channel.isActive());
        client.send("{\"op\":1,\"d\":null}");
        assertEquals(GatewayCloseCodes.RATE_LIMITED, client.closeCode());
    }

    @Test
    void rateLimitWindowResets()
    {
        final EmbeddedGatewayClient client = connect();
        for (int i = 0; i < 120; i++)
        {
            client.send("{\"op\":1,\"d\":null}");
        }
        clock.advance(60_000);
        client.send("{\"op\":1,\"d\":null}");
        assertEquals(121, client.drain().size());
        assertTrue(client.channel.isActive());
    }

    @Test
    void identifyConcurrencyIsLimitedWithInvalidSession()
    {
        ctx.identifyMaxConcurrency(1);
        newGateway();
        identified(ALICE, ALL_MESSAGES);
        final EmbeddedGatewayClient second = connect();
        second.send(identify(ALICE, ALL_MESSAGES));
        final ServerPayload invalid = second.next();
        assertEquals(GatewayOpcodes.INVALID_SESSION, invalid.op());
        assertEquals(false, invalid.d());
        clock.advance(5_000);
        second.send(identify(ALICE, ALL_MESSAGES));
        assertEquals("READY", second.drain().get(0).t());
    }

    @Test
    void silentConnectionIsClosedAsZombieWith4009()
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        clock.advance(44_000);
        client.send("{\"op\":1,\"d\":2}");
        clock.advance(44_000);
        gateway.sweepNow();
        assertTrue(client.channel.isActive());
        clock.advance(2_000);
        gateway.sweepNow();
        assertEquals(GatewayCloseCodes.SESSION_TIMED_OUT, client.closeCode());
        assertEquals(1, gateway.counters().total(GatewayCounters.ZOMBIE_CLOSES));
    }

    @Test
    void twoSessionsChatAndSequencesArePerSession()
    {
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES);
        final EmbeddedGatewayClient bob = identified(BOB, ALL_MESSAGES);
        core.createMessage(ALICE, GENERAL, "hello \"bob\"\n");
        final ServerPayload atAlice = alice.next();
        final ServerPayload atBob = bob.next();
        assertEquals("MESSAGE_CREATE", atBob.t());
        assertEquals(3, atBob.s());
        assertEquals(3, atAlice.s());
        assertEquals("hello \"bob\"\n", atBob.dObject().get("content"));
        assertEquals(Long.toString(GENERAL), atBob.dObject().get("channel_id"));
        assertEquals(Long.toString(GUILD), atBob.dObject().get("guild_id"));
        assertEquals("alice", ((Map<?, ?>)atBob.dObject().get("author")).get("username"));
        for (final String array : List.of("mentions", "mention_roles", "attachments", "embeds"))
        {
            assertTrue(atBob.dObject().get(array) instanceof List, array);
        }
        assertEquals(false, atBob.dObject().get("pinned"));

        assertEquals(1, gateway.latencies().snapshot(GatewayLatencies.RENDER).getTotalCount());
        assertEquals(1, gateway.latencies().snapshot(GatewayLatencies.FANOUT).getTotalCount());
        assertEquals(1, gateway.latencies().snapshot(GatewayLatencies.QUEUE).getTotalCount());

        core.typing(BOB, GENERAL);
        final ServerPayload typing = alice.next();
        assertEquals("TYPING_START", typing.t());
        assertEquals(4, typing.s());
        assertEquals(1_700_000_000L, typing.dObject().get("timestamp"));
        final Map<?, ?> member = (Map<?, ?>)typing.dObject().get("member");
        assertEquals(String.valueOf(BOB), ((Map<?, ?>)member.get("user")).get("id"));
        assertEquals("bob", ((Map<?, ?>)member.get("user")).get("username"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>)member.get("user")).get("bot"));
        assertEquals(List.of(), member.get("roles"));
        assertNotNull(member.get("joined_at"));
    }

    @Test
    void channelRoleAndGuildChangesReachTheGuildsSessionsWithTheGuildsIntent()
    {
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES);
        final EmbeddedGatewayClient noGuilds = identified(BOB, GatewayIntents.GUILD_MESSAGES);
        final long news = FakeGatewayCore.snowflake(1000, 9);
        final ChannelSnapshot newsChannel = new ChannelSnapshot(news, 0, "news \"daily\"", 3, 0, "what is new", 30,
            List.of(new OverwriteSnapshot(GUILD, 0, 0, 1024), new OverwriteSnapshot(ALICE, 1, 3072, 0)));

        // A new channel reaches the sessions that can view it: they join its topic and get CHANNEL_CREATE.
        gateway.onChannelVisibilityChanged(true, GUILD, newsChannel,
            new long[]{ core.sessionOf(ALICE), core.sessionOf(BOB) }, 2);
        final ServerPayload created = alice.next();
        assertEquals("CHANNEL_CREATE", created.t());
        assertEquals(String.valueOf(news), created.dObject().get("id"));
        assertEquals(String.valueOf(GUILD), created.dObject().get("guild_id"));
        assertEquals("news \"daily\"", created.dObject().get("name"));
        assertEquals("what is new", created.dObject().get("topic"));
        assertEquals(3L, created.dObject().get("position"));
        assertEquals(30L, created.dObject().get("rate_limit_per_user"));
        assertEquals(List.of(
            Map.of("id", String.valueOf(GUILD), "type", 0L, "allow", "0", "deny", "1024"),
            Map.of("id", String.valueOf(ALICE), "type", 1L, "allow", "3072", "deny", "0")),
            created.dObject().get("permission_overwrites"));

        gateway.onChannelChanged(GatewayCoreListener.CHANGE_UPDATED, GUILD,
            new ChannelSnapshot(news, 0, "news", 3, 0, null));
        assertEquals("CHANNEL_UPDATE", alice.next().t());
        gateway.onChannelChanged(GatewayCoreListener.CHANGE_UPDATED, GUILD + 1,
            new ChannelSnapshot(GENERAL + 100, 0, "elsewhere", 3, 0, null));
        assertEquals(List.of(), alice.drain(), "channel events go to the channel's topic only");
        gateway.onChannelVisibilityChanged(false, GUILD, newsChannel, new long[]{ core.sessionOf(ALICE) }, 1);
        final ServerPayload lost = alice.next();
        assertEquals("CHANNEL_DELETE", lost.t(), "a session that loses view is told the channel is gone");
        assertEquals(String.valueOf(news), lost.dObject().get("id"));
        gateway.onChannelChanged(GatewayCoreListener.CHANGE_UPDATED, GUILD, newsChannel);
        assertEquals(List.of(), alice.drain(), "and hears nothing more of it");
        gateway.onChannelVisibilityChanged(true, GUILD, newsChannel, new long[]{ core.sessionOf(ALICE) }, 1);
        assertEquals("CHANNEL_CREATE", alice.next().t());
        gateway.onChannelChanged(GatewayCoreListener.CHANGE_DELETED, GUILD,
            new ChannelSnapshot(news, 0, "news", 3, 0, null));
        assertEquals("CHANNEL_DELETE", alice.next().t());

        final long mods = FakeGatewayCore.snowflake(1000, 10);
        gateway.onRoleChanged(GatewayCoreListener.CHANGE_CREATED, GUILD, new RoleSnapshot(mods, "mods", 8, 1, 0xFF));
        final ServerPayload roleCreated = alice.next();
        assertEquals("GUILD_ROLE_CREATE", roleCreated.t());
        assertEquals(String.valueOf(GUILD), roleCreated.dObject().get("guild_id"));
        final Map<?, ?> role = (Map<?, ?>)roleCreated.dObject().get("role");
        assertEquals(String.valueOf(mods), role.get("id"));
        assertEquals("8", role.get("permissions"));
        assertEquals(255L, role.get("color"));
        assertEquals(Boolean.FALSE, role.get("hoist"));
        gateway.onRoleChanged(GatewayCoreListener.CHANGE_UPDATED, GUILD,
            new RoleSnapshot(mods, "mod", 8, 1, 0, true, true));
        final ServerPayload roleUpdated = alice.next();
        assertEquals("GUILD_ROLE_UPDATE", roleUpdated.t());
        assertEquals(Boolean.TRUE, ((Map<?, ?>)roleUpdated.dObject().get("role")).get("hoist"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>)roleUpdated.dObject().get("role")).get("mentionable"));
        gateway.onRoleChanged(GatewayCoreListener.CHANGE_DELETED, GUILD, new RoleSnapshot(mods, "mod", 8, 1, 0));
        final ServerPayload roleDeleted = alice.next();
        assertEquals("GUILD_ROLE_DELETE", roleDeleted.t());
        assertEquals(String.valueOf(mods), roleDeleted.dObject().get("role_id"));

        gateway.onGuildUpdated(GUILD, BOB, "Renamed");
        final ServerPayload updated = alice.next();
        assertEquals("GUILD_UPDATE", updated.t());
        assertEquals("Renamed", updated.dObject().get("name"));
        assertEquals(String.valueOf(BOB), updated.dObject().get("owner_id"));
        assertEquals(List.of(), updated.dObject().get("features"));

        assertEquals(List.of(), noGuilds.drain(), "every one of these needs GUILDS");
    }

    @Test
    void memberChangesNeedGuildMembersExceptUpdatesOfTheSessionsOwnMember()
    {
        final long intents = ALL_MESSAGES | GatewayIntents.GUILD_MEMBERS;
        final EmbeddedGatewayClient alice = identified(ALICE, intents);
        final EmbeddedGatewayClient bob = identified(BOB, ALL_MESSAGES);
        final MemberEvent member = new MemberEvent().member(GUILD, BOB, 1_650_000_000_000L, true).username("bob")
            .addRole(GUILD + 7);

        gateway.onMemberChanged(GatewayCoreListener.CHANGE_CREATED, member);
        final ServerPayload added = alice.next();
        assertEquals("GUILD_MEMBER_ADD", added.t());
        assertEquals(String.valueOf(GUILD), added.dObject().get("guild_id"));
        assertEquals(List.of(String.valueOf(GUILD + 7)), added.dObject().get("roles"));
        assertEquals("bob", ((Map<?, ?>)added.dObject().get("user")).get("username"));
        assertEquals("2022-04-15T05:20:00.000+00:00", added.dObject().get("joined_at"));

        gateway.onMemberChanged(GatewayCoreListener.CHANGE_UPDATED, member);
        assertEquals("GUILD_MEMBER_UPDATE", alice.next().t());
        assertEquals("GUILD_MEMBER_UPDATE", bob.next().t(), "its own member, without GUILD_MEMBERS");

        gateway.onMemberChanged(GatewayCoreListener.CHANGE_DELETED, member);
        final ServerPayload removed = alice.next();
        assertEquals("GUILD_MEMBER_REMOVE", removed.t());
        assertEquals(String.valueOf(BOB), ((Map<?, ?>)removed.dObject().get("user")).get("id"));
        assertEquals(List.of(), bob.drain(), "ADD and REMOVE need GUILD_MEMBERS");
    }

    @Test
    void bulkDeleteGoesToTheChannelsViewersWithGuildMessages()
    {
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES);
        final EmbeddedGatewayClient eve = identified(EVE, ALL_MESSAGES);
        final EmbeddedGatewayClient noMessages = identified(BOB, GatewayIntents.GUILDS);

        gateway.onMessagesBulkDeleted(GUILD, SECRET, new long[]{ 11, 12, 99 }, 2);
        final ServerPayload bulk = alice.next();
        assertEquals("MESSAGE_DELETE_BULK", bulk.t());
        assertEquals(List.of("11", "12"), bulk.dObject().get("ids"));
        assertEquals(String.valueOf(SECRET), bulk.dObject().get("channel_id"));
        assertEquals(String.valueOf(GUILD), bulk.dObject().get("guild_id"));
        assertEquals(List.of(), eve.drain(), "eve cannot view #secret");
        assertEquals(List.of(), noMessages.drain(), "needs GUILD_MESSAGES");
    }

    @Test
    void guildJoinedAfterReadyGetsGuildCreateAndLeavingItGuildDelete()
    {
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES);
        final long sessionId = core.sessionOf(ALICE);
        final long other = FakeGatewayCore.snowflake(2000, 1);
        final long lobby = FakeGatewayCore.snowflake(2000, 2);
        final UserSnapshot aliceUser = new UserSnapshot(ALICE, "alice", null, null, false);

        gateway.onSubscriptionChanged(sessionId, true, other);
        gateway.onSubscriptionChanged(sessionId, true, lobby);
        gateway.onGuildCreated(sessionId, new GuildSnapshot(other, "Other", BOB, 0, 2,
            List.of(new RoleSnapshot(other, "@everyone", 0xC00L, 0, 0)),
            List.of(new ChannelSnapshot(lobby, 0, "lobby", 0, 0, null)),
            List.of(new MemberSnapshot(aliceUser, new long[0], null, 1_700_000_000_000L))));
        final ServerPayload created = alice.next();
        assertEquals("GUILD_CREATE", created.t());
        assertEquals(String.valueOf(other), created.dObject().get("id"));
        assertEquals(false, created.dObject().get("unavailable"));
        assertEquals("2023-11-14T22:13:20.000+00:00", created.dObject().get("joined_at"));
        assertEquals(1, created.dList("channels").size());

        core.createMessage(ALICE, GENERAL, "still here");
        assertEquals("MESSAGE_CREATE", alice.next().t());
        gateway.onMessageDeleted(other, lobby, 5);
        assertEquals("MESSAGE_DELETE", alice.next().t(), "subscribed to the new guild's channel");

        gateway.onSubscriptionChanged(sessionId, false, other);
        gateway.onSubscriptionChanged(sessionId, false, lobby);
        gateway.onGuildRemoved(sessionId, other);
        final ServerPayload deleted = alice.next();
        assertEquals("GUILD_DELETE", deleted.t());
        assertEquals(Map.of("id", String.valueOf(other)), deleted.dObject());
        gateway.onMessageDeleted(other, lobby, 6);
        assertEquals(List.of(), alice.drain(), "no longer subscribed");
    }

    @Test
    void presenceGoesToGuildSessionsWithGuildPresences()
    {
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES | GatewayIntents.GUILD_PRESENCES);
        final EmbeddedGatewayClient bob = identified(BOB, ALL_MESSAGES);
        final UnsafeBuffer name = new UnsafeBuffer("chess".getBytes(StandardCharsets.UTF_8));
        final UnsafeBuffer state = new UnsafeBuffer(new byte[0]);

        gateway.onPresenceUpdated(new PresenceEvent().reset(GUILD, BOB, 1).addActivity(0, name, 0, 5, state, 0, 0));
        final ServerPayload idle = alice.next();
        assertEquals("PRESENCE_UPDATE", idle.t());
        assertEquals(Map.of("id", String.valueOf(BOB)), idle.dObject().get("user"));
        assertEquals(String.valueOf(GUILD), idle.dObject().get("guild_id"));
        assertEquals("idle", idle.dObject().get("status"));
        assertEquals(List.of(Map.of("name", "chess", "type", 0L)), idle.dObject().get("activities"));
        assertEquals(Map.of("web", "idle"), idle.dObject().get("client_status"));

        gateway.onPresenceUpdated(new PresenceEvent().reset(GUILD, BOB, 4));
        final ServerPayload offline = alice.next();
        assertEquals("offline", offline.dObject().get("status"));
        assertEquals(Map.of(), offline.dObject().get("client_status"));
        assertEquals(List.of(), bob.drain(), "needs GUILD_PRESENCES");
    }

    @Test
    void sessionNeverReceivesDispatchesForChannelsItCannotView()
    {
        final EmbeddedGatewayClient eve = identified(EVE, ALL_MESSAGES);
        final EmbeddedGatewayClient alice = identified(ALICE, ALL_MESSAGES);
        core.createMessage(ALICE, SECRET, "hidden");
        assertEquals(1, alice.drain().size());
        assertEquals(0, eve.drain().size());

        core.setCanView(EVE, SECRET, true);
        core.createMessage(ALICE, SECRET, "now visible");
        assertEquals("now visible", eve.next().dObject().get("content"));

        core.setCanView(EVE, SECRET, false);
        core.createMessage(ALICE, SECRET, "hidden again");
        assertEquals(0, eve.drain().size());
    }

    @Test
    void intentsGateMessagesTypingAndContent()
    {
        final EmbeddedGatewayClient noMessages = identified(BOB, GatewayIntents.GUILDS);
        final EmbeddedGatewayClient noContent = identified(EVE, GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES);
        final EmbeddedGatewayClient author = identified(ALICE, GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES);

        core.createMessage(ALICE, GENERAL, "secret sauce");
        assertEquals(0, noMessages.drain().size());
        assertEquals("", noContent.next().dObject().get("content"));
        assertEquals("secret sauce", author.next().dObject().get("content"), "authors always see their content");

        core.createMessage(ALICE, GENERAL, "hey eve", EVE);
        assertEquals("hey eve", noContent.next().dObject().get("content"), "mentioned users see the content");

        core.typing(ALICE, GENERAL);
        assertEquals(0, noContent.drain().size(), "typing needs GUILD_MESSAGE_TYPING");
    }

    @Test
    void withoutGuildsIntentNoGuildCreate()
    {
        final EmbeddedGatewayClient client = connect();
        client.send(identify(ALICE, GatewayIntents.GUILD_MESSAGES));
        final List<ServerPayload> payloads = client.drain();
        assertEquals(1, payloads.size());
        assertEquals("READY", payloads.get(0).t());
    }

    @Test
    void shardGetsOnlyItsGuildsAndTheirDispatches()
    {
        final long otherGuild = FakeGatewayCore.snowflake(1001, 1);
        final long otherChannel = FakeGatewayCore.snowflake(1001, 2);
        core.addGuild(otherGuild, "odd", ALICE);
        core.addChannel(otherGuild, otherChannel, "odd-general");
        core.addMember(otherGuild, ALICE);
        core.addMember(otherGuild, BOB);

        final EmbeddedGatewayClient shard0 = connect();
        shard0.send("{\"op\":2,\"d\":{\"token\":\"token-102\",\"intents\":" + ALL_MESSAGES + ",\"shard\":[0,2]}}");
        final List<ServerPayload> ready0 = shard0.drain();
        assertEquals(List.of(Map.of("id", Long.toString(GUILD), "unavailable", true)), ready0.get(0).dList("guilds"));
        assertEquals(2, ready0.size());

        final EmbeddedGatewayClient shard1 = connect();
        shard1.send("{\"op\":2,\"d\":{\"token\":\"token-102\",\"intents\":" + ALL_MESSAGES + ",\"shard\":[1,2]}}");
        final List<ServerPayload> ready1 = shard1.drain();
        assertEquals(List.of(Map.of("id", Long.toString(otherGuild), "unavailable", true)),
            ready1.get(0).dList("guilds"));

        core.createMessage(ALICE, otherChannel, "odd one");
        assertEquals(0, shard0.drain().size());
        assertEquals("odd one", shard1.next().dObject().get("content"));
        core.createMessage(ALICE, GENERAL, "even one");
        assertEquals("even one", shard0.next().dObject().get("content"));
        assertEquals(0, shard1.drain().size());
    }

    @Test
    void resumeReplaysExactlyTheMissedDispatchesThenResumed()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final ServerPayload ready = first.drain().get(0);
        final String sessionId = (String)ready.dObject().get("session_id");
        core.createMessage(BOB, GENERAL, "one");
        assertEquals(3, first.next().s());
        first.channel.close();

        core.createMessage(BOB, GENERAL, "two");
        core.createMessage(BOB, GENERAL, "three");

        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":3}}");
        final List<ServerPayload> replay = second.drain();
        assertEquals(3, replay.size(), replay.toString());
        assertEquals("two", replay.get(0).dObject().get("content"));
        assertEquals(4, replay.get(0).s());
        assertEquals("three", replay.get(1).dObject().get("content"));
        assertEquals(5, replay.get(1).s());
        assertEquals("RESUMED", replay.get(2).t());
        assertEquals(6, replay.get(2).s());
        assertEquals(Map.of(), replay.get(2).d());
        assertEquals(1, gateway.counters().total(GatewayCounters.RESUMES));

        core.createMessage(BOB, GENERAL, "four");
        assertEquals(7, second.next().s());
    }

    @Test
    void resumeWithSeqAheadOfTheSessionClosesWith4007()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        first.channel.close();
        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":99}}");
        assertEquals(GatewayCloseCodes.INVALID_SEQ, second.closeCode());
    }

    @Test
    void resumeOfUnknownOrForeignSessionGetsInvalidSession()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        first.channel.close();

        for (final String resume : List.of(
            "{\"op\":6,\"d\":{\"token\":\"token-102\",\"session_id\":\"" + sessionId + "\",\"seq\":1}}",
            "{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"00000000000000010000000000000000\",\"seq\":1}}",
            "{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"nope\",\"seq\":1}}"))
        {
            final EmbeddedGatewayClient client = connect();
            client.send(resume);
            final ServerPayload invalid = client.next();
            assertEquals(GatewayOpcodes.INVALID_SESSION, invalid.op(), resume);
            assertEquals(false, invalid.d());
            client.send(identify(ALICE, ALL_MESSAGES));
            assertEquals("READY", client.drain().get(0).t(), "may identify after an invalid session");
        }
    }

    @Test
    void resumeAfterTheReplayBufferOverflowedGetsInvalidSession()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        first.channel.close();
        for (int i = 0; i < 9; i++)
        {
            core.createMessage(BOB, GENERAL, "m" + i);
        }
        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":2}}");
        assertEquals(GatewayOpcodes.INVALID_SESSION, second.next().op());
        assertEquals(1, core.closedSessions().size());
    }

    @Test
    void clientClose1000EndsTheSessionButOtherCodesKeepItResumable()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        first.sendClose(4200);
        assertFalse(first.channel.isActive());
        assertEquals(0, core.closedSessions().size());

        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":2}}");
        assertEquals("RESUMED", second.next().t());
        second.sendClose(1000);
        assertEquals(1, core.closedSessions().size());

        final EmbeddedGatewayClient third = connect();
        third.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":3}}");
        assertEquals(GatewayOpcodes.INVALID_SESSION, third.next().op());
    }

    @Test
    void sessionExpiresAfterTheResumeWindow()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        first.channel.close();
        clock.advance(59_000);
        gateway.sweepNow();
        assertEquals(0, core.closedSessions().size());
        clock.advance(2_000);
        gateway.sweepNow();
        assertEquals(1, core.closedSessions().size());

        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":2}}");
        assertEquals(GatewayOpcodes.INVALID_SESSION, second.next().op());
    }

    @Test
    void resumeTakesTheSessionOverFromAStillOpenConnection()
    {
        final EmbeddedGatewayClient first = connect();
        first.send(identify(ALICE, ALL_MESSAGES));
        final String sessionId = (String)first.drain().get(0).dObject().get("session_id");
        final EmbeddedGatewayClient second = connect();
        second.send("{\"op\":6,\"d\":{\"token\":\"token-101\",\"session_id\":\"" + sessionId + "\",\"seq\":2}}");
        assertEquals("RESUMED", second.next().t());
        assertEquals(GatewayCloseCodes.SESSION_TIMED_OUT, first.closeCode());
        core.createMessage(BOB, GENERAL, "only to the new connection");
        assertEquals(1, second.drain().size());
        assertEquals(0, first.drain().size());
    }

    @Test
    void zlibStreamCompressesEveryPayloadWithSyncFlush()
    {
        final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway, true);
        clients.add(client);
        assertEquals(GatewayOpcodes.HELLO, client.next().op());
        client.send(identify(ALICE, ALL_MESSAGES));
        assertEquals("READY", client.drain().get(0).t());
        core.createMessage(BOB, GENERAL, "compressed");
        assertEquals("compressed", client.next().dObject().get("content"));
    }

    @Test
    void reconnectOnShutdownSendsOp7ThenCloses() throws InterruptedException
    {
        final EmbeddedGatewayClient client = identified(ALICE, ALL_MESSAGES);
        gateway.shutdown(1_000);
        final ServerPayload reconnect = client.next();
        assertEquals(GatewayOpcodes.RECONNECT, reconnect.op());
        assertEquals(GatewayCloseCodes.UNKNOWN_ERROR, client.closeCode());
    }
}
