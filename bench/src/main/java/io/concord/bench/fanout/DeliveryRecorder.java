package io.concord.bench.fanout;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one load-generator process saw: every delivery's latency (receive minus intended send time, microseconds) in
 * an HdrHistogram {@link Recorder} logged in intervals, per message the number of receivers and the first and last
 * receive time, deliveries per 10 ms of wall-clock time, and duplicates. Event-loop threads record concurrently
 * (atomics, no locks); one thread writes the files.
 */
final class DeliveryRecorder
{
    static final long TIMELINE_BUCKET_MS = 10;
    static final int TIMELINE_BUCKETS = 60_000;
    static final long HIGHEST_LATENCY_US = TimeUnit.HOURS.toMicros(1);

    private final int messages;
    private final long timelineOriginMs;
    private final Recorder recorder = new Recorder(HIGHEST_LATENCY_US, 3);
    private final Histogram total = new Histogram(HIGHEST_LATENCY_US, 3);
    private final AtomicIntegerArray receivers;
    private final AtomicLongArray firstNs;
    private final AtomicLongArray lastNs;
    private final AtomicIntegerArray timeline = new AtomicIntegerArray(TIMELINE_BUCKETS);
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private HistogramLogWriter logWriter;
    private long lastIntervalMs;

    /**
     * @param messages         measured messages (sequence 0 .. messages - 1).
     * @param timelineOriginMs wall-clock origin of the delivery timeline.
     */
    DeliveryRecorder(final int messages, final long timelineOriginMs)
    {
        this.messages = messages;
        this.timelineOriginMs = timelineOriginMs;
        receivers = new AtomicIntegerArray(messages);
        firstNs = new AtomicLongArray(messages);
        lastNs = new AtomicLongArray(messages);
        for (int i = 0; i < messages; i++)
        {
            firstNs.set(i, Long.MAX_VALUE);
            lastNs.set(i, Long.MIN_VALUE);
        }
    }

    int messages()
    {
        return messages;
    }

    /**
     * One delivery of a measured message to one session (the session has checked it is not a duplicate).
     *
     * @param seq          message.
     * @param sentEpochNs  intended send time.
     * @param recvEpochNs  receive time.
     */
    void onDelivery(final int seq, final long sentEpochNs, final long recvEpochNs)
    {
        final long latencyUs = Math.max(0, (recvEpochNs - sentEpochNs) / 1000);
        recorder.recordValue(Math.min(latencyUs, HIGHEST_LATENCY_US));
        receivers.incrementAndGet(seq);
        long first;
        while (recvEpochNs < (first = firstNs.get(seq)) && !firstNs.compareAndSet(seq, first, recvEpochNs))
        {
            Thread.onSpinWait();
        }
        long last;
        while (recvEpochNs > (last = lastNs.get(seq)) && !lastNs.compareAndSet(seq, last, recvEpochNs))
        {
            Thread.onSpinWait();
        }
        final long bucket = (recvEpochNs / 1_000_000 - timelineOriginMs) / TIMELINE_BUCKET_MS;
        if (bucket >= 0 && bucket < TIMELINE_BUCKETS)
        {
            timeline.incrementAndGet((int)bucket);
        }
        deliveries.increment();
    }

    void onDuplicate()
    {
        duplicates.increment();
    }

    /**
     * A probe whose sequence is outside the measured range (e.g. from another run).
     */
    void onUnexpected()
    {
        unexpected.increment();
    }

    long deliveries()
    {
        return deliveries.sum();
    }

    long duplicates()
    {
        return duplicates.sum();
    }

    long unexpected()
    {
        return unexpected.sum();
    }

    /**
     * Opens the interval log; call before the first {@link #logInterval()}.
     *
     * @param file the .hlog file.
     * @throws IOException when it cannot be created.
     */
    void openLog(final Path file) throws IOException
    {
        logWriter = new HistogramLogWriter(new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8));
        final long nowMs = System.currentTimeMillis();
        logWriter.outputLogFormatVersion();
        logWriter.outputStartTime(nowMs);
        logWriter.setBaseTime(nowMs);
        logWriter.outputLegend();
        lastIntervalMs = nowMs;
        recorder.reset();
    }

    /**
     * Writes the deliveries recorded since the last call as one interval (latency in microseconds).
     */
    void logInterval()
    {
        final long nowMs = System.currentTimeMillis();
        final Histogram interval = recorder.getIntervalHistogram();
        interval.setStartTimeStamp(lastIntervalMs);
        interval.setEndTimeStamp(nowMs);
        lastIntervalMs = nowMs;
        total.add(interval);
        if (interval.getTotalCount() > 0)
        {
            logWriter.outputIntervalHistogram(interval);
        }
    }

    /**
     * Flushes the last interval, closes the log and writes the per-message and timeline files.
     *
     * @param messagesFile per message: seq, receivers, first and last receive epoch ns.
     * @param timelineFile per 10 ms bucket with deliveries: epoch ms, deliveries.
     * @throws IOException when a file cannot be written.
     */
    void finish(final Path messagesFile, final Path timelineFile) throws IOException
    {
        logInterval();
        logWriter.close();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(messagesFile, StandardCharsets.US_ASCII)))
        {
            out.println("seq,receivers,first_epoch_ns,last_epoch_ns");
            for (int i = 0; i < messages; i++)
            {
                final int count = receivers.get(i);
                out.println(i + "," + count + "," + (0 == count ? 0 : firstNs.get(i)) + "," +
                    (0 == count ? 0 : lastNs.get(i)));
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(timelineFile, StandardCharsets.US_ASCII)))
        {
            out.println("epoch_ms,deliveries");
            for (int i = 0; i < TIMELINE_BUCKETS; i++)
            {
                final int count = timeline.get(i);
                if (0 != count)
                {
                    out.println((timelineOriginMs + i * TIMELINE_BUCKET_MS) + "," + count);
                }
            }
        }
    }

    /**
     * @return every delivery recorded so far (after {@link #finish}).
     */
    Histogram total()
    {
        return total;
    }
}
