package io.concord.edge.gateway;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * Gateway counters in an Agrona {@link CountersManager} (the layout {@code AeronStat} reads), one set per event loop
 * so that each counter has a single writer: the loop increments its own with release stores, readers sum the loops.
 * Created at start-up; {@link #total(int)} may be called from any thread.
 */
public final class GatewayCounters
{
    public static final int SESSIONS = 0;
    public static final int CONNECTIONS = 1;
    public static final int FRAMES_OUT = 2;
    public static final int BYTES_OUT = 3;
    public static final int RESUMES = 4;
    public static final int ZOMBIE_CLOSES = 5;
    public static final int SLOW_CONSUMER_CLOSES = 6;
    public static final int IDENTIFIES = 7;
    public static final int DISPATCHES_IN = 8;
    public static final int DISPATCHES_HELD = 9;
    public static final int READY_HOLD_OVERFLOWS = 10;
    public static final int KIND_COUNT = 11;

    private static final String[] LABELS = {
        "gateway sessions", "gateway connections", "gateway frames out", "gateway bytes out", "gateway resumes",
        "gateway zombie closes", "gateway slow-consumer closes", "gateway identifies", "gateway dispatches in",
        "gateway dispatches held before ready", "gateway ready-hold overflow closes"
    };

    private final CountersManager countersManager;
    private final AtomicCounter[][] counters;

    /**
     * @param loopCount number of event loops; set {@code loopCount} is for dispatches counted on the core-link thread.
     */
    GatewayCounters(final int loopCount)
    {
        final int slots = (loopCount + 1) * KIND_COUNT;
        countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(slots * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(slots * CountersReader.COUNTER_LENGTH)));
        counters = new AtomicCounter[loopCount + 1][KIND_COUNT];
        for (int loop = 0; loop <= loopCount; loop++)
        {
            for (int kind = 0; kind < KIND_COUNT; kind++)
            {
                counters[loop][kind] = countersManager.newCounter(
                    LABELS[kind] + (loop < loopCount ? " loop=" + loop : " core-link"));
            }
        }
    }

    /**
     * @param loop event loop index, or the loop count for the core-link thread's set.
     * @param kind counter kind.
     * @return the counter; only that thread may write it.
     */
    AtomicCounter counter(final int loop, final int kind)
    {
        return counters[loop][kind];
    }

    /**
     * @param kind one of the kind constants.
     * @return its sum over every loop.
     */
    public long total(final int kind)
    {
        long total = 0;
        for (final AtomicCounter[] loopCounters : counters)
        {
            total += loopCounters[kind].get();
        }
        return total;
    }

    /**
     * @return reader over the counters (labels and values), e.g. for a Prometheus endpoint.
     */
    public CountersReader reader()
    {
        return countersManager;
    }
}
