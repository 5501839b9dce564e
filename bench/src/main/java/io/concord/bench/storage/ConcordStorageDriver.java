package io.concord.bench.storage;

import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadMode;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageCounters;
import io.concord.storage.StorageEngine;
import io.concord.storage.StorageStatus;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * Drives the Concord storage engine from one thread through its asynchronous API: submits while the schedule
 * allows and the queue accepts, and polls completions in the same loop.
 */
final class ConcordStorageDriver implements StorageDriver, CompletionHandler
{
    private static final int MAX_IN_FLIGHT = 16 * 1024;
    private static final long HARD_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final File dir;
    private final int shards;
    private final MessageWorkload workload;
    private final UnsafeBuffer values;
    private StorageEngine engine;
    private StorageClient client;
    private long completed;
    private long failed;
    private long startNs;
    private long intervalNs;
    private long readDoneNs;
    private int readStatus;
    private int readRows;
    private Histogram histogram;
    private long userBytes;
    private long lastFsyncs;
    private long lastRecords;
    private long lastFsyncNanos;
    private long lastStalls;

    ConcordStorageDriver(final File dir, final int shards, final MessageWorkload workload)
    {
        this.dir = dir;
        this.shards = shards;
        this.workload = workload;
        this.values = new UnsafeBuffer(workload.valuePool());
        open();
    }

    private void open()
    {
        engine = StorageEngine.launch(new StorageConfiguration.Context().dir(dir).shards(shards));
        client = engine.newClient();
    }

    public String name()
    {
        return "concord";
    }

    private int submit(final long op, final long correlationId)
    {
        final long channelId = workload.channelOf(op);
        final long messageId = workload.messageIdOf(op);
        if (MessageWorkload.DELETE == workload.type(op))
        {
            return client.delete(correlationId, channelId, messageId);
        }
        final int status = client.append(correlationId, channelId, messageId, values, workload.valueOffset(op),
            MessageWorkload.VALUE_LENGTH);
        if (StorageStatus.OK == status)
        {
            userBytes += MessageWorkload.VALUE_LENGTH;
        }
        return status;
    }

    public long saturate(final long firstOp, final long count, final long maxDurationNs)
    {
        histogram = null;
        completed = 0;
        failed = 0;
        long submitted = 0;
        final long endNs = System.nanoTime() + maxDurationNs;
        while (completed < count && System.nanoTime() < endNs)
        {
            while (submitted < count && submitted - completed < MAX_IN_FLIGHT)
            {
                if (StorageStatus.OK != submit(firstOp + submitted, submitted))
                {
                    break;
                }
                submitted++;
            }
            if (0 == client.poll(this, 4096))
            {
                client.awaitCompletion(MAX_PARK_NS);
            }
        }
        final long done = completed;
        drain(submitted);
        return done;
    }

    public Histogram offered(final long firstOp, final long count, final long ratePerSec)
    {
        histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        completed = 0;
        failed = 0;
        intervalNs = TimeUnit.SECONDS.toNanos(1) / ratePerSec;
        startNs = System.nanoTime();
        long submitted = 0;
        while (completed < count && System.nanoTime() - startNs < HARD_LIMIT_NS)
        {
            final long nowNs = System.nanoTime();
            while (submitted < count && startNs + submitted * intervalNs <= nowNs &&
                submitted - completed < MAX_IN_FLIGHT)
            {
                if (StorageStatus.OK != submit(firstOp + submitted, submitted))
                {
                    break;
                }
                submitted++;
            }
            if (0 == client.poll(this, 4096))
            {
                // park until the next send is due or a completion wakes us: a spinning driver would take a core
                // from the shards on this 2-core box (latency is still timed from the intended send time)
                final long untilDueNs = submitted < count ? startNs + submitted * intervalNs - System.nanoTime() :
                    MAX_PARK_NS;
                if (untilDueNs > 0)
                {
                    client.awaitCompletion(Math.min(untilDueNs, MAX_PARK_NS));
                }
            }
        }
        drain(submitted);
        return histogram;
    }

