package io.concord.dataservice;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The data service's counters, allocated in a {@link CountersManager} so that they can be read from outside the
 * agent (and, with a shared counters file, outside the process, like {@code AeronStat}). The agent is the single
 * writer of all of them except {@link #writeOverflows()}, which message-path threads increment atomically. Any
 * thread may read them.
 */
public final class DataServiceCounters
{
    /**
     * Counters allocated per data service: size a {@link CountersManager} for at least this many.
     */
    public static final int COUNTER_COUNT = 20;

    private final AtomicCounter requests;
    private final AtomicCounter coalescedHits;
    private final AtomicCounter cacheHits;
    private final AtomicCounter cacheMisses;
    private final AtomicCounter storageReads;
    private final AtomicCounter waitersHighWaterMark;
    private final AtomicCounter waiters;
    private final AtomicCounter inFlightReads;
    private final AtomicCounter overloaded;
    private final AtomicCounter invalidRequests;
    private final AtomicCounter storageErrors;
    private final AtomicCounter timeouts;
    private final AtomicCounter cancelledWaiters;
    private final AtomicCounter evictions;
    private final AtomicCounter cachedBytes;
    private final AtomicCounter cachedChannels;
    private final AtomicCounter writeNotifications;
    private final AtomicCounter writeOverflows;
    private final AtomicCounter reissues;
    private final AtomicCounter staleCompletions;

    /**
     * Allocates the counters.
     *
     * @param countersManager to allocate from, with room for {@link #COUNTER_COUNT} counters.
     */
    public DataServiceCounters(final CountersManager countersManager)
    {
        requests = countersManager.newCounter("dataservice: history requests");
        coalescedHits = countersManager.newCounter("dataservice: requests joined an in-flight read");
        cacheHits = countersManager.newCounter("dataservice: requests served from the hot-page cache");
        cacheMisses = countersManager.newCounter("dataservice: requests the cache could not serve");
        storageReads = countersManager.newCounter("dataservice: storage reads issued");
        waitersHighWaterMark = countersManager.newCounter("dataservice: waiters high-water mark");
        waiters = countersManager.newCounter("dataservice: waiters now");
        inFlightReads = countersManager.newCounter("dataservice: storage reads in flight now");
        overloaded = countersManager.newCounter("dataservice: requests answered OVERLOADED");
        invalidRequests = countersManager.newCounter("dataservice: requests answered INVALID_REQUEST");
        storageErrors = countersManager.newCounter("dataservice: storage reads failed or refused");
        timeouts = countersManager.newCounter("dataservice: storage reads timed out");
        cancelledWaiters = countersManager.newCounter("dataservice: waiters cancelled (edge gone)");
        evictions = countersManager.newCounter("dataservice: cached pages evicted");
        cachedBytes = countersManager.newCounter("dataservice: cached bytes now");
        cachedChannels = countersManager.newCounter("dataservice: cached channels now");
        writeNotifications = countersManager.newCounter("dataservice: write-through notifications applied");
        writeOverflows = countersManager.newCounter("dataservice: write-through ring overflows (cache dropped)");
        reissues = countersManager.newCounter("dataservice: storage reads re-issued");
        staleCompletions = countersManager.newCounter("dataservice: completions for forgotten reads");
    }

    public AtomicCounter requests()
    {
        return requests;
    }

    public AtomicCounter coalescedHits()
    {
        return coalescedHits;
    }

    public AtomicCounter cacheHits()
    {
        return cacheHits;
    }

    public AtomicCounter cacheMisses()
    {
        return cacheMisses;
    }

    public AtomicCounter storageReads()
    {
        return storageReads;
    }

    public AtomicCounter waitersHighWaterMark()
    {
        return waitersHighWaterMark;
    }

    public AtomicCounter waiters()
    {
        return waiters;
    }

    public AtomicCounter inFlightReads()
    {
        return inFlightReads;
    }

    public AtomicCounter overloaded()
    {
        return overloaded;
    }

    public AtomicCounter invalidRequests()
    {
        return invalidRequests;
    }

    public AtomicCounter storageErrors()
    {
        return storageErrors;
    }

    public AtomicCounter timeouts()
    {
        return timeouts;
    }

    public AtomicCounter cancelledWaiters()
    {
        return cancelledWaiters;
    }

    public AtomicCounter evictions()
    {
        return evictions;
    }

    public AtomicCounter cachedBytes()
    {
        return cachedBytes;
    }

    public AtomicCounter cachedChannels()
    {
        return cachedChannels;
    }

    public AtomicCounter writeNotifications()
    {
        return writeNotifications;
    }

    public AtomicCounter writeOverflows()
    {
        return writeOverflows;
    }

    public AtomicCounter reissues()
    {
        return reissues;
    }

    public AtomicCounter staleCompletions()
    {
        return staleCompletions;
    }
}
