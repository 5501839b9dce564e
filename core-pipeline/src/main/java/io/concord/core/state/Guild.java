package io.concord.core.state;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Collections;
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
    private final List<GuildSession> sessionsView = Collections.unmodifiableList(sessions);
    // Looked up on every session open/close: a scan of the list made an identify storm into one big guild O(N^2).
    private final Int2ObjectHashMap<Long2ObjectHashMap<GuildSession>> sessionsByEdge = new Int2ObjectHashMap<>();

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
     * @return sessions currently subscribed to this guild, read-only: change them with {@link #addSession} and
     * {@link #removeSession}.
     */
    public List<GuildSession> sessions()
    {
        return sessionsView;
    }

    /**
     * @param session a session not yet subscribed to this guild.
     */
    public void addSession(final GuildSession session)
    {
        Long2ObjectHashMap<GuildSession> bySessionId = sessionsByEdge.get(session.edgeId());
        if (null == bySessionId)
        {
            bySessionId = new Long2ObjectHashMap<>();
            sessionsByEdge.put(session.edgeId(), bySessionId);
        }
        bySessionId.put(session.sessionId(), session);
        sessions.add(session);
    }

    /**
     * @param session a session subscribed to this guild.
     */
    public void removeSession(final GuildSession session)
    {
        final Long2ObjectHashMap<GuildSession> bySessionId = sessionsByEdge.get(session.edgeId());
        if (null != bySessionId)
        {
            bySessionId.remove(session.sessionId());
        }
        // From the end: callers that drop every session walk the list backwards, so each removal is O(1) there.
        final int index = sessions.lastIndexOf(session);
        if (index >= 0)
        {
            sessions.remove(index);
        }
    }

    /**
     * @param edgeId    edge holding the session.
     * @param sessionId session id within that edge.
     * @return the session subscribed to this guild, or null.
     */
    public GuildSession session(final int edgeId, final long sessionId)
    {
        final Long2ObjectHashMap<GuildSession> bySessionId = sessionsByEdge.get(edgeId);
        return null == bySessionId ? null : bySessionId.get(sessionId);
    }
}
