package io.concord.bench.storage;

import io.concord.storage.Partitioner;
import org.HdrHistogram.Histogram;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline: RocksDB with its WAL forced on every write ({@code WriteOptions.sync = true}, so an acknowledged
 * write is as durable as Concord's), keys {@code channel (8) | bucket (4) | ~messageId (8)} big-endian so a
 * channel's bucket reads newest first. Synchronous API, so writes come from a pool of threads: concurrent writers
 * are what lets RocksDB group several writes under one WAL sync.
 */
final class RocksDbStorageDriver implements StorageDriver
{
    static final int KEY_LENGTH = 20;
    private static final long OFFERED_LIMIT_NS = TimeUnit.SECONDS.toNanos(120);
    // an offered phase may fall this far behind its schedule on a loaded box: the last write then waited that long
    private static final long MAX_LATENCY_NS = OFFERED_LIMIT_NS + TimeUnit.SECONDS.toNanos(60);

    private final File dir;
    private final int writers;
    private final long bucketWindowMs;
    private final MessageWorkload workload;
    private Options options;
    private Statistics statistics;
    private WriteOptions writeOptions;
    private RocksDB db;
    private final AtomicLong userBytes = new AtomicLong();

    static
    {
        RocksDB.loadLibrary();
    }

    RocksDbStorageDriver(final File dir, final int writers, final long bucketWindowMs,
        final MessageWorkload workload) throws RocksDBException
    {
        this.dir = dir;
        this.writers = writers;
        this.bucketWindowMs = bucketWindowMs;
        this.workload = workload;
        open();
    }

    private void open() throws RocksDBException
    {
        statistics = new Statistics();
        options = new Options()
            .setCreateIfMissing(true)
            .setCompressionType(CompressionType.NO_COMPRESSION)
            .setWriteBufferSize(32L * 1024 * 1024)
            .setMaxBackgroundJobs(2)
            .setStatistics(statistics);
        writeOptions = new WriteOptions().setSync(true);
        db = RocksDB.open(options, dir.getPath());
    }

    public String name()
    {
        return "rocksdb";
    }

    void encodeKey(final ByteBuffer key, final long channelId, final long messageId)
    {
        key.clear();
        key.putLong(channelId);
        key.putInt((int)Partitioner.bucketOf(messageId, bucketWindowMs));
        key.putLong(~messageId);
        key.flip();
    }

    private final class Writer implements Runnable
    {
        private final ByteBuffer key = ByteBuffer.allocateDirect(KEY_LENGTH);
        private final ByteBuffer value = ByteBuffer.allocateDirect(MessageWorkload.VALUE_LENGTH);
        private final AtomicLong next;
        private final long firstOp;
        private final long count;
        private final long startNs;
        private final long intervalNs;
        private final long endNs;
        private final Histogram histogram;
        private long done;
        private Throwable error;

        Writer(final AtomicLong next, final long firstOp, final long count, final long startNs,
            final long intervalNs, final long endNs, final Histogram histogram)
        {
            this.next = next;
            this.firstOp = firstOp;
            this.count = count;
            this.startNs = startNs;
            this.intervalNs = intervalNs;
            this.endNs = endNs;
            this.histogram = histogram;
        }

        public void run()
        {
            try
            {
                while (true)
                {
                    final long i = next.getAndIncrement();
                    if (i >= count || System.nanoTime() >= endNs)
                    {
                        return;
                    }
                    final long intendedNs = startNs + i * intervalNs;
                    if (null != histogram)
                    {
                        long waitNs;
                        while ((waitNs = intendedNs - System.nanoTime()) > 0)
                        {
                            LockSupport.parkNanos(waitNs);
                        }
                    }
                    write(firstOp + i);
                    done++;
                    if (null != histogram)
                    {
                        histogram.recordValue(Math.max(0, System.nanoTime() - intendedNs));
                    }
                }
            }
            catch (final Throwable ex)
            {
                error = ex;
            }
        }

        private void write(final long op) throws RocksDBException
        {
            encodeKey(key, workload.channelOf(op), workload.messageIdOf(op));
            if (MessageWorkload.DELETE == workload.type(op))
            {
                db.delete(writeOptions, key);
                return;
            }
            value.clear();
            value.put(workload.valuePool(), workload.valueOffset(op), MessageWorkload.VALUE_LENGTH);
            value.flip();
            db.put(writeOptions, key, value);
            userBytes.addAndGet(MessageWorkload.VALUE_LENGTH);
        }
    }

    private long runWriters(final long firstOp, final long count, final long intervalNs, final long durationNs,
        final Histogram merged) throws Exception
    {
        final AtomicLong next = new AtomicLong();
        final Writer[] pool = new Writer[writers];
        final Thread[] threads = new Thread[writers];
        final long startNs = System.nanoTime();
        for (int i = 0; i < writers; i++)
        {
            pool[i] = new Writer(next, firstOp, count, startNs, intervalNs, startNs + durationNs,
                null == merged ? null : new Histogram(MAX_LATENCY_NS, 3));
            threads[i] = new Thread(pool[i], "rocksdb-writer-" + i);
            threads[i].start();
        }
        long done = 0;
        Throwable error = null;
        // join every writer before reporting a failure: closing the database under a running writer crashes the JVM
        for (int i = 0; i < writers; i++)
        {
            threads[i].join();
            if (null != pool[i].error)
            {
                error = null == error ? pool[i].error : error;
                continue;
            }
            done += pool[i].done;
            if (null != merged)
            {
                merged.add(pool[i].histogram);
            }
        }
        if (null != error)
        {
            throw new IllegalStateException("RocksDB write failed", error);
        }
        return done;
    }

    public long saturate(final long firstOp, final long count, final long maxDurationNs) throws Exception
    {
        return runWriters(firstOp, count, 0, maxDurationNs, null);
    }

    public Histogram offered(final long firstOp, final long count, final long ratePerSec) throws Exception
    {
        final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
        runWriters(firstOp, count, TimeUnit.SECONDS.toNanos(1) / ratePerSec, OFFERED_LIMIT_NS,
            histogram);
        return histogram;
    }

    public Histogram reads(final int mode, final int count, final long seed, final long opsWritten)
        throws RocksDBException
    {
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final ByteBuffer seekKey = ByteBuffer.allocateDirect(KEY_LENGTH);
        final ByteBuffer key = ByteBuffer.allocateDirect(KEY_LENGTH);
        final ByteBuffer value = ByteBuffer.allocateDirect(64 * 1024);
        try (ReadOptions readOptions = new ReadOptions())
        {
            for (int i = 0; i < count; i++)
            {
                final long channelId;
                final long highId;
                if (0 == mode)
                {
                    channelId = workload.zipfChannel(seed + i);
                    highId = Long.MAX_VALUE >>> 1;
                }
                else
                {
                    final long op = (MessageWorkload.mix(seed + i) >>> 1) % opsWritten;
                    channelId = workload.channelOf(op);
                    highId = workload.messageIdOf(op) - 1;
                }
                final long sendNs = System.nanoTime();
                int rows = 0;
                final long newestBucket = 0 == mode ?
                    Partitioner.bucketOf(workload.messageIdOf(opsWritten), bucketWindowMs) :
                    Partitioner.bucketOf(highId, bucketWindowMs);
                try (RocksIterator it = db.newIterator(readOptions))
                {
                    for (long bucket = newestBucket; bucket >= newestBucket - 2 && rows < 50; bucket--)
                    {
                        final long from = Math.min(highId, Partitioner.highestIdOf(bucket, bucketWindowMs));
                        encodeKey(seekKey, channelId, from);
                        it.seek(seekKey);
                        while (it.isValid() && rows < 50)
                        {
                            key.clear();
                            it.key(key);
                            if (key.getLong(0) != channelId || key.getInt(8) != (int)bucket)
                            {
                                break;
                            }
                            value.clear();
                            it.value(value);
                            rows++;
                            it.next();
                        }
                    }
                }
                latencies.recordValue(System.nanoTime() - sendNs);
            }
        }
        return latencies;
    }

    public void compact() throws RocksDBException
    {
        db.compactRange();
    }

    public void reopen() throws RocksDBException
    {
        closeDb();
        open();
    }

    public String phaseStats()
    {
        return "";
    }

    public long userBytesWritten()
    {
        return userBytes.get();
    }

    public long bytesWritten()
    {
        return statistics.getTickerCount(TickerType.WAL_FILE_BYTES) +
            statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES) +
            statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES);
    }

    public long bytesOnDisk()
    {
        return StorageBenchmark.directorySize(dir);
    }

    private void closeDb()
    {
        db.close();
        writeOptions.close();
        options.close();
        statistics.close();
    }

    public void close()
    {
        closeDb();
    }
}
