package io.concord.core.pipeline;

import com.lmax.disruptor.EventFactory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One slot of a shard's Disruptor ring: a copy of one SBE frame in a pre-allocated direct buffer. Written by the
 * poller (the ring's only producer), read by the shard handler.
 */
public final class ShardEvent
{
    private final UnsafeBuffer buffer;
    private int length;

    ShardEvent(final int capacity)
    {
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /**
     * @param capacity largest frame a slot holds.
     * @return a factory pre-filling the ring.
     */
    public static EventFactory<ShardEvent> factory(final int capacity)
    {
        return () -> new ShardEvent(capacity);
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int length()
    {
        return length;
    }

    /**
     * @return largest frame this slot holds.
     */
    public int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Copies a frame in.
     *
     * @param source frame buffer.
     * @param offset of the frame.
     * @param length of the frame, at most {@link #capacity()}.
     */
    public void set(final DirectBuffer source, final int offset, final int length)
    {
        buffer.putBytes(0, source, offset, length);
        this.length = length;
    }

    /**
     * Makes this an empty event: the poller's timer tick.
     */
    public void clear()
    {
        length = 0;
    }
}
