package io.concord.storage.commitlog;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The commit log of one shard, used only by that shard's thread. Records are staged in memory as they arrive;
 * {@link #sync()} writes the whole staged group and makes it durable with a single {@code force()} (group commit).
 * A new segment starts when the current one passes the segment size, and on {@link #roll()} at each memtable switch,
 * so whole segments can be deleted once an SSTable holds their records. One such segment is kept as a spare and
 * recycled as the next segment (see {@link CommitLogSegment#recycle}). The next segment is prepared ahead of time on
 * a background thread ({@link #beginPreparation()}): the spare renamed, or a new file once the current segment is a
 * quarter full and there is no spare, and written with zeros up to what a segment takes, so that forces only overwrite
 * allocated blocks and never commit the file system journal. A segment that would have to grow is left for the
 * prepared one as soon as that is ready, and a segment that ends is only closed, its old tail cut at
 * {@link #close()}, so a group commit does no file system metadata work once a prepared segment is ready.
 */
public final class CommitLog implements AutoCloseable
{
    private final File dir;
    private final int segmentSize;
    private final long preallocationLength;
    private final Predicate<File> unlinker;
    private final LongSupplier fileNumbers;

    private final ExpandableDirectByteBuffer staged = new ExpandableDirectByteBuffer(1024 * 1024);
    private final ArrayList<CommitLogSegment> segments = new ArrayList<>();
    private CommitLogSegment current;
    private CommitLogSegment spare;
    private CommitLogSegment next;
    private long lastStartedFileNumber = -1;
    private final SegmentPreparation preparation;
    private boolean isPreparing;
    private long preparedLength;
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
        this(dir, segmentSize, fileNumbers, segmentSize, 0, File::delete);
    }

    /**
     * @param dir                 shard directory.
     * @param segmentSize         bytes after which a new segment starts.
     * @param fileNumbers         allocator of file numbers shared with SSTables and manifests.
     * @param preallocationLength bytes a prepared segment is preallocated to: what one segment takes before the
     *                            memtable switch rolls it (a small memtable rolls segments long before they are full).
     * @param maxWriteBytesPerSec write rate cap of the zeros that preallocate a segment (0 = none).
     * @param unlinker            deletes a segment file no longer needed, or hands it to a thread that will (unlinking
     *                            a large file takes milliseconds); false if the file is still there.
     */
    public CommitLog(final File dir, final int segmentSize, final LongSupplier fileNumbers,
        final long preallocationLength, final long maxWriteBytesPerSec, final Predicate<File> unlinker)
    {
        this.unlinker = unlinker;
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.fileNumbers = fileNumbers;
        this.preallocationLength = Math.min(segmentSize, preallocationLength);
        this.preparation = new SegmentPreparation(dir, this.preallocationLength, maxWriteBytesPerSec);
    }

    /**
     * @return true when no next segment is ready or being prepared and there is a spare to prepare, or the current
     * segment holds a quarter of the preallocation length (a new file is then prepared; below that a short-lived
     * log, as in tests, never writes a segment of zeros).
     */
    public boolean canPrepare()
    {
        return null == next && !isPreparing &&
            (null != spare || (null != current && current.position() >= preallocationLength / 4));
    }

    /**
     * Hands the spare segment to a background preparation under a new file number; until
     * {@link #endPreparation()} the log does not touch it.
     *
     * @return the preparation to {@link SegmentPreparation#run()} on another thread.
     */
    public SegmentPreparation beginPreparation()
    {
        if (!canPrepare())
        {
            throw new IllegalStateException("no segment to prepare");
        }
        preparation.source = spare;
        preparedLength = Math.max(preallocationLength, null == spare ? 0 : spare.fileLength());
        preparation.fileNumber = fileNumbers.getAsLong();
        preparation.result = null;
        preparation.error = null;
        preparation.state.set(SegmentPreparation.QUEUED);
        spare = null;
        isPreparing = true;
        return preparation;
    }

    /**
     * Takes back a preparation that was never run (it could not be handed to a worker): the spare stays the spare.
     */
    public void cancelPreparation()
    {
        if (preparation.state.compareAndSet(SegmentPreparation.QUEUED, SegmentPreparation.CANCELLED))
        {
            keepUnused(preparation.source);
            preparation.source = null;
        }
        isPreparing = false;
    }

    /**
     * Takes a finished preparation back (see {@link #takeFinishedPreparation()}), unless a segment was needed
     * meanwhile (the preparation was then cancelled or already taken).
     *
     * @return the preparation's failure (the spare is then dropped), null if none.
     */
    public IOException endPreparation()
    {
        isPreparing = false;
        if (SegmentPreparation.DONE != preparation.state.get())
        {
            return null;
        }
        try
        {
            return takeFinishedPreparation();
        }
        catch (final IOException ex)
        {
            return ex;
        }
    }

    /**
     * @return true when a prepared segment waits to become current.
     */
    public boolean hasPrepared()
    {
        return null != next;
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
        if (null == current || current.position() >= segmentSize ||
            (null != next && !current.fitsPreallocated(stagedLength)))
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
            current.close();
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
                else if (unlinker.test(segment.file()) || !segment.file().exists())
                {
                    segments.remove(i);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * @return bytes of every live segment file, of the spare and of a prepared segment (preallocated: a whole
     * segment each).
     */
    public long bytesOnDisk()
    {
        long bytes = (null == spare ? 0 : spare.fileLength()) + (null == next && !isPreparing ? 0 : preparedLength);
        for (int i = 0, size = segments.size(); i < size; i++)
        {
            bytes += segments.get(i).fileLength();
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
            current.close();
            current = null;
        }
        if (null == next && isPreparing)
        {
            claimPreparation();
        }
        if (null != next)
        {
            current = next;
            next = null;
            lastStartedFileNumber = current.fileNumber();
            segments.add(current);
            return;
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
        lastStartedFileNumber = fileNumber;
        segments.add(current);
    }

    /**
     * Closes every segment, cutting recycled files' old tails so a clean restart finds only their records, and
     * deletes the spare and a prepared segment. A preparation still running keeps its file: it holds only flushed
     * records, which recovery skips and deletes.
     *
     * @throws IOException if a file cannot be trimmed, closed or deleted.
     */
    public void close() throws IOException
    {
        current = null;
        for (int i = 0, size = segments.size(); i < size; i++)
        {
            segments.get(i).trimAndClose();
        }
        deleteUnused(spare);
        spare = null;
        deleteUnused(next);
        next = null;
    }

    /**
     * The segment is needed now while its preparation is out: cancel it if it has not started (the spare comes back
     * to be recycled here, as if there were no background preparation), take it if it is done, and otherwise leave it
     * running: the caller starts a segment of its own, and the prepared one comes back as the spare
     * ({@link #adoptPrepared}).
     */
    private void claimPreparation() throws IOException
    {
        final SegmentPreparation preparation = this.preparation;
        if (preparation.state.compareAndSet(SegmentPreparation.QUEUED, SegmentPreparation.CANCELLED))
        {
            keepUnused(preparation.source);
            preparation.source = null;
            return;
        }
        if (SegmentPreparation.DONE == preparation.state.get())
        {
            final IOException error = takeFinishedPreparation();
            if (null != error)
            {
                throw error;
            }
        }
    }

    /**
     * Takes the result of a preparation that is done: its segment becomes the next one ({@link #adoptPrepared}).
     *
     * @return the preparation's failure, null if it prepared a segment.
     * @throws IOException if a prepared segment that cannot be used next cannot be closed.
     */
    private IOException takeFinishedPreparation() throws IOException
    {
        preparation.state.set(0);
        preparation.source = null;
        final CommitLogSegment result = preparation.result;
        preparation.result = null;
        if (null == result)
        {
            return preparation.error;
        }
        adoptPrepared(result);
        return null;
    }

    /**
     * Makes a prepared segment the next one, unless the shard started a segment of its own while the preparation ran
     * (that one has a higher file number): recovery replays segments in file number order, which must be the order
     * their records were written in, so the prepared file becomes the spare instead, to be renamed again.
     */
    private void adoptPrepared(final CommitLogSegment segment) throws IOException
    {
        if (segment.fileNumber() > lastStartedFileNumber)
        {
            next = segment;
        }
        else
        {
            segment.close();
            keepUnused(segment);
        }
    }

    /**
     * Keeps a closed segment whose records are all flushed as the spare, or, when there is one already, among the
     * segments the next {@link #deleteSegmentsUpTo(long)} deletes (no unlink inside a group commit).
     */
    private void keepUnused(final CommitLogSegment segment)
    {
        if (null == segment)
        {
            return;
        }
        if (null == spare)
        {
            spare = segment;
        }
        else
        {
            segments.add(segment);
        }
    }

    private static void deleteUnused(final CommitLogSegment segment) throws IOException
    {
        if (null != segment)
        {
            segment.close();
            if (!segment.file().delete() && segment.file().exists())
            {
                throw new IOException("cannot delete unused commit log segment " + segment.file());
            }
        }
    }
}
