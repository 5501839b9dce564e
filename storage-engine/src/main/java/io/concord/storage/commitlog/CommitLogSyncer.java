package io.concord.storage.commitlog;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces one shard's commit log on its own thread, so the shard keeps serving reads and writing new records to the
 * segment while a force runs. The shard is the only writer of the "written up to" sequence and of the segment being
 * written; this agent is the only writer of the "durable up to" sequence: each duty cycle that finds records written
 * past the durable sequence forces the segment once and then publishes the written sequence it read before the
 * force as durable (group commit: the force covers every record written while the previous one ran). The shard
 * completes a record only once the durable sequence has reached it.
 * <p>
 * The shard switches segments only when nothing written waits for a force, so every record past the durable
 * sequence is always in the segment published with it. A failed force is published as an error and ends forcing;
 * the shard then fails what waits and refuses writes.
 */
public final class CommitLogSyncer implements Agent
{
    private final int shardId;
    private final Runnable onDurable;
    private final AtomicCounter fsyncs;
    private final AtomicCounter batchedRecords;
    private final AtomicCounter maxBatch;
    private final AtomicCounter fsyncNanos;
    private volatile CommitLogSegment segment;
    private volatile long writtenSequence;
    private volatile long durableSequence;
    private volatile IOException error;
    private volatile Thread thread;
    private volatile boolean isIdle;

    /**
     * @param shardId        the shard, for the role name.
     * @param firstSequence  sequences below this one are durable already (recovered).
     * @param onDurable      called on this agent's thread after the durable sequence advanced or an error was
     *                       published (the shard's wake-up).
     * @param fsyncs         forces done.
     * @param batchedRecords records covered by forces.
     * @param maxBatch       most records one force covered.
     * @param fsyncNanos     time spent in forces.
     */
    public CommitLogSyncer(
        final int shardId,
        final long firstSequence,
        final Runnable onDurable,
        final AtomicCounter fsyncs,
        final AtomicCounter batchedRecords,
        final AtomicCounter maxBatch,
        final AtomicCounter fsyncNanos)
    {
        this.shardId = shardId;
        this.onDurable = onDurable;
        this.fsyncs = fsyncs;
        this.batchedRecords = batchedRecords;
        this.maxBatch = maxBatch;
        this.fsyncNanos = fsyncNanos;
        this.writtenSequence = firstSequence - 1;
        this.durableSequence = firstSequence - 1;
    }

    public String roleName()
    {
        return "storage-sync-" + shardId;
    }

    public void onStart()
    {
        thread = Thread.currentThread();
    }

    /**
     * Shard thread: records up to {@code sequence} were written to {@code segment} and should be forced. Unparks
     * this agent if it was idle (see {@link #doWork()} for the pairing).
     *
     * @param segment  the segment holding every written record past the durable sequence.
     * @param sequence highest sequence written.
     */
    public void onWritten(final CommitLogSegment segment, final long sequence)
    {
        if (this.segment != segment)
        {
            this.segment = segment;
        }
        writtenSequence = sequence;
        VarHandle.fullFence();
        if (isIdle)
        {
            isIdle = false;
            final Thread syncerThread = thread;
            if (null != syncerThread)
            {
                LockSupport.unpark(syncerThread);
            }
        }
    }

    /**
     * @return highest sequence known durable; any thread.
     */
    public long durableSequence()
    {
        return durableSequence;
    }

    /**
     * @return the failure of a force, or null; any thread.
     */
    public IOException error()
    {
        return error;
    }

    /**
     * Forces once if records were written past the durable sequence. When there is nothing to do it marks itself
     * idle, then reads the written sequence again: with {@link #onWritten} writing the sequence and then reading
     * the flag (a full fence between), at least one of the two sees the other, so a write is never left waiting
     * out this agent's park.
     */
    public int doWork()
    {
        final long written = writtenSequence;
        final long durable = durableSequence;
        if (written <= durable || null != error)
        {
            isIdle = true;
            if (writtenSequence > durable && null == error)
            {
                isIdle = false;
                return 1;
            }
            return 0;
        }
        if (isIdle)
        {
            isIdle = false;
        }
        final long startNs = System.nanoTime();
        try
        {
            segment.force();
        }
        catch (final IOException ex)
        {
            error = ex;
            onDurable.run();
            return 1;
        }
        fsyncNanos.getAndAddOrdered(System.nanoTime() - startNs);
        fsyncs.incrementOrdered();
        final long batch = written - durable;
        batchedRecords.getAndAddOrdered(batch);
        if (batch > maxBatch.get())
        {
            maxBatch.setOrdered(batch);
        }
        durableSequence = written;
        onDurable.run();
        return 1;
    }
}
