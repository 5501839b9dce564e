package io.concord.bench.herd;

import io.concord.dataservice.DataService;
import io.concord.dataservice.DataServiceAgent;
import io.concord.dataservice.DataServiceConfiguration;
import io.concord.dataservice.HistoryCompletionHandler;
import io.concord.dataservice.HistoryCompletionPoller;
import io.concord.dataservice.HistoryDirection;
import io.concord.dataservice.HistoryPageFlyweight;
import io.concord.dataservice.HistoryRequestProxy;
import io.concord.dataservice.storage.InMemoryHistoryStorage;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cache-hit path of a history read, end to end on one thread: the core's proxy enqueues a request, one agent
 * duty cycle answers it from the hot page, the core's poller decodes the completion and walks the page. Run with
 * {@code -prof gc}: the steady state should allocate ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheHitBenchmark implements HistoryCompletionHandler
{
    private static final long CHANNEL = 7;

    @Param({"1", "50"})
    int limit;

    private DataService service;
    private DataServiceAgent agent;
    private HistoryRequestProxy proxy;
    private HistoryCompletionPoller poller;
    private long correlationId;
    private long checksum;

    /**
     * Fills a channel and its cached page.
     */
    @Setup
    public void setUp()
    {
        final InMemoryHistoryStorage store = new InMemoryHistoryStorage(SystemNanoClock.INSTANCE);
        for (int i = 0; i < 120; i++)
        {
            store.put(CHANNEL, 1_000_000 + i, new byte[200]);
        }
        service = new DataService(new DataServiceConfiguration.Context()
            .idleStrategy(NoOpIdleStrategy.INSTANCE)
            .completionRingBytes(4 * 1024 * 1024)
            .maxMessageBytes(4096), store);
        agent = service.agent();
        proxy = service.requestProxy();
        poller = service.completionPoller();

        proxy.requestHistory(correlationId++, 1, CHANNEL, HistoryDirection.LATEST, 0, limit);
        while (0 == poller.poll(this, 1))
        {
            agent.doWork();
        }
        if (1 != service.counters().storageReads().get())
        {
            throw new IllegalStateException("set-up expected one storage read");
        }
    }

    /**
     * Stops nothing (the agent is driven inline) but checks every request was a cache hit.
     */
    @TearDown
    public void tearDown()
    {
        if (1 != service.counters().storageReads().get())
        {
            throw new IllegalStateException("a measured request missed the cache");
        }
        service.close();
    }

    /**
     * One request answered from the cache.
     *
     * @return a checksum of the ids seen, so the work cannot be eliminated.
     */
    @Benchmark
    public long cacheHit()
    {
        proxy.requestHistory(correlationId++, 1, CHANNEL, HistoryDirection.LATEST, 0, limit);
        agent.doWork();
        poller.poll(this, 1);
        return checksum;
    }

    /**
     * Completion callback: walks the page like an edge encoder would.
     */
    public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
    {
        while (page.next())
        {
            checksum += page.messageId() + page.recordLength();
        }
    }

    /**
     * Completion callback: never expected here.
     */
    public void onHistoryError(final long correlationId, final int edgeId, final int status)
    {
        throw new IllegalStateException("history error " + status);
    }
}
