package io.concord.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A guild member: its user (id, name as UTF-8 for allocation-free encoding, bot flag), join time, roles (not
 * including {@code @everyone}), guild nickname, server mute/deafen and timeout end.
 */
public final class Member
{
    /**
     * Longest nickname, in UTF-16 units as Discord counts it.
     */
    public static final int MAX_NICK_LENGTH = 32;

    private static final byte[] NO_NICK = new byte[0];

    private final long userId;
    private final byte[] username;
    private final boolean bot;
    private final long joinedAtMs;
    private long[] roleIds = new long[4];
    private int roleCount;
    private byte[] nick = NO_NICK;
    private boolean mute;
    private boolean deaf;
    private long communicationDisabledUntilMs;

    /**
     * @param userId     user id.
     * @param username   user name.
     * @param bot        whether the user is a bot.
     * @param joinedAtMs join time.
     */
    public Member(final long userId, final String username, final boolean bot, final long joinedAtMs)
    {
        this.userId = userId;
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.bot = bot;
        this.joinedAtMs = joinedAtMs;
    }

    public long userId()
    {
        return userId;
    }

    /**
     * @return the user name as UTF-8; do not modify.
     */
    public byte[] usernameUtf8()
    {
        return username;
    }

    public String username()
    {
        return new String(username, StandardCharsets.UTF_8);
    }

    public boolean bot()
    {
        return bot;
    }

    public long joinedAtMs()
    {
        return joinedAtMs;
    }

    /**
     * @return role ids, valid up to {@link #roleCount()}.
     */
    public long[] roleIds()
    {
        return roleIds;
    }

    public int roleCount()
    {
        return roleCount;
    }

    /**
     * @param roleId a role id.
     * @return whether the member has it.
     */
    public boolean hasRole(final long roleId)
    {
        for (int i = 0; i < roleCount; i++)
        {
            if (roleIds[i] == roleId)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param roleId role to add.
     * @return false when the member already had it.
     */
    public boolean addRole(final long roleId)
    {
        if (hasRole(roleId))
        {
            return false;
        }
        if (roleCount == roleIds.length)
        {
            roleIds = Arrays.copyOf(roleIds, roleCount * 2);
        }
        roleIds[roleCount++] = roleId;
        return true;
    }

    /**
     * @param roleId role to remove.
     * @return false when the member did not have it.
     */
    public boolean removeRole(final long roleId)
    {
        for (int i = 0; i < roleCount; i++)
        {
            if (roleIds[i] == roleId)
            {
                System.arraycopy(roleIds, i + 1, roleIds, i, roleCount - i - 1);
                roleCount--;
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the role set.
     *
     * @param ids   the new role ids (no duplicates, no {@code @everyone}).
     * @param count how many of {@code ids} are valid.
     */
    public void roles(final long[] ids, final int count)
    {
        if (count > roleIds.length)
        {
            roleIds = Arrays.copyOf(ids, count);
        }
        else
        {
            System.arraycopy(ids, 0, roleIds, 0, count);
        }
        roleCount = count;
    }

    /**
     * @return the nickname as UTF-8, empty for none; do not modify.
     */
    public byte[] nickUtf8()
    {
        return nick;
    }

    /**
     * @return the nickname, null for none.
     */
    public String nick()
    {
        return 0 == nick.length ? null : new String(nick, StandardCharsets.UTF_8);
    }

    /**
     * @param nick the new nickname; null or empty clears it.
     * @return this.
     */
    public Member nick(final String nick)
    {
        this.nick = null == nick || nick.isEmpty() ? NO_NICK : nick.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public boolean mute()
    {
        return mute;
    }

    public Member mute(final boolean mute)
    {
        this.mute = mute;
        return this;
    }

    public boolean deaf()
    {
        return deaf;
    }

    public Member deaf(final boolean deaf)
    {
        this.deaf = deaf;
        return this;
    }

    /**
     * @return when the member's timeout ends (ms since 1970), 0 for none.
     */
    public long communicationDisabledUntilMs()
    {
        return communicationDisabledUntilMs;
    }

    /**
     * @param untilMs when the timeout ends, 0 (or any time not after now) for none.
     * @return this.
     */
    public Member communicationDisabledUntilMs(final long untilMs)
    {
        this.communicationDisabledUntilMs = Math.max(0, untilMs);
        return this;
    }

    /**
     * @param nowMs the time now.
     * @return whether the member is timed out at that time.
     */
    public boolean timedOut(final long nowMs)
    {
        return communicationDisabledUntilMs > nowMs;
    }
}
