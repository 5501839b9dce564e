package io.concord.core.state;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A guild and everything in it: roles (the {@code @everyone} role has the guild's id), channels, members, and the
 * gateway sessions of members that are currently subscribed to it.
 */
public final class Guild
{
    private final long id;
    private final long ownerId;
    private final long createdAtMs;
    private String name;
    private final Long2ObjectHashMap<Role> roles = new Long2ObjectHashMap<>();
    private final ArrayList<Role> roleList = new ArrayList<>();
    private final ArrayList<Channel> channels = new ArrayList<>();
    private final Long2ObjectHashMap<Member> members = new Long2ObjectHashMap<>();
    private final ArrayList<GuildSession> sessions = new ArrayList<>();

    /**
     * @param id          guild id.
     * @param ownerId     owner's user id.
     * @param name        name.
     * @param createdAtMs creation time.
     */
    public Guild(final long id, final long ownerId, final String name, final long createdAtMs)
    {
        this.id = id;
        this.ownerId = ownerId;
        this.name = name;
        this.createdAtMs = createdAtMs;
    }

    public long id()
    {
        return id;
    }

    public long ownerId()
    {
        return ownerId;
    }

    public long createdAtMs()
    {
        return createdAtMs;
    }

    public String name()
    {
        return name;
    }

    public Guild name(final String name)
    {
        this.name = name;
        return this;
    }

    /**
     * @param roleId role id.
     * @return the role or null.
     */
    public Role role(final long roleId)
    {
        return roles.get(roleId);
    }

    /**
     * @return roles in creation order.
     */
    public List<Role> roles()
    {
        return roleList;
    }

    public void addRole(final Role role)
    {
        roles.put(role.id(), role);
        roleList.add(role);
    }

    /**
     * @param roleId role id.
     * @return the removed role or null.
     */
    public Role removeRole(final long roleId)
    {
        final Role role = roles.remove(roleId);
        if (null != role)
        {
            roleList.remove(role);
        }
        return role;
    }

    /**
     * @return channels in creation order.
     */
    public List<Channel> channels()
    {
        return channels;
    }

    /**
     * @param userId user id.
     * @return the member or null.
     */
    public Member member(final long userId)
    {
        return members.get(userId);
    }

    public Long2ObjectHashMap<Member> members()
    {
        return members;
    }

    public int memberCount()
    {
        return members.size();
    }

    /**
     * @return sessions currently subscribed to this guild.
     */
    public List<GuildSession> sessions()
    {
        return sessions;
    }
}
