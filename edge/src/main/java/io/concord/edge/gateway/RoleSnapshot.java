package io.concord.edge.gateway;

/**
 * A guild role for GUILD_CREATE; the role whose id is the guild id is {@code @everyone}. Immutable.
 *
 * @param id          snowflake.
 * @param name        role name.
 * @param permissions permission bits.
 * @param position    sort position.
 * @param color       RGB colour, 0 for none.
 */
public record RoleSnapshot(long id, String name, long permissions, int position, int color)
{
}
