package io.concord.bench.storage;

import io.concord.common.CommonConfiguration;
import io.concord.storage.StorageConfiguration;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the same phases against each store, one store at a time on the same machine and in the same process, and
 * prints the comparison. Phases: saturation (durable appends as fast as they go), offered rates (latency corrected
 * for coordinated omission), hot reads, compaction (bytes on disk, write amplification), restart and cold reads.
 */
final class StorageBenchmark
{
    static final class Settings
    {
        File dir;
        int channels = 10_000;
        double zipfS = 1.1;
        int shards = Runtime.getRuntime().availableProcessors();
        int rocksDbWriters = 64;
        long saturationOps = 200_000;
        long saturationMs = 30_000;
        long rateDurationMs = 4_000;
        long[] rates = {10_000, 50_000, 100_000};
        int hotReads = 10_000;
        int coldReads = 2_000;
    }

    static final class Result
    {
        final String name;
        double saturationPerSec;
        final Histogram[] rateLatencies;
        final long[] rateCompleted;
        final double[] rateAchievedPerSec;
        final PlatformHiccupMeter.Phase[] ratePlatform;
        Histogram hotLatest;
        Histogram hotBefore;
        Histogram coldLatest;
        Histogram coldBefore;
        long messages;
        long bytesOnDisk;
        double writeAmplification;

        Result(final String name, final int rates)
        {
            this.name = name;
            rateLatencies = new Histogram[rates];
            rateCompleted = new long[rates];
            rateAchievedPerSec = new double[rates];
            ratePlatform = new PlatformHiccupMeter.Phase[rates];
        }
    }

    private static final long SETTLE_MS = 3_000;
    private static final long IDLE_PLATFORM_MS = 3_000;

    private final Settings settings;
    private final PrintStream out;
    private PlatformHiccupMeter platform;

    StorageBenchmark(final Settings settings, final PrintStream out)
    {
        this.settings = settings;
        this.out = out;
    }

    void run() throws Exception
    {
        final long baseMs = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
        final MessageWorkload workload = new MessageWorkload(settings.channels, settings.zipfS, baseMs);
        deleteRecursively(settings.dir);
        out.printf(Locale.ROOT, "storage bench: %d channels, Zipf s=%.2f, %d-byte values, 88%% appends / 10%% edits /" +
            " 2%% deletes; concord %d shards (idle strategy %s); rocksdb %d writer threads, WAL sync=true; %d cores%n",
            settings.channels, settings.zipfS, MessageWorkload.VALUE_LENGTH, settings.shards,
            CommonConfiguration.idleStrategyName(StorageConfiguration.IDLE_STRATEGY_PROP_NAME),
            settings.rocksDbWriters, Runtime.getRuntime().availableProcessors());

        platform = new PlatformHiccupMeter();
        platform.beginPhase();
        Thread.sleep(IDLE_PLATFORM_MS);
        out.printf(Locale.ROOT, "before the run, nothing running in this JVM for %d ms: %s%n", IDLE_PLATFORM_MS,
            platform.endPhase().describe());
        final Result concord;
        try (ConcordStorageDriver driver = new ConcordStorageDriver(
            new File(settings.dir, "concord"), settings.shards, workload))
        {
            concord = measure(driver);
        }
        final Result rocksdb;
        try (RocksDbStorageDriver driver = new RocksDbStorageDriver(new File(settings.dir, "rocksdb"),
            settings.rocksDbWriters, StorageConfiguration.BUCKET_WINDOW_MS_DEFAULT, workload))
        {
            rocksdb = measure(driver);
        }
        platform.close();
        report(concord, rocksdb);
        deleteRecursively(settings.dir);
    }

