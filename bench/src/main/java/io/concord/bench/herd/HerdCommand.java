package io.concord.bench.herd;

import io.concord.dataservice.DataService;
import io.concord.dataservice.HistoryDirection;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code concord bench herd}: the thundering herd against the data service. Phases, each run with coalescing and
 * caching on and then off (the baseline twin) in the same process:
 * <ol>
 *     <li>{@code herd-cold}: N requesters ask for the newest 50 messages of one channel within a spread (default
 *     10,000 within 100 ms), storage cold and cache empty;</li>
 *     <li>{@code herd-warm}: the same again against the now warm service (cache filled, storage warm);</li>
 *     <li>{@code mixed}: requests over many channels with Zipf popularity, 90% newest-50 and 10% the page before it,
 *     storage cold and cache empty.</li>
 * </ol>
 * Storage is the in-memory store with its latency model (see
 * {@link io.concord.dataservice.storage.InMemoryHistoryStorage}), or with {@code --store lsm} the real LSM store
 * (filled before the run; it cannot be made cold again, so there "cold" means an empty data service cache).
 * The last line is {@code herd storage_reads=... p99_ms=... p99_ratio=...} for the single-channel cold herd
 * (reads: cold + warm, worst repetition; ratio: baseline p99 / coalesced p99).
 */
@Command(name = "herd", mixinStandardHelpOptions = true,
    description = "Thundering herd of history reads against the data service, with coalescing+cache on and off.")
public final class HerdCommand implements Callable<Integer>
{
    private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    @Option(names = "--quick", description = "One repetition and a smaller mixed phase (under ~2 minutes).")
    boolean quick;

    @Option(names = "--requesters", defaultValue = "10000", description = "Requests in each herd (default 10000).")
    int requesters;

    @Option(names = "--spread-ms", defaultValue = "100", description = "Herd arrival spread (default 100 ms).")
    long spreadMs;

    @Option(names = "--channels", defaultValue = "1000", description = "Channels in the mixed phase.")
    int channels;

    @Option(names = "--mixed-requests", defaultValue = "50000", description = "Requests in the mixed phase.")
    int mixedRequests;

    @Option(names = "--mixed-spread-ms", defaultValue = "1000", description = "Mixed phase arrival spread.")
    long mixedSpreadMs;

    @Option(names = "--zipf", defaultValue = "1.1", description = "Zipf exponent of channel popularity.")
    double zipfExponent;

    @Option(names = "--messages", defaultValue = "120", description = "Messages stored per channel.")
    int messagesPerChannel;

    @Option(names = "--record-bytes", defaultValue = "200", description = "Bytes per message record.")
    int recordBytes;

    @Option(names = "--storage-shards", defaultValue = "4", description = "Storage shards, one read at a time each.")
    int storageShards;

    @Option(names = "--cold-read-us", defaultValue = "3000", description = "First read of a channel (cold disk).")
    long coldReadUs;

    @Option(names = "--warm-read-us", defaultValue = "200", description = "Later reads of a channel (page cache).")
    long warmReadUs;

    @Option(names = "--repeat", defaultValue = "3", description = "Repetitions (1 with --quick).")
    int repeat;

    @Option(names = "--store", defaultValue = "memory",
        description = "memory (in-memory store with the latency model, default) or lsm (the real LSM store).")
    String storeKind;

    @Option(names = "--jmh", description = "Also run the JMH cache-hit and coalesced fan-out benchmarks with -prof gc.")
    boolean jmh;

