package io.concord.storage.compaction;

import io.concord.storage.sstable.SSTableCursor;
import io.concord.storage.sstable.SSTableReader;
import io.concord.storage.sstable.SSTableWriter;

import java.io.IOException;
import java.util.List;

/**
 * Merges SSTables into one: partitions in (channel, bucket) order, rows newest first; where several inputs hold the
 * same message id the row with the highest sequence wins. A winning tombstone is dropped when its deletion time is
 * older than the grace period and no live SSTable outside the merge holds that partition (so nothing it shadows can
 * resurface); memtables only hold newer sequences and need no check. Runs on the background worker.
 */
public final class Compactor
{
    private SSTableCursor[] cursors = new SSTableCursor[0];
    private int[] partitions = new int[0];
    private boolean[] participating = new boolean[0];
    private long purgedTombstones;
    private long droppedVersions;

    /**
     * @param inputs        files to merge.
     * @param others        live files not in the merge.
     * @param writer        a fresh writer; the caller finishes it.
     * @param nowMs         current time.
     * @param graceMs       tombstone grace.
     * @throws IOException if writing fails.
     * @throws io.concord.storage.sstable.SSTableCorruptedException if an input block fails its checksum.
     */
    public void compact(final List<SSTableReader> inputs, final List<SSTableReader> others,
        final SSTableWriter writer, final long nowMs, final long graceMs) throws IOException
    {
        final int n = inputs.size();
        if (cursors.length < n)
        {
            cursors = new SSTableCursor[n];
            for (int i = 0; i < n; i++)
            {
                cursors[i] = new SSTableCursor();
            }
            partitions = new int[n];
            participating = new boolean[n];
        }
        purgedTombstones = 0;
        droppedVersions = 0;
        for (int i = 0; i < n; i++)
        {
            partitions[i] = 0;
        }

        while (true)
        {
            long channel = Long.MAX_VALUE;
            long bucket = Long.MAX_VALUE;
            boolean any = false;
            for (int i = 0; i < n; i++)
            {
                final SSTableReader reader = inputs.get(i);
                if (partitions[i] < reader.partitionCount())
                {
                    final long c = reader.partitionChannel(partitions[i]);
                    final long b = reader.partitionBucket(partitions[i]);
                    if (!any || c < channel || (c == channel && b < bucket))
                    {
                        channel = c;
                        bucket = b;
                        any = true;
                    }
                }
            }
            if (!any)
            {
                break;
            }
            for (int i = 0; i < n; i++)
            {
                final SSTableReader reader = inputs.get(i);
                participating[i] = partitions[i] < reader.partitionCount() &&
                    reader.partitionChannel(partitions[i]) == channel &&
                    reader.partitionBucket(partitions[i]) == bucket;
                if (participating[i])
                {
                    cursors[i].reset(reader, partitions[i]);
                    cursors[i].seekDescending(Long.MAX_VALUE);
                    partitions[i]++;
                }
            }
            mergePartition(n, channel, bucket, others, writer, nowMs, graceMs);
        }
    }

    private void mergePartition(final int n, final long channel, final long bucket,
        final List<SSTableReader> others, final SSTableWriter writer, final long nowMs, final long graceMs)
        throws IOException
    {
        boolean mayPurge = true;
        for (int i = 0, size = others.size(); i < size; i++)
        {
            if (others.get(i).findPartition(channel, bucket) >= 0)
            {
                mayPurge = false;
                break;
            }
        }
        writer.beginPartition(channel, bucket);
        while (true)
        {
            int best = -1;
            long bestId = Long.MIN_VALUE;
            long bestSequence = Long.MIN_VALUE;
            for (int i = 0; i < n; i++)
            {
                final SSTableCursor cursor = cursors[i];
                if (participating[i] && cursor.hasRow())
                {
                    final long id = cursor.id();
                    if (-1 == best || id > bestId || (id == bestId && cursor.sequence() > bestSequence))
                    {
                        best = i;
                        bestId = id;
                        bestSequence = cursor.sequence();
                    }
                }
            }
            if (-1 == best)
            {
                break;
            }
            final SSTableCursor winner = cursors[best];
            final boolean isTombstone = winner.isTombstone();
            final boolean purge = isTombstone && mayPurge &&
                winner.valueLength() >= 8 && winner.buffer().getLong(winner.valueOffset()) + graceMs <= nowMs;
            if (purge)
            {
                purgedTombstones++;
            }
            else
            {
                writer.addRow(bestId, bestSequence, isTombstone, winner.buffer(), winner.valueOffset(),
                    winner.valueLength());
            }
            for (int i = 0; i < n; i++)
            {
                final SSTableCursor cursor = cursors[i];
                while (participating[i] && cursor.hasRow() && cursor.id() == bestId)
                {
                    if (i != best)
                    {
                        droppedVersions++;
                    }
                    cursor.advance();
                }
            }
        }
        writer.endPartition();
    }

    /**
     * @return tombstones dropped by the last compaction.
     */
    public long purgedTombstones()
    {
        return purgedTombstones;
    }

    /**
     * @return superseded row versions dropped by the last compaction.
     */
    public long droppedVersions()
    {
        return droppedVersions;
    }
}
