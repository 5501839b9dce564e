package io.concord.core.presence;

import org.agrona.DeadlineTimerWheel;

import java.util.concurrent.TimeUnit;

/**
 * Millisecond timer wheel of one shard (Agrona's {@link DeadlineTimerWheel}: 8 ms ticks, 2048 spokes, so a 16 s
 * rotation; longer deadlines go round again). {@link #poll(long, DeadlineTimerWheel.TimerHandler)} catches up on
 * every tick up to now in one call, because the wheel itself advances at most one tick per poll and the shard's duty
 * cycle may come less often than a tick. Owned by the shard's thread.
 */
public final class ShardTimerWheel
{
    /**
     * Milliseconds per tick: timers fire up to this late.
     */
    public static final long TICK_MS = 8;
    private static final int TICKS_PER_WHEEL = 2048;
    private static final int INITIAL_TICK_ALLOCATION = 64;

    private final DeadlineTimerWheel wheel;

    /**
     * @param startMs the clock's time now.
     */
    public ShardTimerWheel(final long startMs)
    {
        wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, startMs, TICK_MS, TICKS_PER_WHEEL,
            INITIAL_TICK_ALLOCATION);
    }

    /**
     * @param deadlineMs when the timer fires.
     * @return its id.
     */
    public long schedule(final long deadlineMs)
    {
        return wheel.scheduleTimer(deadlineMs);
    }

    /**
     * @param timerId a timer.
     * @return whether it was still scheduled.
     */
    public boolean cancel(final long timerId)
    {
        return wheel.cancelTimer(timerId);
    }

    /**
     * @return timers scheduled.
     */
    public long timerCount()
    {
        return wheel.timerCount();
    }

    /**
     * Fires every timer whose deadline is at or before now.
     *
     * @param nowMs   the clock's time.
     * @param handler receives each expiry.
     * @return timers fired.
     */
    public int poll(final long nowMs, final DeadlineTimerWheel.TimerHandler handler)
    {
        if (0 == wheel.timerCount())
        {
            wheel.currentTickTime(nowMs);
            return 0;
        }
        int fired = 0;
        do
        {
            fired += wheel.poll(nowMs, handler, Integer.MAX_VALUE);
        }
        while (nowMs >= wheel.currentTickTime());
        return fired;
    }
}
