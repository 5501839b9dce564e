package io.concord.storage.memtable;

import io.concord.storage.Partitioner;
import io.concord.storage.sstable.SSTableWriter;

import java.io.IOException;
import java.util.Arrays;

/**
 * Writes an immutable memtable into an SSTable: channels in id order, buckets ascending, rows of a bucket newest
 * first. Runs on the background worker while the shard keeps reading the same memtable (neither mutates it).
 * Tombstones are always kept: only compaction knows whether older data they shadow still exists.
 */
public final class MemtableFlusher
{
    private final long bucketWindowMs;
    private final MemtableCursor cursor = new MemtableCursor();
    private long[] sorted = new long[64];

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
            sorted = new long[count];
        }
        final ChannelRows[] channels = memtable.channelList();
        for (int i = 0; i < count; i++)
        {
            sorted[i] = channels[i].channelId();
        }
        Arrays.sort(sorted, 0, count);
        for (int c = 0; c < count; c++)
        {
            final ChannelRows rows = memtable.rows(sorted[c]);
            cursor.reset(memtable, rows);
            long low = Long.MIN_VALUE;
            while (true)
            {
                cursor.seekAscending(low);
                if (!cursor.hasRow())
                {
                    break;
                }
                final long bucket = Partitioner.bucketOf(cursor.id(), bucketWindowMs);
                final long bucketLow = Partitioner.lowestIdOf(bucket, bucketWindowMs);
                final long bucketHigh = Partitioner.highestIdOf(bucket, bucketWindowMs);
                writer.beginPartition(rows.channelId(), bucket);
                for (cursor.seekDescending(bucketHigh); cursor.hasRow() && cursor.id() >= bucketLow; cursor.advance())
                {
                    writer.addRow(cursor.id(), cursor.sequence(), cursor.isTombstone(),
                        memtable.arena(), cursor.valueOffset(), cursor.valueLength());
                }
                writer.endPartition();
                if (bucketHigh == Long.MAX_VALUE || bucketHigh < bucketLow)
                {
                    break;
                }
                low = bucketHigh + 1;
            }
        }
    }
}
