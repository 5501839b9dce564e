package io.concord.edge.gateway;

import java.util.List;

/**
 * One guild as a session sees it at Identify: the core has already left out channels the user cannot view.
 * Rendered into GUILD_CREATE. Immutable.
 *
 * @param id          snowflake.
 * @param name        guild name.
 * @param ownerId     owner's user id.
 * @param joinedAtMs  when the session's user joined, ms since 1970.
 * @param memberCount total members.
 * @param roles       every role, {@code @everyone} (id == guild id) included.
 * @param channels    channels visible to the user.
 * @param members     members the core sends (at least the session's own member).
 * @param presences   presences of the listed members that are not offline (all of them for a small guild, a
 *                    bounded set of online members for a large one).
 */
public record GuildSnapshot(
    long id,
    String name,
    long ownerId,
    long joinedAtMs,
    int memberCount,
    List<RoleSnapshot> roles,
    List<ChannelSnapshot> channels,
    List<MemberSnapshot> members,
    List<PresenceSnapshot> presences)
{
    /**
     * A snapshot without presences (every member offline, or the core sent none).
     */
    public GuildSnapshot(
        final long id,
        final String name,
        final long ownerId,
        final long joinedAtMs,
        final int memberCount,
        final List<RoleSnapshot> roles,
        final List<ChannelSnapshot> channels,
        final List<MemberSnapshot> members)
    {
        this(id, name, ownerId, joinedAtMs, memberCount, roles, channels, members, List.of());
    }

    /**
     * @param newJoinedAtMs when the session's user joined.
     * @param newChannels   the channels the session sees.
     * @return this snapshot with those two replaced (members and presences kept).
     */
    public GuildSnapshot with(final long newJoinedAtMs, final List<ChannelSnapshot> newChannels)
    {
        return new GuildSnapshot(id, name, ownerId, newJoinedAtMs, memberCount, roles, newChannels, members, presences);
    }
}
