package io.concord.core.shard;

import io.concord.codecs.GuildMembersChunkDecoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdatedDecoder;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.common.PresenceTopics;
import io.concord.core.CoreRouting;
import io.concord.core.presence.ShardTimerWheel;
import io.concord.core.state.Guild;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence aggregation, coalescing and delivery, op 8 member chunks, and typing indicators on the shard's timer
 * wheels, with a deterministic clock and the duty cycle called directly.
 */
class PresenceShardTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final int EDGE_C = 3;
    private static final long GUILD_PRESENCES = 1L << 8;

    private ShardHarness harness;
    private EdgeCommands edge;
    private long alice;
    private long bob;
    private long guildId;
    private long general;

    private void start(final long presenceWindowMs)
    {
        harness = new ShardHarness(3, null, presenceWindowMs);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        guildId = edge.createGuild(EDGE_A, alice, "Alice's place");
        final Guild guild = harness.shardOfGuild(guildId).guild(guildId);
        general = guild.channels().get(0).id();
        edge.acceptInvite(EDGE_B, bob, edge.createInvite(EDGE_A, alice, general));
    }

    @Test
    void presenceIsTheMostAvailableSessionAndInvisibleShowsOffline()
    {
        start(0);
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 20, bob, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 21, bob, GUILD_PRESENCES, 250);
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob));

        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob), "session 21 is still online");
        edge.presence(EDGE_B, 21, bob, PresenceStatus.DND, "Chess");
        assertEquals(PresenceStatus.DND, lastPresence(EDGE_A, bob), "dnd beats idle");
        assertEquals(List.of("Chess"), lastActivities(EDGE_A, bob), "the winning session's activities");

        edge.presence(EDGE_B, 20, bob, PresenceStatus.INVISIBLE);
        edge.presence(EDGE_B, 21, bob, PresenceStatus.INVISIBLE, "Chess");
        assertEquals(PresenceStatus.OFFLINE, lastPresence(EDGE_A, bob), "invisible is shown as offline");
        assertEquals(List.of(), lastActivities(EDGE_A, bob), "and without activities");

        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        assertEquals(PresenceStatus.IDLE, lastPresence(EDGE_A, bob));
        edge.closeSession(EDGE_B, 20, bob);
        assertEquals(PresenceStatus.OFFLINE, lastPresence(EDGE_A, bob), "the invisible session is left");
        edge.presence(EDGE_B, 21, bob, PresenceStatus.ONLINE);
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob));
        edge.closeSession(EDGE_B, 21, bob);
        assertEquals(PresenceStatus.OFFLINE, lastPresence(EDGE_A, bob), "offline after the last session ends");
    }

    @Test
    void onATieASessionThatIsNotAfkWinsOverAnAfkOne()
    {
        start(0);
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 20, bob, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 21, bob, GUILD_PRESENCES, 250);

        edge.presence(EDGE_B, 21, bob, PresenceStatus.IDLE, 1_000L, false, "Phone");
        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE, 2_000L, true, "Desktop");
        assertEquals(PresenceStatus.IDLE, lastPresence(EDGE_A, bob));
        assertEquals(List.of("Phone"), lastActivities(EDGE_A, bob), "the afk desktop does not hide the phone");

        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE, 2_000L, false, "Desktop");
        assertEquals(List.of("Desktop"), lastActivities(EDGE_A, bob), "back from afk: the latest update wins again");
        edge.presence(EDGE_B, 21, bob, PresenceStatus.ONLINE, 0L, true, "Phone");
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob), "afk never outranks a more available status");
        assertEquals(List.of("Phone"), lastActivities(EDGE_A, bob));
    }

    @Test
    void coalescingKeepsOnlyTheLastStateAndAlwaysDeliversIt()
    {
        start(1_000);
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 20, bob, GUILD_PRESENCES, 250);
        final int afterIdentify = presencesTo(EDGE_A, bob).size();
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob), "the first change goes out at once");

        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        edge.presence(EDGE_B, 20, bob, PresenceStatus.DND);
        harness.advance(400);
        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        edge.presence(EDGE_B, 20, bob, PresenceStatus.DND, "Go");
        harness.advance(599);
        assertEquals(afterIdentify, presencesTo(EDGE_A, bob).size(), "nothing inside the window");

        harness.advance(1 + ShardTimerWheel.TICK_MS);
        assertEquals(afterIdentify + 1, presencesTo(EDGE_A, bob).size(), "one update at the window's end");
        assertEquals(PresenceStatus.DND, lastPresence(EDGE_A, bob), "carrying the last state");
        assertEquals(List.of("Go"), lastActivities(EDGE_A, bob));

        edge.presence(EDGE_B, 20, bob, PresenceStatus.ONLINE);
        edge.presence(EDGE_B, 20, bob, PresenceStatus.DND, "Go");
        harness.advance(2_000);
        assertEquals(afterIdentify + 1, presencesTo(EDGE_A, bob).size(), "back to the published state: nothing");

        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        assertEquals(afterIdentify + 2, presencesTo(EDGE_A, bob).size(), "a quiet window: at once again");
        edge.closeSession(EDGE_B, 20, bob);
        harness.advance(1_000 + ShardTimerWheel.TICK_MS);
        assertEquals(PresenceStatus.OFFLINE, lastPresence(EDGE_A, bob), "the offline at the end is not lost");
    }

    @Test
    void largeGuildsSendPresencesOnlyToSessionsThatAskedForThem()
    {
        start(0);
        for (int i = 0; i < 60; i++)
        {
            final long user = edge.register(EDGE_C, "member" + i);
            edge.acceptInvite(EDGE_C, user, edge.createInvite(EDGE_A, alice, general));
        }
        edge.identify(EDGE_C, 30, alice, GUILD_PRESENCES, 250);
        edge.identify(EDGE_C, 31, alice, 0, 250);
        edge.identify(EDGE_B, 20, bob, 0, 250);
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 50);
        assertFalse(topicsOf(EDGE_A, 10).contains(PresenceTopics.presenceTopicOf(guildId)), "62 > 50: large");
        assertTrue(topicsOf(EDGE_C, 30).contains(PresenceTopics.presenceTopicOf(guildId)), "62 <= 250: small");
        assertFalse(topicsOf(EDGE_C, 31).contains(PresenceTopics.presenceTopicOf(guildId)), "no GUILD_PRESENCES");

        final GuildSnapshotDecoder snapshot = lastSnapshot(EDGE_A, 10);
        final List<Long> listed = new ArrayList<>();
        for (final GuildSnapshotDecoder.MembersDecoder member : snapshot.members())
        {
            listed.add(member.userId());
            assertEquals(PresenceStatus.ONLINE, member.status(), "a large guild lists online members only");
            member.roles().forEach(GuildSnapshotDecoder.MembersDecoder.RolesDecoder::roleId);
            member.username();
            member.nick();
        }
        assertEquals(2, listed.size());
        assertTrue(listed.contains(alice) && listed.contains(bob));

        edge.presence(EDGE_B, 20, bob, PresenceStatus.DND);
        assertNull(lastPresence(EDGE_A, bob), "the large-guild session's edge gets no presence");
        assertEquals(PresenceStatus.DND, lastPresence(EDGE_C, bob));

        edge.requestMembers(EDGE_A, 10, alice, guildId, "", 0, true);
        assertTrue(topicsOf(EDGE_A, 10).contains(PresenceTopics.presenceTopicOf(guildId)), "op 8 presences: true");
        edge.presence(EDGE_B, 20, bob, PresenceStatus.IDLE);
        assertEquals(PresenceStatus.IDLE, lastPresence(EDGE_A, bob));

        edge.closeSession(EDGE_A, 10, alice);
        assertFalse(topicsOf(EDGE_A, 10).contains(PresenceTopics.presenceTopicOf(guildId)), "dropped with the session");
    }

    @Test
    void requestGuildMembersAnswersInChunksWithQueryAndUserIds()
    {
        start(0);
        for (int i = 0; i < 700; i++)
        {
            final long user = edge.register(EDGE_C, (i % 2 == 0 ? "Even" : "odd") + "-user-" + i);
            edge.acceptInvite(EDGE_C, user, edge.createInvite(EDGE_A, alice, general));
        }
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 50);
        edge.identify(EDGE_B, 20, bob, 0, 250);

        harness.edgeFrames.clear();
        edge.requestMembers(EDGE_A, 10, alice, guildId, "", 0, false);
        final List<Chunk> all = chunks(EDGE_A);
        assertTrue(all.size() > 1, "702 members do not fit one 16 KiB frame: " + all.size());
        int total = 0;
        for (int i = 0; i < all.size(); i++)
        {
            assertEquals(i, all.get(i).index);
            assertEquals(all.size(), all.get(i).count);
            assertEquals("n1", all.get(i).nonce);
            assertTrue(all.get(i).members.size() <= 1000);
            total += all.get(i).members.size();
        }
        assertEquals(702, total);

        harness.edgeFrames.clear();
        edge.requestMembers(EDGE_A, 10, alice, guildId, "even", 10, false);
        final List<Chunk> query = chunks(EDGE_A);
        assertEquals(1, query.size());
        assertEquals(10, query.get(0).members.size(), "the limit, prefix matched ignoring case");

        harness.edgeFrames.clear();
        edge.requestMembers(EDGE_A, 10, alice, guildId, "ODD", 1000, false);
        assertEquals(100, chunks(EDGE_A).get(0).members.size(), "a query returns at most 100");

        harness.edgeFrames.clear();
        edge.requestMembers(EDGE_A, 10, alice, guildId, "", 0, true, bob, 12345L, alice);
        final Chunk byIds = chunks(EDGE_A).get(0);
        assertEquals(List.of(bob, alice), byIds.members);
        assertEquals(List.of(12345L), byIds.notFound);
        assertEquals(List.of(PresenceStatus.ONLINE, PresenceStatus.ONLINE), byIds.statuses);

        harness.edgeFrames.clear();
        edge.requestMembers(EDGE_A, 99, alice, guildId, "", 0, false);
        assertEquals(List.of(), chunks(EDGE_A), "a session not in the guild gets nothing");
    }

    @Test
    void typingRepeatsInsideTheTtlAreNotFannedOutAndExpireOnTheWheel()
    {
        start(0);
        edge.identify(EDGE_A, 10, alice, 0, 250);
        edge.identify(EDGE_B, 20, bob, 0, 250);
        harness.edgeFrames.clear();
        edge.typing(EDGE_B, bob, general);
        assertEquals(2, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size(), "one per edge");
        harness.advance(GuildShard.TYPING_TTL_MS - 1);
        edge.typing(EDGE_B, bob, general);
        assertEquals(2, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size(), "a repeat inside the TTL");
        assertEquals(1, harness.shardOfGuild(guildId).typingActive());

        harness.advance(1 + ShardTimerWheel.TICK_MS);
        assertEquals(0, harness.shardOfGuild(guildId).typingActive(), "expired on the wheel");
        edge.typing(EDGE_B, bob, general);
        assertEquals(4, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size());

        edge.createMessage(EDGE_B, bob, general, "sending clears the indicator");
        assertEquals(0, harness.shardOfGuild(guildId).typingActive());
        edge.typing(EDGE_B, bob, general);
        assertEquals(6, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size(), "typing again right after");
    }

    @Test
    void malformedPresenceIsCountedAndChangesNothing()
    {
        start(0);
        edge.identify(EDGE_A, 10, alice, GUILD_PRESENCES, 250);
        edge.identify(EDGE_B, 20, bob, GUILD_PRESENCES, 250);
        final long malformed = harness.counters[CoreRouting.shardOfUser(bob, 3)].malformed().get();
        edge.presence(EDGE_B, 20, bob, PresenceStatus.DND, "1", "2", "3", "4", "5", "6");
        edge.presence(EDGE_B, 99, bob, PresenceStatus.DND);
        assertEquals(malformed + 2, harness.counters[CoreRouting.shardOfUser(bob, 3)].malformed().get());
        assertEquals(PresenceStatus.ONLINE, lastPresence(EDGE_A, bob));
    }

    private record Chunk(
        int index, int count, List<Long> members, List<PresenceStatus> statuses, List<Long> notFound, String nonce)
    {
    }

    private List<Chunk> chunks(final int edgeId)
    {
        final List<Chunk> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(GuildMembersChunkDecoder.TEMPLATE_ID))
        {
            if (frame.edgeId() != edgeId)
            {
                continue;
            }
            final GuildMembersChunkDecoder d = new GuildMembersChunkDecoder()
                .wrapAndApplyHeader(frame.buffer(), 0, new MessageHeaderDecoder());
            d.edgeId();
            d.sessionId();
            d.guildId();
            final int index = d.chunkIndex();
            final int count = d.chunkCount();
            d.presences();
            final List<Long> members = new ArrayList<>();
            final List<PresenceStatus> statuses = new ArrayList<>();
            for (final GuildMembersChunkDecoder.MembersDecoder m : d.members())
            {
                members.add(m.userId());
                m.joinedAtMs();
                m.bot();
                statuses.add(m.status());
                m.roles().forEach(GuildMembersChunkDecoder.MembersDecoder.RolesDecoder::roleId);
                m.username();
                m.nick();
            }
            final List<Long> notFound = new ArrayList<>();
            d.notFound().forEach((n) -> notFound.add(n.userId()));
            result.add(new Chunk(index, count, members, statuses, notFound, d.nonce()));
        }
        return result;
    }

    private List<PresenceUpdatedDecoder> presencesTo(final int edgeId, final long userId)
    {
        final List<PresenceUpdatedDecoder> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(PresenceUpdatedDecoder.TEMPLATE_ID))
        {
            final PresenceUpdatedDecoder d = new PresenceUpdatedDecoder()
                .wrapAndApplyHeader(frame.buffer(), 0, new MessageHeaderDecoder());
            if (frame.edgeId() == edgeId && d.userId() == userId)
            {
                assertEquals(edgeId, d.edgeId());
                assertEquals(guildId, d.guildId());
                result.add(d);
            }
        }
        return result;
    }

    private PresenceStatus lastPresence(final int edgeId, final long userId)
    {
        final List<PresenceUpdatedDecoder> frames = presencesTo(edgeId, userId);
        return frames.isEmpty() ? null : frames.get(frames.size() - 1).status();
    }

    private List<String> lastActivities(final int edgeId, final long userId)
    {
        final List<PresenceUpdatedDecoder> frames = presencesTo(edgeId, userId);
        final PresenceUpdatedDecoder last = frames.get(frames.size() - 1);
        last.status();
        final List<String> names = new ArrayList<>();
        for (final PresenceUpdatedDecoder.ActivitiesDecoder activity : last.activities())
        {
            activity.activityType();
            names.add(activity.name());
            activity.state();
        }
        return names;
    }

    private java.util.Set<Long> topicsOf(final int edgeId, final long sessionId)
    {
        return harness.sessionTopics.getOrDefault(edgeId + "/" + sessionId, java.util.Set.of());
    }

    private GuildSnapshotDecoder lastSnapshot(final int edgeId, final long sessionId)
    {
        final List<ShardHarness.Frame> frames = harness.framesOf(GuildSnapshotDecoder.TEMPLATE_ID);
        for (int i = frames.size() - 1; i >= 0; i--)
        {
            final GuildSnapshotDecoder d = new GuildSnapshotDecoder()
                .wrapAndApplyHeader(frames.get(i).buffer(), 0, new MessageHeaderDecoder());
            if (frames.get(i).edgeId() == edgeId && d.sessionId() == sessionId)
            {
                final GuildSnapshotDecoder fresh = new GuildSnapshotDecoder()
                    .wrapAndApplyHeader(frames.get(i).buffer(), 0, new MessageHeaderDecoder());
                fresh.edgeId();
                fresh.correlationId();
                fresh.sessionId();
                fresh.guildId();
                fresh.ownerId();
                fresh.memberCount();
                fresh.large();
                fresh.roles().forEach((r) -> r.name());
                for (final GuildSnapshotDecoder.ChannelsDecoder c : fresh.channels())
                {
                    c.overwrites().forEach(GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder::targetId);
                    c.name();
                    c.topic();
                }
                return fresh;
            }
        }
        throw new AssertionError("no GUILD_CREATE for " + edgeId + "/" + sessionId);
    }
}
