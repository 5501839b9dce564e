package io.concord.storage;

import io.concord.storage.sstable.SSTableDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flipped bytes and torn writes are detected by checksum: a bad commit log tail is cut and counted, a bad SSTable
 * block fails the read with {@link StorageStatus#CORRUPTED}; wrong data is never returned.
 */
class CorruptionTest
{
    private static final long CHANNEL = 4242;

    @TempDir
    File dir;

    private static long id(final int i)
    {
        return SyncStore.snowflake(SyncStore.NOW_MS - TimeUnit.MINUTES.toMillis(100 - i), 0);
    }

    private static byte[] value(final int i)
    {
        final byte[] value = new byte[100];
        Arrays.fill(value, (byte)i);
        return value;
    }

    private SyncStore oneShard()
    {
        return new SyncStore(dir, (ctx) -> ctx.shards(1));
    }

    private File[] files(final String suffix)
    {
        final File[] files = new File(dir, "shard-0").listFiles((d, name) -> name.endsWith(suffix));
        assertNotNull(files);
        Arrays.sort(files);
        return files;
    }

    private static void flipByte(final File file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw"))
        {
            raf.seek(position);
            final int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }

    @Test
    void shouldCutCorruptLogTailAndKeepEverythingBefore() throws IOException
    {
        try (SyncStore store = oneShard())
        {
            for (int i = 0; i < 10; i++)
            {
                assertEquals(StorageStatus.OK, store.append(CHANNEL, id(i), value(i)));
            }
        }
        final File[] logs = files(".log");
        final File log = logs[logs.length - 1];
        flipByte(log, log.length() - 10);

        try (SyncStore store = oneShard())
        {
            assertEquals(1, store.counter(StorageCounters.LOG_TAILS_CUT));
            final List<SyncStore.Row> rows = store.readOk(CHANNEL, ReadMode.LATEST, 0, 100);
            assertEquals(9, rows.size());
            for (final SyncStore.Row row : rows)
            {
                final int i = (int)(row.value()[0]);
                assertEquals(id(i), row.id());
                assertArrayEquals(value(i), row.value());
            }
            assertEquals(StorageStatus.OK, store.append(CHANNEL, id(50), value(50)));
        }
        try (SyncStore store = oneShard())
        {
            assertEquals(0, store.counter(StorageCounters.LOG_TAILS_CUT));
            assertEquals(10, store.readOk(CHANNEL, ReadMode.LATEST, 0, 100).size());
        }
    }

    @Test
    void shouldCutTornLogTail() throws IOException
    {
        try (SyncStore store = oneShard())
        {
            for (int i = 0; i < 5; i++)
            {
                store.append(CHANNEL, id(i), value(i));
            }
        }
        final File[] logs = files(".log");
        final File log = logs[logs.length - 1];
        try (RandomAccessFile raf = new RandomAccessFile(log, "rw"))
        {
            raf.setLength(log.length() - 30);
        }
        try (SyncStore store = oneShard())
        {
            assertEquals(1, store.counter(StorageCounters.LOG_TAILS_CUT));
            assertArrayEquals(new long[]{id(3), id(2), id(1), id(0)},
                store.readOk(CHANNEL, ReadMode.LATEST, 0, 100).stream().mapToLong(SyncStore.Row::id).toArray());
        }
    }

    @Test
    void shouldReportCorruptSSTableBlockAsError() throws IOException
    {
        try (SyncStore store = oneShard())
        {
            for (int i = 0; i < 20; i++)
            {
                store.append(CHANNEL, id(i), value(i));
            }
            store.engine.compactAll();
            store.settle();
            assertEquals(1, store.counter(StorageCounters.LIVE_SSTABLES));
        }
        final File sstable = files(".sst")[0];
        flipByte(sstable, 30);

        try (SyncStore store = oneShard())
        {
            final SyncStore.Page page = store.read(CHANNEL, ReadMode.LATEST, 0, 100);
            assertEquals(StorageStatus.CORRUPTED, page.status());
            assertTrue(page.rows().isEmpty());
            assertEquals(1, store.counter(StorageCounters.CORRUPT_BLOCKS));
            // other channels and new writes still work
            assertEquals(StorageStatus.OK, store.append(CHANNEL + 1, id(1), value(1)));
            assertEquals(1, store.readOk(CHANNEL + 1, ReadMode.LATEST, 0, 10).size());
        }
    }

    @Test
    void shouldRefuseToOpenSSTableWithCorruptFooter() throws IOException
    {
        try (SyncStore store = oneShard())
        {
            store.append(CHANNEL, id(1), value(1));
            store.engine.compactAll();
            store.settle();
        }
        final File sstable = files(".sst")[0];
        flipByte(sstable, sstable.length() - SSTableDescriptor.FOOTER_LENGTH + 3);
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class, this::oneShard);
        assertTrue(String.valueOf(ex.getCause().getMessage()).contains(sstable.getName()), ex.getCause().getMessage());
    }
}
