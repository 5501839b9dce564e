package io.concord.storage.commitlog;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.function.LongSupplier;

/**
 * The commit log of one shard, used only by that shard's thread. Records are staged in memory as they arrive;
 * {@link #sync()} writes the whole staged group and makes it durable with a single {@code force()} (group commit).
 * A new segment starts when the current one passes the segment size, and on {@link #roll()} at each memtable switch,
 * so whole segments can be deleted once an SSTable holds their records. One such segment is kept as a spare and
 * recycled as the next segment (see {@link CommitLogSegment#recycle}), so most forces overwrite allocated blocks
 * instead of growing a file.
 */
public final class CommitLog implements AutoCloseable
{
    private final File dir;
    private final int segmentSize;
    private final LongSupplier fileNumbers;
    private final ExpandableDirectByteBuffer staged = new ExpandableDirectByteBuffer(1024 * 1024);
    private final ArrayList<CommitLogSegment> segments = new ArrayList<>();
    private CommitLogSegment current;
    private CommitLogSegment spare;
    private ByteBuffer stagedBase;
    private ByteBuffer stagedView;
    private int stagedLength;
    private long stagedMaxSequence = -1;

    /**
     * @param dir         shard directory.
     * @param segmentSize bytes after which a new segment starts.
     * @param fileNumbers allocator of file numbers shared with SSTables and manifests.
     */
    public CommitLog(final File dir, final int segmentSize, final LongSupplier fileNumbers)
    {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.fileNumbers = fileNumbers;
    }

    /**
     * Adopts segments found at recovery (they stay until an SSTable covers them); new records go to a new segment.
     *
     * @param fileNumber  the replayed segment's number.
     * @param file        its file.
     * @param maxSequence highest valid sequence in it.
     */
    public void adoptReplayed(final long fileNumber, final File file, final long maxSequence)
    {
        segments.add(new CommitLogSegment(fileNumber, file, null, file.length(), maxSequence));
    }

    /**
     * Stages a put; not durable until {@link #sync()} returns.
     *
     * @return offset of the framed record in {@link #stagedBuffer()}.
     */
    public int stagePut(final long sequence, final long channelId, final long messageId,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        final int offset = stagedLength;
        staged.checkLimit(offset + CommitLogRecordDescriptor.HEADER_LENGTH + valueLength);
        stagedLength += CommitLogRecordDescriptor.encode(staged, offset, CommitLogRecordDescriptor.TYPE_PUT,
            sequence, channelId, messageId, value, valueOffset, valueLength);
        stagedMaxSequence = sequence;
        return offset;
    }

    /**
     * Stages a tombstone; not durable until {@link #sync()} returns.
     *
     * @return offset of the framed record in {@link #stagedBuffer()}.
     */
    public int stageTombstone(final long sequence, final long channelId, final long messageId,
        final long deletionTimeMs)
    {
        final int offset = stagedLength;
        staged.checkLimit(offset + CommitLogRecordDescriptor.HEADER_LENGTH + 8);
        stagedLength += CommitLogRecordDescriptor.encodeTombstone(
            staged, offset, sequence, channelId, messageId, deletionTimeMs);
        stagedMaxSequence = sequence;
        return offset;
    }

    /**
     * @return the staged records, framed as on disk.
     */
    public MutableDirectBuffer stagedBuffer()
    {
        return staged;
    }

    /**
     * @return bytes staged and not yet durable.
     */
    public int stagedLength()
    {
        return stagedLength;
    }

    /**
     * Writes every staged record and forces the segment once: when this returns they are durable. The staged
     * buffer keeps its content until {@link #clearStaged()} so the caller can apply the records.
     *
     * @throws IOException when the write or force fails; the records must then be treated as not durable.
     */
    public void sync() throws IOException
    {
        if (null == current || current.position() >= segmentSize)
        {
            startSegment();
        }
        final ByteBuffer base = staged.byteBuffer();
        if (base != stagedBase)
        {
            stagedBase = base;
            stagedView = base.duplicate();
        }
        stagedView.limit(stagedLength).position(0);
        current.write(stagedView, stagedMaxSequence);
        current.force();
    }

    /**
     * Forgets the staged records after they were applied.
     */
    public void clearStaged()
    {
        stagedLength = 0;
        stagedMaxSequence = -1;
    }

    /**
     * Closes the current segment so the next sync starts a new one (at a memtable switch).
     *
     * @throws IOException if the segment cannot be closed.
     */
    public void roll() throws IOException
    {
        if (null != current)
        {
            current.trimAndClose();
            current = null;
        }
    }

    /**
     * Deletes every closed segment whose records all have a sequence at or below {@code flushedSequence}.
     *
     * @param flushedSequence highest sequence held by SSTables.
     * @return number of segments deleted.
     */
    public int deleteSegmentsUpTo(final long flushedSequence)
    {
        int deleted = 0;
        for (int i = segments.size() - 1; i >= 0; i--)
        {
            final CommitLogSegment segment = segments.get(i);
            if (segment != current && segment.maxSequence() <= flushedSequence)
            {
                if (null == spare)
                {
                    spare = segment;
                    segments.remove(i);
                    deleted++;
                }
                else if (segment.file().delete() || !segment.file().exists())
                {
                    segments.remove(i);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * @return bytes of every live segment file and of the spare.
     */
    public long bytesOnDisk()
    {
        long bytes = null == spare ? 0 : spare.position();
        for (int i = 0, size = segments.size(); i < size; i++)
        {
            bytes += segments.get(i).position();
        }
        return bytes;
    }

    /**
     * @return number of live segments.
     */
    public int segmentCount()
    {
        return segments.size();
    }

    private void startSegment() throws IOException
    {
        if (null != current)
        {
            current.trimAndClose();
        }
        final long fileNumber = fileNumbers.getAsLong();
        if (null != spare)
        {
            final CommitLogSegment recycled = spare;
            spare = null;
            current = CommitLogSegment.recycle(dir, recycled, fileNumber);
        }
        else
        {
            current = CommitLogSegment.create(dir, fileNumber);
        }
        segments.add(current);
    }

    /**
     * Closes the current segment, cutting a recycled file's old tail so a clean restart finds only its records, and
     * deletes the spare.
     *
     * @throws IOException if a file cannot be trimmed or closed.
     */
    public void close() throws IOException
    {
        if (null != current)
        {
            current.trimAndClose();
            current = null;
        }
        if (null != spare)
        {
            spare.close();
            if (!spare.file().delete() && spare.file().exists())
            {
                throw new IOException("cannot delete spare commit log segment " + spare.file());
            }
            spare = null;
        }
    }
}
