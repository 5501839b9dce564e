package io.concord.bench.rest;

import io.netty.handler.codec.http.HttpMethod;
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
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static io.concord.bench.rest.RestSetup.ID;
import static io.concord.bench.rest.RestSetup.TEXT_CHANNEL_ID;
import static io.concord.bench.rest.RestSetup.TOKEN;
import static io.concord.bench.rest.RestSetup.group;

/**
 * {@code concord bench rest}: REST round trips against a real {@code concord serve} child process on loopback (fresh
 * data dir, 1 core shard, durable LSM store, rate limits raised for the run). A bot registers, creates a guild and
 * posts into its text channel: create-message round trip (request → durable → 200) p50/p99 and throughput with 1, 16
 * and 256 keep-alive connections, closed loop (one request in flight per connection), then history GET latest-50
 * with 1 and 16 connections. Before the server starts, the JMH {@link RestHandlerBenchmark} gives the edge's own cost
 * per request ({@code -prof gc}). The last line of the table is
 * {@code rest post_p50_ms=… post_p99_ms=… history_p99_ms=…}, all at 16 connections.
 */
@Command(name = "rest", mixinStandardHelpOptions = true,
    description = "REST create-message and history round trips against a real concord serve; JMH handler cost.")
public final class RestBenchCommand implements Callable<Integer>
{
    private static final int SUMMARY_CONNECTIONS = 16;
    private static final long SERVER_START_TIMEOUT_MS = 60_000;
    private static final String API = "/api/v10";
    private static final List<String> RAISED_LIMITS = List.of(
        "-Dconcord.edge.rest.rate.limit.global=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.messages.post=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.messages=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.guilds=1000/1000");

    @Option(names = "--quick", description = "Short run (under ~2 minutes).")
    private boolean quick;

    @Option(names = "--no-jmh", description = "Skip the JMH RestHandlerBenchmark.")
    private boolean noJmh;

    @Option(names = "--content-chars", paramLabel = "N", description = "Message content length (default 200).")
    private int contentChars = 200;

