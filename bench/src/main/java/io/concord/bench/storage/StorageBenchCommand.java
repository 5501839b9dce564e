package io.concord.bench.storage;

import io.concord.storage.StorageConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.concurrent.Callable;

/**
 * {@code concord bench storage [--quick]}: Concord's storage engine against RocksDB on the message workload. The
 * last line of the output is {@code storage throughput_ratio=<concord/rocksdb> p99_ratio=<concord/rocksdb>}.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "Storage engine vs RocksDB (WAL sync) on Discord's message workload; prints a comparison table.")
public final class StorageBenchCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "Short phases (under ~3 minutes in all).")
    private boolean quick;

    @Option(names = "--dir", description = "Scratch directory, deleted before and after (default: ${DEFAULT-VALUE}).")
    private File dir = new File("data/bench-storage");

    @Option(names = "--shards", description = "Concord storage shards (default: available processors).")
    private int shards = Runtime.getRuntime().availableProcessors();

    @Option(names = "--rocksdb-writers", description = "RocksDB writer threads (default: ${DEFAULT-VALUE}).")
    private int rocksDbWriters = 64;

    /**
     * Runs the harness without the launcher, e.g. {@code java -cp <bench classpath>
     * io.concord.bench.storage.StorageBenchCommand --quick}.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new StorageBenchCommand()).execute(args));
    }

    @Option(names = "--storage-idle", description = "Idle strategy of the storage agents for this run " +
        "(sets concord.storage.idle.strategy: backoff, sleeping, yielding, busy-spin); default: configuration.")
    private String storageIdle;

    public Integer call() throws Exception
    {
        if (null != storageIdle)
        {
            System.setProperty(StorageConfiguration.IDLE_STRATEGY_PROP_NAME, storageIdle);
        }
        final StorageBenchmark.Settings settings = new StorageBenchmark.Settings();
        settings.dir = dir;
        settings.shards = shards;
        settings.rocksDbWriters = rocksDbWriters;
        if (quick)
        {
            settings.saturationOps = 200_000;
            settings.saturationMs = 20_000;
            settings.rateDurationMs = 4_000;
            settings.hotReads = 5_000;
            settings.coldReads = 1_000;
        }
        else
        {
            settings.saturationOps = 1_000_000;
            settings.saturationMs = 90_000;
            settings.rateDurationMs = 15_000;
            settings.hotReads = 50_000;
            settings.coldReads = 5_000;
        }
        new StorageBenchmark(settings, System.out).run();
        return 0;
    }
}
