package io.concord.storage;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A poller parked in {@link StorageClient#awaitCompletion(long)} after an empty poll is unparked by the shard that
 * commits its completion, instead of sleeping out its park (one minute here, far longer than the join allows).
 */
class CompletionWakeTest
{
    private static final long LONG_PARK_NS = TimeUnit.MINUTES.toNanos(1);
    private static final long CHANNEL_ID = 1_000_000L;

    @TempDir
    File dir;

    private SyncStore store;

    @BeforeEach
    void open()
    {
        store = new SyncStore(dir, (ctx) -> {});
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldUnparkPollerWhenItsCompletionIsCommitted() throws InterruptedException
    {
        final StorageClient client = store.client;
        final AtomicLong completedCorrelation = new AtomicLong(-1);
        final AtomicInteger completedStatus = new AtomicInteger(Integer.MIN_VALUE);
        final CompletionHandler handler = new CompletionHandler()
        {
            public void onWriteComplete(final long correlationId, final int status)
            {
                completedCorrelation.set(correlationId);
                completedStatus.set(status);
            }

            public void onReadComplete(final long correlationId, final int status, final ReadResult result)
            {
            }
        };
        final Thread poller = new Thread(() ->
        {
            while (0 == client.poll(handler, 16))
            {
                client.awaitCompletion(LONG_PARK_NS);
            }
        }, "completion-poller");
        poller.setDaemon(true);
        poller.start();
        while (poller.getState() != Thread.State.TIMED_WAITING && poller.isAlive())
        {
            Thread.onSpinWait();
        }

        final byte[] value = {1, 2, 3};
        assertEquals(StorageStatus.OK, client.append(42, CHANNEL_ID, SyncStore.snowflake(SyncStore.NOW_MS, 1),
            new UnsafeBuffer(value), 0, value.length));
        for (int i = 0; i < 100_000 && poller.isAlive(); i++)
        {
            store.engine.doWork();
        }
        poller.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(poller.isAlive(), "poller still parked after its completion was committed");
        assertEquals(42, completedCorrelation.get());
        assertEquals(StorageStatus.OK, completedStatus.get());
    }

    @Test
    void shouldNotParkWhenACompletionIsAlreadyWaiting()
    {
        final StorageClient client = store.client;
        final CompletionHandler ignore = new CompletionHandler()
        {
            public void onWriteComplete(final long correlationId, final int status)
            {
            }

            public void onReadComplete(final long correlationId, final int status, final ReadResult result)
            {
            }
        };
        assertEquals(0, client.poll(ignore, 16));
        assertEquals(StorageStatus.OK, client.read(7, CHANNEL_ID, ReadMode.LATEST, 0, 50));
        store.settle();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> client.awaitCompletion(LONG_PARK_NS));
        assertEquals(1, client.poll(ignore, 16));
    }
}
