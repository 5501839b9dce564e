package io.concord.edge.gateway;

/**
 * The presence of one member that is not offline, as the core listed it with a guild snapshot; rendered into the
 * {@code presences} array of GUILD_CREATE for sessions with GUILD_PRESENCES. Immutable.
 *
 * @param userId the member.
 * @param status Discord's status string: {@code online}, {@code idle} or {@code dnd}.
 */
public record PresenceSnapshot(long userId, String status)
{
}
