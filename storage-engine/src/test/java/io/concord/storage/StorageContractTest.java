package io.concord.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's API contract: what callers (the core, the data service) may rely on.
 */
class StorageContractTest
{
    private static final long CHANNEL = 81384788765712384L;
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    @TempDir
    File dir;
    private SyncStore store;

    @BeforeEach
    void open()
    {
        store = new SyncStore(dir, (ctx) -> ctx.memtableSize(64 * 1024).compactionMinThreshold(2)
            .maxSstablesPerRead(4));
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    private static byte[] text(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long id(final long minutesAgo, final int increment)
    {
        return SyncStore.snowflake(SyncStore.NOW_MS - TimeUnit.MINUTES.toMillis(minutesAgo), increment);
    }

    private static long[] ids(final List<SyncStore.Row> rows)
    {
        return rows.stream().mapToLong(SyncStore.Row::id).toArray();
    }

    @Test
    void shouldReturnLatestNewestFirst()
    {
        for (int i = 0; i < 10; i++)
        {
            assertEquals(StorageStatus.OK, store.append(CHANNEL, id(100 - i, 0), text("m" + i)));
        }
        final List<SyncStore.Row> rows = store.readOk(CHANNEL, ReadMode.LATEST, 0, 3);
        assertArrayEquals(new long[]{id(91, 0), id(92, 0), id(93, 0)}, ids(rows));
        assertEquals("m9", new String(rows.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReturnEmptyPageForUnknownChannel()
    {
        assertTrue(store.readOk(42, ReadMode.LATEST, 0, 50).isEmpty());
        assertTrue(store.readOk(42, ReadMode.AROUND, id(1, 0), 50).isEmpty());
    }

    @Test
    void shouldUpsertOnEdit()
    {
        store.append(CHANNEL, id(5, 1), text("first"));
        store.append(CHANNEL, id(5, 1), text("edited"));
        final List<SyncStore.Row> rows = store.readOk(CHANNEL, ReadMode.LATEST, 0, 50);
        assertEquals(1, rows.size());
        assertEquals("edited", new String(rows.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldHideDeletedMessages()
    {
        store.append(CHANNEL, id(5, 1), text("a"));
        store.append(CHANNEL, id(4, 1), text("b"));
        assertEquals(StorageStatus.OK, store.delete(CHANNEL, id(4, 1)));
        assertArrayEquals(new long[]{id(5, 1)}, ids(store.readOk(CHANNEL, ReadMode.LATEST, 0, 50)));
    }

    @Test
    void shouldExcludeCursorFromBeforeAndAfter()
    {
        for (int i = 0; i < 5; i++)
        {
            store.append(CHANNEL, id(10 - i, 0), text("m" + i));
        }
        assertArrayEquals(new long[]{id(8, 0), id(9, 0), id(10, 0)},
            ids(store.readOk(CHANNEL, ReadMode.BEFORE, id(7, 0), 50)));
        assertArrayEquals(new long[]{id(6, 0), id(7, 0)}, ids(store.readOk(CHANNEL, ReadMode.AFTER, id(8, 0), 50)));
        assertArrayEquals(new long[]{id(7, 0), id(8, 0)}, ids(store.readOk(CHANNEL, ReadMode.AFTER, id(9, 0), 2)));
        assertArrayEquals(new long[]{id(6, 0), id(7, 0), id(8, 0), id(9, 0), id(10, 0)},
            ids(store.readOk(CHANNEL, ReadMode.AFTER, 0, 50)));
    }

    @Test
    void shouldCenterAroundIncludingTheCursor()
    {
        for (int i = 0; i < 9; i++)
        {
            store.append(CHANNEL, id(20 - i, 0), text("m" + i));
        }
        assertArrayEquals(new long[]{id(14, 0), id(15, 0), id(16, 0)},
            ids(store.readOk(CHANNEL, ReadMode.AROUND, id(15, 0), 3)));
        assertArrayEquals(new long[]{id(15, 0)}, ids(store.readOk(CHANNEL, ReadMode.AROUND, id(15, 0), 1)));
        // a side that runs short is not filled from the other side (the data service's cached windows rely on it):
        // near the newest end only one newer message exists, near the oldest end only two at or below the cursor
        assertArrayEquals(new long[]{id(12, 0), id(13, 0), id(14, 0)},
            ids(store.readOk(CHANNEL, ReadMode.AROUND, id(13, 0), 4)));
        assertArrayEquals(new long[]{id(16, 0), id(17, 0), id(18, 0), id(19, 0), id(20, 0)},
            ids(store.readOk(CHANNEL, ReadMode.AROUND, id(19, 0), 6)));
    }

    @Test
    void shouldWalkAcrossBuckets()
    {
        // one message every 4 days over 60 days: 10-day buckets, several of them empty-adjacent
        for (int i = 0; i < 15; i++)
        {
            store.append(CHANNEL, SyncStore.snowflake(SyncStore.NOW_MS - (60 - i * 4) * DAY_MS, 0), text("d" + i));
        }
        final List<SyncStore.Row> latest = store.readOk(CHANNEL, ReadMode.LATEST, 0, 100);
        assertEquals(15, latest.size());
        final List<SyncStore.Row> before = store.readOk(CHANNEL, ReadMode.BEFORE, latest.get(3).id(), 5);
        assertArrayEquals(new long[]{latest.get(4).id(), latest.get(5).id(), latest.get(6).id(),
            latest.get(7).id(), latest.get(8).id()}, ids(before));
        final List<SyncStore.Row> after = store.readOk(CHANNEL, ReadMode.AFTER, latest.get(10).id(), 4);
        assertArrayEquals(new long[]{latest.get(6).id(), latest.get(7).id(), latest.get(8).id(),
            latest.get(9).id()}, ids(after));
    }

    @Test
    void shouldServeFromSSTablesAfterFlushAndCompaction()
    {
        final ReferenceModel model = new ReferenceModel();
        final byte[] value = new byte[1000];
        for (int i = 0; i < 400; i++)
        {
            value[0] = (byte)i;
            final long id = id(1000 - i, i & 0xFFF);
            store.append(CHANNEL + (i % 3), id, value.clone());
            model.put(CHANNEL + (i % 3), id, value.clone());
        }
        store.settle();
        assertTrue(store.counter(StorageCounters.FLUSHES) >= 3, "flushes");
        assertTrue(store.counter(StorageCounters.COMPACTIONS) >= 1, "compactions");
        assertTrue(store.counter(StorageCounters.LIVE_SSTABLES) <= 2 * 4, "read bound");
        for (int c = 0; c < 3; c++)
        {
            assertRowsEqual(model.read(CHANNEL + c, ReadMode.LATEST, 0, 100),
                store.readOk(CHANNEL + c, ReadMode.LATEST, 0, 100));
            assertRowsEqual(model.read(CHANNEL + c, ReadMode.AROUND, id(800, 200), 21),
                store.readOk(CHANNEL + c, ReadMode.AROUND, id(800, 200), 21));
        }
    }

    @Test
    void shouldKeepAcknowledgedWritesAcrossReopen()
    {
        store.append(CHANNEL, id(3, 0), text("kept"));
        store.append(CHANNEL, id(2, 0), text("gone"));
        store.delete(CHANNEL, id(2, 0));
        store.reopen();
        final List<SyncStore.Row> rows = store.readOk(CHANNEL, ReadMode.LATEST, 0, 50);
        assertArrayEquals(new long[]{id(3, 0)}, ids(rows));
        assertEquals("kept", new String(rows.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldPurgeTombstonesOnlyAfterGrace()
    {
        store.close();
        store = new SyncStore(dir, (ctx) -> ctx.memtableSize(64 * 1024).tombstoneGraceMs(DAY_MS));
        final byte[] value = new byte[2000];
        for (int i = 0; i < 100; i++)
        {
            store.append(CHANNEL, id(500 - i, 0), value);
            store.delete(CHANNEL, id(500 - i, 0));
        }
        store.append(CHANNEL, id(1, 0), text("survivor"));
        store.engine.compactAll();
        store.settle();
        assertEquals(0, store.counter(StorageCounters.TOMBSTONES_PURGED));
        assertArrayEquals(new long[]{id(1, 0)}, ids(store.readOk(CHANNEL, ReadMode.LATEST, 0, 100)));

        store.clock.advance(2 * DAY_MS);
        store.engine.compactAll();
        store.settle();
        assertEquals(100, store.counter(StorageCounters.TOMBSTONES_PURGED));
        assertArrayEquals(new long[]{id(1, 0)}, ids(store.readOk(CHANNEL, ReadMode.LATEST, 0, 100)));
        store.reopen();
        assertArrayEquals(new long[]{id(1, 0)}, ids(store.readOk(CHANNEL, ReadMode.LATEST, 0, 100)));
    }

    @Test
    void shouldUnlinkCompactedSSTablesAndFlushedSegments() throws InterruptedException
    {
        store.close();
        final File oneShard = new File(dir, "one-shard");
        store = new SyncStore(oneShard, (ctx) -> ctx.memtableSize(64 * 1024).shards(1));
        final byte[] value = new byte[2000];
        for (int i = 0; i < 300; i++)
        {
            store.append(CHANNEL, id(1000 - i, 0), value);
        }
        store.engine.compactAll();
        store.settle();
        final File shardDir = new File(oneShard, "shard-0");
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count(shardDir, ".sst") != store.counter(StorageCounters.LIVE_SSTABLES) &&
            System.nanoTime() < deadlineNs)
        {
            Thread.sleep(10);
        }
        assertEquals(store.counter(StorageCounters.LIVE_SSTABLES), count(shardDir, ".sst"),
            "compaction inputs are unlinked by the background agent");
        assertTrue(count(shardDir, ".log") <= 3, "flushed segments are unlinked (current, spare, prepared remain)");
        int rows = 0;
        long cursor = Long.MAX_VALUE;
        List<SyncStore.Row> page;
        while (!(page = store.readOk(CHANNEL, ReadMode.BEFORE, cursor, 100)).isEmpty())
        {
            rows += page.size();
            cursor = page.get(page.size() - 1).id();
        }
        assertEquals(300, rows);
    }

    private static int count(final File shardDir, final String suffix)
    {
        final File[] files = shardDir.listFiles((d, name) -> name.endsWith(suffix));
        return null == files ? 0 : files.length;
    }

    @Test
    void shouldRejectInvalidLimits()
    {
        assertEquals(StorageStatus.INVALID_LIMIT, store.read(CHANNEL, ReadMode.LATEST, 0, 0).status());
        assertEquals(StorageStatus.INVALID_LIMIT, store.read(CHANNEL, ReadMode.LATEST, 0, 101).status());
        assertEquals(StorageStatus.INVALID_LIMIT, store.read(CHANNEL, ReadMode.BEFORE, 5, -1).status());
        assertEquals(StorageStatus.INVALID_READ_MODE, store.read(CHANNEL, 9, 0, 10).status());
        assertEquals(StorageStatus.OK, store.read(CHANNEL, ReadMode.LATEST, 0, 100).status());
    }

    @Test
    void shouldRejectBadIdsAndOversizedValues()
    {
        final long future = SyncStore.snowflake(SyncStore.NOW_MS + TimeUnit.HOURS.toMillis(1), 0);
        assertEquals(StorageStatus.MESSAGE_ID_FROM_FUTURE, store.append(CHANNEL, future, text("x")));
        assertEquals(StorageStatus.MESSAGE_ID_FROM_FUTURE, store.delete(CHANNEL, future));
        assertEquals(StorageStatus.INVALID_MESSAGE_ID, store.append(CHANNEL, 0, text("x")));
        assertEquals(StorageStatus.INVALID_MESSAGE_ID, store.append(CHANNEL, -5, text("x")));
        assertEquals(StorageStatus.INVALID_MESSAGE_ID, store.read(CHANNEL, ReadMode.BEFORE, -1, 10).status());
        assertEquals(StorageStatus.INVALID_CHANNEL_ID, store.append(0, id(1, 0), text("x")));
        assertEquals(StorageStatus.INVALID_CHANNEL_ID, store.read(-3, ReadMode.LATEST, 0, 10).status());
        final byte[] oversized = new byte[StorageConfiguration.MAX_VALUE_LENGTH_DEFAULT + 1];
        assertEquals(StorageStatus.VALUE_TOO_LARGE, store.append(CHANNEL, id(1, 0), oversized));
        assertEquals(StorageStatus.OK,
            store.append(CHANNEL, id(1, 0), new byte[StorageConfiguration.MAX_VALUE_LENGTH_DEFAULT]));
        // nothing invalid was stored, the valid write was
        assertArrayEquals(new long[]{id(1, 0)}, ids(store.readOk(CHANNEL, ReadMode.LATEST, 0, 100)));
        assertTrue(StorageStatus.describe(StorageStatus.VALUE_TOO_LARGE).contains("max.value.length"));
    }

    @Test
    void shouldRefuseToOpenWithAnotherLayout()
    {
        store.close();
        final Consumer<StorageConfiguration.Context> threeShards = (ctx) -> ctx.shards(3);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            StorageEngine.launch(new StorageConfiguration.Context().dir(dir).useAgentInvoker(true).shards(3)));
        assertTrue(ex.getMessage().contains(StorageConfiguration.SHARDS_PROP_NAME), ex.getMessage());
        store = new SyncStore(dir, (ctx) -> { });
        threeShards.accept(new StorageConfiguration.Context());
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new StorageConfiguration.Context().dir(dir).memtableSize(10).conclude());
        assertTrue(ex.getMessage().contains(StorageConfiguration.MEMTABLE_SIZE_PROP_NAME));
    }

    @Test
    void shouldApplyBackPressureWhenTheQueueIsFull()
    {
        final byte[] value = new byte[4000];
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(value);
        int status = StorageStatus.OK;
        int queued = 0;
        while (StorageStatus.OK == status && queued < 1_000)
        {
            status = store.client.append(queued, CHANNEL, id(1, queued), buffer, 0, value.length);
            queued++;
        }
        assertEquals(StorageStatus.BACK_PRESSURED, status);
        store.settle();
        assertEquals(StorageStatus.OK, store.append(CHANNEL, id(2, 0), value));
    }

    static void assertRowsEqual(final List<SyncStore.Row> expected, final List<SyncStore.Row> actual)
    {
        assertArrayEquals(ids(expected), ids(actual));
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i).value(), actual.get(i).value(), "value of " + expected.get(i).id());
        }
    }
}