    private Result measure(final StorageDriver driver) throws Exception
    {
        final Result result = new Result(driver.name(), settings.rates.length);
        long op = 0;
        out.printf(Locale.ROOT, "[%s] saturation: %d appends/edits/deletes as fast as they go (at most %d ms)...%n",
            tag(driver), settings.saturationOps, settings.saturationMs);
        final long start = System.nanoTime();
        final long saturated = driver.saturate(op, settings.saturationOps,
            TimeUnit.MILLISECONDS.toNanos(settings.saturationMs));
        result.saturationPerSec = saturated * 1e9 / (System.nanoTime() - start);
        printStats(driver);
        op += saturated + 100_000;
        // saturation leaves a different flush/compaction backlog behind each store: clear it so the latency
        // phases start from the same quiet state
        out.printf(Locale.ROOT, "[%s] settling after saturation...%n", tag(driver));
        driver.compact();
        Thread.sleep(SETTLE_MS);
        driver.phaseStats();

        for (int r = 0; r < settings.rates.length; r++)
        {
            if (r > 0)
            {
                Thread.sleep(SETTLE_MS);
            }
            final long rate = settings.rates[r];
            final long count = rate * settings.rateDurationMs / 1000;
            out.printf(Locale.ROOT, "[%s] offered %d msgs/s for %d ms...%n", tag(driver), rate,
                settings.rateDurationMs);
            final long rateStart = System.nanoTime();
            platform.beginPhase();
            result.rateLatencies[r] = driver.offered(op, count, rate);
            result.ratePlatform[r] = platform.endPhase();
            final long elapsed = System.nanoTime() - rateStart;
            result.rateCompleted[r] = result.rateLatencies[r].getTotalCount();
            result.rateAchievedPerSec[r] = result.rateCompleted[r] * 1e9 /
                Math.max(elapsed, TimeUnit.MILLISECONDS.toNanos(settings.rateDurationMs));
            op += count;
            printLatencies(driver, "achieved " + Math.round(result.rateAchievedPerSec[r]) + "/s",
                result.rateLatencies[r]);
            out.printf(Locale.ROOT, "[%s]   %s%n", tag(driver), result.ratePlatform[r].describe());
            printStats(driver);
        }

        out.printf(Locale.ROOT, "[%s] hot reads...%n", tag(driver));
        result.hotLatest = driver.reads(0, settings.hotReads, 1, op);
        printLatencies(driver, "hot latest-50", result.hotLatest);
        result.hotBefore = driver.reads(1, settings.hotReads, 2, op);
        printLatencies(driver, "hot before-50", result.hotBefore);

        out.printf(Locale.ROOT, "[%s] compaction...%n", tag(driver));
        driver.compact();
        result.messages = op;
        result.bytesOnDisk = driver.bytesOnDisk();
        result.writeAmplification = (double)driver.bytesWritten() / Math.max(1, driver.userBytesWritten());

        out.printf(Locale.ROOT, "[%s] restart and cold reads...%n", tag(driver));
        driver.reopen();
        result.coldLatest = driver.reads(0, settings.coldReads, 3, op);
        printLatencies(driver, "cold latest-50", result.coldLatest);
        result.coldBefore = driver.reads(1, settings.coldReads, 4, op);
        printLatencies(driver, "cold before-50", result.coldBefore);
        return result;
    }

    private void printLatencies(final StorageDriver driver, final String what, final Histogram histogram)
    {
        out.printf(Locale.ROOT, "[%s]   %s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n", tag(driver),
            what, us(histogram, 50), us(histogram, 99), us(histogram, 99.9), histogram.getMaxValue() / 1000.0);
    }

    private void printStats(final StorageDriver driver)
    {
        final String stats = driver.phaseStats();
        if (!stats.isEmpty())
        {
            out.printf(Locale.ROOT, "[%s]   %s%n", tag(driver), stats);
        }
    }

