package io.concord.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A guild member: its user (id, name as UTF-8 for allocation-free encoding, bot flag), join time and roles (not
 * including {@code @everyone}).
 */
public final class Member
{
    private final long userId;
    private final byte[] username;
    private final boolean bot;
    private final long joinedAtMs;
    private long[] roleIds = new long[4];
    private int roleCount;

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
}
