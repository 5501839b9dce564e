package io.concord.storage.compaction;

import io.concord.storage.Partitioner;
import io.concord.storage.sstable.SSTableDescriptor;
import io.concord.storage.sstable.SSTableReader;
import io.concord.storage.sstable.SSTableWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeWindowCompactionPolicyTest
{
    private static final long WINDOW_MS = TimeUnit.DAYS.toMillis(10);
    private static final long NOW_MS = 1767225600000L - Partitioner.DISCORD_EPOCH_MS;

    @TempDir
    File dir;
    private final List<SSTableReader> readers = new ArrayList<>();
    private long nextFile = 1;

    @AfterEach
    void close()
    {
        readers.forEach(SSTableReader::close);
    }

    private SSTableReader sstable(final long newestMs, final int rows) throws IOException
    {
        final long number = nextFile++;
        final File file = new File(dir, SSTableDescriptor.fileName(number));
        final UnsafeBuffer value = new UnsafeBuffer(new byte[100]);
        try (SSTableWriter writer = new SSTableWriter(file, 4096))
        {
            writer.beginPartition(1, Partitioner.bucketOf(newestMs << Partitioner.TIMESTAMP_SHIFT, WINDOW_MS));
            for (int i = 0; i < rows; i++)
            {
                writer.addRow((newestMs << Partitioner.TIMESTAMP_SHIFT) - i, number * 1000 + i, false, value, 0, 100);
            }
            writer.endPartition();
            writer.finish();
        }
        final SSTableReader reader = SSTableReader.open(file, number);
        readers.add(reader);
        return reader;
    }

    @Test
    void shouldMergeAnOlderWindowIntoOneFile() throws IOException
    {
        final SSTableReader oldA = sstable(NOW_MS - 3 * WINDOW_MS, 10);
        final SSTableReader oldB = sstable(NOW_MS - 3 * WINDOW_MS + 1000, 500);
        final SSTableReader current = sstable(NOW_MS, 10);
        final List<SSTableReader> selection =
            new TimeWindowCompactionPolicy(WINDOW_MS, 4, 32, 12).select(List.of(oldA, current, oldB));
        assertEquals(2, selection.size());
        assertTrue(selection.contains(oldA) && selection.contains(oldB));
    }

    @Test
    void shouldMergeSimilarSizedFilesOfTheCurrentWindowAtTheThreshold() throws IOException
    {
        final List<SSTableReader> live = new ArrayList<>();
        live.add(sstable(NOW_MS, 2000));
        for (int i = 0; i < 3; i++)
        {
            live.add(sstable(NOW_MS - i, 50));
        }
        final TimeWindowCompactionPolicy policy = new TimeWindowCompactionPolicy(WINDOW_MS, 4, 32, 12);
        assertTrue(policy.select(live).isEmpty(), "3 similar files are below the threshold");
        live.add(sstable(NOW_MS - 7, 55));
        final List<SSTableReader> selection = policy.select(live);
        assertEquals(4, selection.size());
        assertTrue(selection.stream().allMatch((r) -> r.rowCount() <= 55), "the big file is not rewritten");
    }

    @Test
    void shouldBoundLiveFilesWhateverTheWindowsSay() throws IOException
    {
        final List<SSTableReader> live = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            live.add(sstable(NOW_MS - i, 10 << (2 * i)));
        }
        final List<SSTableReader> selection = new TimeWindowCompactionPolicy(WINDOW_MS, 2, 32, 4).select(live);
        assertEquals(3, selection.size());
        assertTrue(selection.contains(live.get(0)) && selection.contains(live.get(1)) &&
            selection.contains(live.get(2)), "the smallest files are merged");
    }
}
