package io.concord.storage;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With real threads, thousands of writes in flight, small memtables and segments (so memtable switches, flushes and
 * segment rolls happen while writes wait, and a shard stalls on a full memtable): every acknowledged write must be
 * readable, intact and in place, before and after a restart.
 */
class ThreadedWritesTest implements CompletionHandler
{
    private static final int CHANNELS = 40;
    private static final int WRITES = 12_000;
    private static final int VALUE_LENGTH = 896;
    private static final int MAX_IN_FLIGHT = 3_000;
    private static final long DEADLINE_NS = TimeUnit.MINUTES.toNanos(2);

    @TempDir
    File dir;

    private final UnsafeBuffer value = new UnsafeBuffer(new byte[VALUE_LENGTH]);
    private final Long2LongHashMap latestIdByChannel = new Long2LongHashMap(-1);
    private long completed;
    private long failed;
    private long readsDone;
    private long rowsChecked;

    @Test
    void shouldKeepEveryAcknowledgedWriteUnderLoad()
    {
        final long baseId = SyncStore.snowflake(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1), 0);
        try (StorageEngine engine = StorageEngine.launch(context()))
        {
            final StorageClient client = engine.newClient();
            final long startNs = System.nanoTime();
            long submitted = 0;
            while (completed < WRITES && System.nanoTime() - startNs < DEADLINE_NS)
            {
                while (submitted < WRITES && submitted - completed < MAX_IN_FLIGHT)
                {
                    final long channelId = 1 + submitted % CHANNELS;
                    final long messageId = baseId + (submitted << 12);
                    fill(messageId);
                    if (StorageStatus.OK != client.append(submitted, channelId, messageId, value, 0, VALUE_LENGTH))
                    {
                        break;
                    }
                    latestIdByChannel.put(channelId, messageId);
                    submitted++;
                }
                if (0 == client.poll(this, 1024))
                {
                    client.awaitCompletion(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            assertEquals(WRITES, completed, "every write completes");
            assertEquals(0, failed);
            verifyLatestPages(engine, client);
        }

        try (StorageEngine engine = StorageEngine.launch(context()))
        {
            verifyLatestPages(engine, engine.newClient());
        }
    }

    private StorageConfiguration.Context context()
    {
        return new StorageConfiguration.Context().dir(dir).shards(2).memtableSize(1024 * 1024).segmentSize(256 * 1024);
    }

    private void verifyLatestPages(final StorageEngine engine, final StorageClient client)
    {
        readsDone = 0;
        rowsChecked = 0;
        for (long channelId = 1; channelId <= CHANNELS; channelId++)
        {
            assertEquals(StorageStatus.OK, client.read(channelId, channelId, ReadMode.LATEST, 0, 100));
        }
        final long startNs = System.nanoTime();
        while (readsDone < CHANNELS && System.nanoTime() - startNs < DEADLINE_NS)
        {
            if (0 == client.poll(this, 64))
            {
                client.awaitCompletion(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        assertEquals(CHANNELS, readsDone);
        assertEquals(CHANNELS * 100L, rowsChecked);
        assertEquals(0, engine.errorCount());
    }

    private void fill(final long messageId)
    {
        for (int i = 0; i < VALUE_LENGTH; i += 8)
        {
            value.putLong(i, messageId * 31 + i);
        }
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        completed++;
        if (StorageStatus.OK != status)
        {
            failed++;
        }
    }

    public void onReadComplete(final long channelId, final int status, final ReadResult result)
    {
        assertEquals(StorageStatus.OK, status);
        long expectedId = latestIdByChannel.get(channelId);
        while (result.next())
        {
            assertEquals(expectedId, result.messageId(), "newest first, nothing missing");
            assertEquals(VALUE_LENGTH, result.valueLength());
            for (int i = 0; i < VALUE_LENGTH; i += 8)
            {
                assertEquals(expectedId * 31 + i, result.buffer().getLong(result.valueOffset() + i));
            }
            expectedId -= (long)CHANNELS << 12;
            rowsChecked++;
        }
        assertTrue(expectedId > 0);
        readsDone++;
    }
}
