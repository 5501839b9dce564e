package io.concord.storage;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * Settings of the storage engine: {@code concord.storage.*} system properties with their defaults, resolved into a
 * {@link Context} that {@link Context#conclude()} checks once before the engine starts.
 * <p>
 * Called from the thread that launches the engine.
 */
public final class StorageConfiguration
{
    /** Directory holding one sub-directory per shard. */
    public static final String DIR_PROP_NAME = "concord.storage.dir";
    public static final String DIR_DEFAULT = "data/storage";

    /** Number of shards, each one thread owning its partitions. Fixed for the life of a data directory. */
    public static final String SHARDS_PROP_NAME = "concord.storage.shards";

    /** Width of a partition's time bucket, applied to the snowflake timestamp (Discord used 10 days). */
    public static final String BUCKET_WINDOW_MS_PROP_NAME = "concord.storage.bucket.window.ms";
    public static final long BUCKET_WINDOW_MS_DEFAULT = TimeUnit.DAYS.toMillis(10);

    /** Bytes of record data a memtable holds before it is switched and flushed to an SSTable. */
    public static final String MEMTABLE_SIZE_PROP_NAME = "concord.storage.memtable.size";
    public static final int MEMTABLE_SIZE_DEFAULT = 32 * 1024 * 1024;

    /** How long a shard may hold a group of records to gather more before it forces them; 0 = as soon as idle. */
    public static final String GROUP_COMMIT_MAX_DELAY_US_PROP_NAME = "concord.storage.group.commit.max.delay.us";
    public static final long GROUP_COMMIT_MAX_DELAY_US_DEFAULT = 0;

    /** Commit log segment size: a new segment starts when the current one passes it (and at each memtable switch). */
    public static final String SEGMENT_SIZE_PROP_NAME = "concord.storage.commitlog.segment.size";
    public static final int SEGMENT_SIZE_DEFAULT = 64 * 1024 * 1024;

    /** Bytes of the bounded request queue of each shard. */
    public static final String REQUEST_QUEUE_CAPACITY_PROP_NAME = "concord.storage.request.queue.capacity";
    public static final int REQUEST_QUEUE_CAPACITY_DEFAULT = 1024 * 1024;

    /** Largest value (encoded message record) accepted. */
    public static final String MAX_VALUE_LENGTH_PROP_NAME = "concord.storage.max.value.length";
    public static final int MAX_VALUE_LENGTH_DEFAULT = 8192;

    /** Target size of an SSTable data block. */
    public static final String BLOCK_SIZE_PROP_NAME = "concord.storage.sstable.block.size";
    public static final int BLOCK_SIZE_DEFAULT = 16 * 1024;

    /** Time window of time-window compaction (by newest message timestamp in an SSTable). */
    public static final String COMPACTION_WINDOW_MS_PROP_NAME = "concord.storage.compaction.window.ms";
    public static final long COMPACTION_WINDOW_MS_DEFAULT = BUCKET_WINDOW_MS_DEFAULT;

    /** Number of similar-sized SSTables in one window that triggers their compaction. */
    public static final String COMPACTION_MIN_THRESHOLD_PROP_NAME = "concord.storage.compaction.min.threshold";
    public static final int COMPACTION_MIN_THRESHOLD_DEFAULT = 4;

    /** Most SSTables merged by one compaction. */
    public static final String COMPACTION_MAX_THRESHOLD_PROP_NAME = "concord.storage.compaction.max.threshold";
    public static final int COMPACTION_MAX_THRESHOLD_DEFAULT = 32;

    /** Bound on live SSTables of a shard, hence on the SSTables one read may touch: above it compaction merges. */
    public static final String MAX_SSTABLES_PER_READ_PROP_NAME = "concord.storage.max.sstables.per.read";
    public static final int MAX_SSTABLES_PER_READ_DEFAULT = 12;

    /** Write rate cap of compaction (bytes/s, 0 = none), so its I/O leaves room for commit log forces. */
    public static final String COMPACTION_MAX_WRITE_BYTES_PER_SEC_PROP_NAME =
        "concord.storage.compaction.max.write.bytes.per.sec";
    public static final long COMPACTION_MAX_WRITE_BYTES_PER_SEC_DEFAULT = 32L * 1024 * 1024;

    /**
     * Write rate cap of memtable flushes (bytes/s, 0 = none). Unpaced, a flush writes as fast as the disk takes it and
     * every commit log force queues behind its writes; the cap must stay above the sustained ingest rate in bytes or
     * writers stall on a full memtable.
     */
    public static final String FLUSH_MAX_WRITE_BYTES_PER_SEC_PROP_NAME =
        "concord.storage.flush.max.write.bytes.per.sec";
    public static final long FLUSH_MAX_WRITE_BYTES_PER_SEC_DEFAULT = 64L * 1024 * 1024;

    /** Age after which a tombstone may be purged by compaction. */
    public static final String TOMBSTONE_GRACE_MS_PROP_NAME = "concord.storage.tombstone.grace.ms";
    public static final long TOMBSTONE_GRACE_MS_DEFAULT = TimeUnit.DAYS.toMillis(10);

    /** How far past the engine clock a written message id's timestamp may be before it is refused. */
    public static final String MAX_FUTURE_SKEW_MS_PROP_NAME = "concord.storage.max.future.skew.ms";
    public static final long MAX_FUTURE_SKEW_MS_DEFAULT = TimeUnit.MINUTES.toMillis(1);

    /** Idle strategy of the shard and background agents, resolved by {@code CommonConfiguration}. */
    public static final String IDLE_STRATEGY_PROP_NAME = "concord.storage.idle.strategy";

    private StorageConfiguration()
    {
    }

    /**
     * Settings for one engine, filled from system properties and overridable by setters. Not thread safe: fill it on
     * one thread, then hand it to {@link StorageEngine#launch(Context)}.
     */
    public static final class Context
    {
        private boolean isConcluded;
        private File dir = new File(System.getProperty(DIR_PROP_NAME, DIR_DEFAULT));
        private int shards = Integer.getInteger(SHARDS_PROP_NAME, Runtime.getRuntime().availableProcessors());
        private long bucketWindowMs = Long.getLong(BUCKET_WINDOW_MS_PROP_NAME, BUCKET_WINDOW_MS_DEFAULT);
        private int memtableSize = Integer.getInteger(MEMTABLE_SIZE_PROP_NAME, MEMTABLE_SIZE_DEFAULT);
        private long groupCommitMaxDelayUs =
            Long.getLong(GROUP_COMMIT_MAX_DELAY_US_PROP_NAME, GROUP_COMMIT_MAX_DELAY_US_DEFAULT);
        private int segmentSize = Integer.getInteger(SEGMENT_SIZE_PROP_NAME, SEGMENT_SIZE_DEFAULT);
        private int requestQueueCapacity =
            Integer.getInteger(REQUEST_QUEUE_CAPACITY_PROP_NAME, REQUEST_QUEUE_CAPACITY_DEFAULT);
        private int maxValueLength = Integer.getInteger(MAX_VALUE_LENGTH_PROP_NAME, MAX_VALUE_LENGTH_DEFAULT);
        private int blockSize = Integer.getInteger(BLOCK_SIZE_PROP_NAME, BLOCK_SIZE_DEFAULT);
        private long compactionWindowMs = Long.getLong(COMPACTION_WINDOW_MS_PROP_NAME, COMPACTION_WINDOW_MS_DEFAULT);
        private int compactionMinThreshold =
            Integer.getInteger(COMPACTION_MIN_THRESHOLD_PROP_NAME, COMPACTION_MIN_THRESHOLD_DEFAULT);
        private int compactionMaxThreshold =
            Integer.getInteger(COMPACTION_MAX_THRESHOLD_PROP_NAME, COMPACTION_MAX_THRESHOLD_DEFAULT);
        private int maxSstablesPerRead =
            Integer.getInteger(MAX_SSTABLES_PER_READ_PROP_NAME, MAX_SSTABLES_PER_READ_DEFAULT);
        private long compactionMaxWriteBytesPerSec = Long.getLong(
            COMPACTION_MAX_WRITE_BYTES_PER_SEC_PROP_NAME, COMPACTION_MAX_WRITE_BYTES_PER_SEC_DEFAULT);
        private long flushMaxWriteBytesPerSec = Long.getLong(
            FLUSH_MAX_WRITE_BYTES_PER_SEC_PROP_NAME, FLUSH_MAX_WRITE_BYTES_PER_SEC_DEFAULT);
        private long tombstoneGraceMs = Long.getLong(TOMBSTONE_GRACE_MS_PROP_NAME, TOMBSTONE_GRACE_MS_DEFAULT);
        private long maxFutureSkewMs = Long.getLong(MAX_FUTURE_SKEW_MS_PROP_NAME, MAX_FUTURE_SKEW_MS_DEFAULT);
        private EpochClock epochClock = SystemEpochClock.INSTANCE;
        private boolean useAgentInvoker;

        /**
         * Checks every setting once; the engine calls it. Creates the data directory.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first setting that is out of range.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                return this;
            }
            require(shards >= 1 && shards <= 256, SHARDS_PROP_NAME, "must be in 1..256", shards);
            require(bucketWindowMs >= 1000, BUCKET_WINDOW_MS_PROP_NAME, "must be >= 1000", bucketWindowMs);
            require(maxValueLength >= 0 && maxValueLength <= 1024 * 1024, MAX_VALUE_LENGTH_PROP_NAME,
                "must be in 0..1048576", maxValueLength);
            require(memtableSize >= 64 * 1024, MEMTABLE_SIZE_PROP_NAME, "must be >= 65536", memtableSize);
            require(memtableSize <= 1024 * 1024 * 1024, MEMTABLE_SIZE_PROP_NAME, "must be <= 1 GiB", memtableSize);
            require(groupCommitMaxDelayUs >= 0, GROUP_COMMIT_MAX_DELAY_US_PROP_NAME, "must be >= 0",
                groupCommitMaxDelayUs);
            require(segmentSize >= 64 * 1024, SEGMENT_SIZE_PROP_NAME, "must be >= 65536", segmentSize);
            require(requestQueueCapacity >= 64 * 1024, REQUEST_QUEUE_CAPACITY_PROP_NAME, "must be >= 65536",
                requestQueueCapacity);
            require(blockSize >= 1024, BLOCK_SIZE_PROP_NAME, "must be >= 1024", blockSize);
            require(compactionWindowMs >= 1000, COMPACTION_WINDOW_MS_PROP_NAME, "must be >= 1000", compactionWindowMs);
            require(compactionMinThreshold >= 2, COMPACTION_MIN_THRESHOLD_PROP_NAME, "must be >= 2",
                compactionMinThreshold);
            require(compactionMaxThreshold >= compactionMinThreshold, COMPACTION_MAX_THRESHOLD_PROP_NAME,
                "must be >= the min threshold", compactionMaxThreshold);
            require(maxSstablesPerRead >= compactionMinThreshold, MAX_SSTABLES_PER_READ_PROP_NAME,
                "must be >= the compaction min threshold", maxSstablesPerRead);
            require(compactionMaxWriteBytesPerSec >= 0, COMPACTION_MAX_WRITE_BYTES_PER_SEC_PROP_NAME, "must be >= 0",
                compactionMaxWriteBytesPerSec);
            require(flushMaxWriteBytesPerSec >= 0, FLUSH_MAX_WRITE_BYTES_PER_SEC_PROP_NAME, "must be >= 0",
                flushMaxWriteBytesPerSec);
            require(tombstoneGraceMs >= 0, TOMBSTONE_GRACE_MS_PROP_NAME, "must be >= 0", tombstoneGraceMs);
            require(maxFutureSkewMs >= 0, MAX_FUTURE_SKEW_MS_PROP_NAME, "must be >= 0", maxFutureSkewMs);
            if (!dir.isDirectory() && !dir.mkdirs())
            {
                throw new IllegalArgumentException("cannot create storage directory " + dir.getAbsolutePath() +
                    " (" + DIR_PROP_NAME + ")");
            }
            isConcluded = true;
            return this;
        }

        private static void require(final boolean condition, final String name, final String rule, final long value)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(name + " " + rule + ", was " + value);
            }
        }

        public File dir()
        {
            return dir;
        }

        public Context dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        public int shards()
        {
            return shards;
        }

        public Context shards(final int shards)
        {
            this.shards = shards;
            return this;
        }

        public long bucketWindowMs()
        {
            return bucketWindowMs;
        }

        public Context bucketWindowMs(final long bucketWindowMs)
        {
            this.bucketWindowMs = bucketWindowMs;
            return this;
        }

        public int memtableSize()
        {
            return memtableSize;
        }

        public Context memtableSize(final int memtableSize)
        {
            this.memtableSize = memtableSize;
            return this;
        }

        public long groupCommitMaxDelayUs()
        {
            return groupCommitMaxDelayUs;
        }

        public Context groupCommitMaxDelayUs(final long groupCommitMaxDelayUs)
        {
            this.groupCommitMaxDelayUs = groupCommitMaxDelayUs;
            return this;
        }

        public int segmentSize()
        {
            return segmentSize;
        }

        public Context segmentSize(final int segmentSize)
        {
            this.segmentSize = segmentSize;
            return this;
        }

        public int requestQueueCapacity()
        {
            return requestQueueCapacity;
        }

        public Context requestQueueCapacity(final int requestQueueCapacity)
        {
            this.requestQueueCapacity = requestQueueCapacity;
            return this;
        }

        public int maxValueLength()
        {
            return maxValueLength;
        }

        public Context maxValueLength(final int maxValueLength)
        {
            this.maxValueLength = maxValueLength;
            return this;
        }

        public int blockSize()
        {
            return blockSize;
        }

        public Context blockSize(final int blockSize)
        {
            this.blockSize = blockSize;
            return this;
        }

        public long compactionWindowMs()
        {
            return compactionWindowMs;
        }

        public Context compactionWindowMs(final long compactionWindowMs)
        {
            this.compactionWindowMs = compactionWindowMs;
            return this;
        }

        public int compactionMinThreshold()
        {
            return compactionMinThreshold;
        }

        public Context compactionMinThreshold(final int compactionMinThreshold)
        {
            this.compactionMinThreshold = compactionMinThreshold;
            return this;
        }

        public int compactionMaxThreshold()
        {
            return compactionMaxThreshold;
        }

        public Context compactionMaxThreshold(final int compactionMaxThreshold)
        {
            this.compactionMaxThreshold = compactionMaxThreshold;
            return this;
        }

        public int maxSstablesPerRead()
        {
            return maxSstablesPerRead;
        }

        public Context maxSstablesPerRead(final int maxSstablesPerRead)
        {
            this.maxSstablesPerRead = maxSstablesPerRead;
            return this;
        }

        public long compactionMaxWriteBytesPerSec()
        {
            return compactionMaxWriteBytesPerSec;
        }

        public Context compactionMaxWriteBytesPerSec(final long compactionMaxWriteBytesPerSec)
        {
            this.compactionMaxWriteBytesPerSec = compactionMaxWriteBytesPerSec;
            return this;
        }

        public long flushMaxWriteBytesPerSec()
        {
            return flushMaxWriteBytesPerSec;
        }

        public Context flushMaxWriteBytesPerSec(final long flushMaxWriteBytesPerSec)
        {
            this.flushMaxWriteBytesPerSec = flushMaxWriteBytesPerSec;
            return this;
        }

        public long tombstoneGraceMs()
        {
            return tombstoneGraceMs;
        }

        public Context tombstoneGraceMs(final long tombstoneGraceMs)
        {
            this.tombstoneGraceMs = tombstoneGraceMs;
            return this;
        }

        public long maxFutureSkewMs()
        {
            return maxFutureSkewMs;
        }

        public Context maxFutureSkewMs(final long maxFutureSkewMs)
        {
            this.maxFutureSkewMs = maxFutureSkewMs;
            return this;
        }

        public EpochClock epochClock()
        {
            return epochClock;
        }

        /**
         * Clock used for the "id from the future" check and tombstone ages; inject one in tests.
         *
         * @param epochClock the clock.
         * @return this.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            this.epochClock = epochClock;
            return this;
        }

        public boolean useAgentInvoker()
        {
            return useAgentInvoker;
        }

        /**
         * Runs no threads: the caller drives every agent through {@link StorageEngine#doWork()} (deterministic
         * tests, or a composition root that owns its threads).
         *
         * @param useAgentInvoker true to run without threads.
         * @return this.
         */
        public Context useAgentInvoker(final boolean useAgentInvoker)
        {
            this.useAgentInvoker = useAgentInvoker;
            return this;
        }
    }
}
