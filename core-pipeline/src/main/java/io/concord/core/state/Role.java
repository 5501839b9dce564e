package io.concord.core.state;

/**
 * A guild role. The {@code @everyone} role has the guild's id.
 */
public final class Role
{
    private final long id;
    private final long guildId;
    private String name;
    private long permissions;
    private int color;
    private int position;
    private boolean hoist;
    private boolean mentionable;

    /**
     * @param id          role id.
     * @param guildId     owning guild.
     * @param name        display name.
     * @param permissions permission bits.
     * @param position    sort position.
     */
    public Role(final long id, final long guildId, final String name, final long permissions, final int position)
    {
        this.id = id;
        this.guildId = guildId;
        this.name = name;
        this.permissions = permissions;
        this.position = position;
    }

    public long id()
    {
        return id;
    }

    public long guildId()
    {
        return guildId;
    }

    public String name()
    {
        return name;
    }

    public Role name(final String name)
    {
        this.name = name;
        return this;
    }

    public long permissions()
    {
        return permissions;
    }

    public Role permissions(final long permissions)
    {
        this.permissions = permissions;
        return this;
    }

    public int color()
    {
        return color;
    }

    public Role color(final int color)
    {
        this.color = color;
        return this;
    }

    public int position()
    {
        return position;
    }

    public Role position(final int position)
    {
        this.position = position;
        return this;
    }

    public boolean hoist()
    {
        return hoist;
    }

    public Role hoist(final boolean hoist)
    {
        this.hoist = hoist;
        return this;
    }

    public boolean mentionable()
    {
        return mentionable;
    }

    public Role mentionable(final boolean mentionable)
    {
        this.mentionable = mentionable;
        return this;
    }
}
