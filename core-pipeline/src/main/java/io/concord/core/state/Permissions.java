package io.concord.core.state;

/**
 * Discord's permission bits and its permission computation (spec/rest.md section 6): base permissions from
 * {@code @everyone} and the member's roles with the owner and ADMINISTRATOR shortcuts, then channel overwrites in
 * order {@code @everyone}, roles (all denies then all allows), member; and the implicit rule that a channel without
 * VIEW_CHANNEL grants nothing. Pure functions, allocation free, callable from the owning shard's thread.
 */
public final class Permissions
{
    public static final long CREATE_INSTANT_INVITE = 1L << 0;
    public static final long KICK_MEMBERS = 1L << 1;
    public static final long BAN_MEMBERS = 1L << 2;
    public static final long ADMINISTRATOR = 1L << 3;
    public static final long MANAGE_CHANNELS = 1L << 4;
    public static final long MANAGE_GUILD = 1L << 5;
    public static final long ADD_REACTIONS = 1L << 6;
    public static final long VIEW_CHANNEL = 1L << 10;
    public static final long SEND_MESSAGES = 1L << 11;
    public static final long SEND_TTS_MESSAGES = 1L << 12;
    public static final long MANAGE_MESSAGES = 1L << 13;
    public static final long EMBED_LINKS = 1L << 14;
    public static final long ATTACH_FILES = 1L << 15;
    public static final long READ_MESSAGE_HISTORY = 1L << 16;
    public static final long MENTION_EVERYONE = 1L << 17;
    public static final long CONNECT = 1L << 20;
    public static final long MUTE_MEMBERS = 1L << 22;
    public static final long DEAFEN_MEMBERS = 1L << 23;
    public static final long CHANGE_NICKNAME = 1L << 26;
    public static final long MANAGE_NICKNAMES = 1L << 27;
    public static final long MANAGE_ROLES = 1L << 28;
    public static final long MODERATE_MEMBERS = 1L << 40;
    public static final long BYPASS_SLOWMODE = 1L << 52;

    /**
     * Every defined bit (0..52 except the unused bit 47).
     */
    public static final long ALL = ((1L << 53) - 1) & ~(1L << 47);

    /**
     * Discord's classic default for {@code @everyone} in a new guild (104324673): invites, reactions, stream, view,
     * send, TTS, embeds, attachments, history, mention everyone, external emojis, connect, speak, VAD, nickname.
     */
    public static final long EVERYONE_DEFAULT = 104_324_673L;

    private Permissions()
    {
    }

    /**
     * Guild-level permissions of a member: {@link #ALL} for the owner and administrators.
     *
     * @param guild  the guild.
     * @param member a member of it.
     * @return the bitset.
     */
    public static long base(final Guild guild, final Member member)
    {
        if (member.userId() == guild.ownerId())
        {
            return ALL;
        }

        final Role everyone = guild.role(guild.id());
        long permissions = null == everyone ? 0 : everyone.permissions();
        final long[] roleIds = member.roleIds();
        for (int i = 0, n = member.roleCount(); i < n; i++)
        {
            final Role role = guild.role(roleIds[i]);
            if (null != role)
            {
                permissions |= role.permissions();
            }
        }

        return (permissions & ADMINISTRATOR) != 0 ? ALL : permissions;
    }

    /**
     * Permissions of a member in a channel, overwrites and the implicit VIEW_CHANNEL rule applied.
     *
     * @param guild   the guild owning the channel.
     * @param member  a member of the guild.
     * @param channel a channel of the guild.
     * @return the bitset; 0 when the member cannot view the channel.
     */
    public static long inChannel(final Guild guild, final Member member, final Channel channel)
    {
        long permissions = base(guild, member);
        if (ALL == permissions)
        {
            return ALL;
        }

        final Overwrite everyone = channel.overwrite(guild.id());
        if (null != everyone)
        {
            permissions = (permissions & ~everyone.deny()) | everyone.allow();
        }

        long allow = 0;
        long deny = 0;
        final long[] roleIds = member.roleIds();
        for (int i = 0, n = member.roleCount(); i < n; i++)
        {
            final Overwrite overwrite = channel.overwrite(roleIds[i]);
            if (null != overwrite && overwrite.kind() == Overwrite.ROLE)
            {
                allow |= overwrite.allow();
                deny |= overwrite.deny();
            }
        }
        permissions = (permissions & ~deny) | allow;

        final Overwrite own = channel.overwrite(member.userId());
        if (null != own && own.kind() == Overwrite.MEMBER)
        {
            permissions = (permissions & ~own.deny()) | own.allow();
        }

        if ((permissions & VIEW_CHANNEL) == 0)
        {
            return 0;
        }
        if ((permissions & SEND_MESSAGES) == 0)
        {
            permissions &= ~(MENTION_EVERYONE | SEND_TTS_MESSAGES | ATTACH_FILES | EMBED_LINKS);
        }

        return permissions;
    }

    /**
     * Discord's role hierarchy: a member may manage a role, or act on another member, only below its own highest
     * role. The owner is above everyone.
     *
     * @param guild  the guild.
     * @param member a member.
     * @return the position of the member's highest role, 0 for {@code @everyone} only, MAX_VALUE for the owner.
     */
    public static int highestPosition(final Guild guild, final Member member)
    {
        if (member.userId() == guild.ownerId())
        {
            return Integer.MAX_VALUE;
        }
        int highest = 0;
        final long[] roleIds = member.roleIds();
        for (int i = 0, n = member.roleCount(); i < n; i++)
        {
            final Role role = guild.role(roleIds[i]);
            if (null != role && role.position() > highest)
            {
                highest = role.position();
            }
        }
        return highest;
    }

    /**
     * What a timed-out member keeps, as Discord's: only VIEW_CHANNEL and READ_MESSAGE_HISTORY, unless it is the owner
     * or an administrator (they cannot be timed out).
     *
     * @param guild       the guild.
     * @param member      a member of it.
     * @param permissions its computed permissions (guild or channel level).
     * @param nowMs       the time now.
     * @return the permissions it has now.
     */
    public static long whileTimedOut(final Guild guild, final Member member, final long permissions, final long nowMs)
    {
        if (!member.timedOut(nowMs) || member.userId() == guild.ownerId() || has(permissions, ADMINISTRATOR))
        {
            return permissions;
        }
        return permissions & (VIEW_CHANNEL | READ_MESSAGE_HISTORY);
    }

    /**
     * @param permissions a computed bitset.
     * @param required    bits that must all be present.
     * @return whether every required bit is set.
     */
    public static boolean has(final long permissions, final long required)
    {
        return (permissions & required) == required;
    }
}
