package io.concord.core.shard;

import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import io.concord.core.state.Overwrite;
import io.concord.core.state.Permissions;
import io.concord.core.state.Role;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After random sequences of role, overwrite, membership, channel and session changes, every session's subscribed
 * topics (as its edge sees them, rebuilt only from SubscriptionChanged frames) equal what a naive, independent
 * reading of Discord's permission algorithm says it may view: nobody is subscribed to a channel they cannot view,
 * nobody misses one they can. Also checks the per-topic edge counts the core keeps for routing.
 */
class SubscriptionPropertyTest
{
    private static final int USERS = 4;
    private static final long VIEW = Permissions.VIEW_CHANNEL;
    private static final long[] ROLE_PERMISSIONS =
        { 0, VIEW, VIEW | Permissions.SEND_MESSAGES, Permissions.ADMINISTRATOR, Permissions.EVERYONE_DEFAULT };
    private static final long[] OVERWRITE_BITS =
        { 0, VIEW, Permissions.SEND_MESSAGES, VIEW | Permissions.SEND_MESSAGES };

    @Provide
    Arbitrary<List<int[]>> actions()
    {
        return Arbitraries.integers().between(0, 1_000_000).array(int[].class).ofSize(4).list().ofMinSize(1)
            .ofMaxSize(40);
    }

    @Property(tries = 60)
    void subscribedChannelsEqualReferenceVisibility(@ForAll("actions") final List<int[]> actions)
    {
        final ShardHarness harness = new ShardHarness(2);
        final EdgeCommands edge = new EdgeCommands(harness);
        final long[] users = new long[USERS];
        for (int i = 0; i < USERS; i++)
        {
            users[i] = edge.register(1 + i % 2, "user" + i);
        }
        final long owner = users[0];
        final long guildId = edge.createGuild(1, owner, "prop");
        final GuildShard shard = harness.shardOfGuild(guildId);
        final Guild guild = shard.guild(guildId);
        final long general = guild.channels().get(0).id();
        final String invite = edge.createInvite(1, owner, general);
        final List<Long> roles = new ArrayList<>();
        roles.add(guildId);
        roles.add(edge.createRole(1, owner, guildId, VIEW));
        roles.add(edge.createRole(1, owner, guildId, 0));
        for (int i = 1; i < USERS; i++)
        {
            edge.acceptInvite(1 + i % 2, users[i], invite);
        }
        final boolean[] open = new boolean[USERS];
        for (int i = 0; i < USERS; i++)
        {
            edge.identify(edgeOf(i), sessionOf(i), users[i]);
            open[i] = true;
        }

        for (final int[] action : actions)
        {
            final int user = 1 + action[1] % (USERS - 1);
            final List<Channel> channels = guild.channels();
            final long channelId = channels.isEmpty() ? general : channels.get(action[2] % channels.size()).id();
            final long roleId = roles.get(action[3] % roles.size());
            switch (action[0] % 9)
            {
                case 0:
                    edge.memberRole(1, owner, guildId, users[user], roleId, action[2] % 2 == 0);
                    break;
                case 1:
                {
                    final long target = action[1] % 3 == 0 ? users[user] : roleId;
                    edge.putOverwrite(1, owner, channelId, target, action[1] % 3 == 0,
                        OVERWRITE_BITS[action[2] % 4], OVERWRITE_BITS[action[3] % 4]);
                    break;
                }
                case 2:
                    edge.deleteOverwrite(1, owner, channelId, action[1] % 3 == 0 ? users[user] : roleId);
                    break;
                case 3:
                    edge.updateRolePermissions(1, owner, guildId, roleId, ROLE_PERMISSIONS[action[2] % 5]);
                    break;
                case 4:
                    if (null != guild.member(users[user]))
                    {
                        edge.removeMember(1, owner, guildId, users[user]);
                    }
                    else
                    {
                        edge.acceptInvite(edgeOf(user), users[user], invite);
                    }
                    break;
                case 5:
                    edge.createChannel(1, owner, guildId, "c" + action[2], action[2] % 2 == 0 ? 0 : 2);
                    break;
                case 6:
                    if (channelId != general)
                    {
                        edge.deleteChannel(1, owner, channelId);
                    }
                    break;
                case 7:
                    if (open[user])
                    {
                        edge.closeSession(edgeOf(user), sessionOf(user), users[user]);
                    }
                    else
                    {
                        edge.identify(edgeOf(user), sessionOf(user), users[user]);
                    }
                    open[user] = !open[user];
                    break;
                default:
                    if (roleId != guildId && roles.size() > 2)
                    {
                        edge.deleteRole(1, owner, guildId, roleId);
                        roles.remove(roleId);
                    }
                    else
                    {
                        roles.add(edge.createRole(1, owner, guildId, ROLE_PERMISSIONS[action[2] % 5]));
                    }
                    break;
            }
        }

        for (int i = 0; i < USERS; i++)
        {
            final Set<Long> expected = new HashSet<>();
            final Member member = guild.member(users[i]);
            if (open[i] && null != member)
            {
                expected.add(guildId);
                for (final Channel channel : guild.channels())
                {
                    if (referenceCanView(guild, users[i], channel))
                    {
                        expected.add(channel.id());
                    }
                }
            }
            assertEquals(expected, harness.topicsOf(edgeOf(i), sessionOf(i)), "user " + i);
        }
        for (final Channel channel : guild.channels())
        {
            for (int edgeId = 1; edgeId <= 2; edgeId++)
            {
                int sessions = 0;
                for (int i = 0; i < USERS; i++)
                {
                    if (edgeOf(i) == edgeId && harness.topicsOf(edgeId, sessionOf(i)).contains(channel.id()))
                    {
                        sessions++;
                    }
                }
                assertEquals(sessions, shard.routes().edges(channel.id()).sessionCount(edgeId));
            }
        }
    }

    private static int edgeOf(final int user)
    {
        return 1 + user % 2;
    }

    private static long sessionOf(final int user)
    {
        return 100 + user;
    }

    /**
     * Discord's documented algorithm, written out plainly and independently of {@link Permissions}.
     */
    private static boolean referenceCanView(final Guild guild, final long userId, final Channel channel)
    {
        if (guild.ownerId() == userId)
        {
            return true;
        }
        final Member member = guild.member(userId);
        final Set<Long> memberRoles = new HashSet<>();
        for (int i = 0; i < member.roleCount(); i++)
        {
            memberRoles.add(member.roleIds()[i]);
        }
        long permissions = guild.role(guild.id()).permissions();
        for (final Role role : guild.roles())
        {
            if (memberRoles.contains(role.id()))
            {
                permissions |= role.permissions();
            }
        }
        if ((permissions & Permissions.ADMINISTRATOR) != 0)
        {
            return true;
        }
        long allow = 0;
        long deny = 0;
        Overwrite everyone = null;
        Overwrite own = null;
        for (final Overwrite overwrite : channel.overwrites())
        {
            if (overwrite.targetId() == guild.id())
            {
                everyone = overwrite;
            }
            else if (overwrite.kind() == Overwrite.ROLE && memberRoles.contains(overwrite.targetId()))
            {
                allow |= overwrite.allow();
                deny |= overwrite.deny();
            }
            else if (overwrite.kind() == Overwrite.MEMBER && overwrite.targetId() == userId)
            {
                own = overwrite;
            }
        }
        if (null != everyone)
        {
            permissions = (permissions & ~everyone.deny()) | everyone.allow();
        }
        permissions = (permissions & ~deny) | allow;
        if (null != own)
        {
            permissions = (permissions & ~own.deny()) | own.allow();
        }
        return (permissions & VIEW) != 0;
    }
}
