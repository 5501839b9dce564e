package io.concord.storage.commitlog;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The next commit log segment, made ready by a background thread so that no file rename, create, directory force or
 * block allocation lands inside a group commit: the shard hands over its spare segment (or none, for a new file) and
 * a file number ({@link CommitLog#beginPreparation()}), a worker {@link #run()}s it, and the shard takes the result
 * back ({@link CommitLog#endPreparation()}). The hand-over and hand-back must order memory (a concurrent queue does).
 * The prepared segment is written with zeros up to its preallocation length ({@link CommitLogSegment#preallocate}),
 * so no force of the shard ever commits the file system journal. A preparation still queued behind other background
 * work when the segment is needed is cancelled and the shard recycles the spare itself; one already running is left
 * to finish (the zeros take a while) while the shard starts a segment of its own, and comes back as the spare (its
 * file number is lower than the shard's segment, and recovery replays segments in file number order).
 */
public final class SegmentPreparation
{
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;
    static final int CANCELLED = 4;

    private final File dir;
    private final long preallocationLength;
    private final long maxWriteBytesPerSec;
    final AtomicInteger state = new AtomicInteger();
    CommitLogSegment source;
    long fileNumber;
    CommitLogSegment result;
    IOException error;

    SegmentPreparation(final File dir, final long preallocationLength, final long maxWriteBytesPerSec)
    {
        this.dir = dir;
        this.preallocationLength = preallocationLength;
        this.maxWriteBytesPerSec = maxWriteBytesPerSec;
    }

    /**
     * Renames and opens the spare as the new segment, or creates a new file, forces the directory and preallocates
     * the segment. Runs on the worker thread.
     */
    public void run()
    {
        if (!state.compareAndSet(QUEUED, RUNNING))
        {
            return;
        }
        CommitLogSegment segment = null;
        try
        {
            segment = null == source ?
                CommitLogSegment.create(dir, fileNumber) : CommitLogSegment.recycle(dir, source, fileNumber);
            segment.preallocate(preallocationLength, maxWriteBytesPerSec);
            result = segment;
        }
        catch (final IOException ex)
        {
            error = ex;
            closeQuietly(segment);
            if (null == source && null != segment && !segment.file().delete())
            {
                segment.file().deleteOnExit();
            }
        }
        state.set(DONE);
    }

    private static void closeQuietly(final CommitLogSegment segment)
    {
        if (null != segment)
        {
            try
            {
                segment.close();
            }
            catch (final IOException ignore)
            {
                // the preparation already failed; its error is the one reported
            }
        }
    }

    /**
     * @return the failure of the last run, null if none.
     */
    public IOException error()
    {
        return error;
    }
}
