package io.concord.bench.fanout;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;

/**
 * The reconnect storm of one load-generator process ({@code bench fanout --scenario reconnect-storm}): every ready
 * session drops its connection without a close frame (as a network loss would), connects again at once and either
 * resumes (op 6 with its session id and last sequence; the edge replays what it missed, then RESUMED) or identifies
 * afresh, then fetches the channel's latest 50 messages over REST, as a client does after a reconnect. Counts the
 * outcomes and records drop-to-RESUMED (or drop-to-GUILD_CREATE) and history latency. History requests run at most
 * {@link #HISTORY_IN_FLIGHT} at a time (the process's sockets are mostly gateway sessions).
 * <p>
 * Thread-safe: sessions report from their event loops, HTTP answers from the client's threads.
 */
final class ReconnectStorm
{
    static final int NONE = 0;
    static final int RESUME = 1;
    static final int IDENTIFY = 2;
    static final int HISTORY_IN_FLIGHT = 64;
    private static final long HIGHEST_US = TimeUnit.MINUTES.toMicros(30);

    final LongAdder dropped = new LongAdder();
    final LongAdder resumed = new LongAdder();
    final LongAdder reidentified = new LongAdder();
    final LongAdder resumeRefused = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder historyOk = new LongAdder();
    final LongAdder historyFailed = new LongAdder();
    final Histogram readyUs = new ConcurrentHistogram(HIGHEST_US, 3);
    final Histogram historyUs = new ConcurrentHistogram(HIGHEST_US, 3);
    private final Map<String, Integer> historyErrors = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<HttpRequest> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private volatile int mode = NONE;

    /**
     * @param name {@code resume} or {@code identify}.
     * @return the mode constant.
     * @throws IllegalArgumentException for anything else.
     */
    static int modeOf(final String name)
    {
        switch (name)
        {
            case "resume":
                return RESUME;
            case "identify":
                return IDENTIFY;
            default:
                throw new IllegalArgumentException("storm mode must be resume or identify, was '" + name + "'");
        }
    }

    int mode()
    {
        return mode;
    }

    void start(final int mode)
    {
        this.mode = mode;
    }

    /**
     * A session is back: record how long since it dropped and fetch history if it knows where.
     *
     * @param dropNs     {@link System#nanoTime()} when it dropped.
     * @param wasResumed true for RESUMED, false for a fresh READY.
     * @param history    the history URL of its edge, or null.
     * @param token      its token.
     */
    void onBack(final long dropNs, final boolean wasResumed, final URI history, final String token)
    {
        readyUs.recordValue(Math.min(HIGHEST_US, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - dropNs)));
        (wasResumed ? resumed : reidentified).increment();
        if (null != history)
        {
            queue.add(HttpRequest.newBuilder(history).header("Authorization", "Bot " + token)
                .timeout(Duration.ofSeconds(120)).GET().build());
            drain();
        }
    }

    private void drain()
    {
        while (true)
        {
            final int current = inFlight.get();
            if (current >= HISTORY_IN_FLIGHT || queue.isEmpty())
            {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1))
            {
                continue;
            }
            final HttpRequest request = queue.poll();
            if (null == request)
            {
                inFlight.decrementAndGet();
                return;
            }
            final long startNs = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) ->
            {
                if (null == error && 200 == response.statusCode())
                {
                    historyUs.recordValue(
                        Math.min(HIGHEST_US, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNs)));
                    historyOk.increment();
                }
                else
                {
                    historyFailed.increment();
                    historyErrors.merge(null != error ? error.getClass().getSimpleName() :
                        Integer.toString(response.statusCode()), 1, Integer::sum);
                }
                inFlight.decrementAndGet();
                drain();
            });
        }
    }

    /**
     * @return true once every dropped session is back or failed and every history fetch answered.
     */
    boolean done()
    {
        final long back = resumed.sum() + reidentified.sum();
        return NONE != mode && back + failed.sum() >= dropped.sum() &&
            historyOk.sum() + historyFailed.sum() >= back && queue.isEmpty() && 0 == inFlight.get();
    }

    String progressLine()
    {
        return "storm dropped=" + dropped.sum() + " resumed=" + resumed.sum() + " reidentified=" +
            reidentified.sum() + " refused=" + resumeRefused.sum() + " failed=" + failed.sum() + " history_ok=" +
            historyOk.sum() + " history_failed=" + historyFailed.sum();
    }

    void write(final PrintWriter out)
    {
        out.println("storm_dropped=" + dropped.sum());
        out.println("storm_resumed=" + resumed.sum());
        out.println("storm_reidentified=" + reidentified.sum());
        out.println("storm_resume_refused=" + resumeRefused.sum());
        out.println("storm_failed=" + failed.sum());
        out.println("history_ok=" + historyOk.sum());
        out.println("history_failed=" + historyFailed.sum());
        out.println("storm_ready_histogram=" + encode(readyUs));
        out.println("history_histogram=" + encode(historyUs));
        for (final Map.Entry<String, Integer> error : historyErrors.entrySet())
        {
            out.println("failure_reason.history_" + error.getKey().replaceAll("[^A-Za-z0-9_.\\-]+", "_") + "=" +
                error.getValue());
        }
    }

    static String encode(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        final byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Histogram decode(final String base64)
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalArgumentException("corrupt histogram in a client summary", ex);
        }
    }
}
