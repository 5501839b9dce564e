package io.concord.edge.gateway;

/**
 * A guild role for GUILD_CREATE and GUILD_ROLE_* dispatches; the role whose id is the guild id is
 * {@code @everyone}. Immutable.
 *
 * @param id          snowflake.
 * @param name        role name.
 * @param permissions permission bits.
 * @param position    sort position.
 * @param color       RGB colour, 0 for none.
 * @param hoist       shown separately in the member list.
 * @param mentionable anyone may mention it.
 */
public record RoleSnapshot(
    long id, String name, long permissions, int position, int color, boolean hoist, boolean mentionable)
{
    /**
     * A role neither hoisted nor mentionable.
     *
     * @param id          snowflake.
     * @param name        role name.
     * @param permissions permission bits.
     * @param position    sort position.
     * @param color       RGB colour, 0 for none.
     */
    public RoleSnapshot(final long id, final String name, final long permissions, final int position, final int color)
    {
        this(id, name, permissions, position, color, false, false);
    }
}
