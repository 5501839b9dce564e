package io.concord.dataservice;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.concord.dataservice.RequestDescriptor.ANCHOR_ID_OFFSET;
import static io.concord.dataservice.RequestDescriptor.CANCEL_EDGE_MSG_TYPE_ID;
import static io.concord.dataservice.RequestDescriptor.CANCEL_REQUEST_MSG_TYPE_ID;
import static io.concord.dataservice.RequestDescriptor.CHANNEL_ID_OFFSET;
import static io.concord.dataservice.RequestDescriptor.CORRELATION_ID_OFFSET;
import static io.concord.dataservice.RequestDescriptor.DIRECTION_OFFSET;
import static io.concord.dataservice.RequestDescriptor.EDGE_ID_OFFSET;
import static io.concord.dataservice.RequestDescriptor.HISTORY_REQUEST_MSG_TYPE_ID;
import static io.concord.dataservice.RequestDescriptor.LENGTH;
import static io.concord.dataservice.RequestDescriptor.LIMIT_OFFSET;

/**
 * The core's side of the data service: enqueues history requests (already permission-checked by the shard) and
 * cancellations on the bounded request ring. Stateless and safe to call from any number of threads (the ring is
 * many-to-one). Every call returns false when the ring is full: the caller answers the client 503 (or retries a
 * cancellation later); nothing blocks.
 * <p>
 * Each accepted request gets exactly one completion through {@link HistoryCompletionPoller}, carrying its
 * correlation and edge ids, unless it is cancelled first.
 */
public final class HistoryRequestProxy
{
    private final RingBuffer requestRing;

    HistoryRequestProxy(final RingBuffer requestRing)
    {
        this.requestRing = requestRing;
    }

    /**
     * Asks for a page of a channel's history.
     *
     * @param correlationId echoed in the completion; the (edge id, correlation id) pair names the request.
     * @param edgeId        edge that asked, where the reply goes.
     * @param channelId     channel to read.
     * @param direction     a {@link HistoryDirection} code.
     * @param anchorId      cursor snowflake id for BEFORE/AFTER/AROUND (0..Long.MAX_VALUE - 1), ignored for
     *                      LATEST.
     * @param limit         1..100; anything else is answered {@link HistoryStatus#INVALID_REQUEST}.
     * @return true when enqueued, false when back-pressured.
     */
    public boolean requestHistory(
        final long correlationId,
        final int edgeId,
        final long channelId,
        final int direction,
        final long anchorId,
        final int limit)
    {
        final int index = requestRing.tryClaim(HISTORY_REQUEST_MSG_TYPE_ID, LENGTH);
        if (index <= 0)
        {
            return false;
        }

        final AtomicBuffer buffer = requestRing.buffer();
        buffer.putLong(index + CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(index + ANCHOR_ID_OFFSET, anchorId);
        buffer.putInt(index + EDGE_ID_OFFSET, edgeId);
        buffer.putInt(index + DIRECTION_OFFSET, direction);
        buffer.putInt(index + LIMIT_OFFSET, limit);
        requestRing.commit(index);
        return true;
    }

    /**
     * Forgets every waiting request of an edge that went away: their waiter slots are freed and they get no
     * completion. Storage reads already issued still complete (and may fill the cache).
     *
     * @param edgeId the edge.
     * @return true when enqueued, false when back-pressured (retry).
     */
    public boolean cancelEdge(final int edgeId)
    {
        return cancel(CANCEL_EDGE_MSG_TYPE_ID, edgeId, 0);
    }

    /**
     * Forgets one waiting request (its client went away); it gets no completion.
     *
     * @param edgeId        edge of the request.
     * @param correlationId correlation id of the request.
     * @return true when enqueued, false when back-pressured (retry).
     */
    public boolean cancelRequest(final int edgeId, final long correlationId)
    {
        return cancel(CANCEL_REQUEST_MSG_TYPE_ID, edgeId, correlationId);
    }

    private boolean cancel(final int msgTypeId, final int edgeId, final long correlationId)
    {
        final int index = requestRing.tryClaim(msgTypeId, LENGTH);
        if (index <= 0)
        {
            return false;
        }

        final AtomicBuffer buffer = requestRing.buffer();
        buffer.putLong(index + CORRELATION_ID_OFFSET, correlationId);
        buffer.putLong(index + CHANNEL_ID_OFFSET, 0);
        buffer.putLong(index + ANCHOR_ID_OFFSET, 0);
        buffer.putInt(index + EDGE_ID_OFFSET, edgeId);
        buffer.putInt(index + DIRECTION_OFFSET, 0);
        buffer.putInt(index + LIMIT_OFFSET, 0);
        requestRing.commit(index);
        return true;
    }
}
