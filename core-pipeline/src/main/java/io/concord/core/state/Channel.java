package io.concord.core.state;

import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A guild channel (text 0, voice 2, category 4) with its permission overwrites in the order they were set.
 */
public final class Channel
{
    public static final int GUILD_TEXT = 0;
    public static final int GUILD_VOICE = 2;
    public static final int GUILD_CATEGORY = 4;

    private final long id;
    private final long guildId;
    private final int channelType;
    private final ArrayList<Overwrite> overwrites = new ArrayList<>();
    private String name;
    private String topic = "";
    private long parentId;
    private int position;
    private int rateLimitPerUser;
    private Long2LongHashMap typingUntilMs;
    private Long2LongHashMap slowmodeUntilMs;

    /**
     * @param id          channel id.
     * @param guildId     owning guild.
     * @param channelType {@link #GUILD_TEXT}, {@link #GUILD_VOICE} or {@link #GUILD_CATEGORY}.
     * @param name        name.
     */
    public Channel(final long id, final long guildId, final int channelType, final String name)
    {
        this.id = id;
        this.guildId = guildId;
        this.channelType = channelType;
        this.name = name;
    }

    /**
     * @param channelType a Discord channel type number.
     * @return whether a guild channel of that type can be created here.
     */
    public static boolean isSupportedType(final int channelType)
    {
        return GUILD_TEXT == channelType || GUILD_VOICE == channelType || GUILD_CATEGORY == channelType;
    }

    public long id()
    {
        return id;
    }

    public long guildId()
    {
        return guildId;
    }

    public int channelType()
    {
        return channelType;
    }

    public String name()
    {
        return name;
    }

    public Channel name(final String name)
    {
        this.name = name;
        return this;
    }

    public String topic()
    {
        return topic;
    }

    public Channel topic(final String topic)
    {
        this.topic = topic;
        return this;
    }

    public long parentId()
    {
        return parentId;
    }

    public Channel parentId(final long parentId)
    {
        this.parentId = parentId;
        return this;
    }

    public int position()
    {
        return position;
    }

    public Channel position(final int position)
    {
        this.position = position;
        return this;
    }

    public int rateLimitPerUser()
    {
        return rateLimitPerUser;
    }

    public Channel rateLimitPerUser(final int rateLimitPerUser)
    {
        this.rateLimitPerUser = rateLimitPerUser;
        return this;
    }

    /**
     * Records that a user started typing, unless they already are (Discord's indicator lasts 10 s; clients repeat
     * the call while typing).
     *
     * @param userId the user.
     * @param nowMs  current time.
     * @param ttlMs  how long an indicator lasts.
     * @return true when a TYPING_START should go out, false for a duplicate within the TTL.
     */
    public boolean startTyping(final long userId, final long nowMs, final long ttlMs)
    {
        if (null == typingUntilMs)
        {
            typingUntilMs = new Long2LongHashMap(0);
        }
        if (typingUntilMs.get(userId) > nowMs)
        {
            return false;
        }
        if (typingUntilMs.size() >= 1024)
        {
            typingUntilMs.values().removeIfLong((untilMs) -> untilMs <= nowMs);
        }
        typingUntilMs.put(userId, nowMs + ttlMs);
        return true;
    }

    /**
     * Applies slowmode ({@link #rateLimitPerUser()} seconds between a user's messages) to one send.
     *
     * @param userId the sender.
     * @param nowMs  current time.
     * @return 0 when the user may send now (the send is recorded), else milliseconds until they may.
     */
    public long trySlowmode(final long userId, final long nowMs)
    {
        if (0 == rateLimitPerUser)
        {
            return 0;
        }
        if (null == slowmodeUntilMs)
        {
            slowmodeUntilMs = new Long2LongHashMap(0);
        }
        final long untilMs = slowmodeUntilMs.get(userId);
        if (untilMs > nowMs)
        {
            return untilMs - nowMs;
        }
        if (slowmodeUntilMs.size() >= 1024)
        {
            slowmodeUntilMs.values().removeIfLong((until) -> until <= nowMs);
        }
        slowmodeUntilMs.put(userId, nowMs + rateLimitPerUser * 1000L);
        return 0;
    }

    /**
     * Clears a user's typing indicator: sending a message ends it.
     *
     * @param userId the user.
     */
    public void stopTyping(final long userId)
    {
        if (null != typingUntilMs && !typingUntilMs.isEmpty())
        {
            typingUntilMs.remove(userId);
        }
    }

    /**
     * @return the overwrites, in the order they were first set.
     */
    public List<Overwrite> overwrites()
    {
        return overwrites;
    }

    /**
     * @param targetId role or user id.
     * @return its overwrite or null.
     */
    public Overwrite overwrite(final long targetId)
    {
        for (int i = 0, n = overwrites.size(); i < n; i++)
        {
            final Overwrite overwrite = overwrites.get(i);
            if (overwrite.targetId() == targetId)
            {
                return overwrite;
            }
        }
        return null;
    }

    /**
     * Sets (or replaces) the overwrite of a target.
     *
     * @param targetId role or user id.
     * @param kind     {@link Overwrite#ROLE} or {@link Overwrite#MEMBER}.
     * @param allow    allowed bits.
     * @param deny     denied bits.
     */
    public void putOverwrite(final long targetId, final int kind, final long allow, final long deny)
    {
        final Overwrite existing = overwrite(targetId);
        if (null != existing && existing.kind() == kind)
        {
            existing.set(allow, deny);
            return;
        }
        if (null != existing)
        {
            overwrites.remove(existing);
        }
        overwrites.add(new Overwrite(targetId, kind, allow, deny));
    }

    /**
     * @param targetId role or user id.
     * @return whether an overwrite was removed.
     */
    public boolean removeOverwrite(final long targetId)
    {
        final Overwrite existing = overwrite(targetId);
        return null != existing && overwrites.remove(existing);
    }
}
