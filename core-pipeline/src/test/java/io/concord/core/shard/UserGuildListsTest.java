package io.concord.core.shard;

import io.concord.codecs.ListUserGuildsEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.UserGuildsDecoder;
import io.concord.core.state.Permissions;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /users/@me/guilds} across shards: the user's shard pages the ids, the guild shards fill them in.
 */
class UserGuildListsTest
{
    private static final int EDGE = 1;

    private final ShardHarness harness = new ShardHarness(3);
    private final EdgeCommands edge = new EdgeCommands(harness);
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    private record Listed(long id, boolean owned, long permissions, String name)
    {
    }

    private List<Listed> list(final long userId, final long before, final long after, final int limit)
    {
        final ListUserGuildsEncoder e = new ListUserGuildsEncoder().wrapAndApplyHeader(buffer, 0,
            new MessageHeaderEncoder()).edgeId(EDGE).correlationId(77).userId(userId).beforeId(before)
            .afterId(after).maxGuilds((short)limit);
        harness.send(buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        final UserGuildsDecoder reply = new UserGuildsDecoder().wrapAndApplyHeader(
            harness.last(UserGuildsDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(77, reply.correlationId());
        final List<Listed> listed = new ArrayList<>();
        for (final UserGuildsDecoder.GuildsDecoder guild : reply.guilds())
        {
            final long id = guild.guildId();
            final long ownerId = guild.ownerId();
            final long permissions = guild.permissions();
            listed.add(new Listed(id, ownerId == userId, permissions, guild.name()));
        }
        return listed;
    }

    @Test
    void listsEveryGuildAscendingWithOwnerAndPermissionsAndPagesLikeDiscord()
    {
        final long alice = edge.register(EDGE, "alice");
        final long bob = edge.register(EDGE, "bob");
        final long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++)
        {
            harness.clock.advance(5_000);
            ids[i] = edge.createGuild(EDGE, alice, "guild " + i);
        }
        final long shared = ids[2];
        final long general = harness.shardOfGuild(shared).guild(shared).channels().get(0).id();
        edge.acceptInvite(EDGE, bob, edge.createInvite(EDGE, alice, general));

        final List<Listed> all = list(alice, 0, 0, 200);
        assertEquals(5, all.size());
        assertArrayEquals(ids, all.stream().mapToLong(Listed::id).toArray());
        assertTrue(all.stream().allMatch((g) -> g.owned() && Permissions.ALL == g.permissions()));
        assertEquals("guild 0", all.get(0).name());

        final List<Listed> bobs = list(bob, 0, 0, 200);
        assertEquals(1, bobs.size());
        assertEquals(shared, bobs.get(0).id());
        assertFalse(bobs.get(0).owned());
        assertEquals(Permissions.EVERYONE_DEFAULT, bobs.get(0).permissions());

        assertArrayEquals(Arrays.copyOfRange(ids, 2, 4),
            list(alice, 0, ids[1], 2).stream().mapToLong(Listed::id).toArray(), "after: the next ones");
        assertArrayEquals(Arrays.copyOfRange(ids, 2, 4),
            list(alice, ids[4], 0, 2).stream().mapToLong(Listed::id).toArray(), "before: the ones just below");
        assertEquals(0, list(alice, ids[0], 0, 10).size());
    }

    @Test
    void pageKeepsIdsAscending()
    {
        final LongHashSet set = new LongHashSet();
        set.add(30);
        set.add(10);
        set.add(20);
        assertArrayEquals(new long[]{ 10, 20, 30 }, UserGuildLists.page(set, 0, 0, 200));
        assertArrayEquals(new long[]{ 20 }, UserGuildLists.page(set, 30, 10, 200));
        assertArrayEquals(new long[]{ 10 }, UserGuildLists.page(set, 0, 0, 1));
    }
}
