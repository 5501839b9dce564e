package io.concord.storage.commitlog;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The next commit log segment, made ready by a background thread so that no file rename, create or directory force
 * lands inside a group commit: the shard hands over its spare segment and a file number
 * ({@link CommitLog#beginPreparation()}), a worker {@link #run()}s it, and the shard takes the result back
 * ({@link CommitLog#endPreparation()}). The hand-over and hand-back must order memory (a concurrent queue does).
 * A preparation still queued behind other background work when the segment is needed is cancelled and the shard
 * recycles the spare itself; one already running is waited for (it is a rename and a directory force).
 */
public final class SegmentPreparation
{
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int DONE = 3;
    static final int CANCELLED = 4;

    private final File dir;
    final AtomicInteger state = new AtomicInteger();
    CommitLogSegment source;
    long fileNumber;
    CommitLogSegment result;
    IOException error;

    SegmentPreparation(final File dir)
    {
        this.dir = dir;
    }

    /**
     * Renames and opens the spare as the new segment and forces the directory. Runs on the worker thread.
     */
    public void run()
    {
        if (!state.compareAndSet(QUEUED, RUNNING))
        {
            return;
        }
        try
        {
            result = CommitLogSegment.recycle(dir, source, fileNumber);
        }
        catch (final IOException ex)
        {
            error = ex;
        }
        state.set(DONE);
    }

    /**
     * @return the failure of the last run, null if none.
     */
    public IOException error()
    {
        return error;
    }
}
