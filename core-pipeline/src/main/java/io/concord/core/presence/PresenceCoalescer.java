package io.concord.core.presence;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * The coalescing window of presence updates, per user, in the user's shard: a user's first change after a quiet
 * window goes out at once; further changes inside the window only arm one timer at the window's end, and when it
 * fires the shard publishes the user's presence as it is then (so the last state is always delivered, and a user
 * toggling a hundred times a second costs one PRESENCE_UPDATE per window per guild). A window of 0 publishes every
 * change.
 * <p>
 * Owned by the shard's thread. Allocation free in steady state (primitive maps and the wheel's preallocated spokes).
 * Remembers the last publication time of every user that changed presence on this shard (two longs per user).
 */
public final class PresenceCoalescer implements DeadlineTimerWheel.TimerHandler
{
    /**
     * Receives the end of a window in which changes were held back.
     */
    @FunctionalInterface
    public interface WindowEndHandler
    {
        /**
         * Publish the user's presence as it is now (if it differs from what was last published).
         *
         * @param userId the user.
         * @param nowMs  the clock's time.
         * @return whether something was published (which starts a new window).
         */
        boolean onWindowEnd(long userId, long nowMs);
    }

    private static final long NONE = Long.MIN_VALUE;

    private final long windowMs;
    private final ShardTimerWheel wheel;
    private final WindowEndHandler handler;
    private final Long2LongHashMap lastPublishedMsByUser = new Long2LongHashMap(NONE);
    private final Long2LongHashMap timerByUser = new Long2LongHashMap(NONE);
    private final Long2LongHashMap userByTimer = new Long2LongHashMap(NONE);

    /**
     * @param windowMs coalescing window, 0 for none.
     * @param wheel    a timer wheel for this coalescer alone.
     * @param handler  publishes at the end of a window.
     */
    public PresenceCoalescer(final long windowMs, final ShardTimerWheel wheel, final WindowEndHandler handler)
    {
        if (windowMs < 0)
        {
            throw new IllegalArgumentException("presence coalescing window must be >= 0 ms: " + windowMs);
        }
        this.windowMs = windowMs;
        this.wheel = wheel;
        this.handler = handler;
    }

    public long windowMs()
    {
        return windowMs;
    }

    /**
     * A user's presence changed.
     *
     * @param userId the user.
     * @param nowMs  the clock's time.
     * @return true when the caller publishes now; false when the change waits for the window's end.
     */
    public boolean onChange(final long userId, final long nowMs)
    {
        if (0 == windowMs)
        {
            return true;
        }
        if (timerByUser.containsKey(userId))
        {
            return false;
        }
        final long lastMs = lastPublishedMsByUser.get(userId);
        if (NONE == lastMs || nowMs - lastMs >= windowMs)
        {
            lastPublishedMsByUser.put(userId, nowMs);
            return true;
        }
        final long timerId = wheel.schedule(lastMs + windowMs);
        timerByUser.put(userId, timerId);
        userByTimer.put(timerId, userId);
        return false;
    }

    /**
     * @param userId the user.
     * @return whether a window end is pending for the user.
     */
    public boolean isPending(final long userId)
    {
        return timerByUser.containsKey(userId);
    }

    /**
     * @return users with a window end pending.
     */
    public int pendingCount()
    {
        return timerByUser.size();
    }

    /**
     * Ends the windows due by now (from the shard's duty cycle).
     *
     * @param nowMs the clock's time.
     * @return windows ended.
     */
    public int poll(final long nowMs)
    {
        return wheel.poll(nowMs, this);
    }

    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final long userId = userByTimer.remove(timerId);
        if (NONE == userId)
        {
            return true;
        }
        timerByUser.remove(userId);
        if (handler.onWindowEnd(userId, now))
        {
            lastPublishedMsByUser.put(userId, now);
        }
        return true;
    }
}
