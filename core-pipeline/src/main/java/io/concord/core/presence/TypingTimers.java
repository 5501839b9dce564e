package io.concord.core.presence;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing where, in a guild shard: one timer per (channel, user) on a timer wheel, armed by the first
 * TYPING_START and fired after the time-to-live. A repeat inside the TTL is not fanned out again (clients repeat the
 * call every few seconds while typing); sending a message cancels the timer, so the next keystroke announces typing
 * again at once. No TYPING_STOP exists in Discord's protocol, so expiry only frees the slot.
 * <p>
 * Owned by the shard's thread. Allocation free in steady state: a (channel, user) pair lives in a slot of parallel
 * arrays, channels keep a primitive user-to-timer map, and all of them only grow.
 */
public final class TypingTimers implements DeadlineTimerWheel.TimerHandler
{
    private static final long NONE = Long.MIN_VALUE;

    private final long ttlMs;
    private final ShardTimerWheel wheel;
    private final Long2ObjectHashMap<Long2LongHashMap> timerByUserByChannel = new Long2ObjectHashMap<>();
    private final Long2LongHashMap slotByTimer = new Long2LongHashMap(NONE);
    private long[] slotChannelIds = new long[64];
    private long[] slotUserIds = new long[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int slotsUsed;
    private long active;

    /**
     * @param ttlMs how long one TYPING_START lasts, more than 0.
     * @param wheel a timer wheel for these timers alone.
     */
    public TypingTimers(final long ttlMs, final ShardTimerWheel wheel)
    {
        if (ttlMs <= 0)
        {
            throw new IllegalArgumentException("typing TTL must be > 0 ms: " + ttlMs);
        }
        this.ttlMs = ttlMs;
        this.wheel = wheel;
    }

    public long ttlMs()
    {
        return ttlMs;
    }

    /**
     * A user started typing in a channel.
     *
     * @param channelId the channel.
     * @param userId    the user.
     * @param nowMs     the clock's time.
     * @return true when TYPING_START goes out; false for a repeat inside the TTL.
     */
    public boolean onTyping(final long channelId, final long userId, final long nowMs)
    {
        Long2LongHashMap timerByUser = timerByUserByChannel.get(channelId);
        if (null == timerByUser)
        {
            timerByUser = new Long2LongHashMap(NONE);
            timerByUserByChannel.put(channelId, timerByUser);
        }
        else if (timerByUser.containsKey(userId))
        {
            return false;
        }
        final int slot = claimSlot();
        slotChannelIds[slot] = channelId;
        slotUserIds[slot] = userId;
        final long timerId = wheel.schedule(nowMs + ttlMs);
        slotByTimer.put(timerId, slot);
        timerByUser.put(userId, timerId);
        active++;
        return true;
    }

    /**
     * The user sent a message in the channel: their indicator ends.
     *
     * @param channelId the channel.
     * @param userId    the user.
     */
    public void onMessageSent(final long channelId, final long userId)
    {
        final Long2LongHashMap timerByUser = timerByUserByChannel.get(channelId);
        if (null == timerByUser)
        {
            return;
        }
        final long timerId = timerByUser.remove(userId);
        if (NONE != timerId)
        {
            wheel.cancel(timerId);
            releaseSlot((int)slotByTimer.remove(timerId));
        }
    }

    /**
     * Forgets every indicator of a deleted channel (their timers fire into nothing).
     *
     * @param channelId the channel.
     */
    public void onChannelDeleted(final long channelId)
    {
        final Long2LongHashMap timerByUser = timerByUserByChannel.remove(channelId);
        if (null != timerByUser)
        {
            final Long2LongHashMap.ValueIterator it = timerByUser.values().iterator();
            while (it.hasNext())
            {
                final long timerId = it.nextValue();
                wheel.cancel(timerId);
                releaseSlot((int)slotByTimer.remove(timerId));
            }
        }
    }

    /**
     * @param channelId a channel.
     * @param userId    a user.
     * @return whether the user's indicator in that channel is live.
     */
    public boolean isTyping(final long channelId, final long userId)
    {
        final Long2LongHashMap timerByUser = timerByUserByChannel.get(channelId);
        return null != timerByUser && timerByUser.containsKey(userId);
    }

    /**
     * @return live indicators.
     */
    public long activeCount()
    {
        return active;
    }

    /**
     * Expires the indicators due by now (from the shard's duty cycle).
     *
     * @param nowMs the clock's time.
     * @return indicators expired.
     */
    public int poll(final long nowMs)
    {
        return wheel.poll(nowMs, this);
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final long slot = slotByTimer.remove(timerId);
        if (NONE != slot)
        {
            final Long2LongHashMap timerByUser = timerByUserByChannel.get(slotChannelIds[(int)slot]);
            if (null != timerByUser)
            {
                timerByUser.remove(slotUserIds[(int)slot]);
            }
            releaseSlot((int)slot);
        }
        return true;
    }

    private int claimSlot()
    {
        if (freeCount > 0)
        {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotChannelIds.length)
        {
            final int capacity = slotsUsed * 2;
            slotChannelIds = Arrays.copyOf(slotChannelIds, capacity);
            slotUserIds = Arrays.copyOf(slotUserIds, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotsUsed++;
    }

    private void releaseSlot(final int slot)
    {
        freeSlots[freeCount++] = slot;
        active--;
    }
}
