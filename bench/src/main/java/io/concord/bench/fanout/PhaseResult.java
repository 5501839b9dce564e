package io.concord.bench.fanout;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The merged outcome of one delivery phase: the clients' latency histograms added up, per message the receivers and
 * the first and last receive times (as milliseconds after the intended send time), the delivery timeline, session
 * and delivery counts (lost, duplicated), and CPU/RSS of the server processes. Built once by the orchestrating
 * thread from the files the clients wrote.
 */
final class PhaseResult
{
    static final String EDGE_COUNTERS = "gateway counters:";

    final String name;
    final int sessions;
    final int messages;
    final Histogram latencyUs = new Histogram(DeliveryRecorder.HIGHEST_LATENCY_US, 3);
    final Histogram lastRecipientUs = new Histogram(DeliveryRecorder.HIGHEST_LATENCY_US, 3);
    final double[] firstMs;
    final double[] lastMs;
    final long[] receivers;
    final TreeMap<Long, Long> timeline = new TreeMap<>();
    final Map<String, Long> counts = new LinkedHashMap<>();
    final Map<String, double[]> processes = new LinkedHashMap<>();
    /**
     * Why sessions failed before READY ({@code failure_reason.*}) or closed after it ({@code close_reason.*}: the
     * close code and reason the server sent, op 7/9, or a connection dropped without a close frame), summed.
     */
    final Map<String, Long> reasons = new TreeMap<>();
    /**
     * The edges' gateway counters summed over the edges, as they printed them on stopping (zombie and slow-consumer
     * closes among them); empty when the edges are not ours ({@code --target}).
     */
    final Map<String, Long> edgeCounters = new TreeMap<>();
    /**
     * Reconnect storm: drop to RESUMED (or to GUILD_CREATE after a fresh identify), and history fetch latency.
     */
    final Histogram stormReadyUs = new Histogram(DeliveryRecorder.HIGHEST_LATENCY_US, 3);
    final Histogram historyUs = new Histogram(DeliveryRecorder.HIGHEST_LATENCY_US, 3);
    double serverCpuSeconds;
    double deliveriesPerSecond;
    double sendErrors;
    /**
     * Messages sent to each channel, most popular first (chat).
     */
    long[] messagesPerChannel = new long[0];

    PhaseResult(final String name, final int sessions, final int messages)
    {
        this.name = name;
        this.sessions = sessions;
        this.messages = messages;
        firstMs = new double[messages];
        lastMs = new double[messages];
        receivers = new long[messages];
    }

