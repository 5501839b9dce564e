package io.concord.bench.fanout;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a fan-out run, written three ways: {@code summary.json}, a self-contained {@code report.html}
 * (inline SVG charts: latency percentile distribution, per-message time to first/last recipient, deliveries over
 * time, Concord and baseline side by side; no scripts, no external resources) and a short table on the console
 * ending with the line {@code fanout N=… p99_last_ms=… baseline_ratio=…}. Built and used by the orchestrating thread.
 */
final class FanoutReport
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9 };

    private final FanoutCommand run;
    private final GuildSeeder.SeededGuild guild;
    private final PhaseResult concord;
    private final PhaseResult baseline;
    private final String loadAverage;

    FanoutReport(
        final FanoutCommand run, final GuildSeeder.SeededGuild guild, final PhaseResult concord,
        final PhaseResult baseline)
    {
        this.run = run;
        this.guild = guild;
        this.concord = concord;
        this.baseline = baseline;
        this.loadAverage = loadAverage();
    }

    /**
     * @return true when no phase lost, duplicated or failed anything.
     */
    boolean passed()
    {
        return clean(concord) && (null == baseline || clean(baseline));
    }

    private static boolean clean(final PhaseResult phase)
    {
        return 0 == phase.lost() && 0 == phase.duplicates() && 0 == phase.count("failed") &&
            0 == phase.count("parse_errors") && 0 == phase.sendErrors && phase.count("ready") == phase.sessions &&
            0 == phase.count("storm_failed") && 0 == phase.count("history_failed") &&
            phase.count("storm_dropped") == phase.count("storm_resumed") + phase.count("storm_reidentified");
    }

    private boolean storm()
    {
        return FanoutCommand.SCENARIO_STORM.equals(run.scenario);
    }

    /**
     * @return Concord's p99 time to last recipient over the baseline's, or NaN without a baseline.
     */
    double lastRecipientRatio()
    {
        return null == baseline ? Double.NaN : concord.lastRecipientMs(99) / baseline.lastRecipientMs(99);
    }

    double cpuRatio()
    {
        return null == baseline ? Double.NaN : concord.cpuUsPerDelivery() / baseline.cpuUsPerDelivery();
    }

    void print(final PrintStream out)
    {
        out.println();
        out.printf("fanout: members %d, online %d, edges %d, clients %d, shards %d, messages %d at %.1f/s, %s; " +
            "seeding %d ms; scenario %s; edge heartbeat tolerance %d ms; load average %s%n", run.members, run.online,
            run.edges, run.clients, run.shards, run.messages, run.rate, run.compress ? "zlib-stream" : "no compression",
            guild.seedMs(), run.scenario, run.heartbeatToleranceMs, loadAverage);
        out.printf("%-9s %8s %10s %5s %5s %8s %8s %8s %8s %8s %9s %9s %9s %10s %9s%n", "phase", "ready", "deliveries",
            "lost", "dup", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "first p99", "last p50", "last p99",
            "deliv/s", "cpu us/d");
        row(out, concord);
        if (null != baseline)
        {
            row(out, baseline);
            out.printf("ratio (concord/baseline): last recipient p99 %.2f, cpu per delivery %.2f%n",
                lastRecipientRatio(), cpuRatio());
        }
        for (final PhaseResult phase : phases())
        {
            reasons(out, phase);
        }
        out.printf("%-14s %8s %10s %12s %12s%n", "process", "phase", "cpu s", "cpu s (msgs)", "peak RSS MB");
        processes(out, concord);
        if (null != baseline)
        {
            processes(out, baseline);
        }
        if (concord.messagesPerChannel.length > 1)
        {
            out.println("chat: messages per channel, most popular first: " +
                Arrays.toString(concord.messagesPerChannel));
        }
        if (storm())
        {
            out.printf(Locale.ROOT, "storm (%s): %d dropped, %d resumed, %d re-identified (%d resumes refused), " +
                "%d failed; drop to ready p50 %.1f / p99 %.1f / max %.1f ms; history %d ok, %d failed, p50 %.1f / " +
                "p99 %.1f ms%n", run.stormMode, concord.count("storm_dropped"), concord.count("storm_resumed"),
                concord.count("storm_reidentified"), concord.count("storm_resume_refused"),
                concord.count("storm_failed"), ms(concord.stormReadyUs, 50), ms(concord.stormReadyUs, 99),
                concord.stormReadyUs.getMaxValue() / 1000.0, concord.count("history_ok"),
                concord.count("history_failed"), ms(concord.historyUs, 50), ms(concord.historyUs, 99));
        }
        out.println(passed() ? "fanout: PASSED (no lost or duplicated deliveries)" :
            "fanout: FAILED (lost, duplicated, failed sessions or failed sends: see above)");
        if (FanoutCommand.SCENARIO_CHAT.equals(run.scenario))
        {
            out.printf(Locale.ROOT, "chat N=%d p99_ms=%.1f%n", run.online, ms(concord.latencyUs, 99));
        }
        else if (storm())
        {
            out.printf(Locale.ROOT, "reconnect-storm N=%d resumed=%d p99_ready_ms=%.1f%n", run.online,
                concord.count("storm_resumed"), ms(concord.stormReadyUs, 99));
        }
        else
        {
            out.printf(Locale.ROOT, "fanout N=%d p99_last_ms=%.1f baseline_ratio=%s%n", run.online,
                concord.lastRecipientMs(99), null == baseline ? "n/a" : String.format(Locale.ROOT, "%.2f",
                lastRecipientRatio()));
        }
        out.flush();
    }

    private static void row(final PrintStream out, final PhaseResult phase)
    {
        final Histogram h = phase.latencyUs;
        out.printf(Locale.ROOT, "%-9s %8d %10d %5d %5d %8.1f %8.1f %8.1f %8.1f %8.1f %9.1f %9.1f %9.1f %10.0f %9.2f%n",
            phase.name, phase.count("ready"), phase.count("deliveries"), phase.lost(), phase.duplicates(),
            ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, percentile(phase.firstMs, 99),
            phase.lastRecipientMs(50), phase.lastRecipientMs(99), phase.deliveriesPerSecond, phase.cpuUsPerDelivery());
    }

    private static void reasons(final PrintStream out, final PhaseResult phase)
    {
        if (!phase.edgeCounters.isEmpty())
        {
            out.println(phase.name + " edges: " + phase.edgeCounters);
        }
        if (phase.count("reidentifies") > 0 || phase.count("closed_after_ready") > 0 || !phase.reasons.isEmpty())
        {
            out.printf("%s: %d identifies retried after op 9, %d sessions closed after ready%n", phase.name,
                phase.count("reidentifies"), phase.count("closed_after_ready"));
            for (final Map.Entry<String, Long> reason : phase.reasons.entrySet())
            {
                out.printf("%s:   %s = %d%n", phase.name, reason.getKey(), reason.getValue());
            }
        }
    }

    private static void processes(final PrintStream out, final PhaseResult phase)
    {
        for (final Map.Entry<String, double[]> entry : phase.processes.entrySet())
        {
            final double[] v = entry.getValue();
            out.printf(Locale.ROOT, "%-14s %8s %10.1f %12.2f %12.0f%n", entry.getKey(), phase.name, v[0], v[1], v[2]);
        }
    }

    private static double ms(final Histogram h, final double pct)
    {
        return h.getValueAtPercentile(pct) / 1000.0;
    }

    static double percentile(final double[] values, final double pct)
    {
        final List<Double> sorted = new ArrayList<>();
        for (final double v : values)
        {
            if (!Double.isNaN(v))
            {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty())
        {
            return Double.NaN;
        }
        sorted.sort(null);
        final int index = (int)Math.ceil(pct / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    void write(final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("summary.json"), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    private String json()
    {
        final StringBuilder j = new StringBuilder("{\n");
        j.append(String.format(Locale.ROOT, "  \"run\": {\"members\": %d, \"online\": %d, \"edges\": %d, " +
            "\"clients\": %d, \"shards\": %d, \"messages\": %d, \"rate_per_sec\": %s, \"warmup\": %d, " +
            "\"content_length\": %d, \"compress\": %s, \"seed_ms\": %d, \"scenario\": \"" + run.scenario +
            "\", \"channels\": " + concord.messagesPerChannel.length + ", \"attached\": " + (null != run.targets) +
            ", \"heartbeat_tolerance_ms\": " + run.heartbeatToleranceMs +
            ", \"cores\": %d, \"load_average\": \"%s\", " +
            "\"clock\": \"CLOCK_REALTIME (java.time.Instant) in every process; latency = receive - intended send\"}," +
            "%n", run.members, run.online, run.edges, run.clients, run.shards, run.messages, num(run.rate), run.warmup,
            run.contentLength, run.compress, guild.seedMs(), Runtime.getRuntime().availableProcessors(), loadAverage));
        j.append("  \"passed\": ").append(passed()).append(",\n");
        j.append("  \"phases\": {\n");
        j.append(phaseJson(concord));
        if (null != baseline)
        {
            j.append(",\n").append(phaseJson(baseline));
        }
        j.append("\n  },\n");
        j.append(String.format(Locale.ROOT, "  \"ratios\": {\"last_recipient_p99\": %s, \"cpu_per_delivery\": %s}%n",
            num(lastRecipientRatio()), num(cpuRatio())));
        j.append("}\n");
        return j.toString();
    }

    private static String phaseJson(final PhaseResult p)
    {
        final Histogram h = p.latencyUs;
        final StringBuilder j = new StringBuilder();
        j.append("    \"").append(p.name).append("\": {");
        for (final Map.Entry<String, Long> count : p.counts.entrySet())
        {
            j.append('"').append(count.getKey()).append("\": ").append(count.getValue()).append(", ");
        }
        j.append(String.format(Locale.ROOT, "\"send_errors\": %s, \"deliveries_per_sec\": %s, " +
            "\"server_cpu_s\": %s, \"cpu_us_per_delivery\": %s,%n", num(p.sendErrors), num(p.deliveriesPerSecond),
            num(p.serverCpuSeconds), num(p.cpuUsPerDelivery())));
        j.append(String.format(Locale.ROOT, "      \"latency_ms\": {\"p50\": %s, \"p90\": %s, \"p99\": %s, " +
            "\"p99.9\": %s, \"max\": %s, \"mean\": %s},%n", num(ms(h, 50)), num(ms(h, 90)), num(ms(h, 99)),
            num(ms(h, 99.9)), num(h.getMaxValue() / 1000.0), num(h.getMean() / 1000.0)));
        j.append(String.format(Locale.ROOT, "      \"first_recipient_ms\": {\"p50\": %s, \"p99\": %s, " +
            "\"max\": %s},%n", num(percentile(p.firstMs, 50)), num(percentile(p.firstMs, 99)),
            num(percentile(p.firstMs, 100))));
        j.append(String.format(Locale.ROOT, "      \"last_recipient_ms\": {\"p50\": %s, \"p99\": %s, " +
            "\"max\": %s},%n", num(p.lastRecipientMs(50)), num(p.lastRecipientMs(99)), num(p.lastRecipientMs(100))));
        j.append("      \"per_message\": [");
        for (int i = 0; i < p.messages; i++)
        {
            j.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                "{\"seq\": %d, \"receivers\": %d, \"first_ms\": %s, \"last_ms\": %s}", i, p.receivers[i],
                num(p.firstMs[i]), num(p.lastMs[i])));
        }
        j.append("],\n      \"reasons\": {");
        boolean firstReason = true;
        for (final Map.Entry<String, Long> reason : p.reasons.entrySet())
        {
            j.append(firstReason ? "" : ", ").append('"').append(reason.getKey()).append("\": ")
                .append(reason.getValue());
            firstReason = false;
        }
        j.append(String.format(Locale.ROOT, "},%n      \"storm_ready_ms\": {\"p50\": %s, \"p99\": %s, \"max\": %s}, " +
            "\"history_ms\": {\"p50\": %s, \"p99\": %s, \"max\": %s}, \"messages_per_channel\": %s",
            num(ms(p.stormReadyUs, 50)), num(ms(p.stormReadyUs, 99)), num(p.stormReadyUs.getMaxValue() / 1000.0),
            num(ms(p.historyUs, 50)), num(ms(p.historyUs, 99)), num(p.historyUs.getMaxValue() / 1000.0),
            Arrays.toString(p.messagesPerChannel)));
        j.append(",\n      \"edge_counters\": {");
        boolean firstCounter = true;
        for (final Map.Entry<String, Long> counter : p.edgeCounters.entrySet())
        {
            j.append(firstCounter ? "" : ", ").append('"').append(counter.getKey()).append("\": ")
                .append(counter.getValue());
            firstCounter = false;
        }
        j.append("},\n      \"processes\": {");
        boolean firstProcess = true;
        for (final Map.Entry<String, double[]> entry : p.processes.entrySet())
        {
            final double[] v = entry.getValue();
            j.append(firstProcess ? "" : ", ").append(String.format(Locale.ROOT,
                "\"%s\": {\"cpu_s\": %s, \"cpu_s_measured\": %s, \"peak_rss_mb\": %s}", entry.getKey(), num(v[0]),
                num(v[1]), num(v[2])));
            firstProcess = false;
        }
        j.append("}}");
        return j.toString();
    }

    private static String num(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    private String html()
    {
        final SvgChart distribution = new SvgChart("Delivery latency by percentile (all deliveries)", "percentile",
            "ms after intended send", true);
        final SvgChart perMessage = new SvgChart("Time to first and last recipient per message", "message",
            "ms after intended send", false);
        final SvgChart timeline = new SvgChart("Deliveries over time (per 10 ms)", "seconds after first send",
            "deliveries per 10 ms", false);
        for (final PhaseResult p : phases())
        {
            distribution.add(p.name, percentileCurve(p.latencyUs));
            final double[][] first = new double[p.messages][];
            final double[][] last = new double[p.messages][];
            for (int i = 0; i < p.messages; i++)
            {
                first[i] = new double[]{ i, p.firstMs[i] };
                last[i] = new double[]{ i, p.lastMs[i] };
            }
            perMessage.add(p.name + " first", first).add(p.name + " last", last);
            timeline.add(p.name, timelineCurve(p));
        }
        final StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Concord fan-out report</title>\n")
            .append("<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;" +
                "margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}" +
                "th{background:#f4f4f4}" +
                "td:first-child,th:first-child{text-align:left}.pass{color:#2a2}.fail{color:#c22}</style>\n")
            .append("</head><body>\n<h1>Concord fan-out report</h1>\n");
        html.append(String.format(Locale.ROOT, "<p>%d members, <b>%d online sessions</b> over %d edge process(es), " +
            "%d load generator(s), %d core shard(s); %d messages at %.1f/s (after %d warm-up), %d-char content, %s. " +
            "Seeding took %d ms. %d cores, load average at the end %s. Latency is receive time minus the " +
            "<i>intended</i> send time, both CLOCK_REALTIME on one host.</p>%n", run.members, run.online, run.edges,
            run.clients, run.shards, run.messages, run.rate, run.warmup, run.contentLength,
            run.compress ? "zlib-stream" : "uncompressed", guild.seedMs(), Runtime.getRuntime().availableProcessors(),
            SvgChart.escape(loadAverage)));
        html.append(passed() ? "<p class=\"pass\"><b>PASSED</b>: no lost or duplicated deliveries.</p>\n" :
            "<p class=\"fail\"><b>FAILED</b>: lost or duplicated deliveries, failed sessions or failed sends.</p>\n");
        html.append("<table><tr><th>phase</th><th>sessions ready</th><th>deliveries</th><th>lost</th><th>dup</th>" +
            "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>first p99 ms</th>" +
            "<th>last p50 ms</th><th>last p99 ms</th><th>deliveries/s</th><th>server CPU µs/delivery</th></tr>\n");
        for (final PhaseResult p : phases())
        {
            final Histogram h = p.latencyUs;
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>" +
                "<td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>" +
                "<td>%.1f</td><td>%.0f</td><td>%.2f</td></tr>%n", p.name, p.count("ready"), p.count("deliveries"),
                p.lost(), p.duplicates(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0,
                percentile(p.firstMs, 99), p.lastRecipientMs(50), p.lastRecipientMs(99), p.deliveriesPerSecond,
                p.cpuUsPerDelivery()));
        }
        html.append("</table>\n");
        if (null != baseline)
        {
            html.append(String.format(Locale.ROOT, "<p>Concord / baseline: time to last recipient p99 <b>%.2f×</b>, " +
                "server CPU per delivery <b>%.2f×</b>.</p>%n", lastRecipientRatio(), cpuRatio()));
        }
        html.append(distribution.render()).append(perMessage.render()).append(timeline.render());
        html.append("<h2>Processes</h2>\n<table><tr><th>process</th><th>phase</th><th>CPU s (life)</th>" +
            "<th>CPU s (measured messages)</th><th>peak RSS MB</th></tr>\n");
        for (final PhaseResult p : phases())
        {
            for (final Map.Entry<String, double[]> entry : p.processes.entrySet())
            {
                final double[] v = entry.getValue();
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.1f</td><td>%.2f</td>" +
                    "<td>%.0f</td></tr>%n", entry.getKey(), p.name, v[0], v[1], v[2]));
            }
        }
        html.append("</table>\n<p>Files: summary.json, *.hlog (HdrHistogram interval logs, µs), *-messages.csv, " +
            "*-timeline.csv, one log per process.</p>\n</body></html>\n");
        return html.toString();
    }

    private List<PhaseResult> phases()
    {
        return null == baseline ? List.of(concord) : List.of(concord, baseline);
    }

    private static double[][] percentileCurve(final Histogram h)
    {
        final List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() > 0)
        {
            for (final HistogramIterationValue v : h.percentiles(5))
            {
                points.add(new double[]{ v.getPercentileLevelIteratedTo(), v.getValueIteratedTo() / 1000.0 });
                if (v.getPercentileLevelIteratedTo() >= 99.999)
                {
                    break;
                }
            }
        }
        return points.toArray(new double[0][]);
    }

    private static double[][] timelineCurve(final PhaseResult p)
    {
        if (p.timeline.isEmpty())
        {
            return new double[0][];
        }
        final long originMs = p.timeline.firstKey();
        final long endMs = p.timeline.lastKey();
        final List<double[]> points = new ArrayList<>();
        for (long t = originMs; t <= endMs; t += DeliveryRecorder.TIMELINE_BUCKET_MS)
        {
            points.add(new double[]{ (t - originMs) / 1000.0, p.timeline.getOrDefault(t, 0L) });
        }
        return points.toArray(new double[0][]);
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }
}
