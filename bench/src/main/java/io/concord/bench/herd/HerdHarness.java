package io.concord.bench.herd;

import io.concord.dataservice.DataService;
import io.concord.dataservice.DataServiceConfiguration;
import io.concord.dataservice.HistoryCompletionHandler;
import io.concord.dataservice.HistoryPageFlyweight;
import io.concord.dataservice.storage.CountingHistoryStorage;
import io.concord.dataservice.storage.HistoryStorage;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Drives one data service with a scripted burst of history requests and measures each one from its intended send
 * time (so a slow service cannot hide its queueing: no coordinated omission) to its completion.
 * <p>
 * Requesters are simulated in process: one driver thread offers each request through the same bounded
 * {@code HistoryRequestProxy} the core uses, at its scheduled time, and polls completions like the core would; the
 * data service runs on its own agent thread. Every answer is checked against the store's contents.
 */
final class HerdHarness
{
    static final int PAGE_LIMIT = 50;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(120);

    private final CountingHistoryStorage storage;

    HerdHarness(final HistoryStorage store)
    {
        this.storage = new CountingHistoryStorage(store);
    }

    /**
     * A fresh data service (empty cache) over the shared store, started on its own thread.
     */
    DataService newService(final boolean coalesced, final int maxOutstandingRequests)
    {
        // Bounds large enough for every request of a phase to be outstanding at once, so that the baseline twin is
        // limited by storage rather than refused by the data service.
        final int bound = Math.max(16 * 1024, maxOutstandingRequests);
        final DataServiceConfiguration.Context ctx = new DataServiceConfiguration.Context()
            .coalescingEnabled(coalesced)
            .cacheEnabled(coalesced)
            .inFlightReads(bound)
            .waitersPerKey(bound)
            .waiters(bound)
            .maxMessageBytes(4096)
            .completionRingBytes(32 * 1024 * 1024)
            .requestRingBytes(4 * 1024 * 1024)
            .readTimeoutMs(60_000)
            .nanoClock(SystemNanoClock.INSTANCE);
        return new DataService(ctx, storage).start();
    }

    /**
     * Sends {@code channels.length} requests spread evenly over {@code spreadNs} and waits for every answer, which
     * must hold {@link #PAGE_LIMIT} messages starting at {@code expectedFirstIds[i]}.
     */
    Result run(
        final String phase,
        final String mode,
        final DataService service,
        final long[] channels,
        final int[] directions,
        final long[] anchors,
        final long[] expectedFirstIds,
        final long spreadNs)
    {
        // Set-up garbage (rings, tables, the previous phase's collector) is collected now rather than mid-phase.
        System.gc();

        final int n = channels.length;
        final long[] intendedNs = new long[n];
        final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (int i = 0; i < n; i++)
        {
            intendedNs[i] = startNs + (n > 1 ? i * spreadNs / (n - 1) : 0);
        }

        final long readsBefore = storage.readsSubmitted();
        final long coalescedBefore = service.counters().coalescedHits().get();
        final long cacheHitsBefore = service.counters().cacheHits().get();
        final Collector collector = new Collector(intendedNs, expectedFirstIds);

        int next = 0;
        while (collector.completed < n)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - startNs > DEADLINE_NS)
            {
                throw new IllegalStateException(phase + "/" + mode + ": only " + collector.completed + " of " + n +
                    " answered within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NS) + " s");
            }

            int work = 0;
            while (next < n && intendedNs[next] <= nowNs && service.requestProxy().requestHistory(
                next, next & 15, channels[next], directions[next], anchors[next], PAGE_LIMIT))
            {
                next++;
                work++;
            }
            work += service.completionPoller().poll(collector, 1024);
            if (0 == work)
            {
                // Yield rather than spin: on a 2-core box the agent thread needs the other core.
                Thread.yield();
            }
        }

        return new Result(phase, mode, n, storage.readsSubmitted() - readsBefore,
            service.counters().coalescedHits().get() - coalescedBefore,
            service.counters().cacheHits().get() - cacheHitsBefore,
            collector.errors, collector.histogram);
    }

    private final class Collector implements HistoryCompletionHandler
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(200), 3);
        final long[] intendedNs;
        final long[] expectedFirstIds;
        int completed;
        int errors;

        Collector(final long[] intendedNs, final long[] expectedFirstIds)
        {
            this.intendedNs = intendedNs;
            this.expectedFirstIds = expectedFirstIds;
        }

        public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
        {
            record(correlationId);
            if (page.count() != PAGE_LIMIT || !page.next() || page.messageId() != expectedFirstIds[(int)correlationId])
            {
                errors++;
            }
        }

        public void onHistoryError(final long correlationId, final int edgeId, final int status)
        {
            record(correlationId);
            errors++;
        }

        private void record(final long correlationId)
        {
            final long latencyUs = (System.nanoTime() - intendedNs[(int)correlationId]) / 1000;
            histogram.recordValue(Math.max(0, Math.min(latencyUs, histogram.getHighestTrackableValue())));
            completed++;
        }
    }

    /**
     * One phase's figures.
     */
    static final class Result
    {
        final String phase;
        final String mode;
        final int requests;
        final long storageReads;
        final long coalescedHits;
        final long cacheHits;
        final int errors;
        final Histogram histogram;

        Result(
            final String phase,
            final String mode,
            final int requests,
            final long storageReads,
            final long coalescedHits,
            final long cacheHits,
            final int errors,
            final Histogram histogram)
        {
            this.phase = phase;
            this.mode = mode;
            this.requests = requests;
            this.storageReads = storageReads;
            this.coalescedHits = coalescedHits;
            this.cacheHits = cacheHits;
            this.errors = errors;
            this.histogram = histogram;
        }

        double p50Ms()
        {
            return histogram.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms()
        {
            return histogram.getValueAtPercentile(99) / 1000.0;
        }

        double maxMs()
        {
            return histogram.getMaxValue() / 1000.0;
        }
    }
}
