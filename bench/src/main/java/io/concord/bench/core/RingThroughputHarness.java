package io.concord.bench.core;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.concord.core.pipeline.ShardEvent;
import io.concord.core.pipeline.ShardEventHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Throughput of one shard's ring: a producer thread claims, copies a frame into and publishes {@code events} small
 * events (TriggerTyping with no correlation: decode, channel and member lookup, permission check, and the per-user
 * typing dedupe, which lets a TypingStarted to the two subscribed edges out once per 10 s of bench clock), while the
 * shard handler thread consumes them; and, as the baseline twin in the same run, the same ring with a handler that
 * does nothing.
 * Waits with a yielding strategy (measurement only; the default profile sleeps).
 */
final class RingThroughputHarness
{
    private static final int RING_SIZE = 4096;

    /**
     * @param events   events per run.
     * @param withShard true for the GuildShard handler, false for the empty baseline handler.
     * @return events per second.
     * @throws InterruptedException if interrupted while joining.
     */
    static double run(final long events, final boolean withShard) throws InterruptedException
    {
        final BenchShard bench = new BenchShard();
        final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final int length = bench.encodeTyping(frame);
        final RingBuffer<ShardEvent> ring = RingBuffer.createSingleProducer(
            ShardEvent.factory(1024), RING_SIZE, new YieldingWaitStrategy());
        final long[] consumed = new long[1];
        final EventHandler<ShardEvent> handler = withShard ? new ShardEventHandler(bench.shard) :
            (event, sequence, endOfBatch) -> consumed[0] += event.length();
        final BatchEventProcessor<ShardEvent> processor = new BatchEventProcessorBuilder()
            .build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        final Thread consumer = new Thread(processor, "bench-shard-handler");
        consumer.start();

        final long startNs = System.nanoTime();
        for (long i = 0; i < events; i++)
        {
            final long sequence = ring.next();
            ring.get(sequence).set(frame, 0, length);
            ring.publish(sequence);
        }
        while (processor.getSequence().get() < events - 1)
        {
            Thread.onSpinWait();
        }
        final long elapsedNs = System.nanoTime() - startNs;
        processor.halt();
        consumer.join();
        if (withShard && bench.framesOut < 2)
        {
            throw new IllegalStateException("the shard sent no TypingStarted for " + events + " typing events");
        }
        return events * 1e9 / elapsedNs;
    }

    private RingThroughputHarness()
    {
    }
}
