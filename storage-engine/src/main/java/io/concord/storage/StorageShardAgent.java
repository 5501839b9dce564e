package io.concord.storage;

import io.concord.storage.commitlog.CommitLog;
import io.concord.storage.commitlog.CommitLogRecordDescriptor;
import io.concord.storage.commitlog.CommitLogReplayer;
import io.concord.storage.commitlog.CommitLogSegment;
import io.concord.storage.compaction.TimeWindowCompactionPolicy;
import io.concord.storage.manifest.Manifest;
import io.concord.storage.manifest.VersionEdit;
import io.concord.storage.memtable.ChannelRows;
import io.concord.storage.memtable.Memtable;
import io.concord.storage.memtable.MemtableCursor;
import io.concord.storage.sstable.RowCursor;
import io.concord.storage.sstable.SSTableCorruptedException;
import io.concord.storage.sstable.SSTableCursor;
import io.concord.storage.sstable.SSTableDescriptor;
import io.concord.storage.sstable.SSTableReader;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One storage shard: the single thread that owns the commit log, memtables, SSTables and manifest of the channels
 * that {@link Partitioner#shardOf(long, int)} maps to it. Requests arrive on its bounded ring; each duty cycle reads
 * a batch, serves reads at once (from applied, durable data only), stages writes, then forces the commit log once for
 * the whole staged group, applies it to the memtable and completes it (group commit). The force is the only blocking
 * call; SSTable writing happens on the {@link BackgroundAgent}.
 */
final class StorageShardAgent implements Agent, MessageHandler
{
    private static final System.Logger LOGGER = System.getLogger("io.concord.storage");
    private static final int REQUEST_BATCH = 64;
    private static final int MAX_GROUP = 8192;
    private static final int DEFERRED_HEADER_LENGTH = 16;
    private static final long FAILED_TASK_RETRY_MS = 1000;

    private final int shardId;
    private final File dir;
    private final StorageConfiguration.Context ctx;
    private final StorageEngine engine;
    private final EpochClock clock;
    private final long bucketWindowMs;
    private final int maxValueLength;
    private final long groupCommitMaxDelayMs;
    private final ManyToOneRingBuffer requests;
    private final BackgroundAgent flushAgent;
    private final BackgroundAgent compactionAgent;
    private final BackgroundTask flushTask;
    private final BackgroundTask compactionTask;
    private final BackgroundTask segmentTask;
    private final TimeWindowCompactionPolicy compactionPolicy;
    private final PartitionDirectory directory = new PartitionDirectory();
    private final ArrayList<SSTableReader> sstables = new ArrayList<>();
    private final VersionEdit edit = new VersionEdit();
    private final int headroom;
    private final Manifest manifest;
    private final CommitLog commitLog;
    private Memtable active;
    private Memtable immutable;
    private Memtable spare;
    private long nextSequence;
    private boolean isFlushInFlight;
    private boolean isCompactionInFlight;
    private boolean isSegmentInFlight;
    private boolean isFlushSubmitted;
    private long retryBackgroundAtMs;
    private boolean isFailed;
    private boolean isCompactionCheckDue = true;
    private volatile boolean isMajorCompactionRequested;
    private volatile Thread thread;
    private volatile boolean isIdle;
    private boolean isMajorCompactionPending;

    private int stagedCount;
    private int stagedValueBytes;
    private int[] stagedClients = new int[REQUEST_BATCH * 4];
    private long[] stagedCorrelations = new long[REQUEST_BATCH * 4];
    private int[] stagedOffsets = new int[REQUEST_BATCH * 4];
    private long stagedSinceMs;

    private final ExpandableDirectByteBuffer deferred = new ExpandableDirectByteBuffer(64 * 1024);
    private int deferredLength;

    private final MemtableCursor activeCursor = new MemtableCursor();
    private final MemtableCursor immutableCursor = new MemtableCursor();
    private SSTableCursor[] sstableCursors = new SSTableCursor[0];
    private RowCursor[] sources = new RowCursor[2];
    private int sourceCount;
    private final long[] resultIds = new long[CompletionDescriptor.MAX_LIMIT * 2];
    private final DirectBuffer[] resultBuffers = new DirectBuffer[CompletionDescriptor.MAX_LIMIT * 2];
    private final int[] resultOffsets = new int[CompletionDescriptor.MAX_LIMIT * 2];
    private final int[] resultLengths = new int[CompletionDescriptor.MAX_LIMIT * 2];
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    private final AtomicCounter appends;
    private final AtomicCounter deletes;
    private final AtomicCounter reads;
    private final AtomicCounter fsyncs;
    private final AtomicCounter batchedRecords;
    private final AtomicCounter maxBatch;
    private final AtomicCounter flushes;
    private final AtomicCounter compactions;
    private final AtomicCounter sstablesRead;
    private final AtomicCounter bytesOnDisk;
    private final AtomicCounter commitLogBytesWritten;
    private final AtomicCounter sstableBytesWritten;
    private final AtomicCounter userBytesWritten;
    private final AtomicCounter logTailsCut;
    private final AtomicCounter corruptBlocks;
    private final AtomicCounter tombstonesPurged;
    private final AtomicCounter stalls;
    private final AtomicCounter errors;
    private final AtomicCounter liveSstables;
    private final AtomicCounter majorCompactions;
    private final AtomicCounter fsyncNanos;

    /**
     * Opens the shard directory and recovers: live SSTables from the manifest, then the commit log replayed past
     * what they hold. Runs on the launching thread.
     *
     * @throws IOException if the directory cannot be recovered.
     */
    StorageShardAgent(
        final int shardId,
        final StorageConfiguration.Context ctx,
        final StorageEngine engine,
        final BackgroundAgent flushAgent,
        final BackgroundAgent compactionAgent,
        final StorageCounters counters) throws IOException
    {
        this.shardId = shardId;
        this.ctx = ctx;
        this.engine = engine;
        this.clock = ctx.epochClock();
        this.bucketWindowMs = ctx.bucketWindowMs();
        this.maxValueLength = ctx.maxValueLength();
        this.groupCommitMaxDelayMs = TimeUnit.MICROSECONDS.toMillis(ctx.groupCommitMaxDelayUs());
        this.flushAgent = flushAgent;
        this.compactionAgent = compactionAgent;
        this.dir = new File(ctx.dir(), "shard-" + shardId);
        if (!dir.isDirectory() && !dir.mkdirs())
        {
            throw new IOException("cannot create shard directory " + dir);
        }
        this.requests = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
            ctx.requestQueueCapacity() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.flushTask = new BackgroundTask(dir, ctx.blockSize(), bucketWindowMs, ctx.flushMaxWriteBytesPerSec());
        this.compactionTask = new BackgroundTask(dir, ctx.blockSize(), bucketWindowMs,
            ctx.compactionMaxWriteBytesPerSec());
        this.segmentTask = new BackgroundTask(dir, ctx.blockSize(), bucketWindowMs, 0);
        this.compactionPolicy = new TimeWindowCompactionPolicy(ctx.compactionWindowMs(),
            ctx.compactionMinThreshold(), ctx.compactionMaxThreshold(), ctx.maxSstablesPerRead());
        this.headroom = (REQUEST_BATCH * 4) * (maxValueLength + 8 + Memtable.MAX_INDEX_BYTES_PER_PUT);
        this.active = new Memtable(ctx.memtableSize(), headroom);
        this.spare = new Memtable(ctx.memtableSize(), headroom);

        appends = counters.counter(shardId, StorageCounters.APPENDS);
        deletes = counters.counter(shardId, StorageCounters.DELETES);
        reads = counters.counter(shardId, StorageCounters.READS);
        fsyncs = counters.counter(shardId, StorageCounters.FSYNCS);
        batchedRecords = counters.counter(shardId, StorageCounters.BATCHED_RECORDS);
        maxBatch = counters.counter(shardId, StorageCounters.MAX_BATCH);
        flushes = counters.counter(shardId, StorageCounters.FLUSHES);
        compactions = counters.counter(shardId, StorageCounters.COMPACTIONS);
        sstablesRead = counters.counter(shardId, StorageCounters.SSTABLES_READ);
        bytesOnDisk = counters.counter(shardId, StorageCounters.BYTES_ON_DISK);
        commitLogBytesWritten = counters.counter(shardId, StorageCounters.COMMIT_LOG_BYTES_WRITTEN);
        sstableBytesWritten = counters.counter(shardId, StorageCounters.SSTABLE_BYTES_WRITTEN);
        userBytesWritten = counters.counter(shardId, StorageCounters.USER_BYTES_WRITTEN);
        logTailsCut = counters.counter(shardId, StorageCounters.LOG_TAILS_CUT);
        corruptBlocks = counters.counter(shardId, StorageCounters.CORRUPT_BLOCKS);
        tombstonesPurged = counters.counter(shardId, StorageCounters.TOMBSTONES_PURGED);
        stalls = counters.counter(shardId, StorageCounters.STALLS);
        errors = counters.counter(shardId, StorageCounters.ERRORS);
        liveSstables = counters.counter(shardId, StorageCounters.LIVE_SSTABLES);
        majorCompactions = counters.counter(shardId, StorageCounters.MAJOR_COMPACTIONS);
        fsyncNanos = counters.counter(shardId, StorageCounters.FSYNC_NANOS);

        manifest = Manifest.open(dir);
        // a memtable's worth of records takes about 1.1x its size in the log (frame headers instead of row index)
        commitLog = new CommitLog(dir, ctx.segmentSize(), manifest::nextFileNumber,
            ctx.memtableSize() + ctx.memtableSize() / 4L, ctx.flushMaxWriteBytesPerSec(), this::deleteLater);
        recover();
        flushTask.onDone = this::wake;
        compactionTask.onDone = this::wake;
        segmentTask.onDone = this::wake;
    }

    private void recover() throws IOException
    {
        long maxSequence = manifest.flushedSequence();
        final String[] names = dir.list();
        final List<Long> segments = new ArrayList<>();
        for (final String name : null == names ? new String[0] : names)
        {
            final long number = Manifest.fileNumberOf(name);
            if (name.endsWith(".sst") && !manifest.liveFiles().contains(number))
            {
                if (!new File(dir, name).delete())
                {
                    throw new IOException("cannot delete orphan SSTable " + new File(dir, name));
                }
            }
            else if (name.endsWith(".log") && number >= 0)
            {
                segments.add(number);
            }
        }
        final long[] live = new long[manifest.liveFiles().size()];
        int liveCount = 0;
        final LongHashSet.LongIterator liveIterator = manifest.liveFiles().iterator();
        while (liveIterator.hasNext())
        {
            live[liveCount++] = liveIterator.nextValue();
        }
        Arrays.sort(live);
        for (final long number : live)
        {
            final File file = new File(dir, SSTableDescriptor.fileName(number));
            final SSTableReader reader;
            try
            {
                reader = SSTableReader.open(file, number);
            }
            catch (final SSTableCorruptedException ex)
            {
                throw new IOException("shard " + shardId + " cannot open live SSTable: " + ex.getMessage(), ex);
            }
            sstables.add(reader);
            for (int p = 0; p < reader.partitionCount(); p++)
            {
                directory.add(reader.partitionChannel(p), reader.partitionBucket(p));
            }
            maxSequence = Math.max(maxSequence, reader.maxSequence());
        }

        segments.sort(null);
        final long flushedSequence = manifest.flushedSequence();
        final CommitLogReplayer replayer = new CommitLogReplayer();
        final long[] replayedMax = {maxSequence};
        for (final long number : segments)
        {
            final File file = new File(dir, CommitLogSegment.fileName(number));
            replayer.replay(file, (type, sequence, channelId, messageId, buffer, valueOffset, valueLength) ->
            {
                if (sequence > flushedSequence)
                {
                    if (active.isFull() || !active.hasRoomFor(valueLength))
                    {
                        flushInline();
                    }
                    apply(type, sequence, channelId, messageId, buffer, valueOffset, valueLength);
                }
                replayedMax[0] = Math.max(replayedMax[0], sequence);
            });
            if (replayer.wasCut())
            {
                logTailsCut.increment();
                LOGGER.log(System.Logger.Level.WARNING, "shard " + shardId + ": cut torn or corrupt tail of " + file +
                    " at byte " + replayer.validLength() + " after " + replayer.records() + " valid records");
            }
            commitLog.adoptReplayed(number, file, replayer.maxSequence());
        }
        nextSequence = replayedMax[0] + 1;
        commitLog.deleteSegmentsUpTo(manifest.flushedSequence());
        liveSstables.setOrdered(sstables.size());
        updateBytesOnDisk();
    }

    private void flushInline() throws IOException
    {
        flushTask.prepareFlush(active, manifest.nextFileNumber());
        flushTask.run();
        if (null != flushTask.error)
        {
            throw new IOException("shard " + shardId + " flush during recovery failed", flushTask.error);
        }
        installFlush();
        active.clear();
    }

    private void installFlush() throws IOException
    {
        edit.reset().addFile(flushTask.fileNumber).flushedSequence(flushTask.memtable.maxSequence());
        manifest.apply(edit);
        sstables.add(flushTask.output);
        flushes.increment();
        sstableBytesWritten.getAndAdd(flushTask.bytesWritten);
        liveSstables.setOrdered(sstables.size());
    }

    private void apply(final byte type, final long sequence, final long channelId, final long messageId,
        final DirectBuffer buffer, final int valueOffset, final int valueLength)
    {
        final boolean stored = CommitLogRecordDescriptor.TYPE_TOMBSTONE == type ?
            active.delete(channelId, messageId, sequence, buffer.getLong(valueOffset)) :
            active.put(channelId, messageId, sequence, buffer, valueOffset, valueLength);
        if (!stored)
        {
            throw new IllegalStateException("memtable arena overflow: headroom too small");
        }
        directory.add(channelId, Partitioner.bucketOf(messageId, bucketWindowMs));
    }

    ManyToOneRingBuffer requests()
    {
        return requests;
    }

    public String roleName()
    {
        return "storage-shard-" + shardId;
    }

    public void onStart()
    {
        thread = Thread.currentThread();
    }

    /**
     * Unparks the shard if its last duty cycle found nothing to do, so a request committed to its ring or a finished
     * flush or compaction is handled now rather than when the idle strategy's park (up to 1 ms with backoff) runs
     * out. Any thread, after publishing. Pairs with the end of {@link #doWork()}: each side writes its own flag (ring
     * tail or done queue; {@code isIdle}) then reads the other's, with a full fence between, so at least one of them
     * sees the other. A shard stalled on a full memtable waiting for its flush parks instead of spinning over the
     * requests it cannot take yet.
     */
    void wake()
    {
        VarHandle.fullFence();
        if (isIdle)
        {
            isIdle = false;
            final Thread shardThread = thread;
            if (null != shardThread)
            {
                LockSupport.unpark(shardThread);
            }
        }
    }

    public int doWork()
    {
        int work = pollBackground();
        work += drainDeferred();
        final boolean canRead = 0 == deferredLength && hasRoomForBatch();
        if (canRead)
        {
            work += readRequests();
        }
        else
        {
            stalls.increment();
        }
        if (stagedCount > 0 &&
            (0 == groupCommitMaxDelayMs || clock.time() - stagedSinceMs >= groupCommitMaxDelayMs ||
            !hasRoomForBatch()))
        {
            commit();
            work++;
        }
        work += scheduleBackground();
        if (0 == work)
        {
            if (!isIdle)
            {
                isIdle = true;
            }
            if ((canRead && requests.size() > 0) || isBackgroundDone())
            {
                isIdle = false;
                work = 1;
            }
        }
        else if (isIdle)
        {
            isIdle = false;
        }
        return work;
    }

    /**
     * Drains the request ring in slices while the memtable has room for another slice, so that one force covers
     * everything that arrived during the previous one, up to {@link #MAX_GROUP} records.
     */
    private int readRequests()
    {
        int total = 0;
        int read;
        do
        {
            read = requests.read(this, REQUEST_BATCH);
            total += read;
        }
        while (read == REQUEST_BATCH && stagedCount < MAX_GROUP && 0 == deferredLength &&
            active.arenaRemaining() - stagedValueBytes >= headroom / 4);
        return total;
    }

    private boolean isBackgroundDone()
    {
        return (isFlushInFlight && !flushTask.doneQueue.isEmpty()) ||
            (isCompactionInFlight && !compactionTask.doneQueue.isEmpty()) ||
            (isSegmentInFlight && !segmentTask.doneQueue.isEmpty());
    }

        private boolean hasRoomForBatch()
    {
        if (!active.isFull() && active.arenaRemaining() - stagedValueBytes >= headroom / 4)
        {
            return true;
        }
        if (stagedCount > 0)
        {
            return false;
        }
        if (null == immutable)
        {
            switchMemtable();
            return true;
        }
        return false;
    }

    private void switchMemtable()
    {
        try
        {
            commitLog.roll();
        }
        catch (final IOException ex)
        {
            onIoError("rolling the commit log", ex);
        }
        immutable = active;
        active = spare;
        spare = null;
        isFlushSubmitted = false;
    }

    /**
     * Asks for every SSTable and the current memtable to be merged into one file (tombstones past grace purged).
     * Any thread; the shard acts on it in its next duty cycles.
     */
    void requestMajorCompaction()
    {
        isMajorCompactionRequested = true;
    }

    private int scheduleBackground()
    {
        if (isMajorCompactionRequested)
        {
            isMajorCompactionRequested = false;
            isMajorCompactionPending = true;
        }
        if (isFailed || (0 != retryBackgroundAtMs && clock.time() < retryBackgroundAtMs))
        {
            return 0;
        }
        int work = 0;
        if (null != immutable && !isFlushSubmitted && !isFlushInFlight)
        {
            flushTask.prepareFlush(immutable, manifest.nextFileNumber());
            if (flushAgent.submit(flushTask))
            {
                isFlushSubmitted = true;
                isFlushInFlight = true;
                work++;
            }
        }
        work += prepareNextSegment();
        if (isCompactionInFlight)
        {
            return work;
        }
        if (isMajorCompactionPending)
        {
            if (null != immutable)
            {
                return work;
            }
            if (!active.isEmpty())
            {
                if (0 == stagedCount)
                {
                    switchMemtable();
                    work++;
                }
                return work;
            }
            isMajorCompactionPending = false;
            if (!sstables.isEmpty())
            {
                compactionTask.prepareCompaction(sstables, List.of(), manifest.nextFileNumber(), clock.time(),
                    ctx.tombstoneGraceMs());
                compactionTask.isMajor = true;
                work += submitCompaction();
            }
            else
            {
                majorCompactions.increment();
            }
            return work;
        }
        if (isCompactionCheckDue)
        {
            isCompactionCheckDue = false;
            final List<SSTableReader> selection = compactionPolicy.select(sstables);
            if (!selection.isEmpty())
            {
                final List<SSTableReader> others = new ArrayList<>(sstables);
                others.removeAll(selection);
                compactionTask.prepareCompaction(selection, others, manifest.nextFileNumber(), clock.time(),
                    ctx.tombstoneGraceMs());
                work += submitCompaction();
            }
        }
        return work;
    }

    /**
     * Has the flush agent rename and open the spare log segment as the next one, so the group commit that starts a
     * segment finds it ready.
     */
    private int prepareNextSegment()
    {
        if (isSegmentInFlight || !commitLog.canPrepare())
        {
            return 0;
        }
        segmentTask.prepareSegment(commitLog.beginPreparation());
        if (!flushAgent.submit(segmentTask))
        {
            commitLog.cancelPreparation();
            return 0;
        }
        isSegmentInFlight = true;
        return 1;
    }

    private void onSegmentPrepared()
    {
        isSegmentInFlight = false;
        final IOException ex = commitLog.endPreparation();
        if (null != ex)
        {
            errors.increment();
            LOGGER.log(System.Logger.Level.WARNING, "shard " + shardId + ": could not prepare the next commit log " +
                "segment; the next one will be created when needed", ex);
        }
    }

    private int submitCompaction()
    {
        if (!compactionAgent.submit(compactionTask))
        {
            isCompactionCheckDue = true;
            return 0;
        }
        isCompactionInFlight = true;
        return 1;
    }

    private int pollBackground()
    {
        int work = 0;
        if (isSegmentInFlight && null != segmentTask.doneQueue.poll())
        {
            onSegmentPrepared();
            work++;
        }
        if (isFlushInFlight && null != flushTask.doneQueue.poll())
        {
            isFlushInFlight = false;
            work++;
            if (!onTaskFailed(flushTask))
            {
                try
                {
                    installFlush();
                    immutable.clear();
                    spare = immutable;
                    immutable = null;
                    commitLog.deleteSegmentsUpTo(manifest.flushedSequence());
                }
                catch (final IOException ex)
                {
                    onIoError("recording a version edit", ex);
                }
            }
            isFlushSubmitted = false;
        }
        if (isCompactionInFlight && null != compactionTask.doneQueue.poll())
        {
            isCompactionInFlight = false;
            work++;
            if (!onTaskFailed(compactionTask))
            {
                try
                {
                    installCompaction();
                }
                catch (final IOException ex)
                {
                    onIoError("recording a version edit", ex);
                }
            }
        }
        if (work > 0)
        {
            isCompactionCheckDue = true;
            updateBytesOnDisk();
        }
        return work;
    }

    private boolean onTaskFailed(final BackgroundTask task)
    {
        if (null == task.error)
        {
            retryBackgroundAtMs = 0;
            return false;
        }
        errors.increment();
        if (task.error instanceof SSTableCorruptedException)
        {
            corruptBlocks.increment();
        }
        LOGGER.log(System.Logger.Level.ERROR, "shard " + shardId + ": background " +
            (BackgroundTask.FLUSH == task.type ? "flush" : "compaction") + " failed, retrying later", task.error);
        task.inputs.clear();
        task.others.clear();
        retryBackgroundAtMs = clock.time() + FAILED_TASK_RETRY_MS;
        return true;
    }

    /**
     * Hands a file no longer needed to the compaction agent to unlink, so the shard thread never spends the
     * milliseconds a large unlink takes; deletes it here only when that queue is full.
     */
    private boolean deleteLater(final File file)
    {
        return compactionAgent.deleteLater(file) || BackgroundAgent.deleteNow(file);
    }

    private void installCompaction() throws IOException
    {
        final SSTableReader output = compactionTask.output;
        final boolean isEmpty = 0 == output.rowCount();
        edit.reset();
        if (!isEmpty)
        {
            edit.addFile(output.fileNumber());
        }
        for (int i = 0; i < compactionTask.inputs.size(); i++)
        {
            edit.deleteFile(compactionTask.inputs.get(i).fileNumber());
        }
        manifest.apply(edit);
        for (int i = 0; i < compactionTask.inputs.size(); i++)
        {
            final SSTableReader input = compactionTask.inputs.get(i);
            sstables.remove(input);
            input.close();
            deleteLater(input.file());
        }
        if (isEmpty)
        {
            output.close();
            deleteLater(output.file());
        }
        else
        {
            sstables.add(output);
        }
        compactionTask.inputs.clear();
        compactionTask.others.clear();
        compactions.increment();
        if (compactionTask.isMajor)
        {
            majorCompactions.increment();
        }
        tombstonesPurged.getAndAdd(compactionTask.purgedTombstones);
        sstableBytesWritten.getAndAdd(compactionTask.bytesWritten);
        liveSstables.setOrdered(sstables.size());
    }

    private void updateBytesOnDisk()
    {
        long bytes = commitLog.bytesOnDisk();
        for (int i = 0, size = sstables.size(); i < size; i++)
        {
            bytes += sstables.get(i).fileLength();
        }
        bytesOnDisk.setOrdered(bytes);
    }

    private void onIoError(final String what, final IOException ex)
    {
        errors.increment();
        if (!isFailed)
        {
            LOGGER.log(System.Logger.Level.ERROR, "shard " + shardId + ": I/O error " + what +
                "; refusing writes from now on", ex);
        }
        isFailed = true;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int clientId = buffer.getInt(index + RequestDescriptor.CLIENT_ID_OFFSET);
        final long correlationId = buffer.getLong(index + RequestDescriptor.CORRELATION_ID_OFFSET);
        final long channelId = buffer.getLong(index + RequestDescriptor.CHANNEL_ID_OFFSET);
        final long messageId = buffer.getLong(index + RequestDescriptor.MESSAGE_ID_OFFSET);
        switch (msgTypeId)
        {
            case RequestDescriptor.WRITE_MSG_TYPE_ID:
            {
                final int valueLength = buffer.getInt(index + RequestDescriptor.VALUE_LENGTH_OFFSET);
                if (valueLength < 0 || valueLength > maxValueLength ||
                    valueLength != length - RequestDescriptor.HEADER_LENGTH)
                {
                    completeWrite(clientId, correlationId, StorageStatus.VALUE_TOO_LARGE);
                }
                else if (isFailed)
                {
                    completeWrite(clientId, correlationId, StorageStatus.IO_ERROR);
                }
                else
                {
                    final int offset = commitLog.stagePut(nextSequence++, channelId, messageId,
                        buffer, index + RequestDescriptor.VALUE_OFFSET, valueLength);
                    stage(clientId, correlationId, offset, valueLength);
                }
                break;
            }

            case RequestDescriptor.DELETE_MSG_TYPE_ID:
                if (isFailed)
                {
                    completeWrite(clientId, correlationId, StorageStatus.IO_ERROR);
                }
                else
                {
                    final int offset = commitLog.stageTombstone(nextSequence++, channelId, messageId, clock.time());
                    stage(clientId, correlationId, offset, 8);
                }
                break;

            case RequestDescriptor.READ_MSG_TYPE_ID:
                onRead(clientId, correlationId, channelId, buffer.getInt(index + RequestDescriptor.MODE_OFFSET),
                    messageId, buffer.getInt(index + RequestDescriptor.LIMIT_OFFSET));
                break;

            default:
                errors.increment();
                break;
        }
    }

    private void stage(final int clientId, final long correlationId, final int offset, final int valueLength)
    {
        if (stagedCount == stagedClients.length)
        {
            final int capacity = stagedCount << 1;
            stagedClients = Arrays.copyOf(stagedClients, capacity);
            stagedCorrelations = Arrays.copyOf(stagedCorrelations, capacity);
            stagedOffsets = Arrays.copyOf(stagedOffsets, capacity);
        }
        if (0 == stagedCount)
        {
            stagedSinceMs = clock.time();
        }
        stagedClients[stagedCount] = clientId;
        stagedCorrelations[stagedCount] = correlationId;
        stagedOffsets[stagedCount] = offset;
        stagedCount++;
        stagedValueBytes += valueLength + 8 + Memtable.MAX_INDEX_BYTES_PER_PUT;
    }

    private void commit()
    {
        final int count = stagedCount;
        final int bytes = commitLog.stagedLength();
        final long syncStartNs = System.nanoTime();
        try
        {
            commitLog.sync();
        }
        catch (final IOException ex)
        {
            onIoError("forcing the commit log", ex);
            for (int i = 0; i < count; i++)
            {
                completeWrite(stagedClients[i], stagedCorrelations[i], StorageStatus.IO_ERROR);
            }
            commitLog.clearStaged();
            stagedCount = 0;
            stagedValueBytes = 0;
            return;
        }
        fsyncNanos.getAndAddOrdered(System.nanoTime() - syncStartNs);
        fsyncs.incrementOrdered();
        batchedRecords.getAndAddOrdered(count);
        if (count > maxBatch.get())
        {
            maxBatch.setOrdered(count);
        }
        commitLogBytesWritten.getAndAddOrdered(bytes);

        final MutableDirectBuffer staged = commitLog.stagedBuffer();
        long appended = 0;
        long userBytes = 0;
        for (int i = 0; i < count; i++)
        {
            final int offset = stagedOffsets[i];
            final byte type = staged.getByte(offset + CommitLogRecordDescriptor.TYPE_OFFSET);
            final int valueLength = staged.getInt(offset + CommitLogRecordDescriptor.VALUE_LENGTH_OFFSET);
            apply(type,
                staged.getLong(offset + CommitLogRecordDescriptor.SEQUENCE_OFFSET),
                staged.getLong(offset + CommitLogRecordDescriptor.CHANNEL_ID_OFFSET),
                staged.getLong(offset + CommitLogRecordDescriptor.MESSAGE_ID_OFFSET),
                staged, offset + CommitLogRecordDescriptor.VALUE_OFFSET, valueLength);
            if (CommitLogRecordDescriptor.TYPE_PUT == type)
            {
                appended++;
                userBytes += valueLength;
            }
            completeWrite(stagedClients[i], stagedCorrelations[i], StorageStatus.OK);
        }
        appends.getAndAddOrdered(appended);
        deletes.getAndAddOrdered(count - appended);
        userBytesWritten.getAndAddOrdered(userBytes);
        commitLog.clearStaged();
        stagedCount = 0;
        stagedValueBytes = 0;
        updateBytesOnDisk();
    }

    private void onRead(final int clientId, final long correlationId, final long channelId, final int mode,
        final long cursorId, final int limit)
    {
        reads.incrementOrdered();
        if (!ReadMode.isValid(mode))
        {
            completeRead(clientId, correlationId, StorageStatus.INVALID_READ_MODE, 0, 0, 0, 0);
            return;
        }
        if (limit < 1 || limit > CompletionDescriptor.MAX_LIMIT)
        {
            completeRead(clientId, correlationId, StorageStatus.INVALID_LIMIT, 0, 0, 0, 0);
            return;
        }
        try
        {
            switch (mode)
            {
                case ReadMode.LATEST:
                    completeRead(clientId, correlationId, StorageStatus.OK,
                        0, 0, 0, collectDescending(channelId, Long.MAX_VALUE, limit, 0));
                    break;

                case ReadMode.BEFORE:
                    completeRead(clientId, correlationId, StorageStatus.OK, 0, 0, 0,
                        cursorId <= 0 ? 0 : collectDescending(channelId, cursorId - 1, limit, 0));
                    break;

                case ReadMode.AFTER:
                {
                    final int newer = cursorId == Long.MAX_VALUE ?
                        0 : collectAscending(channelId, Math.max(0, cursorId + 1), limit, 0);
                    completeRead(clientId, correlationId, StorageStatus.OK, 0, newer, 0, 0);
                    break;
                }

                default:
                {
                    final int older = collectDescending(channelId, Math.max(0, cursorId), limit - limit / 2, 0);
                    final int newer = cursorId == Long.MAX_VALUE ?
                        0 : collectAscending(channelId, Math.max(0, cursorId + 1), limit / 2, limit);
                    completeRead(clientId, correlationId, StorageStatus.OK, limit, newer, 0, older);
                    break;
                }
            }
        }
        catch (final SSTableCorruptedException ex)
        {
            corruptBlocks.increment();
            errors.increment();
            LOGGER.log(System.Logger.Level.ERROR, "shard " + shardId + ": read of channel " + channelId +
                " failed: " + ex.getMessage());
            completeRead(clientId, correlationId, StorageStatus.CORRUPTED, 0, 0, 0, 0);
        }
    }

    private void setUpSources(final long channelId, final long bucket)
    {
        sourceCount = 0;
        ensureSourceCapacity(2 + sstables.size());
        final ChannelRows activeRows = active.rows(channelId);
        if (null != activeRows && activeRows.size() > 0)
        {
            activeCursor.reset(active, activeRows);
            sources[sourceCount++] = activeCursor;
        }
        if (null != immutable)
        {
            final ChannelRows immutableRows = immutable.rows(channelId);
            if (null != immutableRows && immutableRows.size() > 0)
            {
                immutableCursor.reset(immutable, immutableRows);
                sources[sourceCount++] = immutableCursor;
            }
        }
        int touched = 0;
        for (int i = 0, size = sstables.size(); i < size; i++)
        {
            final SSTableReader reader = sstables.get(i);
            final int partition = reader.findPartition(channelId, bucket);
            if (partition >= 0)
            {
                final SSTableCursor cursor = sstableCursors[touched++];
                cursor.reset(reader, partition);
                sources[sourceCount++] = cursor;
            }
        }
        if (touched > 0)
        {
            sstablesRead.getAndAddOrdered(touched);
        }
    }

    private void ensureSourceCapacity(final int needed)
    {
        if (sources.length < needed)
        {
            sources = new RowCursor[needed];
        }
        if (sstableCursors.length < needed)
        {
            final int old = sstableCursors.length;
            sstableCursors = Arrays.copyOf(sstableCursors, needed);
            for (int i = old; i < needed; i++)
            {
                sstableCursors[i] = new SSTableCursor();
            }
        }
    }

    private int collectDescending(final long channelId, final long highId, final int limit, final int base)
    {
        final PartitionDirectory.Buckets buckets = directory.buckets(channelId);
        if (null == buckets || highId < 0)
        {
            return 0;
        }
        int count = 0;
        for (int b = buckets.floorIndex(Partitioner.bucketOf(highId, bucketWindowMs)); b >= 0 && count < limit; b--)
        {
            final long bucket = buckets.buckets[b];
            final long low = Partitioner.lowestIdOf(bucket, bucketWindowMs);
            final long high = Math.min(highId, Partitioner.highestIdOf(bucket, bucketWindowMs));
            setUpSources(channelId, bucket);
            for (int i = 0; i < sourceCount; i++)
            {
                sources[i].seekDescending(high);
            }
            while (count < limit)
            {
                int best = -1;
                long bestId = Long.MIN_VALUE;
                long bestSequence = Long.MIN_VALUE;
                for (int i = 0; i < sourceCount; i++)
                {
                    final RowCursor source = sources[i];
                    if (source.hasRow())
                    {
                        final long id = source.id();
                        if (id >= low &&
                            (-1 == best || id > bestId || (id == bestId && source.sequence() > bestSequence)))
                        {
                            best = i;
                            bestId = id;
                            bestSequence = source.sequence();
                        }
                    }
                }
                if (-1 == best)
                {
                    break;
                }
                count += take(sources[best], base + count);
                skip(bestId);
            }
        }
        return count;
    }

    private int collectAscending(final long channelId, final long lowId, final int limit, final int base)
    {
        final PartitionDirectory.Buckets buckets = directory.buckets(channelId);
        if (null == buckets)
        {
            return 0;
        }
        int count = 0;
        for (int b = buckets.ceilingIndex(Partitioner.bucketOf(lowId, bucketWindowMs));
            b < buckets.count && count < limit; b++)
        {
            final long bucket = buckets.buckets[b];
            final long low = Math.max(lowId, Partitioner.lowestIdOf(bucket, bucketWindowMs));
            final long high = Partitioner.highestIdOf(bucket, bucketWindowMs);
            setUpSources(channelId, bucket);
            for (int i = 0; i < sourceCount; i++)
            {
                sources[i].seekAscending(low);
            }
            while (count < limit)
            {
                int best = -1;
                long bestId = Long.MAX_VALUE;
                long bestSequence = Long.MIN_VALUE;
                for (int i = 0; i < sourceCount; i++)
                {
                    final RowCursor source = sources[i];
                    if (source.hasRow())
                    {
                        final long id = source.id();
                        if (id <= high &&
                            (-1 == best || id < bestId || (id == bestId && source.sequence() > bestSequence)))
                        {
                            best = i;
                            bestId = id;
                            bestSequence = source.sequence();
                        }
                    }
                }
                if (-1 == best)
                {
                    break;
                }
                count += take(sources[best], base + count);
                skip(bestId);
            }
        }
        return count;
    }

    private int take(final RowCursor source, final int slot)
    {
        if (source.isTombstone())
        {
            return 0;
        }
        resultIds[slot] = source.id();
        resultBuffers[slot] = source.buffer();
        resultOffsets[slot] = source.valueOffset();
        resultLengths[slot] = source.valueLength();
        return 1;
    }

    private void skip(final long id)
    {
        for (int i = 0; i < sourceCount; i++)
        {
            final RowCursor source = sources[i];
            while (source.hasRow() && source.id() == id)
            {
                source.advance();
            }
        }
    }

    private void completeWrite(final int clientId, final long correlationId, final int status)
    {
        final StorageClient client = engine.client(clientId);
        if (null == client)
        {
            return;
        }
        final RingBuffer ring = client.completions();
        if (0 == deferredLength)
        {
            final int index = ring.tryClaim(CompletionDescriptor.WRITE_COMPLETE_MSG_TYPE_ID,
                CompletionDescriptor.ROWS_OFFSET);
            if (index > 0)
            {
                final MutableDirectBuffer buffer = ring.buffer();
                buffer.putLong(index + CompletionDescriptor.CORRELATION_ID_OFFSET, correlationId);
                buffer.putInt(index + CompletionDescriptor.STATUS_OFFSET, status);
                buffer.putInt(index + CompletionDescriptor.COUNT_OFFSET, 0);
                ring.commit(index);
                client.onCompletionCommitted();
                return;
            }
        }
        scratch.putLong(CompletionDescriptor.CORRELATION_ID_OFFSET, correlationId);
        scratch.putInt(CompletionDescriptor.STATUS_OFFSET, status);
        scratch.putInt(CompletionDescriptor.COUNT_OFFSET, 0);
        defer(clientId, CompletionDescriptor.WRITE_COMPLETE_MSG_TYPE_ID, scratch, 0, CompletionDescriptor.ROWS_OFFSET);
    }

    /**
     * Writes a read completion: rows {@code [newerBase, newerBase + newerCount)} in reverse (they were collected
     * oldest first), then rows {@code [olderBase, olderBase + olderCount)} as collected (newest first).
     */
    private void completeRead(final int clientId, final long correlationId, final int status,
        final int newerBase, final int newerCount, final int olderBase, final int olderCount)
    {
        final StorageClient client = engine.client(clientId);
        if (null == client)
        {
            return;
        }
        int length = CompletionDescriptor.ROWS_OFFSET;
        for (int i = 0; i < newerCount; i++)
        {
            length += ReadResult.ROW_HEADER_LENGTH + resultLengths[newerBase + i];
        }
        for (int i = 0; i < olderCount; i++)
        {
            length += ReadResult.ROW_HEADER_LENGTH + resultLengths[olderBase + i];
        }
        final RingBuffer ring = client.completions();
        if (0 == deferredLength)
        {
            final int index = ring.tryClaim(CompletionDescriptor.READ_COMPLETE_MSG_TYPE_ID, length);
            if (index > 0)
            {
                encodeRead(ring.buffer(), index, correlationId, status, newerBase, newerCount, olderBase, olderCount);
                ring.commit(index);
                client.onCompletionCommitted();
                return;
            }
        }
        deferred.checkLimit(deferredLength + DEFERRED_HEADER_LENGTH + length);
        deferred.putInt(deferredLength, clientId);
        deferred.putInt(deferredLength + 4, CompletionDescriptor.READ_COMPLETE_MSG_TYPE_ID);
        deferred.putInt(deferredLength + 8, length);
        encodeRead(deferred, deferredLength + DEFERRED_HEADER_LENGTH, correlationId, status,
            newerBase, newerCount, olderBase, olderCount);
        deferredLength += DEFERRED_HEADER_LENGTH + length;
    }

    private void encodeRead(final MutableDirectBuffer buffer, final int index, final long correlationId,
        final int status, final int newerBase, final int newerCount, final int olderBase, final int olderCount)
    {
        buffer.putLong(index + CompletionDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putInt(index + CompletionDescriptor.STATUS_OFFSET, status);
        buffer.putInt(index + CompletionDescriptor.COUNT_OFFSET, newerCount + olderCount);
        int position = index + CompletionDescriptor.ROWS_OFFSET;
        for (int i = newerBase + newerCount - 1; i >= newerBase; i--)
        {
            position = encodeRow(buffer, position, i);
        }
        for (int i = olderBase; i < olderBase + olderCount; i++)
        {
            position = encodeRow(buffer, position, i);
        }
    }

    private int encodeRow(final MutableDirectBuffer buffer, final int position, final int slot)
    {
        final int valueLength = resultLengths[slot];
        buffer.putLong(position, resultIds[slot]);
        buffer.putInt(position + 8, valueLength);
        buffer.putBytes(position + ReadResult.ROW_HEADER_LENGTH, resultBuffers[slot], resultOffsets[slot], valueLength);
        return position + ReadResult.ROW_HEADER_LENGTH + valueLength;
    }

    private void defer(final int clientId, final int msgTypeId, final DirectBuffer source, final int offset,
        final int length)
    {
        deferred.checkLimit(deferredLength + DEFERRED_HEADER_LENGTH + length);
        deferred.putInt(deferredLength, clientId);
        deferred.putInt(deferredLength + 4, msgTypeId);
        deferred.putInt(deferredLength + 8, length);
        deferred.putBytes(deferredLength + DEFERRED_HEADER_LENGTH, source, offset, length);
        deferredLength += DEFERRED_HEADER_LENGTH + length;
    }

    private int drainDeferred()
    {
        if (0 == deferredLength)
        {
            return 0;
        }
        int position = 0;
        while (position < deferredLength)
        {
            final int clientId = deferred.getInt(position);
            final int msgTypeId = deferred.getInt(position + 4);
            final int length = deferred.getInt(position + 8);
            final StorageClient client = engine.client(clientId);
            if (null != client)
            {
                if (!client.completions().write(msgTypeId, deferred, position + DEFERRED_HEADER_LENGTH, length))
                {
                    break;
                }
                client.onCompletionCommitted();
            }
            position += DEFERRED_HEADER_LENGTH + length;
        }
        if (position > 0)
        {
            deferred.putBytes(0, deferred, position, deferredLength - position);
            deferredLength -= position;
        }
        return position > 0 ? 1 : 0;
    }

    /**
     * Forces what is staged, then closes files. Called once the agent no longer runs.
     */
    public void onClose()
    {
        if (stagedCount > 0)
        {
            commit();
        }
        if (isSegmentInFlight)
        {
            // the background agents stopped first: the preparation either ran or never will
            if (null != segmentTask.doneQueue.poll())
            {
                onSegmentPrepared();
            }
            else
            {
                commitLog.cancelPreparation();
                isSegmentInFlight = false;
            }
        }
        try
        {
            commitLog.close();
            manifest.close();
        }
        catch (final IOException ex)
        {
            errors.increment();
            LOGGER.log(System.Logger.Level.WARNING, "shard " + shardId + ": error closing files", ex);
        }
        for (int i = 0, size = sstables.size(); i < size; i++)
        {
            sstables.get(i).close();
        }
        sstables.clear();
    }

}
