package io.concord.storage.commitlog;

import java.io.File;
import java.io.IOException;

/**
 * The next commit log segment, made ready by a background thread so that no file rename, create or directory force
 * lands inside a group commit: the shard hands over its spare segment and a file number
 * ({@link CommitLog#beginPreparation()}), a worker {@link #run()}s it, and the shard takes the result back
 * ({@link CommitLog#endPreparation()}). The hand-over and hand-back must order memory (a concurrent queue does).
 */
public final class SegmentPreparation
{
    private final File dir;
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
        try
        {
            result = CommitLogSegment.recycle(dir, source, fileNumber);
        }
        catch (final IOException ex)
        {
            error = ex;
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
