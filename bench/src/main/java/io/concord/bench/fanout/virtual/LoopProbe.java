package io.concord.bench.fanout.virtual;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sinks of one event loop saw once armed: dispatch frames delivered, ordering errors, and for every
 * message the time its last recipient on this loop was written (message k is complete on this loop when
 * {@code (k + 1) * recipients} deliveries were counted: the harness sends one message at a time).
 * <p>
 * Written only by the loop's thread (its sinks); the harness reads {@link #lastWriteNs(int)} for message k after
 * {@link #completed()} passed k (release/acquire on the counter), and the totals from a task on the loop.
 */
final class LoopProbe
{
    /**
     * A dispatch header is the frame header (at most 10 bytes) and {@code {"op":0,"s":N} (at most 31 bytes).
     */
    static final int HEADER_SCRATCH_BYTES = 64;

    private final byte[] headerScratch = new byte[HEADER_SCRATCH_BYTES];
    private final AtomicInteger completed = new AtomicInteger();
    private long[] lastWriteNs = new long[0];
    private int recipients;
    private boolean armed;
    private long deliveries;
    private long nextTarget;
    private long errors;

    /**
     * Starts counting. Call on the loop's thread.
     *
     * @param recipients sessions on this loop, each of which gets every message.
     * @param messages   messages that will be sent.
     */
    void arm(final int recipients, final int messages)
    {
        this.recipients = recipients;
        lastWriteNs = new long[messages];
        deliveries = 0;
        nextTarget = recipients;
        errors = 0;
        completed.set(0);
        armed = true;
    }

    /**
     * @return scratch space the loop's sinks copy a frame header into to parse it (one per loop, not per sink).
     */
    byte[] headerScratch()
    {
        return headerScratch;
    }

    boolean isArmed()
    {
        return armed;
    }

    /**
     * A dispatch frame was fully written to one sink. Called on the loop's thread.
     */
    void onDelivery()
    {
        if (!armed)
        {
            return;
        }
        if (++deliveries == nextTarget)
        {
            final int message = completed.get();
            if (message < lastWriteNs.length)
            {
                lastWriteNs[message] = System.nanoTime();
            }
            nextTarget += recipients;
            completed.lazySet(message + 1);
        }
    }

    /**
     * A sink saw a sequence number or message out of order or repeated. Called on the loop's thread.
     */
    void onError()
    {
        errors++;
    }

    /**
     * @return messages whose last recipient on this loop has been written.
     */
    int completed()
    {
        return recipients == 0 ? Integer.MAX_VALUE : completed.get();
    }

    /**
     * @param message message index, below {@link #completed()}.
     * @return {@link System#nanoTime()} of its last write on this loop.
     */
    long lastWriteNs(final int message)
    {
        return lastWriteNs[message];
    }

    /**
     * @return ordering errors; read on the loop's thread (or after a task on it completed).
     */
    long errors()
    {
        return errors;
    }

    /**
     * @return deliveries since armed; read on the loop's thread (or after a task on it completed).
     */
    long deliveries()
    {
        return deliveries;
    }
}
