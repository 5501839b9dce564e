package io.concord.core.storage;

import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.StorageCompletedEncoder;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Carries storage completions from storage threads into one shard: a many-to-one ring of {@code StorageCompleted}
 * SBE frames that the shard's poller drains into the shard's Disruptor ring (the poller stays that ring's single
 * producer). {@link #complete} may be called from any thread; {@link #drain} only from the poller.
 * <p>
 * The shard bounds its in-flight storage operations ({@code concord.core.pending.ops}) and this queue is sized to
 * hold a completion for every one of them, so {@link #complete} cannot find it full in a correct deployment; if it
 * ever does it returns false and the storage side must retry.
 */
public final class StorageCompletionQueue
{
    private static final int MESSAGE_TYPE_ID = 1;
    private static final int RECORD_OVERHEAD =
        8 + MessageHeaderEncoder.ENCODED_LENGTH + StorageCompletedEncoder.BLOCK_LENGTH;

    private final ManyToOneRingBuffer ring;
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);

    private static final class Encoders
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final StorageCompletedEncoder completed = new StorageCompletedEncoder();
    }

    /**
     * @param maxInFlight completions the queue must hold at once.
     */
    public StorageCompletionQueue(final int maxInFlight)
    {
        int capacity = 1024;
        while (capacity < maxInFlight * (RECORD_OVERHEAD + 8))
        {
            capacity <<= 1;
        }
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Reports that an operation finished. Any thread.
     *
     * @param token     the token the shard passed.
     * @param status    outcome.
     * @param latencyNs time from accept to completion.
     * @return false only when the queue is full (see class comment).
     */
    public boolean complete(final long token, final ReplyStatus status, final long latencyNs)
    {
        final Encoders e = encoders.get();
        e.completed.wrapAndApplyHeader(e.buffer, 0, e.header).token(token).status(status).latencyNs(latencyNs);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + e.completed.encodedLength();
        return ring.write(MESSAGE_TYPE_ID, e.buffer, 0, length);
    }

    /**
     * Hands waiting completions (as SBE frames with header) to a handler. Poller thread only.
     *
     * @param handler receives each frame.
     * @param limit   most frames to hand over.
     * @return how many were handed over.
     */
    public int drain(final MessageHandler handler, final int limit)
    {
        return ring.read(handler, limit);
    }

    /**
     * @return whether completions are waiting.
     */
    public boolean isEmpty()
    {
        return ring.size() == 0;
    }
}
