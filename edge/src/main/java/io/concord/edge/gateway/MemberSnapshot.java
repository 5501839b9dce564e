package io.concord.edge.gateway;

/**
 * A guild member for GUILD_CREATE. Immutable (the role id array is not modified after construction).
 *
 * @param user           the user.
 * @param roleIds        role ids other than {@code @everyone}.
 * @param nick           guild nickname or null.
 * @param joinedAtMs     when the user joined, ms since 1970.
 * @param mute           server muted.
 * @param deaf           server deafened.
 * @param timeoutUntilMs timeout end, ms since 1970, 0 for none.
 */
public record MemberSnapshot(
    UserSnapshot user, long[] roleIds, String nick, long joinedAtMs, boolean mute, boolean deaf, long timeoutUntilMs)
{
    /**
     * A member without nickname-independent moderation state (not muted, not deafened, no timeout).
     *
     * @param user       the user.
     * @param roleIds    role ids other than {@code @everyone}.
     * @param nick       guild nickname or null.
     * @param joinedAtMs when the user joined, ms since 1970.
     */
    public MemberSnapshot(final UserSnapshot user, final long[] roleIds, final String nick, final long joinedAtMs)
    {
        this(user, roleIds, nick, joinedAtMs, false, false, 0);
    }
}
