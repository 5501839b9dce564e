package io.concord.edge.gateway;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Per-stage latency of the fan-out path, in nanoseconds, recorded per dispatch (never per recipient):
 * <ul>
 *   <li>{@link #RENDER}: rendering a dispatch's tails on the core-link thread;</li>
 *   <li>{@link #QUEUE}: from the hand-off to an event loop until its fan-out task starts;</li>
 *   <li>{@link #FANOUT}: one loop's fan-out task (filter, frame and write to every local subscriber).</li>
 * </ul>
 * Each stage has one HdrHistogram {@link Recorder} per writer thread (wait-free, allocation-free recording); any
 * thread may take interval snapshots with {@link #snapshot(int)}.
 */
public final class GatewayLatencies
{
    public static final int RENDER = 0;
    public static final int QUEUE = 1;
    public static final int FANOUT = 2;

    private static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Recorder render = new Recorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final Recorder[] queue;
    private final Recorder[] fanout;

    GatewayLatencies(final int loopCount)
    {
        queue = new Recorder[loopCount];
        fanout = new Recorder[loopCount];
        for (int i = 0; i < loopCount; i++)
        {
            queue[i] = new Recorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
            fanout[i] = new Recorder(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        }
    }

    void recordRender(final long durationNs)
    {
        render.recordValue(Math.min(Math.max(durationNs, 0), HIGHEST_TRACKABLE_NS));
    }

    void recordQueue(final int loop, final long durationNs)
    {
        queue[loop].recordValue(Math.min(Math.max(durationNs, 0), HIGHEST_TRACKABLE_NS));
    }

    void recordFanout(final int loop, final long durationNs)
    {
        fanout[loop].recordValue(Math.min(Math.max(durationNs, 0), HIGHEST_TRACKABLE_NS));
    }

    /**
     * Values recorded for a stage since the previous snapshot of that stage (over every loop).
     *
     * @param stage {@link #RENDER}, {@link #QUEUE} or {@link #FANOUT}.
     * @return a new histogram (allocates: call it from monitoring, not from the hot path).
     */
    public Histogram snapshot(final int stage)
    {
        if (RENDER == stage)
        {
            return render.getIntervalHistogram();
        }
        final Recorder[] recorders = QUEUE == stage ? queue : fanout;
        final Histogram total = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        for (final Recorder recorder : recorders)
        {
            total.add(recorder.getIntervalHistogram());
        }
        return total;
    }
}
