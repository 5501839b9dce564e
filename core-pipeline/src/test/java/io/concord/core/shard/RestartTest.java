package io.concord.core.shard;

import io.concord.core.persist.ChronicleMetadataStore;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.Invite;
import io.concord.core.state.Member;
import io.concord.core.state.Overwrite;
import io.concord.core.state.Permissions;
import io.concord.core.state.Role;
import io.concord.core.state.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Builds guilds, channels with overwrites, roles, members with roles, invites, users with revoked tokens and
 * accounts on three shards persisted to Chronicle Map files, closes the files, reopens them in fresh shards, and
 * compares a canonical description of all state; then checks that the restored shards keep working.
 */
class RestartTest
{
    @Test
    void stateRebuiltFromChronicleMapEqualsStateBefore(@TempDir final File dir)
    {
        final int shardCount = 3;
        final ShardHarness before = new ShardHarness(shardCount, open(dir, shardCount));
        final EdgeCommands edge = new EdgeCommands(before);
        final long alice = edge.register(1, "alice");
        final long bob = edge.register(1, "bob");
        final long carol = edge.register(2, "Carol");
        final long guildId = edge.createGuild(1, alice, "persisted");
        final long other = edge.createGuild(2, carol, "other guild");
        final Guild guild = before.shardOfGuild(guildId).guild(guildId);
        final long general = guild.channels().get(0).id();
        final long category = edge.createChannel(1, alice, guildId, "cat", Channel.GUILD_CATEGORY);
        final long secret = edge.createChannel(1, alice, guildId, "secret", Channel.GUILD_TEXT);
        final long role = edge.createRole(1, alice, guildId, Permissions.MANAGE_MESSAGES | Permissions.VIEW_CHANNEL);
        edge.putOverwrite(1, alice, secret, guildId, false, 0, Permissions.VIEW_CHANNEL);
        edge.putOverwrite(1, alice, secret, role, false, Permissions.VIEW_CHANNEL, 0);
        final String code = edge.createInvite(1, alice, general);
        edge.acceptInvite(1, bob, code);
        edge.acceptInvite(2, carol, code);
        edge.memberRole(1, alice, guildId, bob, role, true);
        edge.revoke(1, bob);
        edge.deleteChannel(1, alice, category);
        final String described = describe(before);
        for (final MetadataStore store : before.metadata)
        {
            store.close();
        }

        final ShardHarness after = new ShardHarness(shardCount, open(dir, shardCount));
        assertEquals(described, describe(after));

        final EdgeCommands again = new EdgeCommands(after);
        again.identify(1, 5, bob);
        assertEquals(java.util.Set.of(guildId, general, secret, guild.channels().get(1).id()),
            after.topicsOf(1, 5));
        again.register(1, "BOB");
        assertEquals(io.concord.codecs.ReplyStatus.CONFLICT, after.lastAccountReply().status());
        assertNotNull(after.shardOfGuild(other).guild(other));
        for (final MetadataStore store : after.metadata)
        {
            store.close();
        }
    }

    private static MetadataStore[] open(final File dir, final int shardCount)
    {
        final MetadataStore[] stores = new MetadataStore[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            stores[i] = new ChronicleMetadataStore(new File(dir, "core/shard-" + i + "/metadata.dat"), 10_000);
        }
        return stores;
    }

    private static String describe(final ShardHarness harness)
    {
        final List<String> lines = new ArrayList<>();
        for (final GuildShard shard : harness.shards)
        {
            for (final User user : shard.users().values())
            {
                final List<Long> guilds = new ArrayList<>();
                user.guildIds().forEach(guilds::add);
                Collections.sort(guilds);
                lines.add("user " + user.id() + " " + user.username() + " bot=" + user.bot() + " gen=" +
                    user.tokenGeneration() + " guilds=" + guilds + " account=" + shardAccount(harness, user));
            }
            for (final Guild guild : shard.guilds().values())
            {
                lines.add("guild " + guild.id() + " " + guild.name() + " owner=" + guild.ownerId());
                for (final Role role : guild.roles())
                {
                    lines.add("  role " + role.id() + " " + role.name() + " p=" + role.permissions() + " pos=" +
                        role.position() + " c=" + role.color() + " h=" + role.hoist() + " m=" + role.mentionable());
                }
                for (final Channel channel : guild.channels())
                {
                    final StringBuilder overwrites = new StringBuilder();
                    for (final Overwrite overwrite : channel.overwrites())
                    {
                        overwrites.append(overwrite.targetId()).append('/').append(overwrite.kind()).append('/')
                            .append(overwrite.allow()).append('/').append(overwrite.deny()).append(' ');
                    }
                    lines.add("  channel " + channel.id() + " " + channel.channelType() + " " + channel.name() +
                        " topic=" + channel.topic() + " parent=" + channel.parentId() + " pos=" + channel.position() +
                        " rl=" + channel.rateLimitPerUser() + " ow=" + overwrites);
                }
                final List<String> members = new ArrayList<>();
                for (final Member member : guild.members().values())
                {
                    final List<Long> roles = new ArrayList<>();
                    for (int i = 0; i < member.roleCount(); i++)
                    {
                        roles.add(member.roleIds()[i]);
                    }
                    members.add("  member " + member.userId() + " " + member.username() + " joined=" +
                        member.joinedAtMs() + " roles=" + roles);
                }
                Collections.sort(members);
                lines.addAll(members);
            }
            for (final Invite invite : shard.invites().values())
            {
                lines.add("invite " + invite.code() + " g=" + invite.guildId() + " c=" + invite.channelId() +
                    " by=" + invite.inviterId() + " uses=" + invite.uses() + "/" + invite.maxUses() + " age=" +
                    invite.maxAgeSeconds() + " at=" + invite.createdAtMs());
            }
        }
        Collections.sort(lines);
        return String.join("\n", lines);
    }

    private static String shardAccount(final ShardHarness harness, final User user)
    {
        for (final GuildShard shard : harness.shards)
        {
            if (null != shard.account(user.username()))
            {
                return shard.account(user.username()).toString();
            }
        }
        return "none";
    }
}
