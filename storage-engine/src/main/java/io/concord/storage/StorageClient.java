package io.concord.storage;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A caller's handle on the engine: submits requests to the owning shard's bounded queue and receives completions on
 * its own queue. Submit methods never block: they return {@link StorageStatus#OK} when queued, a negative status
 * when the input is invalid (nothing queued, clear code) or {@link StorageStatus#BACK_PRESSURED} when the shard's
 * queue is full. Every queued request gets exactly one completion, matched by the caller's correlation id.
 * <p>
 * Submit methods may be called from any thread; {@link #poll(CompletionHandler, int)} from one thread only (the
 * client's owner). Nothing is allocated per request or completion.
 */
public final class StorageClient implements MessageHandler
{
    private final StorageEngine engine;
    private final int clientId;
    private final ManyToOneRingBuffer completions;
    private final RingBuffer[] shardRequests;
    private final StorageShardAgent[] shards;
    private final int shardCount;
    private final int maxValueLength;
    private final long maxFutureSkewMs;
    private final EpochClock clock;
    private final ReadResult readResult = new ReadResult();
    private CompletionHandler handler;
    private volatile Thread pollerThread;
    private volatile boolean isPollerIdle;

    StorageClient(final StorageEngine engine, final int clientId, final ManyToOneRingBuffer completions,
        final RingBuffer[] shardRequests, final StorageShardAgent[] shards, final StorageConfiguration.Context ctx)
    {
        this.engine = engine;
        this.clientId = clientId;
        this.completions = completions;
        this.shardRequests = shardRequests;
        this.shards = shards;
        this.shardCount = shardRequests.length;
        this.maxValueLength = ctx.maxValueLength();
        this.maxFutureSkewMs = ctx.maxFutureSkewMs();
        this.clock = ctx.epochClock();
    }

    /**
     * Appends a message, or replaces it if the id exists (an edit). The completion fires once it is durable.
     *
     * @param correlationId caller's id, echoed in the completion.
     * @param channelId     channel, a positive snowflake.
     * @param messageId     message, a positive snowflake not further in the future than the allowed skew.
     * @param value         the encoded message.
     * @param offset        offset of the value in {@code value}.
     * @param length        length of the value, up to {@code concord.storage.max.value.length}.
     * @return {@link StorageStatus#OK} when queued, else a negative status and nothing is queued.
     */
    public int append(final long correlationId, final long channelId, final long messageId,
        final DirectBuffer value, final int offset, final int length)
    {
        final int status = checkWrite(channelId, messageId);
        if (StorageStatus.OK != status)
        {
            return status;
        }
        if (length < 0 || length > maxValueLength)
        {
            return StorageStatus.VALUE_TOO_LARGE;
        }
        final int shard = Partitioner.shardOf(channelId, shardCount);
        final RingBuffer ring = shardRequests[shard];
        final int index = ring.tryClaim(RequestDescriptor.WRITE_MSG_TYPE_ID, RequestDescriptor.HEADER_LENGTH + length);
        if (index <= 0)
        {
            return StorageStatus.BACK_PRESSURED;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + RequestDescriptor.CLIENT_ID_OFFSET, clientId);
        buffer.putInt(index + RequestDescriptor.VALUE_LENGTH_OFFSET, length);
        buffer.putLong(index + RequestDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + RequestDescriptor.CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(index + RequestDescriptor.MESSAGE_ID_OFFSET, messageId);
        if (length > 0)
        {
            buffer.putBytes(index + RequestDescriptor.VALUE_OFFSET, value, offset, length);
        }
        ring.commit(index);
        shards[shard].wake();
        return StorageStatus.OK;
    }

    /**
     * Deletes a message by writing a tombstone; the completion fires once it is durable.
     *
     * @param correlationId caller's id.
     * @param channelId     channel.
     * @param messageId     message.
     * @return {@link StorageStatus#OK} when queued, else a negative status.
     */
    public int delete(final long correlationId, final long channelId, final long messageId)
    {
        final int status = checkWrite(channelId, messageId);
        if (StorageStatus.OK != status)
        {
            return status;
        }
        final int shard = Partitioner.shardOf(channelId, shardCount);
        final RingBuffer ring = shardRequests[shard];
        final int index = ring.tryClaim(RequestDescriptor.DELETE_MSG_TYPE_ID, RequestDescriptor.HEADER_LENGTH);
        if (index <= 0)
        {
            return StorageStatus.BACK_PRESSURED;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + RequestDescriptor.CLIENT_ID_OFFSET, clientId);
        buffer.putInt(index + RequestDescriptor.VALUE_LENGTH_OFFSET, 0);
        buffer.putLong(index + RequestDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + RequestDescriptor.CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(index + RequestDescriptor.MESSAGE_ID_OFFSET, messageId);
        ring.commit(index);
        shards[shard].wake();
        return StorageStatus.OK;
    }

    /**
     * Reads a page of a channel, newest first, walking across buckets as needed.
     *
     * @param correlationId caller's id.
     * @param channelId     channel.
     * @param mode          a {@link ReadMode}.
     * @param cursorId      the cursor message id for before/after/around (need not exist; ignored for latest).
     * @param limit         1..100.
     * @return {@link StorageStatus#OK} when queued, else a negative status.
     */
    public int read(final long correlationId, final long channelId, final int mode, final long cursorId,
        final int limit)
    {
        if (engine.isClosed())
        {
            return StorageStatus.CLOSED;
        }
        if (channelId <= 0)
        {
            return StorageStatus.INVALID_CHANNEL_ID;
        }
        if (!ReadMode.isValid(mode))
        {
            return StorageStatus.INVALID_READ_MODE;
        }
        if (limit < 1 || limit > CompletionDescriptor.MAX_LIMIT)
        {
            return StorageStatus.INVALID_LIMIT;
        }
        if (ReadMode.LATEST != mode && cursorId < 0)
        {
            return StorageStatus.INVALID_MESSAGE_ID;
        }
        final int shard = Partitioner.shardOf(channelId, shardCount);
        final RingBuffer ring = shardRequests[shard];
        final int index = ring.tryClaim(RequestDescriptor.READ_MSG_TYPE_ID, RequestDescriptor.READ_LENGTH);
        if (index <= 0)
        {
            return StorageStatus.BACK_PRESSURED;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putInt(index + RequestDescriptor.CLIENT_ID_OFFSET, clientId);
        buffer.putInt(index + RequestDescriptor.MODE_OFFSET, mode);
        buffer.putLong(index + RequestDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + RequestDescriptor.CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(index + RequestDescriptor.MESSAGE_ID_OFFSET, cursorId);
        buffer.putInt(index + RequestDescriptor.LIMIT_OFFSET, limit);
        ring.commit(index);
        shards[shard].wake();
        return StorageStatus.OK;
    }

    private int checkWrite(final long channelId, final long messageId)
    {
        if (engine.isClosed())
        {
            return StorageStatus.CLOSED;
        }
        if (channelId <= 0)
        {
            return StorageStatus.INVALID_CHANNEL_ID;
        }
        if (messageId <= 0)
        {
            return StorageStatus.INVALID_MESSAGE_ID;
        }
        if (Partitioner.timestampMs(messageId) + Partitioner.DISCORD_EPOCH_MS > clock.time() + maxFutureSkewMs)
        {
            return StorageStatus.MESSAGE_ID_FROM_FUTURE;
        }
        return StorageStatus.OK;
    }

    /**
     * Delivers up to {@code limit} completions to {@code handler} on the calling thread.
     * <p>
     * A poll that finds nothing marks the poller idle, so the shard that next completes one of its requests unparks
     * it: a poller that parks (in its idle strategy, or in {@link #awaitCompletion(long)}) after an empty poll is
     * woken by the completion instead of sleeping out its park. The flag and the ring form a Dekker pair with
     * {@link #onCompletionCommitted()}: the poller writes the flag, fences and reads the ring again; the shard
     * commits to the ring, fences and reads the flag, so at least one of them sees the other.
     *
     * @param handler receives completions.
     * @param limit   most completions to deliver.
     * @return number delivered.
     */
    public int poll(final CompletionHandler handler, final int limit)
    {
        this.handler = handler;
        int delivered = completions.read(this, limit);
        if (0 == delivered)
        {
            if (null == pollerThread)
            {
                pollerThread = Thread.currentThread();
            }
            isPollerIdle = true;
            VarHandle.fullFence();
            delivered = completions.read(this, limit);
        }
        if (delivered > 0 && isPollerIdle)
        {
            isPollerIdle = false;
        }
        return delivered;
    }

    /**
     * Parks the polling thread until a completion arrives or {@code timeoutNs} passes, for pollers with nothing else
     * to do; returns at once if a completion is already waiting. Call from the polling thread, after a
     * {@link #poll(CompletionHandler, int)} that delivered nothing. May return early (spuriously).
     *
     * @param timeoutNs longest park in nanoseconds.
     */
    public void awaitCompletion(final long timeoutNs)
    {
        if (isPollerIdle && 0 == completions.size())
        {
            LockSupport.parkNanos(timeoutNs);
        }
    }

    /**
     * Called by a shard after it committed a completion to this client's ring: unparks the poller if its last poll
     * found nothing (see {@link #poll(CompletionHandler, int)}).
     */
    void onCompletionCommitted()
    {
        VarHandle.fullFence();
        if (isPollerIdle)
        {
            isPollerIdle = false;
            final Thread thread = pollerThread;
            if (null != thread)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Ring callback; not for callers.
     */
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = buffer.getLong(index + CompletionDescriptor.CORRELATION_ID_OFFSET);
        final int status = buffer.getInt(index + CompletionDescriptor.STATUS_OFFSET);
        if (CompletionDescriptor.WRITE_COMPLETE_MSG_TYPE_ID == msgTypeId)
        {
            handler.onWriteComplete(correlationId, status);
        }
        else
        {
            readResult.wrap(buffer, index + CompletionDescriptor.ROWS_OFFSET,
                buffer.getInt(index + CompletionDescriptor.COUNT_OFFSET));
            handler.onReadComplete(correlationId, status, readResult);
        }
    }

    /**
     * @return this client's id within the engine.
     */
    public int clientId()
    {
        return clientId;
    }

    RingBuffer completions()
    {
        return completions;
    }
}
