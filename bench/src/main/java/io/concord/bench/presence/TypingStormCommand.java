package io.concord.bench.presence;

import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concord bench typing-storm}: 10,000 users typing in 100 channels at a simulated 20,000 calls/s. A harness
 * counts TYPING_START dispatches (core to edge) and the frames the edges would write against the raw calls, timed by
 * thread CPU; JMH with the GC profiler gives time and allocation per call. Prints a table; the last line is
 * {@code typing calls=... dispatches=...}.
 */
@Command(name = "typing-storm", mixinStandardHelpOptions = true,
    description = "Typing storm at the core: 10,000 users in 100 channels, dedupe on a timer wheel.")
public final class TypingStormCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "Short run (under ~2 minutes).")
    private boolean quick;

    public Integer call()
    {
        double jmhNs = Double.NaN;
        double allocBytes = Double.NaN;
        for (final RunResult result : StormJmh.run(TypingStormBenchmark.class, quick))
        {
            jmhNs = result.getPrimaryResult().getScore();
            allocBytes = StormJmh.allocBytesPerOp(result);
        }

        final int users = 10_000;
        final int channels = 100;
        final int rate = 20_000;
        final long calls = quick ? 1_000_000 : 5_000_000;
        final long setupStartNs = System.nanoTime();
        final TypingStorm storm = new TypingStorm(users, channels);
        storm.rate(rate);
        final double setupS = (System.nanoTime() - setupStartNs) / 1e9;
        for (long i = 0; i < calls / 5; i++)
        {
            storm.call();
        }
        storm.storm.startCounting();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long startCpuNs = threads.getCurrentThreadCpuTime();
        for (long i = 0; i < calls; i++)
        {
            storm.call();
        }
        final long cpuNs = threads.getCurrentThreadCpuTime() - startCpuNs;
        final long dispatches = storm.storm.typingDispatches;
        final long delivered = storm.storm.typingDelivered;
        // Every channel has sessions on every edge (10,000 users over 8 edges): one start is EDGES dispatches.
        final long starts = dispatches / StormShard.EDGES;

        System.out.println();
        System.out.printf(Locale.ROOT, "typing storm: %,d users (one session each on %d edges) in one guild with %d " +
            "channels, user i types in channel i %% %d; %,d calls at a simulated %,d/s (%.0f s), one in %,d a " +
            "message; TTL 10 s; set-up %.1f s%n", users, StormShard.EDGES, channels, channels, calls, rate,
            calls / (double)rate, TypingStorm.SEND_EVERY, setupS);
        System.out.println();
        System.out.println("| figure | value |");
        System.out.println("|---|---:|");
        System.out.printf(Locale.ROOT, "| raw calls | %,d |%n", calls);
        System.out.printf(Locale.ROOT, "| TYPING_START fanned out (after dedupe) | %,d (%.1f%% of calls) |%n",
            starts, 100.0 * starts / calls);
        System.out.printf(Locale.ROOT, "| dispatches core -> edge (one per edge of the channel) | %,d |%n",
            dispatches);
        System.out.printf(Locale.ROOT, "| frames the edges would write (sessions on the channel) | %,d |%n",
            delivered);
        System.out.printf(Locale.ROOT, "| shard CPU per call (thread CPU time) | %.0f ns |%n", cpuNs / (double)calls);
        System.out.printf(Locale.ROOT, "| JMH per call (wall clock, average) | %.0f ns |%n", jmhNs);
        System.out.printf(Locale.ROOT, "| JMH -prof gc allocation per call | %.2f B/op |%n", allocBytes);
        System.out.println();
        System.out.printf(Locale.ROOT, "typing calls=%d dispatches=%d%n", calls, dispatches);
        return 0;
    }
}
