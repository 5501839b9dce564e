package io.concord.dataservice;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import static io.concord.dataservice.WriteDescriptor.CHANNEL_ID_OFFSET;
import static io.concord.dataservice.WriteDescriptor.CREATE_MSG_TYPE_ID;
import static io.concord.dataservice.WriteDescriptor.DELETE_MSG_TYPE_ID;
import static io.concord.dataservice.WriteDescriptor.EDIT_MSG_TYPE_ID;
import static io.concord.dataservice.WriteDescriptor.INVALIDATE_CHANNEL_MSG_TYPE_ID;
import static io.concord.dataservice.WriteDescriptor.MESSAGE_ID_OFFSET;
import static io.concord.dataservice.WriteDescriptor.RECORD_LENGTH_OFFSET;
import static io.concord.dataservice.WriteDescriptor.RECORD_OFFSET;

/**
 * The write-through side of the data service: whoever acknowledges message writes (the shard once the store says
 * the append is durable) tells the data service here about every create, edit and delete, in channel order, and
 * BEFORE acknowledging the write to anyone. That ordering is what makes read-your-writes hold: any read that starts
 * after the acknowledgement is enqueued after the notification, and the agent drains notifications before each
 * read.
 * <p>
 * Never blocks and never needs a retry: when the bounded write ring is full the notification is replaced by an
 * overflow mark that makes the agent drop its whole cache and re-read everything in flight (counted in
 * {@link DataServiceCounters#writeOverflows()}); a record larger than {@code concord.dataservice.max.message.bytes}
 * invalidates its channel instead. Stateless and safe to call from any number of threads.
 */
public final class MessageWriteProxy
{
    /**
     * The notification is queued.
     */
    public static final int ENQUEUED = 0;

    /**
     * The record was too large to cache: the channel's cached page and in-flight reads are invalidated instead.
     */
    public static final int CHANNEL_INVALIDATED = 1;

    /**
     * The write ring was full: the whole cache is invalidated instead.
     */
    public static final int CACHE_INVALIDATED = 2;

    private final RingBuffer writeRing;
    private final AtomicCounter writeOverflows;
    private final int maxMessageBytes;

    MessageWriteProxy(final RingBuffer writeRing, final AtomicCounter writeOverflows, final int maxMessageBytes)
    {
        this.writeRing = writeRing;
        this.writeOverflows = writeOverflows;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * A message was created (and is durable).
     *
     * @param channelId channel.
     * @param messageId snowflake id, positive.
     * @param buffer    holding the opaque record.
     * @param offset    of the record.
     * @param length    of the record.
     * @return {@link #ENQUEUED}, {@link #CHANNEL_INVALIDATED} or {@link #CACHE_INVALIDATED}.
     * @throws IllegalArgumentException for a non-positive id or negative length.
     */
    public int messageCreated(
        final long channelId, final long messageId, final DirectBuffer buffer, final int offset, final int length)
    {
        return write(CREATE_MSG_TYPE_ID, channelId, messageId, buffer, offset, length);
    }

    /**
     * A message was edited (and the edit is durable): the record replaces the old one whole.
     *
     * @param channelId channel.
     * @param messageId snowflake id, positive.
     * @param buffer    holding the new opaque record.
     * @param offset    of the record.
     * @param length    of the record.
     * @return {@link #ENQUEUED}, {@link #CHANNEL_INVALIDATED} or {@link #CACHE_INVALIDATED}.
     * @throws IllegalArgumentException for a non-positive id or negative length.
     */
    public int messageEdited(
        final long channelId, final long messageId, final DirectBuffer buffer, final int offset, final int length)
    {
        return write(EDIT_MSG_TYPE_ID, channelId, messageId, buffer, offset, length);
    }

    /**
     * A message was deleted (and the delete is durable). Bulk deletes send one per message.
     *
     * @param channelId channel.
     * @param messageId snowflake id, positive.
     * @return {@link #ENQUEUED} or {@link #CACHE_INVALIDATED}.
     * @throws IllegalArgumentException for a non-positive id.
     */
    public int messageDeleted(final long channelId, final long messageId)
    {
        return write(DELETE_MSG_TYPE_ID, channelId, messageId, null, 0, 0);
    }

    /**
     * Drops whatever the data service holds for a channel (e.g. the channel was deleted or purged by other means
     * than single-message writes).
     *
     * @param channelId channel.
     * @return {@link #ENQUEUED} or {@link #CACHE_INVALIDATED}.
     */
    public int invalidateChannel(final long channelId)
    {
        return enqueue(INVALIDATE_CHANNEL_MSG_TYPE_ID, channelId, 0, null, 0, 0) ? ENQUEUED : overflow();
    }

    private int write(
        final int msgTypeId,
        final long channelId,
        final long messageId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (messageId <= 0)
        {
            throw new IllegalArgumentException("message id must be positive: " + messageId);
        }
        if (length < 0)
        {
            throw new IllegalArgumentException("record length must not be negative: " + length);
        }

        if (length > maxMessageBytes)
        {
            return enqueue(INVALIDATE_CHANNEL_MSG_TYPE_ID, channelId, 0, null, 0, 0) ?
                CHANNEL_INVALIDATED : overflow();
        }

        return enqueue(msgTypeId, channelId, messageId, buffer, offset, length) ? ENQUEUED : overflow();
    }

    private boolean enqueue(
        final int msgTypeId,
        final long channelId,
        final long messageId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final int index = writeRing.tryClaim(msgTypeId, RECORD_OFFSET + length);
        if (index <= 0)
        {
            return false;
        }

        final AtomicBuffer ringBuffer = writeRing.buffer();
        ringBuffer.putLong(index + CHANNEL_ID_OFFSET, channelId);
        ringBuffer.putLong(index + MESSAGE_ID_OFFSET, messageId);
        ringBuffer.putInt(index + RECORD_LENGTH_OFFSET, length);
        if (length > 0)
        {
            ringBuffer.putBytes(index + RECORD_OFFSET, buffer, offset, length);
        }
        writeRing.commit(index);
        return true;
    }

    private int overflow()
    {
        // A full increment (not an ordered store): many threads, and it must be visible before the write is acked.
        writeOverflows.increment();
        return CACHE_INVALIDATED;
    }
}
