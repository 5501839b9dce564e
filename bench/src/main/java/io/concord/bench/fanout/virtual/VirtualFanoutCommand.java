package io.concord.bench.fanout.virtual;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concord bench fanout-virtual} (and {@code concord bench fanout --virtual}): the real core and E real edge
 * gateways in this JVM, with N virtual sessions writing into in-process sinks, one message at a time to all of them;
 * prints a table per size, the per-edge cost model with its inputs, and last the summary line
 * {@code fanout-virtual N=… p50_ms=… p99_ms=… core_ms=… edge_ns_per_delivery=…}; writes a JSON summary per size
 * and {@code summary.json} into the results directory. Exit code 1 when a session missed, repeated or reordered a
 * message.
 */
@Command(name = "fanout-virtual", mixinStandardHelpOptions = true,
    description = "Fan-out of one message to N virtual sessions through the real core and edge gateways " +
        "(in-process sinks instead of sockets), and the per-edge cost model.")
public final class VirtualFanoutCommand implements Callable<Integer>
{
    /**
     * Edge CPU per delivery over loopback sockets (epoll, including the writev), from {@code concord bench gateway}
     * (README, 2,000 raw clients, 2 event loops; 2,075 ns on 2026-11-28 at load 6-8, after the dense fan-out state):
     * the default socket input of the cost model.
     */
    static final double SOCKET_NS_PER_DELIVERY_DEFAULT = 2_100;
    /**
     * Heap per recipient measured at 100k-1M recipients (3.7 KB since 2026-11-28: edge session, handler, pipeline,
     * session slot with its 256-entry replay window, and the core's user, member and guild session), with headroom;
     * used to refuse runs that cannot fit.
     */
    static final long HEAP_BYTES_PER_RECIPIENT_ESTIMATE = 6_000;

    @Option(names = "--recipients", split = ",", paramLabel = "N[,N...]",
        description = "Online recipients, one run each (default 100000).")
    private List<Integer> recipients = List.of(100_000);

    @Option(names = "--edges", paramLabel = "E", description = "Virtual edges (default 2).")
    private int edges = 2;

    @Option(names = "--loops-per-edge", paramLabel = "L", description = "Event loops per edge (default 1).")
    private int loopsPerEdge = 1;

    @Option(names = "--shards", paramLabel = "S", description = "Core shards (default 1).")
    private int shards = 1;

    @Option(names = "--messages", paramLabel = "X", description = "Measured messages (default 30).")
    private int messages = 30;

    @Option(names = "--warmup", paramLabel = "W", description = "Warm-up messages first (default 10).")
    private int warmup = 10;

    @Option(names = "--content-bytes", paramLabel = "B", description = "Message content bytes (default 200).")
    private int contentBytes = 200;

    @Option(names = "--verify-ids", description = "Sinks also check every message id (costs per recipient).")
    private boolean verifyIds;

    @Option(names = "--message-timeout-ms", paramLabel = "MS",
        description = "Longest one message may take to reach every session (default 60000).")
    private long messageTimeoutMs = 60_000;

    @Option(names = "--results-dir", paramLabel = "DIR",
        description = "Where JSON summaries go (default results/fanout-virtual-<time>).")
    private Path resultsDir;

    @Option(names = "--model-online", paramLabel = "N",
        description = "Online recipients for the cost model (default: each run's N).")
    private long modelOnline;

    @Option(names = "--model-rate", paramLabel = "MSGS_PER_S",
        description = "Sustained messages per second into the guild for the cost model (default 1).")
    private double modelRate = 1;

    @Option(names = "--socket-ns-per-delivery", paramLabel = "NS",
        description = "Edge CPU per delivery over real sockets (default 2100, concord bench gateway, epoll).")
    private double socketNsPerDelivery = SOCKET_NS_PER_DELIVERY_DEFAULT;

    @Option(names = "--cores-per-edge", paramLabel = "C", description = "Cores per fleet edge (default 16).")
    private int coresPerEdge = 16;

    @Option(names = "--utilisation", paramLabel = "U",
        description = "Share of an edge's cores the sustained fan-out may use (default 0.5).")
    private double utilisation = 0.5;

    @Option(names = "--max-sessions-per-edge", paramLabel = "S",
        description = "Connections per fleet edge (default 100000).")
    private long maxSessionsPerEdge = 100_000;

    @Option(names = "--target-ms", paramLabel = "MS",
        description = "Time-to-last-recipient target for the cost model (default 1000).")
    private double targetMs = 1_000;

