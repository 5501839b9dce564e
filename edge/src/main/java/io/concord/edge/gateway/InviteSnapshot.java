package io.concord.edge.gateway;

/**
 * An invite as INVITE_CREATE and INVITE_DELETE carry it. Immutable.
 *
 * @param guildId       guild.
 * @param channelId     channel it invites to.
 * @param code          the code.
 * @param inviter       who created it.
 * @param createdAtMs   creation time, ms since 1970.
 * @param maxAgeSeconds lifetime, 0 = forever.
 * @param maxUses       0 = unlimited.
 * @param uses          uses so far.
 */
public record InviteSnapshot(
    long guildId,
    long channelId,
    String code,
    UserSnapshot inviter,
    long createdAtMs,
    int maxAgeSeconds,
    int maxUses,
    int uses)
{
}
