package io.concord.storage;

import io.concord.storage.commitlog.SegmentPreparation;
import io.concord.storage.compaction.Compactor;
import io.concord.storage.memtable.Memtable;
import io.concord.storage.memtable.MemtableFlusher;
import io.concord.storage.sstable.SSTableDescriptor;
import io.concord.storage.sstable.SSTableReader;
import io.concord.storage.sstable.SSTableWriter;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A flush, compaction or commit log segment preparation handed by a shard to the {@link BackgroundAgent}: the shard
 * fills it, the worker runs it and hands it back through the shard's done queue, which orders every field write
 * before the shard reads the result. Each shard has one instance per kind and at most one of each in flight, so
 * inputs stay live while the task runs.
 */
final class BackgroundTask
{
    static final int FLUSH = 1;
    static final int COMPACTION = 2;
    static final int SEGMENT = 3;

    final OneToOneConcurrentArrayQueue<BackgroundTask> doneQueue = new OneToOneConcurrentArrayQueue<>(4);
    /**
     * Run by the worker after handing the task back: wakes the shard, which may be parked waiting for it.
     */
    Runnable onDone;
    final List<SSTableReader> inputs = new ArrayList<>();
    final List<SSTableReader> others = new ArrayList<>();
    private final File dir;
    private final int blockSize;
    private final long maxWriteBytesPerSec;
    private final MemtableFlusher flusher;
    private final Compactor compactor = new Compactor();
    int type;
    boolean isMajor;
    Memtable memtable;
    long fileNumber;
    long nowMs;
    long graceMs;
    SSTableReader output;
    SegmentPreparation preparation;
    long bytesWritten;
    long purgedTombstones;
    Throwable error;

    BackgroundTask(final File dir, final int blockSize, final long bucketWindowMs,
        final long maxWriteBytesPerSec)
    {
        this.dir = dir;
        this.maxWriteBytesPerSec = maxWriteBytesPerSec;
        this.blockSize = blockSize;
        this.flusher = new MemtableFlusher(bucketWindowMs);
    }

    void prepareFlush(final Memtable memtable, final long fileNumber)
    {
        reset(FLUSH, fileNumber);
        this.memtable = memtable;
    }

    void prepareCompaction(final List<SSTableReader> inputs, final List<SSTableReader> others,
        final long fileNumber, final long nowMs, final long graceMs)
    {
        reset(COMPACTION, fileNumber);
        this.inputs.addAll(inputs);
        this.others.addAll(others);
        this.nowMs = nowMs;
        this.graceMs = graceMs;
    }

    void prepareSegment(final SegmentPreparation preparation)
    {
        reset(SEGMENT, -1);
        this.preparation = preparation;
    }

    private void reset(final int type, final long fileNumber)
    {
        this.preparation = null;
        this.type = type;
        this.fileNumber = fileNumber;
        this.memtable = null;
        this.inputs.clear();
        this.others.clear();
        this.output = null;
        this.bytesWritten = 0;
        this.purgedTombstones = 0;
        this.error = null;
        this.isMajor = false;
    }

    /**
     * Runs the task on the calling thread; failures are kept in {@link #error} with the partial file removed.
     */
    void run()
    {
        if (SEGMENT == type)
        {
            preparation.run();
            return;
        }
        final File file = new File(dir, SSTableDescriptor.fileName(fileNumber));
        try (SSTableWriter writer = new SSTableWriter(file, blockSize, maxWriteBytesPerSec))
        {
            if (FLUSH == type)
            {
                flusher.flush(memtable, writer);
            }
            else
            {
                compactor.compact(inputs, others, writer, nowMs, graceMs);
                purgedTombstones = compactor.purgedTombstones();
            }
            bytesWritten = writer.finish();
            output = SSTableReader.open(file, fileNumber);
        }
        catch (final Throwable ex)
        {
            error = ex;
            if (null != output)
            {
                output.close();
                output = null;
            }
            if (!file.delete())
            {
                file.deleteOnExit();
            }
        }
    }
}
