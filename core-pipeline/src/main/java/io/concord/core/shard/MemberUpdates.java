package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.UpdateMemberDecoder;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import io.concord.core.state.Role;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.EpochClock;

/**
 * {@code PATCH /guilds/{id}/members/{user}} and {@code PATCH /guilds/{id}/members/@me} inside one {@link GuildShard}:
 * nickname, server mute/deafen, the role set and the timeout of one member, checked as Discord checks them, applied
 * all or nothing, persisted, then one GUILD_MEMBER_UPDATE on the guild's topic whose copy to the requesting edge
 * answers the command. Metadata path: allocates. Only the shard's thread may call it.
 * <p>
 * Permissions: a nickname needs MANAGE_NICKNAMES (one's own: CHANGE_NICKNAME or MANAGE_NICKNAMES), mute
 * MUTE_MEMBERS, deaf DEAFEN_MEMBERS, roles MANAGE_ROLES with every added or removed role below the actor's highest
 * role, a timeout MODERATE_MEMBERS. Changing another member's nickname or timeout also needs the actor's highest
 * role above the target's (the owner is above everyone); owners and administrators cannot be timed out.
 */
final class MemberUpdates
{
    static final int NICK = 1;
    static final int MUTE = 2;
    static final int DEAF = 4;
    static final int ROLES = 8;
    static final int TIMEOUT = 16;
    static final int ALL_FIELDS = NICK | MUTE | DEAF | ROLES | TIMEOUT;

    /**
     * Discord's longest timeout: 28 days.
     */
    static final long MAX_TIMEOUT_MS = 28L * 24 * 3600 * 1000;

    private final GuildShard shard;
    private final EpochClock clock;
    private final LongArrayList roleIds = new LongArrayList();

    MemberUpdates(final GuildShard shard, final EpochClock clock)
    {
        this.shard = shard;
        this.clock = clock;
    }

    void onUpdateMember(final UpdateMemberDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long targetUserId = cmd.targetUserId();
        final int mask = cmd.updateMask();
        final boolean mute = BooleanType.TRUE == cmd.mute();
        final boolean deaf = BooleanType.TRUE == cmd.deaf();
        final long timeoutUntilMs = cmd.communicationDisabledUntilMs();
        roleIds.clear();
        for (final UpdateMemberDecoder.RolesDecoder role : cmd.roles())
        {
            final long roleId = role.roleId();
            if (roleId != guildId && !roleIds.containsLong(roleId))
            {
                roleIds.addLong(roleId);
            }
        }
        final String nick = cmd.nick();
        shard.addKnownEdge(edgeId);

        final Guild guild = shard.guild(guildId);
        final Member actor = null == guild ? null : guild.member(userId);
        if (null == actor)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_GUILD);
            return;
        }
        final Member target = shard.memberFor(edgeId, correlationId, guild, targetUserId);
        if (null == target)
        {
            return;
        }
        final long nowMs = clock.time();
        if (0 != (mask & ~ALL_FIELDS) ||
            ((mask & NICK) != 0 && nick.length() > Member.MAX_NICK_LENGTH) ||
            ((mask & TIMEOUT) != 0 && timeoutUntilMs > nowMs + MAX_TIMEOUT_MS))
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
            return;
        }
        if ((mask & ROLES) != 0)
        {
            for (int i = 0, n = roleIds.size(); i < n; i++)
            {
                if (null == guild.role(roleIds.getLong(i)))
                {
                    shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_ROLE);
                    return;
                }
            }
        }
        if (!allowed(guild, actor, target, mask, timeoutUntilMs > nowMs))
        {
            shard.reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
            return;
        }

        if ((mask & NICK) != 0)
        {
            target.nick(nick);
        }
        if ((mask & MUTE) != 0)
        {
            target.mute(mute);
        }
        if ((mask & DEAF) != 0)
        {
            target.deaf(deaf);
        }
        if ((mask & TIMEOUT) != 0)
        {
            target.communicationDisabledUntilMs(timeoutUntilMs > nowMs ? timeoutUntilMs : 0);
        }
        final boolean rolesChanged = (mask & ROLES) != 0 && !sameRoles(target);
        if (rolesChanged)
        {
            target.roles(roleIds.toLongArray(), roleIds.size());
        }
        shard.publishMemberUpdate(guild, target, edgeId, correlationId, rolesChanged);
    }

    private boolean allowed(
        final Guild guild, final Member actor, final Member target, final int mask, final boolean timingOut)
    {
        final long permissions = Permissions.base(guild, actor);
        final boolean self = actor.userId() == target.userId();
        final int actorHighest = Permissions.highestPosition(guild, actor);
        final boolean above = actorHighest > Permissions.highestPosition(guild, target);
        if ((mask & NICK) != 0)
        {
            final boolean ok = self ?
                0 != (permissions & (Permissions.CHANGE_NICKNAME | Permissions.MANAGE_NICKNAMES)) :
                Permissions.has(permissions, Permissions.MANAGE_NICKNAMES) && above;
            if (!ok)
            {
                return false;
            }
        }
        if (((mask & MUTE) != 0 && !Permissions.has(permissions, Permissions.MUTE_MEMBERS)) ||
            ((mask & DEAF) != 0 && !Permissions.has(permissions, Permissions.DEAFEN_MEMBERS)))
        {
            return false;
        }
        if ((mask & TIMEOUT) != 0)
        {
            if (!Permissions.has(permissions, Permissions.MODERATE_MEMBERS) || self || !above)
            {
                return false;
            }
            if (timingOut && (target.userId() == guild.ownerId() ||
                Permissions.has(Permissions.base(guild, target), Permissions.ADMINISTRATOR)))
            {
                return false;
            }
        }
        if ((mask & ROLES) != 0)
        {
            if (!Permissions.has(permissions, Permissions.MANAGE_ROLES))
            {
                return false;
            }
            for (int i = 0, n = roleIds.size(); i < n; i++)
            {
                final long roleId = roleIds.getLong(i);
                if (!target.hasRole(roleId) && guild.role(roleId).position() >= actorHighest)
                {
                    return false;
                }
            }
            final long[] current = target.roleIds();
            for (int i = 0, n = target.roleCount(); i < n; i++)
            {
                final Role role = guild.role(current[i]);
                if (!roleIds.containsLong(current[i]) && null != role && role.position() >= actorHighest)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean sameRoles(final Member target)
    {
        if (target.roleCount() != roleIds.size())
        {
            return false;
        }
        for (int i = 0, n = roleIds.size(); i < n; i++)
        {
            if (!target.hasRole(roleIds.getLong(i)))
            {
                return false;
            }
        }
        return true;
    }
}
