package io.concord.common;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Turns an idle strategy name from configuration into a fresh {@link IdleStrategy}. Each agent needs its own
 * instance, because strategies such as backoff keep per-thread state.
 * <p>
 * Names: {@code backoff} (spin, then yield, then park up to 1 ms: the default), {@code sleeping} (park 1 ms),
 * {@code yielding}, {@code busy-spin} (the {@code low-latency} profile) and {@code noop}.
 */
public final class IdleStrategies
{
    public static final String BACKOFF = "backoff";
    public static final String SLEEPING = "sleeping";
    public static final String YIELDING = "yielding";
    public static final String BUSY_SPIN = "busy-spin";
    public static final String NOOP = "noop";

    private static final long BACKOFF_MAX_SPINS = 10;
    private static final long BACKOFF_MAX_YIELDS = 20;
    private static final long BACKOFF_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long BACKOFF_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private IdleStrategies()
    {
    }

    /**
     * Creates a new idle strategy.
     *
     * @param name one of the names listed on this class.
     * @return a new strategy instance for one agent thread.
     * @throws IllegalArgumentException for an unknown name, naming the accepted ones.
     */
    public static IdleStrategy newIdleStrategy(final String name)
    {
        switch (name)
        {
            case BACKOFF:
                return new BackoffIdleStrategy(
                    BACKOFF_MAX_SPINS, BACKOFF_MAX_YIELDS, BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS);
            case SLEEPING:
                return new SleepingMillisIdleStrategy(1);
            case YIELDING:
                return YieldingIdleStrategy.INSTANCE;
            case BUSY_SPIN:
                return BusySpinIdleStrategy.INSTANCE;
            case NOOP:
                return NoOpIdleStrategy.INSTANCE;
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "', expected one of: " +
                    String.join(", ", BACKOFF, SLEEPING, YIELDING, BUSY_SPIN, NOOP));
        }
    }
}
