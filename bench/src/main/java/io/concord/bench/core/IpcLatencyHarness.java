package io.concord.bench.core;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One-way latency of the core to edge hop: a sender thread stamps {@code System.nanoTime()} into a 128-byte frame
 * (about a MessageCreated) and offers it on an Aeron IPC exclusive publication of an embedded media driver, at a
 * fixed pace; a receiver thread busy-polls the subscription and records receive time minus stamp. The baseline
 * twin sends the same stamps through an Agrona {@link ManyToOneConcurrentArrayQueue} (pooled holders, no allocation).
 * Both sides busy-spin during the bounded run; the first 10% of samples are warm-up and not recorded.
 */
final class IpcLatencyHarness
{
    private static final int FRAME_LENGTH = 128;

    private IpcLatencyHarness()
    {
    }

    /**
     * @param samples  messages sent.
     * @param pauseNs  pause between messages.
     * @return the latency histogram in ns.
     * @throws InterruptedException if interrupted while joining.
     */
    static Histogram aeronIpc(final int samples, final long pauseNs) throws InterruptedException
    {
        final Histogram histogram = new Histogram(3);
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .ipcTermBufferLength(8 * 1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        try
        {
            final ExclusivePublication publication = aeron.addExclusivePublication("aeron:ipc?term-length=8m", 9001);
            final Subscription subscription = aeron.addSubscription("aeron:ipc?term-length=8m", 9001);
            while (!publication.isConnected())
            {
                Thread.onSpinWait();
            }
            final int warmup = samples / 10;
            final int[] received = new int[1];
            final FragmentHandler handler = (buffer, offset, length, header) ->
            {
                final long latencyNs = System.nanoTime() - buffer.getLong(offset);
                if (received[0]++ >= warmup)
                {
                    histogram.recordValue(Math.max(0, latencyNs));
                }
            };
            final Thread receiver = new Thread(() ->
            {
                while (received[0] < samples)
                {
                    if (0 == subscription.poll(handler, 16))
                    {
                        Thread.onSpinWait();
                    }
                }
            }, "bench-ipc-receiver");
            receiver.start();

            final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(FRAME_LENGTH));
            for (int i = 0; i < samples; i++)
            {
                final long next = System.nanoTime() + pauseNs;
                while (System.nanoTime() < next)
                {
                    Thread.onSpinWait();
                }
                frame.putLong(0, System.nanoTime());
                while (publication.offer(frame, 0, FRAME_LENGTH) < 0)
                {
                    Thread.onSpinWait();
                }
            }
            receiver.join(60_000);
            if (receiver.isAlive())
            {
                throw new IllegalStateException("IPC receiver did not get every sample");
            }
            return histogram;
        }
        finally
        {
            CloseHelper.closeAll(aeron, driver);
        }
    }

    /**
     * The baseline twin: the same paced stamps through an in-process queue.
     *
     * @param samples messages sent.
     * @param pauseNs pause between messages.
     * @return the latency histogram in ns.
     * @throws InterruptedException if interrupted while joining.
     */
    static Histogram queue(final int samples, final long pauseNs) throws InterruptedException
    {
        final Histogram histogram = new Histogram(3);
        final ManyToOneConcurrentArrayQueue<long[]> queue = new ManyToOneConcurrentArrayQueue<>(1024);
        final long[][] pool = new long[4096][1];
        final int warmup = samples / 10;
        final AtomicBoolean done = new AtomicBoolean();
        final Thread receiver = new Thread(() ->
        {
            int received = 0;
            while (received < samples)
            {
                final long[] stamp = queue.poll();
                if (null == stamp)
                {
                    Thread.onSpinWait();
                    continue;
                }
                final long latencyNs = System.nanoTime() - stamp[0];
                if (received++ >= warmup)
                {
                    histogram.recordValue(Math.max(0, latencyNs));
                }
            }
            done.set(true);
        }, "bench-queue-receiver");
        receiver.start();
        for (int i = 0; i < samples; i++)
        {
            final long next = System.nanoTime() + pauseNs;
            while (System.nanoTime() < next)
            {
                Thread.onSpinWait();
            }
            final long[] stamp = pool[i & (pool.length - 1)];
            stamp[0] = System.nanoTime();
            while (!queue.offer(stamp))
            {
                Thread.onSpinWait();
            }
        }
        receiver.join(60_000);
        if (!done.get())
        {
            throw new IllegalStateException("queue receiver did not finish");
        }
        return histogram;
    }
}
