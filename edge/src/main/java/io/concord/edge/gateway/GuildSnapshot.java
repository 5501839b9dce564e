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
 */
public record GuildSnapshot(
    long id,
    String name,
    long ownerId,
    long joinedAtMs,
    int memberCount,
    List<RoleSnapshot> roles,
    List<ChannelSnapshot> channels,
    List<MemberSnapshot> members)
{
}