    /**
     * The virtual run {@code concord bench fanout --virtual} delegates to, with the other options at their defaults.
     *
     * @param recipients    online recipients.
     * @param edges         virtual edges.
     * @param shards        core shards.
     * @param messages      measured messages.
     * @param warmup        warm-up messages.
     * @param contentBytes  message content bytes.
     * @param resultsParent where the run's results directory goes.
     * @return the command, ready to {@link #run}.
     */
    public static VirtualFanoutCommand of(
        final int recipients,
        final int edges,
        final int shards,
        final int messages,
        final int warmup,
        final int contentBytes,
        final Path resultsParent)
    {
        final VirtualFanoutCommand command = new VirtualFanoutCommand();
        command.recipients = List.of(recipients);
        command.edges = edges;
        command.shards = shards;
        command.messages = messages;
        command.warmup = warmup;
        command.contentBytes = contentBytes;
        command.resultsDir = resultsParent.resolve(
            "fanout-virtual-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return command;
    }

    public Integer call() throws IOException, InterruptedException
    {
        return run(System.out);
    }

    /**
     * Runs every size and prints the results; also the entry point of {@code concord bench fanout --virtual}.
     *
     * @param out where the table and summary go.
     * @return 0 when every session got every message exactly once and in order, 1 otherwise, 2 when a run could
     * not be made.
     * @throws IOException when the results cannot be written.
     * @throws InterruptedException when interrupted.
     */
    public int run(final PrintStream out) throws IOException, InterruptedException
    {
        final Path dir = null != resultsDir ? resultsDir : Paths.get("results",
            "fanout-virtual-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        final List<VirtualFanoutResult> results = new ArrayList<>();
        final List<FanoutCostModel> models = new ArrayList<>();
        final List<String> loads = new ArrayList<>();
        int status = 0;
        for (final int n : recipients)
        {
            final long needed = n * HEAP_BYTES_PER_RECIPIENT_ESTIMATE;
            if (needed > Runtime.getRuntime().maxMemory())
            {
                out.printf(Locale.ROOT, "fanout-virtual: %,d recipients need about %,d MiB of heap, this JVM has %,d " +
                    "MiB: run with CONCORD_JAVA_OPTS=-Xmx%dg%n", n, needed >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, (needed >> 30) + 2);
                status = 2;
                continue;
            }
            final VirtualFanoutHarness.Settings settings;
            try
            {
                settings = new VirtualFanoutHarness.Settings(n, edges, loopsPerEdge, shards, messages, warmup,
                    contentBytes, verifyIds, messageTimeoutMs);
            }
            catch (final IllegalArgumentException ex)
            {
                out.println("fanout-virtual: " + ex.getMessage());
                return 2;
            }
            out.printf(Locale.ROOT, "fanout-virtual: %,d recipients, %d edge(s) x %d loop(s), %d shard(s), " +
                "%d + %d messages, load %s%n", n, edges, loopsPerEdge, shards, warmup, messages, loadAverage());
            final VirtualFanoutResult result;
            try
            {
                result = VirtualFanoutHarness.run(settings, out);
            }
            catch (final Exception ex)
            {
                out.println("fanout-virtual: run at " + n + " recipients failed: " + ex);
                status = 2;
                continue;
            }
            final FanoutCostModel model = new FanoutCostModel(0 < modelOnline ? modelOnline : n, modelRate,
                socketNsPerDelivery, result.edgeCpuNsPerDelivery(), result.coreP50Ms(), coresPerEdge, utilisation,
                maxSessionsPerEdge, targetMs);
            final String load = loadAverage();
            Files.writeString(dir.resolve("virtual-" + n + ".json"), result.toJson(model, load),
                StandardCharsets.UTF_8);
            results.add(result);
            models.add(model);
            loads.add(load);
            if (!result.exact())
            {
                status = Math.max(status, 1);
            }
        }
        printTable(out, results, loads);
        for (int i = 0; i < models.size(); i++)
        {
            out.println();
            out.printf(Locale.ROOT, "per-edge cost model (from the %,d-recipient run):%n", results.get(i).recipients());
            for (final String line : models.get(i).describe())
            {
                out.println("  " + line);
            }
        }
        final StringBuilder summary = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++)
        {
            summary.append(results.get(i).toJson(models.get(i), loads.get(i))).append(i + 1 < results.size() ? "," :
                "").append('\n');
        }
        Files.writeString(dir.resolve("summary.json"), summary.append("]\n").toString(), StandardCharsets.UTF_8);
        out.println();
        out.println("results: " + dir.toAbsolutePath());
        for (final VirtualFanoutResult result : results)
        {
            if (!result.exact())
            {
                out.printf(Locale.ROOT, "fanout-virtual: FAILED at N=%d: %d of %d deliveries, %d order errors, " +
                    "%d sessions without exactly every message%n", result.recipients(), result.deliveries(),
                    result.expectedDeliveries(), result.orderErrors(), result.wrongCountSessions());
            }
        }
        for (final VirtualFanoutResult result : results)
        {
            out.println(result.summaryLine());
        }
        out.flush();
        return status;
    }

    private static void printTable(
        final PrintStream out, final List<VirtualFanoutResult> results, final List<String> loads)
    {
        out.println();
        out.println("| recipients | edges x loops | identify seed s | core seed ms | heap B/recipient | p50 ms | " +
            "p99 ms | max ms | core p50 ms | edge p50 ms | edge CPU ns/delivery | fan-out task ns/delivery | " +
            "link CPU us/msg | core CPU us/msg | alloc B/delivery (edge loops) | GC n / ms | exact | load |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (int i = 0; i < results.size(); i++)
        {
            final VirtualFanoutResult r = results.get(i);
            out.printf(Locale.ROOT, "| %,d | %d x %d | %.1f | %,d | %,.0f | %.1f | %.1f | %.1f | %.2f | %.1f | " +
                "%.0f | %.0f | %.0f | %.0f | %.3f (%.3f) | %d / %d | %s | %s |%n",
                r.recipients(), r.edges(), r.loopsPerEdge(), r.seedEdgeMs() / 1e3, r.seedCoreMs(),
                r.heapPerRecipientBytes(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.coreP50Ms(), r.edgeP50Ms(),
                r.edgeCpuNsPerDelivery(), r.fanoutTaskNsPerDelivery(), r.linkCpuUsPerMessage(),
                r.coreCpuUsPerMessage(), r.allocBytesPerDelivery(), r.edgeAllocBytesPerDelivery(), r.gcCount(),
                r.gcMs(), r.exact() ? "yes" : "NO", loads.get(i));
        }
    }

    /**
     * @return the 1, 5 and 15 minute load averages, as {@code uptime} shows them.
     */
    static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.format(Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
