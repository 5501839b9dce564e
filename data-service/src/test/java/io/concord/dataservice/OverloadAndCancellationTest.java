package io.concord.dataservice;

import io.concord.dataservice.storage.CountingHistoryStorage;
import io.concord.dataservice.storage.HistoryReadHandler;
import io.concord.dataservice.storage.HistoryStorage;
import io.concord.dataservice.storage.InMemoryHistoryStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.concord.dataservice.CoalescingTest.runAndDrain;
import static io.concord.dataservice.CoalescingTest.runUntilIdle;
import static io.concord.dataservice.HistoryDirection.BEFORE;
import static io.concord.dataservice.HistoryDirection.LATEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverloadAndCancellationTest
{
    private static final long READ_NS = TimeUnit.MILLISECONDS.toNanos(3);

    private final ManualNanoClock clock = new ManualNanoClock();
    private final TreeMap<Long, byte[]> model = new TreeMap<>();
    private final CompletionCollector collector = new CompletionCollector();
    private InMemoryHistoryStorage store;
    private CountingHistoryStorage storage;

    @BeforeEach
    void setUp()
    {
        store = new InMemoryHistoryStorage(clock, 1, READ_NS, READ_NS, 1024);
        storage = new CountingHistoryStorage(store);
        for (long channel = 1; channel <= 4; channel++)
        {
            for (long id = 100; id < 160; id++)
            {
                final byte[] record = TestContexts.record("c" + channel + "m" + id);
                store.put(channel, id, record);
                if (1 == channel)
                {
                    model.put(id, record);
                }
            }
        }
    }

    @Test
    void inFlightReadsAreBoundedAndFreedOnCompletion()
    {
        try (DataService service = new DataService(TestContexts.context(clock).inFlightReads(2), storage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 50);
            service.requestProxy().requestHistory(2, 1, 2, LATEST, 0, 50);
            service.requestProxy().requestHistory(3, 1, 3, LATEST, 0, 50);
            runUntilIdle(service);
            collector.drain(service);
            assertEquals(1, collector.completions.size());
            assertEquals(3, collector.completions.get(0).correlationId);
            assertEquals(HistoryStatus.OVERLOADED, collector.completions.get(0).status);
            assertEquals(2, service.counters().inFlightReads().get());

            clock.advanceNs(2 * READ_NS);
            runAndDrain(service, collector);
            assertEquals(0, service.counters().inFlightReads().get());

            service.requestProxy().requestHistory(4, 1, 3, LATEST, 0, 50);
            runUntilIdle(service);
            assertEquals(1, service.counters().inFlightReads().get(), "a freed slot takes the next read");
        }
    }

    @Test
    void totalWaitersAreBounded()
    {
        try (DataService service = new DataService(TestContexts.context(clock).waiters(3).waitersPerKey(3), storage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 50);
            service.requestProxy().requestHistory(2, 1, 2, LATEST, 0, 50);
            service.requestProxy().requestHistory(3, 1, 3, BEFORE, 150, 10);
            service.requestProxy().requestHistory(4, 1, 4, LATEST, 0, 50);
            service.requestProxy().requestHistory(5, 1, 1, LATEST, 0, 50);
            runUntilIdle(service);
            collector.drain(service);
            assertEquals(2, collector.completions.size());
            assertEquals(HistoryStatus.OVERLOADED, collector.completions.get(0).status);
            assertEquals(HistoryStatus.OVERLOADED, collector.completions.get(1).status);
            assertEquals(3, service.counters().waitersHighWaterMark().get());

            clock.advanceNs(3 * READ_NS);
            runAndDrain(service, collector);
            assertEquals(5, collector.completions.size());
            assertEquals(0, service.counters().waiters().get());
        }
    }

    @Test
    void storageBackPressureIsAnsweredOverloaded()
    {
        final InMemoryHistoryStorage oneAtATime = new InMemoryHistoryStorage(clock, 1, READ_NS, READ_NS, 1);
        final CountingHistoryStorage counting = new CountingHistoryStorage(oneAtATime);
        try (DataService service = new DataService(TestContexts.context(clock), counting))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 50);
            service.requestProxy().requestHistory(2, 1, 2, LATEST, 0, 50);
            runUntilIdle(service);
            collector.drain(service);
            assertEquals(1, collector.completions.size());
            assertEquals(HistoryStatus.OVERLOADED, collector.completions.get(0).status);
            assertEquals(1, counting.readsRejected());
            assertEquals(1, service.counters().inFlightReads().get(), "the refused read holds no slot");
        }
    }

    @Test
    void requestRingFullIsBackPressureToTheCaller()
    {
        try (DataService service = new DataService(TestContexts.context(clock).requestRingBytes(1024), storage))
        {
            int accepted = 0;
            while (service.requestProxy().requestHistory(accepted, 1, 1, LATEST, 0, 50))
            {
                accepted++;
                assertTrue(accepted < 1000, "a 1 KiB ring must fill");
            }
            assertFalse(service.requestProxy().cancelEdge(1), "cancellations share the bounded ring");

            clock.advanceNs(READ_NS);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runAndDrain(service, collector);
            assertEquals(accepted, collector.completions.size());
            assertTrue(service.requestProxy().requestHistory(9999, 1, 1, LATEST, 0, 50));
        }
    }

    @Test
    void aFullCompletionRingStopsIntakeWithoutLosingAnything()
    {
        final DataServiceConfiguration.Context ctx = TestContexts.context(clock)
            .completionRingBytes(256 * 1024)
            .requestRingBytes(64 * 1024);
        try (DataService service = new DataService(ctx, storage))
        {
            service.requestProxy().requestHistory(0, 1, 1, LATEST, 0, 50);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runUntilIdle(service);

            int accepted = 1;
            for (int round = 0; round < 100 && service.requestProxy().requestHistory(accepted, 1, 1, LATEST, 0, 50);
                round++)
            {
                accepted++;
                while (service.requestProxy().requestHistory(accepted, 1, 1, LATEST, 0, 50))
                {
                    accepted++;
                }
                service.agent().doWork();
            }
            assertFalse(service.requestProxy().requestHistory(-1, 1, 1, LATEST, 0, 50),
                "with nobody polling completions, back-pressure reaches the request proxy");

            assertEquals(accepted, runAndDrain(service, collector));
            for (final CompletionCollector.Completion c : collector.completions)
            {
                assertEquals(HistoryStatus.OK, c.status);
                assertEquals(ReferenceHistory.query(model, LATEST, 0, 50), c.messages);
            }
        }
    }

    @Test
    void timedOutReadsAnswerTimeoutAndTheirLateCompletionIsDropped()
    {
        final InMemoryHistoryStorage slow = new InMemoryHistoryStorage(
            clock, 1, TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(2), 16);
        try (DataService service = new DataService(TestContexts.context(clock).readTimeoutMs(100), slow))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 50);
            service.requestProxy().requestHistory(2, 2, 1, LATEST, 0, 50);
            runUntilIdle(service);
            clock.advanceMs(150);
            runAndDrain(service, collector);
            assertEquals(2, collector.completions.size());
            assertEquals(HistoryStatus.TIMEOUT, collector.completions.get(0).status);
            assertEquals(HistoryStatus.TIMEOUT, collector.completions.get(1).status);
            assertEquals(0, service.counters().waiters().get());
            assertEquals(0, service.counters().inFlightReads().get());

            clock.advanceMs(3000);
            runAndDrain(service, collector);
            assertEquals(2, collector.completions.size(), "the late storage result answers nobody");
            assertEquals(1, service.counters().staleCompletions().get());
        }
    }

    @Test
    void cancellingAnEdgeFreesItsWaitersAndOthersStillGetTheirAnswer()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            for (int i = 0; i < 10; i++)
            {
                service.requestProxy().requestHistory(i, i % 2, 1, LATEST, 0, 50);
            }
            service.requestProxy().requestHistory(10, 0, 2, LATEST, 0, 50);
            runUntilIdle(service);
            assertEquals(11, service.counters().waiters().get());

            assertTrue(service.requestProxy().cancelEdge(0));
            runUntilIdle(service);
            assertEquals(5, service.counters().waiters().get());
            assertEquals(6, service.counters().cancelledWaiters().get());

            clock.advanceNs(2 * READ_NS);
            runAndDrain(service, collector);
            assertEquals(5, collector.completions.size());
            for (final CompletionCollector.Completion c : collector.completions)
            {
                assertEquals(1, c.edgeId);
                assertEquals(HistoryStatus.OK, c.status);
            }
            assertEquals(0, service.counters().waiters().get());
            assertEquals(0, service.counters().inFlightReads().get());

            service.requestProxy().requestHistory(11, 1, 2, LATEST, 0, 10);
            runAndDrain(service, collector);
            assertEquals(2, storage.readsSubmitted(), "a read whose waiters all left still fills the cache");
            assertEquals(1, service.counters().cacheHits().get());
        }
    }

    @Test
    void cancellingOneRequestLeavesTheOthers()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            service.requestProxy().requestHistory(1, 5, 1, LATEST, 0, 50);
            service.requestProxy().requestHistory(2, 5, 1, LATEST, 0, 50);
            service.requestProxy().cancelRequest(5, 1);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runAndDrain(service, collector);
            assertEquals(1, collector.completions.size());
            assertEquals(2, collector.completions.get(0).correlationId);
        }
    }

    @Test
    void invalidRequestsGetAClearErrorAndChangeNothing()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 0);
            service.requestProxy().requestHistory(2, 1, 1, LATEST, 0, 101);
            service.requestProxy().requestHistory(3, 1, 1, 9, 0, 50);
            service.requestProxy().requestHistory(4, 1, 1, BEFORE, -5, 50);
            service.requestProxy().requestHistory(5, 1, 1, BEFORE, Long.MAX_VALUE, 50);
            runAndDrain(service, collector);
            assertEquals(5, collector.completions.size());
            for (final CompletionCollector.Completion c : collector.completions)
            {
                assertEquals(HistoryStatus.INVALID_REQUEST, c.status);
            }
            assertEquals(0, storage.readsSubmitted());
            assertEquals(5, service.counters().invalidRequests().get());
        }
    }

    @Test
    void aMalformedStoragePageIsAStorageErrorAndIsNeverCached()
    {
        final GarbageStorage garbage = new GarbageStorage();
        try (DataService service = new DataService(TestContexts.context(clock), garbage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 50);
            runAndDrain(service, collector);
            service.requestProxy().requestHistory(2, 1, 1, LATEST, 0, 50);
            runAndDrain(service, collector);

            assertEquals(2, collector.completions.size());
            assertEquals(HistoryStatus.STORAGE_ERROR, collector.completions.get(0).status);
            assertEquals(HistoryStatus.STORAGE_ERROR, collector.completions.get(1).status);
            assertEquals(2, garbage.reads, "nothing was cached from the bad page");
            assertEquals(0, service.counters().cachedChannels().get());
            assertEquals(2, service.counters().storageErrors().get());
        }
    }

    @Test
    void aFullWriteRingDropsTheCacheInsteadOfServingStalePages()
    {
        final DataServiceConfiguration.Context ctx = TestContexts.context(clock).writeRingBytes(4096);
        try (DataService service = new DataService(ctx, storage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 10);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runAndDrain(service, collector);
            assertEquals(1, service.counters().cachedChannels().get());

            long id = 1000;
            int status;
            do
            {
                final byte[] record = TestContexts.record("w" + id + "-".repeat(100));
                store.put(1, id, record);
                model.put(id, record);
                status = service.writeProxy().messageCreated(1, id, new UnsafeBuffer(record), 0, record.length);
                id++;
            }
            while (MessageWriteProxy.ENQUEUED == status);
            assertEquals(MessageWriteProxy.CACHE_INVALIDATED, status);

            service.requestProxy().requestHistory(2, 1, 1, LATEST, 0, 10);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runAndDrain(service, collector);
            assertEquals(ReferenceHistory.query(model, LATEST, 0, 10), collector.completions.get(1).messages);
            assertEquals(2, storage.readsSubmitted(), "the dropped page was re-read");
        }
    }

    @Test
    void anOversizedRecordInvalidatesItsChannelAndBadIdsAreRefused()
    {
        try (DataService service = new DataService(TestContexts.context(clock), storage))
        {
            service.requestProxy().requestHistory(1, 1, 1, LATEST, 0, 10);
            runUntilIdle(service);
            clock.advanceNs(READ_NS);
            runAndDrain(service, collector);

            final byte[] big = new byte[TestContexts.MAX_MESSAGE_BYTES + 1];
            assertEquals(MessageWriteProxy.CHANNEL_INVALIDATED,
                service.writeProxy().messageCreated(1, 5000, new UnsafeBuffer(big), 0, big.length));
            runUntilIdle(service);
            assertEquals(0, service.counters().cachedChannels().get());

            assertThrows(IllegalArgumentException.class, () -> service.writeProxy().messageDeleted(1, 0));
            assertThrows(IllegalArgumentException.class,
                () -> service.writeProxy().messageCreated(1, 7, new UnsafeBuffer(big), 0, -1));
        }
    }

    @Test
    void cachedChannelsAreBoundedByEvictingTheLeastRecentlyUsed()
    {
        try (DataService service = new DataService(TestContexts.context(clock).cacheChannels(2), storage))
        {
            for (long channel = 1; channel <= 3; channel++)
            {
                service.requestProxy().requestHistory(channel, 1, channel, LATEST, 0, 50);
                runUntilIdle(service);
                clock.advanceNs(READ_NS);
                runAndDrain(service, collector);
            }
            assertEquals(2, service.counters().cachedChannels().get());
            assertEquals(1, service.counters().evictions().get());

            service.requestProxy().requestHistory(10, 1, 3, LATEST, 0, 50);
            service.requestProxy().requestHistory(11, 1, 1, LATEST, 0, 50);
            runAndDrain(service, collector);
            assertEquals(1, service.counters().cacheHits().get(), "channel 3 is cached, channel 1 was evicted");
        }
    }

    @Test
    void configurationRejectsBadValuesNamingTheProperty()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TestContexts.context(clock).cachePageMessages(101).conclude());
        assertTrue(ex.getMessage().contains(DataServiceConfiguration.CACHE_PAGE_MESSAGES_PROP_NAME));
        assertThrows(IllegalArgumentException.class,
            () -> TestContexts.context(clock).requestRingBytes(1000).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> TestContexts.context(clock).completionRingBytes(4096).conclude());
    }

    /**
     * Answers every read with a page whose ids are not descending.
     */
    private static final class GarbageStorage implements HistoryStorage
    {
        private final UnsafeBuffer page = new UnsafeBuffer(new byte[64]);
        private long pendingReadId = -1;
        int reads;

        public boolean submitRead(
            final long readId, final long channelId, final int direction, final long anchorId, final int limit)
        {
            reads++;
            pendingReadId = readId;
            return true;
        }

        public int poll(final HistoryReadHandler handler, final int limit)
        {
            if (pendingReadId < 0)
            {
                return 0;
            }
            page.putInt(0, 2);
            page.putLong(4, 10);
            page.putInt(12, 0);
            page.putLong(16, 20);
            page.putInt(24, 0);
            final long readId = pendingReadId;
            pendingReadId = -1;
            handler.onReadComplete(readId, page, 0, 28);
            return 1;
        }
    }
}