    private void drain(final long submitted)
    {
        final long deadline = System.nanoTime() + HARD_LIMIT_NS;
        while (completed < submitted && System.nanoTime() < deadline)
        {
            if (0 == client.poll(this, 4096))
            {
                client.awaitCompletion(MAX_PARK_NS);
            }
        }
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        completed++;
        if (StorageStatus.OK != status)
        {
            failed++;
        }
        if (null != histogram)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - (startNs + correlationId * intervalNs)));
        }
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        readStatus = status;
        int rows = 0;
        while (result.next())
        {
            rows++;
        }
        readRows = rows;
        readDoneNs = System.nanoTime();
    }

    public Histogram reads(final int mode, final int count, final long seed, final long opsWritten)
    {
        final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int i = 0; i < count; i++)
        {
            final long channelId;
            final long cursorId;
            if (0 == mode)
            {
                channelId = workload.zipfChannel(seed + i);
                cursorId = 0;
            }
            else
            {
                final long op = (MessageWorkload.mix(seed + i) >>> 1) % opsWritten;
                channelId = workload.channelOf(op);
                cursorId = workload.messageIdOf(op);
            }
            readDoneNs = 0;
            final long sendNs = System.nanoTime();
            while (StorageStatus.OK != client.read(i, channelId, 0 == mode ? ReadMode.LATEST : ReadMode.BEFORE,
                cursorId, 50))
            {
                Thread.yield();
            }
            // park rather than spin: on 2 cores a spinning reader leaves the shard and the background agents
            // sharing one core; the shard unparks this thread when it commits the completion
            while (0 == readDoneNs)
            {
                if (0 == client.poll(this, 1))
                {
                    client.awaitCompletion(MAX_PARK_NS);
                }
            }
            if (StorageStatus.OK != readStatus)
            {
                throw new IllegalStateException("read failed: " + StorageStatus.describe(readStatus));
            }
            latencies.recordValue(readDoneNs - sendNs);
        }
        return latencies;
    }

    int lastReadRows()
    {
        return readRows;
    }

    public void compact() throws InterruptedException
    {
        final long before = engine.counters().sum(StorageCounters.MAJOR_COMPACTIONS);
        engine.compactAll();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (engine.counters().sum(StorageCounters.MAJOR_COMPACTIONS) < before + shards &&
            System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
    }

    public void reopen()
    {
        engine.close();
        open();
        lastFsyncs = 0;
        lastRecords = 0;
        lastFsyncNanos = 0;
        lastStalls = 0;
    }

    public String phaseStats()
    {
        final StorageCounters counters = engine.counters();
        final long fsyncs = counters.sum(StorageCounters.FSYNCS);
        final long records = counters.sum(StorageCounters.BATCHED_RECORDS);
        final long nanos = counters.sum(StorageCounters.FSYNC_NANOS);
        final long stalls = counters.sum(StorageCounters.STALLS);
        final long deltaFsyncs = Math.max(1, fsyncs - lastFsyncs);
        final String stats = String.format(java.util.Locale.ROOT,
            "%d forces, mean batch %.1f records, mean write+force %.2f ms, %d stalled duty cycles",
            fsyncs - lastFsyncs, (double)(records - lastRecords) / deltaFsyncs,
            (nanos - lastFsyncNanos) / 1e6 / deltaFsyncs, stalls - lastStalls);
        lastFsyncs = fsyncs;
        lastRecords = records;
        lastFsyncNanos = nanos;
        lastStalls = stalls;
        return stats;
    }

    public long userBytesWritten()
    {
        return userBytes;
    }

    public long bytesWritten()
    {
        final StorageCounters counters = engine.counters();
        return counters.sum(StorageCounters.COMMIT_LOG_BYTES_WRITTEN) +
            counters.sum(StorageCounters.SSTABLE_BYTES_WRITTEN);
    }

    public long bytesOnDisk()
    {
        return StorageBenchmark.directorySize(dir);
    }

    StorageCounters counters()
    {
        return engine.counters();
    }

    long failed()
    {
        return failed;
    }

    public void close()
    {
        engine.close();
    }
}
