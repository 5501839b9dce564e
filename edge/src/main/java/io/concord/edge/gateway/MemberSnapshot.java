package io.concord.edge.gateway;

/**
 * A guild member for GUILD_CREATE. Immutable (the role id array is not modified after construction).
 *
 * @param user       the user.
 * @param roleIds    role ids other than {@code @everyone}.
 * @param nick       guild nickname or null.
 * @param joinedAtMs when the user joined, ms since 1970.
 */
public record MemberSnapshot(UserSnapshot user, long[] roleIds, String nick, long joinedAtMs)
{
}
