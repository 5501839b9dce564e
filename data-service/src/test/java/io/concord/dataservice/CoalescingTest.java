package io.concord.dataservice;

import io.concord.dataservice.storage.CountingHistoryStorage;
import io.concord.dataservice.storage.InMemoryHistoryStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.concord.dataservice.HistoryDirection.AFTER;
import static io.concord.dataservice.HistoryDirection.AROUND;
import static io.concord.dataservice.HistoryDirection.BEFORE;
import static io.concord.dataservice.HistoryDirection.LATEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescingTest
{
    private static final long CHANNEL = 42;
    private static final long COLD_READ_NS = TimeUnit.MILLISECONDS.toNanos(3);

    private final ManualNanoClock clock = new ManualNanoClock();
    private final TreeMap<Long, byte[]> model = new TreeMap<>();
    private InMemoryHistoryStorage store;
    private CountingHistoryStorage storage;
    private final CompletionCollector collector = new CompletionCollector();

    @BeforeEach
    void setUp()
    {
        store = new InMemoryHistoryStorage(clock, 1, COLD_READ_NS, COLD_READ_NS, 1024);
        storage = new CountingHistoryStorage(store);
        for (long id = 1000; id < 1300; id++)
        {
            final byte[] record = TestContexts.record("m" + id);
            store.put(CHANNEL, id, record);
            model.put(id, record);
        }
    }

    @Test
    void identicalRequestsInFlightCostExactlyOneStorageRead()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            for (int i = 0; i < 2000; i++)
            {
                assertTrue(service.requestProxy().requestHistory(i, i % 7, CHANNEL, LATEST, 0, 50));
            }
            runUntilIdle(service);
            assertEquals(0, collector.drain(service), "nothing completes before storage answers");

            clock.advanceNs(COLD_READ_NS);
            assertEquals(2000, runAndDrain(service, collector), "fan-out resumes as the completion ring drains");

            assertEquals(1, storage.readsSubmitted());
            assertEquals(1999, service.counters().coalescedHits().get());
            assertEquals(2000, service.counters().waitersHighWaterMark().get());
            assertEquals(0, service.counters().waiters().get());
            final List<ReferenceHistory.Message> expected = ReferenceHistory.query(model, LATEST, 0, 50);
            for (final CompletionCollector.Completion c : collector.completions)
            {
                assertEquals(HistoryStatus.OK, c.status, c::toString);
                assertEquals(c.correlationId % 7, c.edgeId, "each reply goes to the edge that asked");
                assertEquals(expected, c.messages);
            }
        }
    }

    @Test
    void latestPageAnswersSmallerLatestAndCoveredRangesWithoutAnotherRead()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            service.requestProxy().requestHistory(1, 1, CHANNEL, LATEST, 0, 20);
            service.requestProxy().requestHistory(2, 1, CHANNEL, LATEST, 0, 100);
            service.requestProxy().requestHistory(3, 1, CHANNEL, LATEST, 0, 1);
            runUntilIdle(service);
            clock.advanceNs(COLD_READ_NS);
            runUntilIdle(service);

            service.requestProxy().requestHistory(4, 1, CHANNEL, BEFORE, 1250, 30);
            service.requestProxy().requestHistory(5, 1, CHANNEL, AFTER, 1250, 30);
            service.requestProxy().requestHistory(6, 1, CHANNEL, AROUND, 1250, 31);
            runUntilIdle(service);
            collector.drain(service);

            assertEquals(1, storage.readsSubmitted(), "one page-fill read served them all");
            assertEquals(6, collector.completions.size());
            assertEquals(3, service.counters().cacheHits().get());
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 20), completion(1).messages);
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 100), completion(2).messages);
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 1), completion(3).messages);
            assertEquals(ReferenceHistory.query(model, BEFORE, 1250, 30), completion(4).messages);
            assertEquals(ReferenceHistory.query(model, AFTER, 1250, 30), completion(5).messages);
            assertEquals(ReferenceHistory.query(model, AROUND, 1250, 31), completion(6).messages);
        }
    }

    @Test
    void identicalOlderRangeRequestsShareOneReadAndDifferentOnesDoNot()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            for (int i = 0; i < 100; i++)
            {
                service.requestProxy().requestHistory(i, 1, CHANNEL, BEFORE, 1100, 50);
            }
            service.requestProxy().requestHistory(100, 1, CHANNEL, BEFORE, 1101, 50);
            service.requestProxy().requestHistory(101, 1, CHANNEL, AROUND, 1100, 50);
            runUntilIdle(service);
            clock.advanceNs(3 * COLD_READ_NS);
            runUntilIdle(service);
            collector.drain(service);

            assertEquals(3, storage.readsSubmitted());
            assertEquals(102, collector.completions.size());
            assertEquals(ReferenceHistory.query(model, BEFORE, 1100, 50), completion(0).messages);
            assertEquals(ReferenceHistory.query(model, BEFORE, 1101, 50), completion(100).messages);
            assertEquals(ReferenceHistory.query(model, AROUND, 1100, 50), completion(101).messages);
        }
    }

    @Test
    void baselineTwinWithCoalescingAndCacheOffReadsStorageForEveryRequest()
    {
        final DataServiceConfiguration.Context ctx = TestContexts.context(clock)
            .coalescingEnabled(false)
            .cacheEnabled(false);
        try (DataService service = new DataService(ctx, storage))
        {
            for (int i = 0; i < 50; i++)
            {
                service.requestProxy().requestHistory(i, 1, CHANNEL, LATEST, 0, 50);
            }
            runUntilIdle(service);
            clock.advanceNs(50 * COLD_READ_NS);
            runUntilIdle(service);
            collector.drain(service);

            assertEquals(50, storage.readsSubmitted());
            assertEquals(50, collector.completions.size());
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 50), completion(7).messages);
        }
    }

    @Test
    void waitersPerKeyAreBoundedAndTheRestAreToldOverloaded()
    {
        try (DataService service = new DataService(TestContexts.context(clock).waitersPerKey(10), storage))
        {
            for (int i = 0; i < 15; i++)
            {
                service.requestProxy().requestHistory(i, 1, CHANNEL, LATEST, 0, 50);
            }
            runUntilIdle(service);
            collector.drain(service);
            assertEquals(5, collector.completions.size());
            for (final CompletionCollector.Completion c : collector.completions)
            {
                assertEquals(HistoryStatus.OVERLOADED, c.status);
                assertTrue(c.correlationId >= 10, "the first ten joined the read");
            }

            clock.advanceNs(COLD_READ_NS);
            runUntilIdle(service);
            collector.drain(service);
            assertEquals(15, collector.completions.size());
            assertEquals(1, storage.readsSubmitted());
            assertEquals(5, service.counters().overloaded().get());
        }
    }

    @Test
    void concurrentRequestersOnManyThreadsCauseExactlyOneStorageRead() throws InterruptedException
    {
        final int threads = 4;
        final int perThread = 500;
        final DataServiceConfiguration.Context ctx = TestContexts.context(clock)
            .idleStrategy(new org.agrona.concurrent.SleepingMillisIdleStrategy(1));
        try (DataService service = new DataService(ctx, storage).start())
        {
            final CountDownLatch start = new CountDownLatch(1);
            final Thread[] requesters = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int edge = t;
                requesters[t] = new Thread(() ->
                {
                    try
                    {
                        start.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++)
                    {
                        while (!service.requestProxy().requestHistory(i, edge, CHANNEL, LATEST, 0, 50))
                        {
                            Thread.onSpinWait();
                        }
                    }
                });
                requesters[t].start();
            }
            start.countDown();
            for (final Thread t : requesters)
            {
                t.join();
            }

            // The manual clock never moves while requests arrive: the read stays in flight until it is advanced.
            while (service.counters().requests().get() < threads * perThread)
            {
                Thread.yield();
            }
            clock.advanceNs(COLD_READ_NS);
            while (collector.completions.size() < threads * perThread)
            {
                if (0 == service.completionPoller().poll(collector, 1000))
                {
                    Thread.yield();
                }
            }
        }

        assertEquals(1, storage.readsSubmitted());
        final List<ReferenceHistory.Message> expected = ReferenceHistory.query(model, LATEST, 0, 50);
        for (final CompletionCollector.Completion c : collector.completions)
        {
            assertEquals(expected, c.messages);
        }
    }

    @Test
    void writesReachTheCachedPageAndTheNextReadSeesThem()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            service.requestProxy().requestHistory(1, 1, CHANNEL, LATEST, 0, 10);
            runUntilIdle(service);
            clock.advanceNs(COLD_READ_NS);
            runUntilIdle(service);

            write(service, 5000, "new");
            edit(service, 1299, "edited");
            delete(service, 1298);
            service.requestProxy().requestHistory(2, 1, CHANNEL, LATEST, 0, 10);
            runUntilIdle(service);
            collector.drain(service);

            assertEquals(1, storage.readsSubmitted());
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 10), completion(2).messages);
            assertEquals(5000, completion(2).messages.get(0).id);
        }
    }

    private void write(final DataService service, final long id, final String text)
    {
        final byte[] record = TestContexts.record(text);
        store.put(CHANNEL, id, record);
        model.put(id, record);
        service.writeProxy().messageCreated(CHANNEL, id, new UnsafeBuffer(record), 0, record.length);
    }

    private void edit(final DataService service, final long id, final String text)
    {
        final byte[] record = TestContexts.record(text);
        store.put(CHANNEL, id, record);
        model.put(id, record);
        service.writeProxy().messageEdited(CHANNEL, id, new UnsafeBuffer(record), 0, record.length);
    }

    private void delete(final DataService service, final long id)
    {
        store.delete(CHANNEL, id);
        model.remove(id);
        service.writeProxy().messageDeleted(CHANNEL, id);
    }

    private CompletionCollector.Completion completion(final long correlationId)
    {
        return collector.completions.stream()
            .filter((c) -> c.correlationId == correlationId)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no completion for " + correlationId + ": " + collector.completions));
    }

    static int runAndDrain(final DataService service, final CompletionCollector collector)
    {
        int completions = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final int work = service.agent().doWork();
            final int drained = collector.drain(service);
            completions += drained;
            if (0 == work && 0 == drained)
            {
                break;
            }
        }
        return completions;
    }

    static void runUntilIdle(final DataService service)
    {
        for (int i = 0; i < 1000 && service.agent().doWork() > 0; i++)
        {
            Thread.onSpinWait();
        }
    }
}
