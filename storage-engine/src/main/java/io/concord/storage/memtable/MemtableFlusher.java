package io.concord.storage.memtable;

import io.concord.storage.Partitioner;
import io.concord.storage.sstable.SSTableWriter;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Writes an immutable memtable into an SSTable: channels in id order, buckets ascending, rows of a bucket newest
 * first. Runs on the background worker while the shard keeps reading the same memtable (neither mutates it).
 * Tombstones are always kept: only compaction knows whether older data they shadow still exists.
 */
public final class MemtableFlusher
{
    private static final Comparator<ChannelRows> BY_CHANNEL = Comparator.comparingLong(ChannelRows::channelId);

    private final long bucketWindowMs;
    private ChannelRows[] sorted = new ChannelRows[64];

    /**
     * @param bucketWindowMs bucket width.
     */
    public MemtableFlusher(final long bucketWindowMs)
    {
        this.bucketWindowMs = bucketWindowMs;
    }

    /**
     * @param memtable the immutable memtable.
     * @param writer   a fresh writer; the caller finishes it.
     * @throws IOException if writing fails.
     */
    public void flush(final Memtable memtable, final SSTableWriter writer) throws IOException
    {
        final int count = memtable.channelCount();
        if (sorted.length < count)
        {
            sorted = new ChannelRows[count];
        }
        int nonEmpty = 0;
        final ChannelRows[] channels = memtable.channelList();
        for (int i = 0; i < count; i++)
        {
            if (channels[i].size > 0)
            {
                sorted[nonEmpty++] = channels[i];
            }
        }
        Arrays.sort(sorted, 0, nonEmpty, BY_CHANNEL);
        for (int c = 0; c < nonEmpty; c++)
        {
            final ChannelRows rows = sorted[c];
            int start = 0;
            while (start < rows.size)
            {
                final long bucket = Partitioner.bucketOf(rows.ids[start], bucketWindowMs);
                int end = start + 1;
                while (end < rows.size && Partitioner.bucketOf(rows.ids[end], bucketWindowMs) == bucket)
                {
                    end++;
                }
                writer.beginPartition(rows.channelId(), bucket);
                for (int i = end - 1; i >= start; i--)
                {
                    writer.addRow(rows.ids[i], rows.sequences[i], rows.isTombstone(i),
                        memtable.arena(), rows.valueOffset(i), rows.valueLength(i));
                }
                writer.endPartition();
                start = end;
            }
            sorted[c] = null;
        }
    }
}