    /**
     * Reads the files of every client.
     *
     * @param dir             results directory.
     * @param clients         client names (file prefixes).
     * @param intendedEpochNs intended send time per message.
     * @throws IOException when a file is missing or unreadable.
     */
    void read(final Path dir, final List<String> clients, final long[] intendedEpochNs) throws IOException
    {
        final long[] first = new long[messages];
        final long[] last = new long[messages];
        Arrays.fill(first, Long.MAX_VALUE);
        Arrays.fill(last, Long.MIN_VALUE);
        for (final String client : clients)
        {
            try (InputStream in = Files.newInputStream(dir.resolve(client + ".hlog")))
            {
                final HistogramLogReader reader = new HistogramLogReader(in);
                EncodableHistogram interval;
                while (null != (interval = reader.nextIntervalHistogram()))
                {
                    latencyUs.add((Histogram)interval);
                }
            }
            final List<String> rows =
                Files.readAllLines(dir.resolve(client + "-messages.csv"), StandardCharsets.US_ASCII);
            for (int i = 1; i < rows.size(); i++)
            {
                final String[] f = rows.get(i).split(",");
                final int seq = Integer.parseInt(f[0]);
                final long count = Long.parseLong(f[1]);
                receivers[seq] += count;
                if (count > 0)
                {
                    first[seq] = Math.min(first[seq], Long.parseLong(f[2]));
                    last[seq] = Math.max(last[seq], Long.parseLong(f[3]));
                }
            }
            final List<String> buckets =
                Files.readAllLines(dir.resolve(client + "-timeline.csv"), StandardCharsets.US_ASCII);
            for (int i = 1; i < buckets.size(); i++)
            {
                final String[] f = buckets.get(i).split(",");
                timeline.merge(Long.parseLong(f[0]), Long.parseLong(f[1]), Long::sum);
            }
            final Properties summary = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve(client + "-summary.properties")))
            {
                summary.load(in);
            }
            for (final String key : List.of("sessions", "ready", "failed", "closed_after_ready", "expected",
                "deliveries", "unique", "lost", "duplicates", "unexpected", "frames", "bytes", "parse_errors",
                "heartbeats", "heartbeat_acks", "reidentifies", "storm_dropped", "storm_resumed", "storm_reidentified",
                "storm_resume_refused", "storm_failed", "history_ok", "history_failed"))
            {
                counts.merge(key, Long.parseLong(summary.getProperty(key, "0")), Long::sum);
            }
            if (null != summary.getProperty("storm_ready_histogram"))
            {
                stormReadyUs.add(ReconnectStorm.decode(summary.getProperty("storm_ready_histogram")));
                historyUs.add(ReconnectStorm.decode(summary.getProperty("history_histogram")));
            }
            for (final String key : summary.stringPropertyNames())
            {
                if (key.startsWith("failure_reason.") || key.startsWith("close_reason."))
                {
                    reasons.merge(key, Long.parseLong(summary.getProperty(key)), Long::sum);
                }
            }
        }
        long firstSendNs = Long.MAX_VALUE;
        long lastReceiveNs = Long.MIN_VALUE;
        for (int seq = 0; seq < messages; seq++)
        {
            firstMs[seq] = receivers[seq] > 0 ? (first[seq] - intendedEpochNs[seq]) / 1e6 : Double.NaN;
            lastMs[seq] = receivers[seq] > 0 ? (last[seq] - intendedEpochNs[seq]) / 1e6 : Double.NaN;
            if (receivers[seq] > 0)
            {
                lastRecipientUs.recordValue(Math.max(0, Math.min(DeliveryRecorder.HIGHEST_LATENCY_US,
                    (last[seq] - intendedEpochNs[seq]) / 1000)));
                lastReceiveNs = Math.max(lastReceiveNs, last[seq]);
            }
            firstSendNs = Math.min(firstSendNs, intendedEpochNs[seq]);
        }
        final double spanSec = (lastReceiveNs - firstSendNs) / 1e9;
        deliveriesPerSecond = spanSec > 0 ? count("deliveries") / spanSec : 0;
    }

    /**
     * Adds the {@code gateway counters:} line of each edge log.
     *
     * @param logs the edges' log files.
     * @throws IOException when a log cannot be read.
     */
    void readEdgeCounters(final List<Path> logs) throws IOException
    {
        for (final Path log : logs)
        {
            for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8))
            {
                final int at = line.indexOf(EDGE_COUNTERS);
                if (at < 0)
                {
                    continue;
                }
                for (final String pair : line.substring(at + EDGE_COUNTERS.length()).trim().split(" "))
                {
                    final int eq = pair.indexOf('=');
                    if (eq > 0)
                    {
                        edgeCounters.merge(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)), Long::sum);
                    }
                }
            }
        }
    }

    long count(final String key)
    {
        return counts.getOrDefault(key, 0L);
    }

    /**
     * @return lost deliveries: sessions that were ready but missed a message, including sessions that closed.
     */
    long lost()
    {
        return count("lost");
    }

    long duplicates()
    {
        return count("duplicates");
    }

    /**
     * @param pct percentile.
     * @return time to the last recipient at that percentile over the messages, ms.
     */
    double lastRecipientMs(final double pct)
    {
        return lastRecipientUs.getValueAtPercentile(pct) / 1000.0;
    }

    /**
     * @return server CPU microseconds per delivery during the measured messages.
     */
    double cpuUsPerDelivery()
    {
        final long deliveries = count("deliveries");
        return deliveries > 0 ? serverCpuSeconds * 1e6 / deliveries : Double.NaN;
    }
}
