package io.concord.bench.herd;

import io.concord.dataservice.DataService;
import io.concord.dataservice.DataServiceAgent;
import io.concord.dataservice.DataServiceConfiguration;
import io.concord.dataservice.HistoryCompletionHandler;
import io.concord.dataservice.HistoryCompletionPoller;
import io.concord.dataservice.HistoryDirection;
import io.concord.dataservice.HistoryPageEncoder;
import io.concord.dataservice.HistoryPageFlyweight;
import io.concord.dataservice.HistoryRequestProxy;
import io.concord.dataservice.storage.HistoryReadHandler;
import io.concord.dataservice.storage.HistoryStorage;
import org.agrona.ExpandableArrayBuffer;
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
 * The coalescing path, one herd per operation: {@code waiters} identical LATEST-50 requests join one storage read,
 * the read completes, and the result is fanned out to every waiter and polled. The cache is off so every operation
 * is a miss; storage is a stub that answers with a prebuilt page at the next poll, so only the data service's own
 * work (and allocation, with {@code -prof gc}) is measured. Divide by {@code waiters} for the cost per requester.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoalescedFanOutBenchmark implements HistoryCompletionHandler
{
    private static final long CHANNEL = 9;

    @Param({"100"})
    int waiters;

    private DataService service;
    private DataServiceAgent agent;
    private HistoryRequestProxy proxy;
    private HistoryCompletionPoller poller;
    private long correlationId;
    private long checksum;
    private int answered;

    /**
     * Builds a service with the cache off over the stub storage.
     */
    @Setup
    public void setUp()
    {
        service = new DataService(new DataServiceConfiguration.Context()
            .cacheEnabled(false)
            .idleStrategy(NoOpIdleStrategy.INSTANCE)
            .nanoClock(SystemNanoClock.INSTANCE)
            .completionRingBytes(8 * 1024 * 1024)
            .maxMessageBytes(4096), new PrebuiltPageStorage());
        agent = service.agent();
        proxy = service.requestProxy();
        poller = service.completionPoller();
    }

    /**
     * Checks the herds were coalesced. Not exactly one read per herd: when the request ring wraps, one duty cycle
     * takes only the part of a herd before the wrap, and the rest arrives after that read completed (with the cache
     * on it would be a cache hit; here it is a second read).
     */
    @TearDown
    public void tearDown()
    {
        final long reads = service.counters().storageReads().get();
        final long requests = service.counters().requests().get();
        service.close();
        if (reads * waiters > requests * 11 / 10)
        {
            throw new IllegalStateException(requests + " requests cost " + reads + " storage reads");
        }
    }

    /**
     * One herd: enqueue, one duty cycle to take the requests (one read), one to complete and fan out, then poll.
     *
     * @return a checksum of the ids seen.
     */
    @Benchmark
    public long herd()
    {
        for (int i = 0; i < waiters; i++)
        {
            proxy.requestHistory(correlationId++, i & 7, CHANNEL, HistoryDirection.LATEST, 0, 50);
        }
        answered = 0;
        while (answered < waiters)
        {
            agent.doWork();
            poller.poll(this, waiters);
        }
        return checksum;
    }

    /**
     * Completion callback.
     */
    public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
    {
        answered++;
        if (page.next())
        {
            checksum += page.messageId();
        }
    }

    /**
     * Completion callback: never expected here.
     */
    public void onHistoryError(final long correlationId, final int edgeId, final int status)
    {
        throw new IllegalStateException("history error " + status);
    }

    /**
     * Answers every read, at the next poll, with the same prebuilt 50-message page.
     */
    static final class PrebuiltPageStorage implements HistoryStorage
    {
        private final ExpandableArrayBuffer page = new ExpandableArrayBuffer(16 * 1024);
        private final int pageLength;
        private long pendingReadId = -1;

        PrebuiltPageStorage()
        {
            final HistoryPageEncoder encoder = new HistoryPageEncoder().wrap(page, 0);
            final byte[] record = new byte[200];
            for (int i = 0; i < 50; i++)
            {
                encoder.append(1_000_000 - i, record);
            }
            pageLength = encoder.encodedLength();
        }

        public boolean submitRead(
            final long readId, final long channelId, final int direction, final long anchorId, final int limit)
        {
            if (pendingReadId >= 0)
            {
                return false;
            }
            pendingReadId = readId;
            return true;
        }

        public int poll(final HistoryReadHandler handler, final int limit)
        {
            if (pendingReadId < 0)
            {
                return 0;
            }
            final long readId = pendingReadId;
            pendingReadId = -1;
            handler.onReadComplete(readId, page, 0, pageLength);
            return 1;
        }
    }
}
