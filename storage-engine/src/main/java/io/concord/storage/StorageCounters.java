package io.concord.storage;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;

/**
 * Agrona counters of the storage engine, one set per shard, labelled {@code storage shard N: name}. Each counter is
 * written only by its shard thread; any thread may read them (through {@link #reader()} or {@link #sum(int)}).
 */
public final class StorageCounters
{
    /** Appends and upserts made durable. */
    public static final int APPENDS = 0;
    /** Tombstones made durable. */
    public static final int DELETES = 1;
    /** Reads served. */
    public static final int READS = 2;
    /** Commit log forces (group commits). */
    public static final int FSYNCS = 3;
    /** Records covered by all forces: divided by {@link #FSYNCS} it is the mean group-commit batch. */
    public static final int BATCHED_RECORDS = 4;
    /** Largest group-commit batch seen. */
    public static final int MAX_BATCH = 5;
    /** Memtable flushes to SSTables. */
    public static final int FLUSHES = 6;
    /** Compactions done. */
    public static final int COMPACTIONS = 7;
    /** SSTable partitions read, summed over reads: divided by {@link #READS} it is the read amplification. */
    public static final int SSTABLES_READ = 8;
    /** Bytes of live SSTables and commit log segments. */
    public static final int BYTES_ON_DISK = 9;
    /** Bytes written to the commit log. */
    public static final int COMMIT_LOG_BYTES_WRITTEN = 10;
    /** Bytes written to SSTables by flushes and compactions. */
    public static final int SSTABLE_BYTES_WRITTEN = 11;
    /** Value bytes submitted by callers (for write amplification). */
    public static final int USER_BYTES_WRITTEN = 12;
    /** Commit log tails cut at recovery because a record was torn or corrupt. */
    public static final int LOG_TAILS_CUT = 13;
    /** Reads or compactions that met a corrupt SSTable block. */
    public static final int CORRUPT_BLOCKS = 14;
    /** Tombstones purged by compaction. */
    public static final int TOMBSTONES_PURGED = 15;
    /** Duty cycles in which the shard stopped taking requests (memtable full while a flush runs, or a completion
     * ring full). */
    public static final int STALLS = 16;
    /** Errors caught on the shard (I/O errors, failed background tasks). */
    public static final int ERRORS = 17;
    /** Live SSTables. */
    public static final int LIVE_SSTABLES = 18;

    /** Major compactions ({@link StorageEngine#compactAll()}) finished, including those with nothing to merge. */
    public static final int MAJOR_COMPACTIONS = 19;

    /** Nanoseconds spent in commit log write + force, summed: divided by {@link #FSYNCS} it is the mean force. */
    public static final int FSYNC_NANOS = 20;

    static final int COUNTER_TYPES = 21;
    private static final String[] NAMES =
    {
        "appends", "deletes", "reads", "fsyncs", "batched records", "max batch", "flushes", "compactions",
        "sstables read", "bytes on disk", "commit log bytes written", "sstable bytes written", "user bytes written",
        "log tails cut", "corrupt blocks", "tombstones purged", "stalls", "errors", "live sstables",
        "major compactions", "fsync nanos"
    };

    private final CountersManager manager;
    private final AtomicCounter[][] counters;

    StorageCounters(final int shards)
    {
        final int count = shards * COUNTER_TYPES;
        final AtomicBuffer metadata = new UnsafeBuffer(
            ByteBuffer.allocateDirect(count * CountersReader.METADATA_LENGTH));
        final AtomicBuffer values = new UnsafeBuffer(ByteBuffer.allocateDirect(count * CountersReader.COUNTER_LENGTH));
        manager = new CountersManager(metadata, values);
        counters = new AtomicCounter[shards][COUNTER_TYPES];
        for (int shard = 0; shard < shards; shard++)
        {
            for (int type = 0; type < COUNTER_TYPES; type++)
            {
                counters[shard][type] = manager.newCounter("storage shard " + shard + ": " + NAMES[type]);
            }
        }
    }

    AtomicCounter counter(final int shard, final int type)
    {
        return counters[shard][type];
    }

    /**
     * @param type a counter type constant of this class.
     * @return the counter's value summed over shards ({@link #MAX_BATCH}: the maximum).
     */
    public long sum(final int type)
    {
        long total = 0;
        for (final AtomicCounter[] shard : counters)
        {
            final long value = shard[type].get();
            total = MAX_BATCH == type ? Math.max(total, value) : total + value;
        }
        return total;
    }

    /**
     * @param type a counter type constant.
     * @return its name.
     */
    public static String name(final int type)
    {
        return NAMES[type];
    }

    /**
     * @return a reader over every counter (label and value), e.g. for a stats endpoint.
     */
    public CountersReader reader()
    {
        return manager;
    }
}