    /**
     * @return the store's name and the JVM uptime, to line phases up with a GC log ({@code -Xlog:gc*:...:uptime}).
     */
    private static String tag(final StorageDriver driver)
    {
        return String.format(Locale.ROOT, "%s %.1fs", driver.name(),
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    private static double us(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private void row(final String metric, final double concord, final double rocksdb)
    {
        out.printf(Locale.ROOT, "| %-44s | %14.1f | %14.1f | %7.2f |%n", metric, concord, rocksdb,
            rocksdb == 0 ? Double.NaN : concord / rocksdb);
    }

    private void report(final Result concord, final Result rocksdb)
    {
        out.println();
        out.printf(Locale.ROOT, "| %-44s | %14s | %14s | %7s |%n", "metric", "concord", "rocksdb", "ratio");
        out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(16), "-".repeat(16), "-".repeat(9));
        row("durable append throughput, saturation (msg/s)", concord.saturationPerSec, rocksdb.saturationPerSec);
        for (int r = 0; r < settings.rates.length; r++)
        {
            final String rate = (settings.rates[r] / 1000) + "k/s";
            row("append @" + rate + " achieved (msg/s)", concord.rateAchievedPerSec[r], rocksdb.rateAchievedPerSec[r]);
            row("append @" + rate + " p50 (us)", us(concord.rateLatencies[r], 50), us(rocksdb.rateLatencies[r], 50));
            row("append @" + rate + " p99 (us)", us(concord.rateLatencies[r], 99), us(rocksdb.rateLatencies[r], 99));
            row("append @" + rate + " p99.9 (us)", us(concord.rateLatencies[r], 99.9),
                us(rocksdb.rateLatencies[r], 99.9));
            out.printf(Locale.ROOT, "| %-44s | %14.2f | %14.2f | %7s |%n",
                "  idle thread woken >= 0.5 ms late (% time)", concord.ratePlatform[r].hiccupPercent(),
                rocksdb.ratePlatform[r].hiccupPercent(), "");
        }
        row("hot latest-50 p50 (us)", us(concord.hotLatest, 50), us(rocksdb.hotLatest, 50));
        row("hot latest-50 p99 (us)", us(concord.hotLatest, 99), us(rocksdb.hotLatest, 99));
        row("hot before-50 p50 (us)", us(concord.hotBefore, 50), us(rocksdb.hotBefore, 50));
        row("hot before-50 p99 (us)", us(concord.hotBefore, 99), us(rocksdb.hotBefore, 99));
        row("cold latest-50 p50 (us)", us(concord.coldLatest, 50), us(rocksdb.coldLatest, 50));
        row("cold latest-50 p99 (us)", us(concord.coldLatest, 99), us(rocksdb.coldLatest, 99));
        row("cold before-50 p50 (us)", us(concord.coldBefore, 50), us(rocksdb.coldBefore, 50));
        row("cold before-50 p99 (us)", us(concord.coldBefore, 99), us(rocksdb.coldBefore, 99));
        row("bytes on disk per message after compaction", (double)concord.bytesOnDisk / concord.messages,
            (double)rocksdb.bytesOnDisk / rocksdb.messages);
        row("write amplification (bytes written / value bytes)", concord.writeAmplification,
            rocksdb.writeAmplification);

        int p99Rate = 0;
        for (int r = 0; r < settings.rates.length; r++)
        {
            if (concord.rateAchievedPerSec[r] >= 0.95 * settings.rates[r] &&
                rocksdb.rateAchievedPerSec[r] >= 0.95 * settings.rates[r])
            {
                p99Rate = r;
            }
        }
        final double throughputRatio = concord.saturationPerSec / rocksdb.saturationPerSec;
        final double p99Ratio = us(concord.rateLatencies[p99Rate], 99) / us(rocksdb.rateLatencies[p99Rate], 99);
        out.println();
        out.printf(Locale.ROOT, "p99_ratio is taken at %d msgs/s offered, the highest rate both stores sustained " +
            "(>= 95%% achieved), or the lowest rate if none did%n", settings.rates[p99Rate]);
        out.printf(Locale.ROOT, "storage throughput_ratio=%.3f p99_ratio=%.3f%n", throughputRatio, p99Ratio);
    }

    static long directorySize(final File dir)
    {
        if (!dir.exists())
        {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir.toPath()))
        {
            return files.filter(Files::isRegularFile).mapToLong((p) -> p.toFile().length()).sum();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(final File dir) throws IOException
    {
        if (!dir.exists())
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir.toPath()))
        {
            for (final Path path : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
    }
}