    /**
     * Runs the phases and prints the table.
     *
     * @return exit code.
     */
    public Integer call()
    {
        if (quick)
        {
            repeat = 1;
            mixedRequests = Math.min(mixedRequests, 10_000);
            mixedSpreadMs = Math.min(mixedSpreadMs, 500);
        }
        if (requesters < 1 || channels < 1 || mixedRequests < 1 || repeat < 1 || messagesPerChannel < 100 ||
            recordBytes < 0 || recordBytes > 4096 || storageShards < 1 || coldReadUs < 0 || warmReadUs < 0 ||
            !("memory".equals(storeKind) || "lsm".equals(storeKind)))
        {
            throw new IllegalArgumentException("bad options: need requesters, channels, mixed requests, repeat >= 1, " +
                "messages >= 100, record bytes 0..4096, storage shards >= 1, read costs >= 0, store memory or lsm");
        }

        final long[][] idsByChannel = new long[channels][messagesPerChannel];
        // Snowflakes minted an hour ago, 1 ms apart: realistic ids for the LSM store's time buckets.
        final long baseId = (System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1) - DISCORD_EPOCH_MS) << 22;
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < messagesPerChannel; i++)
            {
                idsByChannel[c][i] = baseId + ((long)i << 22) + c;
            }
        }

        final int newest = messagesPerChannel - 1;
        final long[] herdChannels = new long[requesters];
        final int[] herdDirections = new int[requesters];
        final long[] herdAnchors = new long[requesters];
        final long[] herdExpected = new long[requesters];
        Arrays.fill(herdChannels, HerdStore.channelId(0));
        Arrays.fill(herdExpected, idsByChannel[0][newest]);

        final long[] mixedChannels = new long[mixedRequests];
        final int[] mixedDirections = new int[mixedRequests];
        final long[] mixedAnchors = new long[mixedRequests];
        final long[] mixedExpected = new long[mixedRequests];
        final ZipfSampler zipf = new ZipfSampler(channels, zipfExponent, 42);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < mixedRequests; i++)
        {
            final int channel = zipf.next();
            mixedChannels[i] = HerdStore.channelId(channel);
            mixedExpected[i] = idsByChannel[channel][newest];
            if (random.nextInt(10) == 0)
            {
                // The page before the newest one, as a client scrolling up asks for it.
                mixedDirections[i] = HistoryDirection.BEFORE;
                mixedAnchors[i] = idsByChannel[channel][newest - (HerdHarness.PAGE_LIMIT - 1)];
                mixedExpected[i] = idsByChannel[channel][newest - HerdHarness.PAGE_LIMIT];
            }
        }

        final byte[] record = new byte[recordBytes];
        try (HerdStore store = "lsm".equals(storeKind) ?
            HerdStore.lsm(idsByChannel, record, storageShards) :
            HerdStore.inMemory(idsByChannel, record, storageShards, coldReadUs, warmReadUs))
        {
            return runPhases(store, herdChannels, herdDirections, herdAnchors, herdExpected,
                mixedChannels, mixedDirections, mixedAnchors, mixedExpected);
        }
    }

    private int runPhases(
        final HerdStore store,
        final long[] herdChannels,
        final int[] herdDirections,
        final long[] herdAnchors,
        final long[] herdExpected,
        final long[] mixedChannels,
        final int[] mixedDirections,
        final long[] mixedAnchors,
        final long[] mixedExpected)
    {
        final HerdHarness harness = new HerdHarness(store.storage());
        if (jmh)
        {
            // First, so that the herd table still ends the output.
            runJmh();
        }
        printConditions(store);
        final List<HerdHarness.Result> results = new ArrayList<>();
        // Repetition 0 is a JIT warm-up of every code path (both modes, all phases); its figures are discarded.
        for (int r = 0; r <= repeat; r++)
        {
            if (1 == r)
            {
                results.clear();
            }
            for (final boolean coalesced : new boolean[]{ true, false })
            {
                final String mode = coalesced ? "coalesced" : "baseline";
                store.coolDown();
                try (DataService service = harness.newService(coalesced, Math.max(requesters, mixedRequests)))
                {
                    results.add(harness.run("herd-cold", mode, service, herdChannels, herdDirections, herdAnchors,
                        herdExpected, TimeUnit.MILLISECONDS.toNanos(spreadMs)));
                    results.add(harness.run("herd-warm", mode, service, herdChannels, herdDirections, herdAnchors,
                        herdExpected, TimeUnit.MILLISECONDS.toNanos(spreadMs)));
                }

                store.coolDown();
                try (DataService service = harness.newService(coalesced, Math.max(requesters, mixedRequests)))
                {
                    results.add(harness.run("mixed", mode, service, mixedChannels, mixedDirections, mixedAnchors,
                        mixedExpected, TimeUnit.MILLISECONDS.toNanos(mixedSpreadMs)));
                }
            }
        }

        return 0 == printTable(results) ? 0 : 1;
    }

    private void printConditions(final HerdStore store)
    {
        System.out.printf(Locale.ROOT, "herd: %d cores, load average %.2f; %s; %d messages x %d B per channel%n",
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            store.describe(), messagesPerChannel, recordBytes);
        System.out.printf(Locale.ROOT, "herd: %d requesters for latest-%d of one channel within %d ms; mixed: %d " +
            "requests over %d channels (Zipf s=%.2f, 10%% page-before) within %d ms; %d repetition(s) after a " +
            "discarded warm-up%n",
            requesters, HerdHarness.PAGE_LIMIT, spreadMs, mixedRequests, channels, zipfExponent, mixedSpreadMs,
            repeat);
    }

    private int printTable(final List<HerdHarness.Result> results)
    {
        System.out.printf(Locale.ROOT, "%-10s %-10s %8s %13s %10s %10s %10s %10s %10s %7s%n",
            "phase", "mode", "requests", "storage_reads", "coalesced", "cache_hits", "p50_ms", "p99_ms", "max_ms",
            "errors");
        int errors = 0;
        final Map<String, Histogram> combined = new LinkedHashMap<>();
        long worstHerdReads = 0;
        for (int i = 0; i < results.size(); i++)
        {
            final HerdHarness.Result r = results.get(i);
            System.out.printf(Locale.ROOT, "%-10s %-10s %8d %13d %10d %10d %10.3f %10.3f %10.3f %7d%n",
                r.phase, r.mode, r.requests, r.storageReads, r.coalescedHits, r.cacheHits, r.p50Ms(), r.p99Ms(),
                r.maxMs(), r.errors);
            errors += r.errors;
            combined.computeIfAbsent(r.phase + "/" + r.mode,
                (k) -> new Histogram(r.histogram.getHighestTrackableValue(), 3)).add(r.histogram);
            if ("herd-cold".equals(r.phase) && "coalesced".equals(r.mode))
            {
                worstHerdReads = Math.max(worstHerdReads, r.storageReads + results.get(i + 1).storageReads);
            }
        }

        for (final String phase : new String[]{ "herd-cold", "herd-warm", "mixed" })
        {
            final Histogram coalesced = combined.get(phase + "/coalesced");
            final Histogram baseline = combined.get(phase + "/baseline");
            System.out.printf(Locale.ROOT, "%-10s p99 coalesced %.3f ms, baseline %.3f ms, ratio %.1fx%n",
                phase, p99Ms(coalesced), p99Ms(baseline), p99Ms(baseline) / p99Ms(coalesced));
        }

        final Histogram coldCoalesced = combined.get("herd-cold/coalesced");
        final Histogram coldBaseline = combined.get("herd-cold/baseline");
        System.out.printf(Locale.ROOT, "herd storage_reads=%d p99_ms=%.3f p99_ratio=%.1f%n",
            worstHerdReads, p99Ms(coldCoalesced), p99Ms(coldBaseline) / p99Ms(coldCoalesced));
        return errors;
    }

    private static double p99Ms(final Histogram histogram)
    {
        return Math.max(1, histogram.getValueAtPercentile(99)) / 1000.0;
    }

    private static void runJmh()
    {
        final List<String> jvmArgs = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                jvmArgs.add(arg);
            }
        }
        if (!jvmArgs.contains("-Dchronicle.analytics.disable=true"))
        {
            jvmArgs.add("-Dchronicle.analytics.disable=true");
        }

        try
        {
            new Runner(new OptionsBuilder()
                .include(CacheHitBenchmark.class.getName())
                .include(CoalescedFanOutBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .build())
                .run();
        }
        catch (final RunnerException ex)
        {
            // E.g. another JMH run holds /tmp/jmh.lock on this shared box: report it and go on with the herd.
            System.err.println("herd: JMH benchmarks not run: " + ex.getMessage());
        }
    }
}
