package io.concord.bench.storage;

import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadMode;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageEngine;
import io.concord.storage.StorageStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Allocation and cost of the storage hot paths, driven through the public API on one thread (agent invoker, no
 * thread hops): a latest-50 read served from the memtable and SSTables, and a durable append (one force each).
 * Run with {@code -prof gc} (the {@link #main(String[])} does) to check ~0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
public class StorageHotPathBenchmark implements CompletionHandler
{
    private static final int CHANNELS = 64;

    private File dir;
    private StorageEngine engine;
    private StorageClient client;
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[MessageWorkload.VALUE_LENGTH]);
    private boolean isDone;
    private int rows;
    private long nextId;
    private long correlationId;

    @Setup
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("storage-hot-path").toFile();
        engine = StorageEngine.launch(new StorageConfiguration.Context().dir(dir).shards(1).useAgentInvoker(true)
            .memtableSize(4 * 1024 * 1024));
        client = engine.newClient();
        nextId = (System.currentTimeMillis() - io.concord.storage.Partitioner.DISCORD_EPOCH_MS - 3_600_000L) << 22;
        for (int i = 0; i < 40_000; i++)
        {
            append(1 + (i % CHANNELS));
        }
    }

    @TearDown
    public void tearDown() throws IOException
    {
        engine.close();
        StorageBenchmark.deleteRecursively(dir);
    }

    private void append(final long channelId)
    {
        isDone = false;
        while (StorageStatus.OK != client.append(correlationId++, channelId, nextId++, value, 0, value.capacity()))
        {
            engine.doWork();
        }
        while (!isDone)
        {
            engine.doWork();
            client.poll(this, 16);
        }
    }

    @Benchmark
    public int latest50()
    {
        isDone = false;
        client.read(correlationId++, 1 + (correlationId % CHANNELS), ReadMode.LATEST, 0, 50);
        while (!isDone)
        {
            engine.doWork();
            client.poll(this, 16);
        }
        return rows;
    }

    @Benchmark
    public boolean durableAppend()
    {
        append(1 + (correlationId % CHANNELS));
        return isDone;
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        isDone = true;
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        rows = result.count();
        isDone = true;
    }

    /**
     * Runs this benchmark with the GC profiler, forks getting this JVM's {@code --add-*} and {@code -D} options.
     *
     * @param args unused.
     * @throws Exception if JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final OptionsBuilder options = new OptionsBuilder();
        options.include(StorageHotPathBenchmark.class.getSimpleName()).addProfiler(GCProfiler.class);
        options.jvmArgsAppend(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter((arg) -> arg.startsWith("--add-") || arg.startsWith("-D")).toArray(String[]::new));
        new Runner(options.build()).run();
    }
}
