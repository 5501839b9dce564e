package io.concord.edge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A guild member as a dispatch carries it (GUILD_MEMBER_ADD/UPDATE/REMOVE, the {@code member} of TYPING_START): a
 * reusable holder the core link fills per frame and the listener reads during the call only. The username is
 * wrapped, not copied, so it is valid only while the frame it points into is. Single-threaded: the thread that
 * fills it is the thread that reads it.
 */
public final class MemberEvent
{
    private final UnsafeBuffer username = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer nick = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer textScratch = new ExpandableArrayBuffer(64);
    private long[] roleIds = new long[8];
    private int roleCount;
    private long guildId;
    private long userId;
    private long joinedAtMs;
    private boolean bot;
    private boolean mute;
    private boolean deaf;
    private long timeoutUntilMs;

    /**
     * @return this, emptied for the next frame.
     */
    public MemberEvent reset()
    {
        username.wrap(0, 0);
        nick.wrap(0, 0);
        mute = false;
        deaf = false;
        timeoutUntilMs = 0;
        roleCount = 0;
        guildId = 0;
        userId = 0;
        joinedAtMs = 0;
        bot = false;
        return this;
    }

    /**
     * @param guildId    guild, 0 when the event has no guild (then there is no member either).
     * @param userId     the member's user.
     * @param joinedAtMs when the user joined the guild, ms since 1970.
     * @param bot        whether the user is a bot.
     * @return this.
     */
    public MemberEvent member(final long guildId, final long userId, final long joinedAtMs, final boolean bot)
    {
        this.guildId = guildId;
        this.userId = userId;
        this.joinedAtMs = joinedAtMs;
        this.bot = bot;
        return this;
    }

    /**
     * @param buffer holding the UTF-8 username.
     * @param offset of the name.
     * @param length of the name in bytes.
     * @return this.
     */
    public MemberEvent username(final DirectBuffer buffer, final int offset, final int length)
    {
        username.wrap(buffer, offset, length);
        return this;
    }

    /**
     * @param buffer holding the UTF-8 nickname.
     * @param offset of the nickname.
     * @param length of the nickname in bytes, 0 for none.
     * @return this.
     */
    public MemberEvent nick(final DirectBuffer buffer, final int offset, final int length)
    {
        nick.wrap(buffer, offset, length);
        return this;
    }

    /**
     * @param mute           server muted.
     * @param deaf           server deafened.
     * @param timeoutUntilMs timeout end, ms since 1970, 0 for none.
     * @return this.
     */
    public MemberEvent moderation(final boolean mute, final boolean deaf, final long timeoutUntilMs)
    {
        this.mute = mute;
        this.deaf = deaf;
        this.timeoutUntilMs = Math.max(0, timeoutUntilMs);
        return this;
    }

    /**
     * Copies the name into this holder (tests and fakes, which have a {@code String}).
     *
     * @param name the username.
     * @return this.
     */
    public MemberEvent username(final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        textScratch.putBytes(0, bytes);
        username.wrap(textScratch, 0, bytes.length);
        return this;
    }

    /**
     * @param roleId a role the member has (besides {@code @everyone}).
     * @return this.
     */
    public MemberEvent addRole(final long roleId)
    {
        if (roleCount == roleIds.length)
        {
            roleIds = Arrays.copyOf(roleIds, roleCount * 2);
        }
        roleIds[roleCount++] = roleId;
        return this;
    }

    public long guildId()
    {
        return guildId;
    }

    public long userId()
    {
        return userId;
    }

    public long joinedAtMs()
    {
        return joinedAtMs;
    }

    public boolean bot()
    {
        return bot;
    }

    /**
     * @return the UTF-8 username, valid during the listener call only.
     */
    public DirectBuffer username()
    {
        return username;
    }

    /**
     * @return the UTF-8 nickname, empty for none, valid during the listener call only.
     */
    public DirectBuffer nick()
    {
        return nick;
    }

    public boolean mute()
    {
        return mute;
    }

    public boolean deaf()
    {
        return deaf;
    }

    public long timeoutUntilMs()
    {
        return timeoutUntilMs;
    }

    public int roleCount()
    {
        return roleCount;
    }

    /**
     * @param index 0 until {@link #roleCount()}.
     * @return that role id.
     */
    public long roleId(final int index)
    {
        return roleIds[index];
    }
}
