package io.concord.bench.core;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * {@code concord bench core}: the core pipeline's budget (DESIGN.md section 8). JMH with the GC profiler for the SBE
 * codec and for a GuildShard handling a CreateMessage, then the ring + shard throughput harness (with an empty
 * handler as the baseline twin) and the core to edge Aeron IPC one-way latency harness (with a
 * ManyToOneConcurrentArrayQueue hop as the baseline twin). Prints a table; the last line is
 * {@code core sbe_ns=... shard_ns=... shard_alloc_b=... ring_mps=... ipc_p99_us=...}.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
    description = "Core pipeline benchmarks: SBE codec, shard handler, ring throughput, Aeron IPC hop.")
public final class CoreBenchCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "Short run (under ~3 minutes).")
    private boolean quick;

    public Integer call() throws Exception
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
        // SBE's precedence checks default to on (they follow Agrona's bounds checks); they are a test-time aid, so
        // the forks measure the codecs as a production JVM should run them. Bounds checks stay on.
        jvmArgs.add("-Dsbe.enable.precedence.checks=false");

        final Collection<RunResult> results = new Runner(new OptionsBuilder()
            .include(SbeCodecBenchmark.class.getName())
            .include(ShardCreateMessageBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 2 : 3)
            .warmupTime(TimeValue.seconds(quick ? 1 : 2))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .build()).run();

        double sbeNs = Double.NaN;
        double sbeAlloc = Double.NaN;
        double shardNs = Double.NaN;
        double shardAlloc = Double.NaN;
        for (final RunResult result : results)
        {
            final String name = result.getParams().getBenchmark();
            final Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            final double bytes = null == alloc ? Double.NaN : alloc.getScore();
            if (name.contains("SbeCodecBenchmark"))
            {
                sbeNs = result.getPrimaryResult().getScore();
                sbeAlloc = bytes;
            }
            else
            {
                shardNs = result.getPrimaryResult().getScore();
                shardAlloc = bytes;
            }
        }

        // The same two benchmarks timed by thread CPU time, which leaves out time the thread spent descheduled: on a
        // shared, oversubscribed box JMH's wall-clock average mostly measures the other tenants.
        final long cpuOps = quick ? 2_000_000L : 10_000_000L;
        final SbeCodecBenchmark sbe = new SbeCodecBenchmark();
        sbe.setUp();
        final double sbeCpuNs = cpuNsPerOp(sbe::encodeDecode, cpuOps);
        final ShardCreateMessageBenchmark shard = new ShardCreateMessageBenchmark();
        shard.setUp();
        final double shardCpuNs = cpuNsPerOp(shard::createMessage, cpuOps);

        final long events = quick ? 5_000_000L : 20_000_000L;
        RingThroughputHarness.run(events / 5, true);
        final double ringBaseline = RingThroughputHarness.run(events, false);
        final double ringShard = RingThroughputHarness.run(events, true);

        final int samples = quick ? 100_000 : 400_000;
        final long pauseNs = 10_000;
        IpcLatencyHarness.queue(samples / 10, pauseNs);
        final Histogram queue = IpcLatencyHarness.queue(samples, pauseNs);
        IpcLatencyHarness.aeronIpc(samples / 10, pauseNs);
        final Histogram ipc = IpcLatencyHarness.aeronIpc(samples, pauseNs);

        System.out.println();
        System.out.println("| benchmark | result | allocation | target |");
        System.out.println("|---|---:|---:|---|");
        System.out.printf(Locale.ROOT, "| SBE encode+decode MessageCreated | %.1f ns | %.2f B/op | < 50 ns, 0 B |%n",
            sbeNs, sbeAlloc);
        System.out.printf(Locale.ROOT, "| GuildShard CreateMessage + completion + 2 dispatches, no storage | %.0f ns " +
            "| %.2f B/op | < 1 us, 0 B |%n", shardNs, shardAlloc);
        System.out.printf(Locale.ROOT, "| SBE encode+decode, thread CPU time (%d ops) | %.1f ns | | < 50 ns |%n",
            cpuOps, sbeCpuNs);
        System.out.printf(Locale.ROOT, "| GuildShard CreateMessage, thread CPU time (%d ops) | %.0f ns | | < 1 us |%n",
            cpuOps, shardCpuNs);
        System.out.printf(Locale.ROOT, "| ring + shard, TriggerTyping events (%d) | %.2f M/s | | >= 5 M/s |%n",
            events, ringShard / 1e6);
        System.out.printf(Locale.ROOT, "| ring only, empty handler (baseline twin) | %.2f M/s | | |%n",
            ringBaseline / 1e6);
        System.out.println();
        System.out.println("| one-way hop, 128 B every 10 us | samples | p50 us | p99 us | p99.9 us | max us |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("core -> edge Aeron IPC (embedded driver)", ipc);
        row("ManyToOneConcurrentArrayQueue (baseline twin)", queue);
        System.out.println();
        System.out.printf(Locale.ROOT, "core sbe_ns=%.1f shard_ns=%.0f shard_alloc_b=%.2f ring_mps=%.2f " +
            "ipc_p99_us=%.2f%n", sbeNs, shardNs, shardAlloc, ringShard / 1e6, ipc.getValueAtPercentile(99) / 1e3);
        return 0;
    }

    private static double cpuNsPerOp(final LongSupplier op, final long ops)
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (long i = 0; i < ops / 5; i++)
        {
            sink += op.getAsLong();
        }
        final long startNs = threads.getCurrentThreadCpuTime();
        for (long i = 0; i < ops; i++)
        {
            sink += op.getAsLong();
        }
        final long cpuNs = threads.getCurrentThreadCpuTime() - startNs;
        if (sink == 42)
        {
            System.out.print("");
        }
        return (double)cpuNs / ops;
    }

    private static void row(final String name, final Histogram histogram)
    {
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", name, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
    }
}
