package io.concord.core.shard;

import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReadyDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.SeedMembersEncoder;
import io.concord.codecs.SeedMembersReplyDecoder;
import io.concord.codecs.SeedUsersEncoder;
import io.concord.core.CoreRouting;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bulk seeding (SeedMembers in the guild shard, SeedUsers in each user shard) over three shards: the seeded users are
 * members, own user records that survive a restart, identify into the guild, and bad requests change nothing.
 */
class SeedMembersTest
{
    private static final int EDGE = 950;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(32 * 1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private ShardHarness harness;
    private EdgeCommands edge;
    private long owner;
    private long guildId;
    private long general;

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        owner = edge.register(EDGE, "owner");
        guildId = edge.createGuild(EDGE, owner, "Seeded");
        general = harness.shardOfGuild(guildId).guild(guildId).channels().get(0).id();
    }

    @Test
    void seededUsersAreMembersWithUserRecordsAndIdentifyIntoTheGuild()
    {
        final long[] userIds = seedMembers(owner, 10, 5, "bench-");
        assertEquals(5, userIds.length);
        seedUsers(userIds, 10, "bench-");

        final Guild guild = harness.shardOfGuild(guildId).guild(guildId);
        assertEquals(6, guild.memberCount());
        for (int i = 0; i < userIds.length; i++)
        {
            final Member member = guild.member(userIds[i]);
            assertNotNull(member);
            assertEquals("bench-" + (10 + i), member.username());
            assertTrue(member.bot());
        }

        edge.identify(EDGE, 77, userIds[3]);
        final ReadyDecoder ready = new ReadyDecoder().wrapAndApplyHeader(
            harness.last(ReadyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        ready.edgeId();
        ready.sessionId();
        assertEquals(userIds[3], ready.userId());
        ready.bot();
        final ReadyDecoder.GuildsDecoder guilds = ready.guilds();
        assertEquals(1, guilds.count());
        assertEquals(guildId, guilds.next().guildId());
        assertTrue(harness.sessionTopics.get(EDGE + "/77").contains(general));
    }

    @Test
    void seededStateSurvivesRestart()
    {
        final long[] userIds = seedMembers(owner, 0, 3, "r");
        seedUsers(userIds, 0, "r");

        final ShardHarness restarted = new ShardHarness(3, harness.metadata);
        assertNotNull(restarted.shardOfGuild(guildId).guild(guildId).member(userIds[2]));
        new EdgeCommands(restarted).identify(EDGE, 5, userIds[2]);
        assertTrue(restarted.sessionTopics.get(EDGE + "/5").contains(general));
    }

    @Test
    void onlyTheOwnerMaySeedAndBadBatchesAreRefused()
    {
        final long other = edge.register(EDGE, "other");
        sendSeedMembers(other, 0, 3, "x");
        assertEquals(ReplyStatus.FORBIDDEN, harness.lastReply().status());

        sendSeedMembers(owner, 0, 0, "x");
        assertEquals(ReplyStatus.INVALID, harness.lastReply().status());
        sendSeedMembers(owner, 0, GuildShard.SEED_BATCH_MAX + 1, "x");
        assertEquals(ReplyStatus.INVALID, harness.lastReply().status());
        sendSeedMembers(owner, 0, 2, "");
        assertEquals(ReplyStatus.INVALID, harness.lastReply().status());
        sendSeedMembers(owner, -1, 2, "x");
        assertEquals(ReplyStatus.INVALID, harness.lastReply().status());

        final SeedMembersEncoder unknownGuild = new SeedMembersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE).correlationId(9).guildId(guildId + (1L << 22) * 3).ownerId(owner).firstIndex(0).count(1)
            .namePrefix("x");
        harness.send(buffer, HEADER + unknownGuild.encodedLength());
        assertEquals(ReplyStatus.NOT_FOUND, harness.lastReply().status());
        assertEquals(1, harness.shardOfGuild(guildId).guild(guildId).memberCount());
    }

    @Test
    void seedUsersRefusesUsersOfAnotherShardWithoutChangingAnything()
    {
        final long[] userIds = seedMembers(owner, 0, 12, "s");
        final long first = userIds[0];
        long foreign = 0;
        for (final long userId : userIds)
        {
            if (CoreRouting.shardOfUser(userId, 3) != CoreRouting.shardOfUser(first, 3))
            {
                foreign = userId;
            }
        }
        final long otherShardUser = 0 != foreign ? foreign : first + (1L << 22);
        final SeedUsersEncoder e = new SeedUsersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE).correlationId(5).routingUserId(first).guildId(guildId);
        final SeedUsersEncoder.UsersEncoder group = e.usersCount(2);
        group.next().userId(first).index(0);
        group.next().userId(otherShardUser).index(1);
        e.namePrefix("s");
        harness.send(buffer, HEADER + e.encodedLength());
        final CommandReplyDecoder reply = harness.lastReply();
        assertEquals(ReplyStatus.INVALID, reply.status());

        final EdgeCommands commands = new EdgeCommands(harness);
        commands.identify(EDGE, 6, first);
        final ReadyDecoder ready = new ReadyDecoder().wrapAndApplyHeader(
            harness.last(ReadyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        ready.edgeId();
        ready.sessionId();
        assertEquals(0, ready.userId());
        assertNull(harness.sessionTopics.get(EDGE + "/6"));
    }

    private void sendSeedMembers(final long requester, final int firstIndex, final int count, final String prefix)
    {
        final SeedMembersEncoder e = new SeedMembersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE).correlationId(3).guildId(guildId).ownerId(requester).firstIndex(firstIndex).count(count)
            .namePrefix(prefix);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    private long[] seedMembers(final long requester, final int firstIndex, final int count, final String prefix)
    {
        sendSeedMembers(requester, firstIndex, count, prefix);
        final SeedMembersReplyDecoder reply = new SeedMembersReplyDecoder().wrapAndApplyHeader(
            harness.last(SeedMembersReplyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE, reply.edgeId());
        assertEquals(3, reply.correlationId());
        assertEquals(ReplyStatus.OK, reply.status());
        reply.errorCode();
        final LongArrayList ids = new LongArrayList();
        for (final SeedMembersReplyDecoder.UsersDecoder user : reply.users())
        {
            ids.addLong(user.userId());
        }
        return ids.toLongArray();
    }

    private void seedUsers(final long[] userIds, final int firstIndex, final String prefix)
    {
        for (int shard = 0; shard < 3; shard++)
        {
            final List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < userIds.length; i++)
            {
                if (CoreRouting.shardOfUser(userIds[i], 3) == shard)
                {
                    positions.add(i);
                }
            }
            if (positions.isEmpty())
            {
                continue;
            }
            final SeedUsersEncoder e = new SeedUsersEncoder().wrapAndApplyHeader(buffer, 0, header)
                .edgeId(EDGE).correlationId(4).routingUserId(userIds[positions.get(0)]).guildId(guildId);
            final SeedUsersEncoder.UsersEncoder group = e.usersCount(positions.size());
            for (final int position : positions)
            {
                group.next().userId(userIds[position]).index(firstIndex + position);
            }
            e.namePrefix(prefix);
            harness.send(buffer, HEADER + e.encodedLength());
            assertEquals(ReplyStatus.OK, harness.lastReply().status());
        }
    }
}