    public Integer call() throws Exception
    {
        if (contentChars < 1 || contentChars > 2000)
        {
            throw new IllegalArgumentException("--content-chars must be 1..2000 (Discord's limit), was " +
                contentChars);
        }
        final Collection<RunResult> jmh = noJmh ? List.of() : runJmh();

        final List<String[]> rows = new ArrayList<>();
        double summaryPostP50 = Double.NaN;
        double summaryPostP99 = Double.NaN;
        double summaryHistoryP99 = Double.NaN;
        try (ServerProcess server = ServerProcess.start(RAISED_LIMITS, SERVER_START_TIMEOUT_MS);
            RestLoadGenerator load = new RestLoadGenerator("127.0.0.1", server.port()))
        {
            final String base = "http://127.0.0.1:" + server.port() + API;
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final String registered = RestSetup.call(http, "POST", base + "/auth/register", null,
                "{\"username\":\"rest-bench\",\"password\":\"rest-bench-password\",\"bot\":true}", 201);
            final String authorization = "Bot " + group(TOKEN, registered, "token");
            final String guild = RestSetup.call(
                http, "POST", base + "/guilds", authorization, "{\"name\":\"Bench\"}", 201);
            final String guildId = group(ID, guild, "guild id");
            final String channels = RestSetup.call(
                http, "GET", base + "/guilds/" + guildId + "/channels", authorization, null, 200);
            final String channelId = group(TEXT_CHANNEL_ID, channels, "text channel id");

            final String messages = API + "/channels/" + channelId + "/messages";
            final RestLoadGenerator.RequestSpec post = new RestLoadGenerator.RequestSpec(HttpMethod.POST, messages,
                "{\"content\":\"" + "x".repeat(contentChars) + "\",\"tts\":false}", authorization);
            final RestLoadGenerator.RequestSpec history = new RestLoadGenerator.RequestSpec(
                HttpMethod.GET, messages + "?limit=50", null, authorization);

            check(load.run(post, SUMMARY_CONNECTIONS, quick ? 2_000 : 10_000, quick ? 10_000 : 20_000),
                "warm-up");
            final long timeMs = quick ? 12_000 : 30_000;
            final int[] connections = { 1, SUMMARY_CONNECTIONS, 256 };
            final long[] postRequests = quick ? new long[]{ 1_500, 8_000, 15_000 } :
                new long[]{ 10_000, 50_000, 100_000 };
            for (int i = 0; i < connections.length; i++)
            {
                final RestLoadGenerator.Result result =
                    check(load.run(post, connections[i], postRequests[i], timeMs), "POST");
                rows.add(row("POST message", connections[i], result));
                if (SUMMARY_CONNECTIONS == connections[i])
                {
                    summaryPostP50 = ms(result.latencyNs(), 50);
                    summaryPostP99 = ms(result.latencyNs(), 99);
                }
            }
            final int[] historyConnections = { 1, SUMMARY_CONNECTIONS };
            final long[] historyRequests = quick ? new long[]{ 1_500, 6_000 } : new long[]{ 10_000, 40_000 };
            for (int i = 0; i < historyConnections.length; i++)
            {
                final RestLoadGenerator.Result result =
                    check(load.run(history, historyConnections[i], historyRequests[i], timeMs), "history");
                rows.add(row("GET history latest 50", historyConnections[i], result));
                if (SUMMARY_CONNECTIONS == historyConnections[i])
                {
                    summaryHistoryP99 = ms(result.latencyNs(), 99);
                }
            }
        }

        printJmh(jmh);
        System.out.println();
        System.out.println("| request (concord serve, loopback, closed loop) | connections | requests | errors | " +
            "req/s | p50 ms | p99 ms | p99.9 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (final String[] row : rows)
        {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "rest post_p50_ms=%.3f post_p99_ms=%.3f history_p99_ms=%.3f%n",
            summaryPostP50, summaryPostP99, summaryHistoryP99);
        return 0;
    }

    private Collection<RunResult> runJmh() throws Exception
    {
        final List<String> jvmArgs = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                jvmArgs.add(arg);
            }
        }
        return new Runner(new OptionsBuilder()
            .include(RestHandlerBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .forks(1)
            // 2 x 1 s of warm-up on a loaded 2-core box left C2 unfinished: 160-260 µs per POST instead of ~6 µs.
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(jvmArgs.toArray(new String[0]))
            .build()).run();
    }

    private static void printJmh(final Collection<RunResult> results)
    {
        if (results.isEmpty())
        {
            return;
        }
        System.out.println();
        System.out.println("| RestHandlerBenchmark (JMH, -prof gc, core answering at once) | µs/op (median) | " +
            "B/op (median) |");
        System.out.println("|---|---:|---:|");
        for (final RunResult result : results)
        {
            final String label = result.getParams().getBenchmark();
            final Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.0f |%n", label.substring(label.lastIndexOf('.') + 1),
                result.getPrimaryResult().getStatistics().getPercentile(50),
                null == alloc ? Double.NaN : alloc.getStatistics().getPercentile(50));
        }
    }

    private static RestLoadGenerator.Result check(final RestLoadGenerator.Result result, final String phase)
    {
        if (0 == result.latencyNs().getTotalCount())
        {
            throw new IllegalStateException(phase + ": no request answered 200; first error: " + result.firstError());
        }
        if (result.errors() > 0)
        {
            System.err.println("rest bench: " + phase + ": " + result.errors() + " error(s), first: " +
                result.firstError());
        }
        return result;
    }

    private static String[] row(final String name, final int connections, final RestLoadGenerator.Result result)
    {
        final Histogram h = result.latencyNs();
        return new String[]{
            name,
            Integer.toString(connections),
            Long.toString(result.completed()),
            Long.toString(result.errors()),
            String.format(Locale.ROOT, "%.0f", result.throughputPerSec()),
            String.format(Locale.ROOT, "%.3f", ms(h, 50)),
            String.format(Locale.ROOT, "%.3f", ms(h, 99)),
            String.format(Locale.ROOT, "%.3f", ms(h, 99.9)),
            String.format(Locale.ROOT, "%.3f", h.getMaxValue() / 1e6) };
    }

    private static double ms(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
