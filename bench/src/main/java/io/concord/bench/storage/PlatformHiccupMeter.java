package io.concord.bench.storage;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how late a parked thread wakes up while a phase runs, as jHiccup does: a daemon thread parks for 1 ms over
 * and over and records how much later than asked it ran again. The meter shares nothing with the stores but the
 * CPUs, so what it records is the scheduling floor of the phase: the hypervisor not running a vCPU, other processes,
 * GC safepoints (the meter is a Java thread), and the CPU time the store's own threads take on a small machine. An
 * append to the storage engine crosses three such wake-ups (request to shard, fsync completion to shard, completion
 * to poller), so its tail is no shorter than this floor; measured next to it, a tail can be told apart from the
 * machine's.
 * <p>
 * The meter thread records; {@link #beginPhase()} and {@link #endPhase()} are called from one other thread.
 */
final class PlatformHiccupMeter implements AutoCloseable
{
    static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HICCUP_NS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
    private final Thread thread;
    private volatile boolean isRunning = true;
    private Histogram interval;
    private long phaseStartNs;

    /**
     * A phase's wake-up delays.
     */
    static final class Phase
    {
        final long durationNs;
        final long wakeUps;
        final long hiccups;
        final long hiccupNs;
        final long maxNs;
        final long p99Ns;

        Phase(final long durationNs, final Histogram histogram)
        {
            this.durationNs = durationNs;
            this.wakeUps = histogram.getTotalCount();
            this.maxNs = histogram.getMaxValue();
            this.p99Ns = histogram.getValueAtPercentile(99);
            long count = 0;
            long sum = 0;
            for (final var value : histogram.recordedValues())
            {
                if (value.getValueIteratedTo() >= HICCUP_NS)
                {
                    count += value.getCountAddedInThisIterationStep();
                    sum += value.getCountAddedInThisIterationStep() * value.getValueIteratedTo();
                }
            }
            this.hiccups = count;
            this.hiccupNs = sum;
        }

        /**
         * @return share of the phase's wall time the meter spent in wake-ups at least 0.5 ms late, in percent.
         */
        double hiccupPercent()
        {
            return 100.0 * hiccupNs / Math.max(1, durationNs);
        }

        String describe()
        {
            return String.format(Locale.ROOT,
                "idle thread: %d of %d wake-ups >= 0.5 ms late (%.2f%% of the phase), p99 %.0f us, max %.2f ms",
                hiccups, wakeUps, hiccupPercent(), p99Ns / 1000.0, maxNs / 1e6);
        }
    }

    PlatformHiccupMeter()
    {
        thread = new Thread(this::run, "platform-hiccup-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run()
    {
        long lastNs = System.nanoTime();
        while (isRunning)
        {
            LockSupport.parkNanos(INTERVAL_NS);
            final long nowNs = System.nanoTime();
            recorder.recordValue(Math.max(0, nowNs - lastNs - INTERVAL_NS));
            lastNs = nowNs;
        }
    }

    /**
     * Forgets what was recorded so far: the next {@link #endPhase()} covers from now on.
     */
    void beginPhase()
    {
        interval = recorder.getIntervalHistogram(interval);
        phaseStartNs = System.nanoTime();
    }

    /**
     * @return wake-up delays recorded since {@link #beginPhase()}.
     */
    Phase endPhase()
    {
        interval = recorder.getIntervalHistogram(interval);
        return new Phase(System.nanoTime() - phaseStartNs, interval);
    }

    public void close()
    {
        isRunning = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
