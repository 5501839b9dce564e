package io.concord.dataservice;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.concord.dataservice.CompletionDescriptor.CORRELATION_ID_OFFSET;
import static io.concord.dataservice.CompletionDescriptor.EDGE_ID_OFFSET;
import static io.concord.dataservice.CompletionDescriptor.PAGE_MSG_TYPE_ID;
import static io.concord.dataservice.CompletionDescriptor.PAGE_OFFSET;
import static io.concord.dataservice.CompletionDescriptor.STATUS_OFFSET;

/**
 * The core's side of the completion ring: decodes completions and hands them to a
 * {@link HistoryCompletionHandler}. Exactly one thread may poll (the ring has one consumer). When the core stops
 * polling, the ring fills, the agent stops taking requests, the request ring fills and
 * {@link HistoryRequestProxy#requestHistory} returns false: back-pressure all the way, nothing unbounded.
 */
public final class HistoryCompletionPoller implements MessageHandler
{
    private final RingBuffer completionRing;
    private final HistoryPageFlyweight page = new HistoryPageFlyweight();
    private HistoryCompletionHandler handler;

    HistoryCompletionPoller(final RingBuffer completionRing)
    {
        this.completionRing = completionRing;
    }

    /**
     * Delivers up to {@code limit} completions.
     *
     * @param handler receives them on this thread.
     * @param limit   most completions to deliver.
     * @return completions delivered.
     */
    public int poll(final HistoryCompletionHandler handler, final int limit)
    {
        this.handler = handler;
        return completionRing.read(this, limit);
    }

    /**
     * Ring callback; not for callers.
     */
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = buffer.getLong(index + CORRELATION_ID_OFFSET);
        final int edgeId = buffer.getInt(index + EDGE_ID_OFFSET);
        if (PAGE_MSG_TYPE_ID == msgTypeId)
        {
            page.wrap(buffer, index + PAGE_OFFSET, length - PAGE_OFFSET);
            handler.onHistoryPage(correlationId, edgeId, page);
        }
        else
        {
            handler.onHistoryError(correlationId, edgeId, buffer.getInt(index + STATUS_OFFSET));
        }
    }
}
