package io.concord.storage;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives one shard and its syncer separately (agent invoker): records written but not yet forced are neither
 * completed nor readable; once forced they complete in order, also when a later group is already written behind
 * them and the staging buffer drops the applied records and moves the rest to its front.
 */
class StagedRecordsTest implements CompletionHandler
{
    private static final int GROUP = 400;
    private static final int VALUE_LENGTH = 1000;

    @TempDir
    File dir;

    private SyncStore store;
    private long completed;
    private long lastCorrelation = -1;
    private boolean isInOrder = true;

    @BeforeEach
    void open()
    {
        store = new SyncStore(dir, (ctx) -> ctx.shards(1));
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldCompleteOnlyForcedRecordsInOrderWhileLaterGroupsWait()
    {
        final StorageShardAgent shard = store.engine.shard(0);
        final long channelId = 5;
        final long firstId = SyncStore.snowflake(SyncStore.NOW_MS - 60_000, 0);

        submit(channelId, firstId, 0);
        shard.doWork();
        drain();
        assertEquals(0, completed, "written, not forced: nothing completes");
        final StorageClient reader = store.engine.newClient();
        final int[] rowsSeen = {-1};
        assertEquals(StorageStatus.OK, reader.read(1, channelId, ReadMode.LATEST, 0, 10));
        shard.doWork();
        assertEquals(1, reader.poll(new CompletionHandler()
        {
            public void onWriteComplete(final long correlationId, final int status)
            {
            }

            public void onReadComplete(final long correlationId, final int status, final ReadResult result)
            {
                rowsSeen[0] = 0;
                while (result.next())
                {
                    rowsSeen[0]++;
                }
            }
        }, 1));
        assertEquals(0, rowsSeen[0], "nor is anything readable");
        drain();
        assertEquals(0, completed);

        shard.syncer().doWork();
        submit(channelId, firstId, GROUP);
        shard.doWork();
        drain();
        assertEquals(GROUP, completed, "the forced group completes; the one written behind it waits");

        shard.syncer().doWork();
        shard.doWork();
        drain();
        assertEquals(2 * GROUP, completed);
        assertEquals(true, isInOrder);
        checkLatest(channelId, firstId);

        store.reopen();
        checkLatest(channelId, firstId);
    }

    private void submit(final long channelId, final long firstId, final int from)
    {
        final UnsafeBuffer value = new UnsafeBuffer(new byte[VALUE_LENGTH]);
        for (int i = from; i < from + GROUP; i++)
        {
            value.putInt(0, i);
            value.putInt(VALUE_LENGTH - 4, ~i);
            assertEquals(StorageStatus.OK,
                store.client.append(i, channelId, firstId + ((long)i << 12), value, 0, VALUE_LENGTH));
        }
    }

    private void drain()
    {
        int delivered;
        do
        {
            delivered = store.client.poll(this, 1024);
        }
        while (delivered > 0);
    }

    private void checkLatest(final long channelId, final long firstId)
    {
        final List<SyncStore.Row> rows = store.readOk(channelId, ReadMode.LATEST, 0, 100);
        assertEquals(100, rows.size());
        for (int r = 0; r < rows.size(); r++)
        {
            final int i = 2 * GROUP - 1 - r;
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[VALUE_LENGTH]);
            expected.putInt(0, i);
            expected.putInt(VALUE_LENGTH - 4, ~i);
            assertEquals(firstId + ((long)i << 12), rows.get(r).id());
            assertArrayEquals(expected.byteArray(), rows.get(r).value());
        }
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        assertEquals(StorageStatus.OK, status);
        isInOrder &= correlationId == lastCorrelation + 1;
        lastCorrelation = correlationId;
        completed++;
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        throw new AssertionError("no reads on this client's poll here");
    }
}
