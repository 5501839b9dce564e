package io.concord.core.shard;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one shard (Agrona/Aeron counters, so {@code AeronStat} and the metrics endpoint can read them from
 * outside the process). Written by the shard's threads only: the poller writes {@link #ringOccupancy()} and
 * {@link #offerBackPressure()} of its own publications, the handler the rest.
 */
public final class ShardCounters implements AutoCloseable
{
    /**
     * Counter type id for every core counter.
     */
    public static final int CORE_COUNTER_TYPE_ID = 4001;

    /**
     * Makes a counter; e.g. {@code Aeron::addCounter} or {@code CountersManager::newCounter}.
     */
    @FunctionalInterface
    public interface Factory
    {
        /**
         * @param typeId counter type.
         * @param label  human readable label.
         * @return a new counter.
         */
        AtomicCounter newCounter(int typeId, String label);
    }

    private final AtomicCounter events;
    private final AtomicCounter ringOccupancy;
    private final AtomicCounter offerBackPressure;
    private final AtomicCounter offerFailures;
    private final AtomicCounter dispatches;
    private final AtomicCounter storageCompletions;
    private final AtomicCounter storageLatencyTotalNs;
    private final AtomicCounter storageLatencyMaxNs;
    private final AtomicCounter malformed;
    private final AtomicCounter overloaded;

    /**
     * @param factory makes the counters.
     * @param shardId the shard, used in labels.
     */
    public ShardCounters(final Factory factory, final int shardId)
    {
        final String prefix = "core shard " + shardId + ": ";
        events = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "events");
        ringOccupancy = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "ring occupancy");
        offerBackPressure = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "offer back-pressure retries");
        offerFailures = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "offers given up");
        dispatches = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "dispatches");
        storageCompletions = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "storage completions");
        storageLatencyTotalNs = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "storage latency total ns");
        storageLatencyMaxNs = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "storage latency max ns");
        malformed = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "malformed commands");
        overloaded = factory.newCounter(CORE_COUNTER_TYPE_ID, prefix + "commands refused overloaded");
    }

    public AtomicCounter events()
    {
        return events;
    }

    public AtomicCounter ringOccupancy()
    {
        return ringOccupancy;
    }

    public AtomicCounter offerBackPressure()
    {
        return offerBackPressure;
    }

    public AtomicCounter offerFailures()
    {
        return offerFailures;
    }

    /**
     * Dispatches per event is {@code dispatches / events}.
     *
     * @return frames sent to edges.
     */
    public AtomicCounter dispatches()
    {
        return dispatches;
    }

    public AtomicCounter storageCompletions()
    {
        return storageCompletions;
    }

    public AtomicCounter storageLatencyTotalNs()
    {
        return storageLatencyTotalNs;
    }

    public AtomicCounter storageLatencyMaxNs()
    {
        return storageLatencyMaxNs;
    }

    public AtomicCounter malformed()
    {
        return malformed;
    }

    public AtomicCounter overloaded()
    {
        return overloaded;
    }

    public void close()
    {
        events.close();
        ringOccupancy.close();
        offerBackPressure.close();
        offerFailures.close();
        dispatches.close();
        storageCompletions.close();
        storageLatencyTotalNs.close();
        storageLatencyMaxNs.close();
        malformed.close();
        overloaded.close();
    }
}
