package io.concord.bench.gateway;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concord bench gateway}: the JMH fan-out benchmark at 1k/10k/100k in-memory sessions with {@code -prof gc},
 * the same fan-out over real loopback sockets (epoll and io_uring), the edge's loopback heartbeat and dispatch
 * latency, then the full REST POST → MESSAGE_CREATE round trip through a real {@code concord serve} (durable store);
 * prints a table whose last line is the summary
 * {@code gateway fanout_ns_per_recipient=… alloc_b_per_recipient=… heartbeat_p99_ms=… message_p99_ms=…}, where
 * {@code message_p99_ms} is that REST → gateway round trip.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Gateway fan-out per recipient (JMH, -prof gc) and loopback heartbeat/message latency.")
public final class GatewayBenchCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "Short run (under ~3 minutes).")
    private boolean quick;

    @Option(names = "--sessions", split = ",", paramLabel = "N[,N...]",
        description = "Local session counts for the fan-out benchmark (default 1000,10000,100000).")
    private List<Integer> sessionCounts = List.of(1_000, 10_000, 100_000);

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
        jvmArgs.add("-Xmx4g");
        jvmArgs.add("-Dio.netty.leakDetection.level=disabled");
        jvmArgs.add("-Djmh.executor=CUSTOM");
        jvmArgs.add("-Djmh.executor.class=" + FastThreadLocalExecutor.class.getName());

        final ChainedOptionsBuilder options = new OptionsBuilder()
            .include(FanoutBenchmark.class.getName())
            .param("sessions", sessionCounts.stream().map(String::valueOf).toArray(String[]::new))
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 2 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .jvmArgsAppend(jvmArgs.toArray(new String[0]));
        final Collection<RunResult> results = new Runner(options.build()).run();
        final String header = "| local sessions | ns per dispatch (median) | ns per recipient | " +
            "B per dispatch (median) | B per recipient |";

        System.out.println();
        System.out.println(header);
        System.out.println("|---:|---:|---:|---:|---:|");
        double worstNsPerRecipient = 0;
        double worstBytesPerRecipient = 0;
        for (final RunResult result : results)
        {
            final int sessions = Integer.parseInt(result.getParams().getParam("sessions"));
            // Medians of the iterations: one iteration disturbed by other work on a shared box should not decide.
            final double nsPerOp = result.getPrimaryResult().getStatistics().getPercentile(50);
            final Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            final double bytesPerOp = null == alloc ? Double.NaN : alloc.getStatistics().getPercentile(50);
            final double nsPerRecipient = nsPerOp / sessions;
            final double bytesPerRecipient = bytesPerOp / sessions;
            worstNsPerRecipient = Math.max(worstNsPerRecipient, nsPerRecipient);
            worstBytesPerRecipient = Math.max(worstBytesPerRecipient, bytesPerRecipient);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.4f |%n",
                sessions, nsPerOp, nsPerRecipient, bytesPerOp, bytesPerRecipient);
        }

        final int socketClients = quick ? 2_000 : 10_000;
        final int socketDispatches = quick ? 300 : 1_000;
        System.out.println();
        System.out.println("| loopback sockets: transport | sessions | dispatches | fan-out task ns per recipient |");
        System.out.println("|---|---:|---:|---:|");
        for (final String transport : new String[]{ "epoll", "io_uring" })
        {
            final double ns = SocketFanoutHarness.nsPerRecipient(transport, socketClients, socketDispatches);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s |%n", transport, socketClients, socketDispatches,
                Double.isNaN(ns) ? "unavailable" : String.format(Locale.ROOT, "%.0f", ns));
        }

        final int samples = quick ? 2_000 : 20_000;
        final GatewayLatencyHarness latency = new GatewayLatencyHarness().run(samples / 4, samples);
        final int restSamples = quick ? 1_000 : 5_000;
        final RestToGatewayHarness rest = new RestToGatewayHarness().run(restSamples / 5, restSamples);
        System.out.println();
        System.out.println("| loopback round trip | samples | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("heartbeat -> ACK (edge only)", latency.heartbeatNs());
        row("gateway-side dispatch call -> MESSAGE_CREATE at another session (edge only)", latency.messageNs());
        row("REST POST /channels/{id}/messages -> 200 (concord serve, durable store)", rest.restNs());
        row("REST POST -> MESSAGE_CREATE at another user's session (concord serve, durable store; " +
            "message_p99_ms)", rest.messageNs());
        System.out.println();
        System.out.printf(Locale.ROOT,
            "gateway fanout_ns_per_recipient=%.1f alloc_b_per_recipient=%.4f heartbeat_p99_ms=%.3f " +
            "message_p99_ms=%.3f%n",
            worstNsPerRecipient, worstBytesPerRecipient, ms(latency.heartbeatNs(), 99),
            ms(rest.messageNs(), 99));
        return 0;
    }

    private static void row(final String name, final Histogram histogram)
    {
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", name, histogram.getTotalCount(),
            ms(histogram, 50), ms(histogram, 99), histogram.getMaxValue() / 1e6);
    }

    private static double ms(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
