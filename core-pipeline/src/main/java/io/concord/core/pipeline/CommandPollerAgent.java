package io.concord.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.concord.core.shard.ShardCounters;
import io.concord.core.storage.StorageCompletionQueue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;

/**
 * The single producer of one shard's Disruptor ring. Each duty cycle it moves storage completions (first: they
 * free pending slots) and then commands from the shard's Aeron stream into the ring, copying each frame into a
 * pre-allocated event. When the ring is full it stops polling ({@code ABORT}), so the fragments stay in Aeron and the
 * back-pressure reaches the publishers. Frames larger than a ring slot are counted as malformed and skipped. Every
 * tick interval it also publishes one empty event, so an idle shard still runs its duty cycle (timers).
 * <p>
 * Runs on its own agent thread; allocation free in steady state.
 */
public final class CommandPollerAgent implements Agent, ControlledFragmentHandler, MessageHandler
{
    private final String roleName;
    private final Subscription subscription;
    private final RingBuffer<ShardEvent> ring;
    private final StorageCompletionQueue completions;
    private final ShardCounters counters;
    private final int fragmentLimit;
    private final int slotCapacity;
    private final EpochClock clock;
    private final long tickIntervalMs;
    private long lastTickMs;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);

    /**
     * @param shardId       for the role name.
     * @param subscription  the shard's command stream.
     * @param ring          the shard's ring (this agent is its only producer).
     * @param completions   the shard's storage completions.
     * @param counters      the shard's counters.
     * @param fragmentLimit most fragments per poll.
     * @param clock         for the timer ticks.
     * @param tickIntervalMs how often an empty tick event wakes the shard for its timers.
     */
    public CommandPollerAgent(
        final int shardId,
        final Subscription subscription,
        final RingBuffer<ShardEvent> ring,
        final StorageCompletionQueue completions,
        final ShardCounters counters,
        final int fragmentLimit,
        final EpochClock clock,
        final long tickIntervalMs)
    {
        this.clock = clock;
        this.tickIntervalMs = tickIntervalMs;
        this.roleName = "core-poller-" + shardId;
        this.subscription = subscription;
        this.ring = ring;
        this.completions = completions;
        this.counters = counters;
        this.fragmentLimit = fragmentLimit;
        this.slotCapacity = ring.get(0).capacity();
    }

    public int doWork()
    {
        int work = 0;
        final int free = (int)ring.remainingCapacity();
        if (free > 0 && !completions.isEmpty())
        {
            work += completions.drain(this, free);
        }
        if (ring.remainingCapacity() > 0)
        {
            work += subscription.controlledPoll(assembler, fragmentLimit);
        }
        final long nowMs = clock.time();
        if (nowMs - lastTickMs >= tickIntervalMs && ring.hasAvailableCapacity(1))
        {
            lastTickMs = nowMs;
            final long sequence = ring.next();
            ring.get(sequence).clear();
            ring.publish(sequence);
        }
        counters.ringOccupancy().setRelease(ring.getBufferSize() - ring.remainingCapacity());
        return work;
    }

    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length > slotCapacity)
        {
            counters.malformed().incrementRelease();
            return Action.CONTINUE;
        }
        if (!ring.hasAvailableCapacity(1))
        {
            return Action.ABORT;
        }
        publish(buffer, offset, length);
        return Action.CONTINUE;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        publish(buffer, index, length);
    }

    /**
     * Claim, copy, publish: the single-producer path of the Disruptor without a translator object (and so without
     * boxing the offset and length a translator would take).
     */
    private void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ring.next();
        ring.get(sequence).set(buffer, offset, length);
        ring.publish(sequence);
    }

    public String roleName()
    {
        return roleName;
    }
}
