package io.concord.dataservice;

import io.concord.dataservice.storage.InMemoryHistoryStorage;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read-your-writes with real threads: a writer acknowledges messages (store, then notify, then ack) while a reader
 * keeps asking for the newest message of the channel; every answer must hold a message at least as new as the last
 * one acknowledged before the request was sent. The store reads at submission and answers 200 us later, so reads
 * are routinely in flight while writes land. No timing assertions: the test only bounds how long it may run.
 */
class ConcurrentReadYourWritesTest
{
    private static final long CHANNEL = 3;
    private static final int READS = 1000;
    private static final int MAX_WRITES = 200_000;

    @Test
    void aReadSentAfterAnAckSeesThatWrite() throws InterruptedException
    {
        final InMemoryHistoryStorage store = new InMemoryHistoryStorage(
            SystemNanoClock.INSTANCE, 1, TimeUnit.MICROSECONDS.toNanos(200), TimeUnit.MICROSECONDS.toNanos(200), 4096)
            .snapshotAtSubmit(true);
        store.put(CHANNEL, 1, TestContexts.record("first"));

        final DataServiceConfiguration.Context ctx = TestContexts.context(new ManualNanoClock())
            .nanoClock(SystemNanoClock.INSTANCE)
            .writeLogEntries(8)
            .maxReissues(1000)
            .idleStrategy(new SleepingMillisIdleStrategy(1));
        final AtomicLong acked = new AtomicLong(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean readsDone = new AtomicBoolean();

        try (DataService service = new DataService(ctx, store).start())
        {
            final Thread writer = new Thread(() ->
            {
                for (long id = 2; id <= MAX_WRITES && !readsDone.get(); id++)
                {
                    final byte[] record = TestContexts.record("m" + id);
                    store.put(CHANNEL, id, record);
                    service.writeProxy().messageCreated(CHANNEL, id, new UnsafeBuffer(record), 0, record.length);
                    if (id % 5 == 0)
                    {
                        store.delete(CHANNEL, id - 1);
                        service.writeProxy().messageDeleted(CHANNEL, id - 1);
                    }
                    acked.set(id);
                    Thread.yield();
                }
            });
            writer.start();

            final long[] newest = new long[1];
            final int[] status = new int[1];
            final HistoryCompletionHandler handler = new HistoryCompletionHandler()
            {
                public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
                {
                    status[0] = HistoryStatus.OK;
                    newest[0] = page.next() ? page.messageId() : -1;
                }

                public void onHistoryError(final long correlationId, final int edgeId, final int errorStatus)
                {
                    status[0] = errorStatus;
                }
            };

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int reads = 0;
            while (reads < READS && System.nanoTime() < deadlineNs)
            {
                final long ackedBeforeRequest = acked.get();
                final int limit = 1 + (reads % 3);
                assertTrue(service.requestProxy().requestHistory(
                    reads, 1, CHANNEL, HistoryDirection.LATEST, 0, limit));
                while (0 == service.completionPoller().poll(handler, 1))
                {
                    Thread.yield();
                    assertTrue(System.nanoTime() < deadlineNs, "no answer within the test's time bound");
                }
                assertEquals(HistoryStatus.OK, status[0]);
                if (newest[0] < ackedBeforeRequest)
                {
                    failure.set(new AssertionError("read " + reads + " saw newest " + newest[0] +
                        " although " + ackedBeforeRequest + " was acknowledged before it was sent"));
                    break;
                }
                reads++;
            }
            readsDone.set(true);
            writer.join(TimeUnit.SECONDS.toMillis(60));
            assertNull(failure.get());
            assertTrue(reads > 0);
            assertTrue(acked.get() > 2, "the writer made progress");
        }
    }
}
