package io.concord.dataservice.storage;

/**
 * The storage port: what the data service needs from the message store. It issues asynchronous history reads and
 * polls for their completions; both calls happen only on the data service agent thread, so an implementation may
 * keep single-threaded state for them (talking to its own shards through queues).
 * <p>
 * Contract an implementation must keep:
 * <ul>
 *     <li>Semantics: as {@link io.concord.dataservice.HistoryDirection} describes, newest first, at most
 *     {@code limit} messages; a page shorter than asked means the channel has no more messages in that
 *     direction (the data service derives cache coverage from it).</li>
 *     <li>Read-after-durable-write: a read submitted after a write was acknowledged as durable (i.e. after the
 *     write-through notification for it was handed to the data service) sees that write.</li>
 *     <li>Results are laid out as {@link io.concord.dataservice.HistoryPageDescriptor} says, valid only during
 *     the callback (the data service copies what it keeps).</li>
 *     <li>Back-pressure is a return value: {@link #submitRead} returns false when the store cannot take another
 *     read now; it never blocks.</li>
 *     <li>Re-entrancy: the handler may call {@link #submitRead} from inside {@link #poll} (a read is re-issued
 *     when writes raced it).</li>
 * </ul>
 */
public interface HistoryStorage
{
    /**
     * Issues a history read. Called on the data service agent thread only.
     *
     * @param readId    opaque id to hand back with the completion.
     * @param channelId channel (partition) to read; bucketing is the store's business.
     * @param direction a {@link io.concord.dataservice.HistoryDirection} code.
     * @param anchorId  cursor snowflake id (ignored for LATEST).
     * @param limit     1..100.
     * @return true when the read was accepted and will complete through {@link #poll}, false when back-pressured.
     */
    boolean submitRead(long readId, long channelId, int direction, long anchorId, int limit);

    /**
     * Delivers completed reads to the handler, on the calling (data service agent) thread.
     *
     * @param handler receives completions.
     * @param limit   most completions to deliver in this call.
     * @return completions delivered.
     */
    int poll(HistoryReadHandler handler, int limit);
}
