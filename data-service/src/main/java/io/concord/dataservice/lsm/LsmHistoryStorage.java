package io.concord.dataservice.lsm;

import io.concord.dataservice.HistoryDirection;
import io.concord.dataservice.HistoryPageDescriptor;
import io.concord.dataservice.storage.HistoryReadHandler;
import io.concord.dataservice.storage.HistoryStorage;
import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadMode;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageStatus;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.LongArrayQueue;

/**
 * Serves the data service's history reads from the LSM store. Owns one {@link StorageClient} whose completions only
 * it polls; both port methods run on the data service agent thread, so its state is single-threaded.
 * <p>
 * A read the store refuses as invalid (it checks more than the data service does, e.g. positive ids) is not
 * back-pressure: it is reported as failed on the next {@link #poll}, so its waiters get a clean error instead of
 * the request being retried forever. Pages are copied from the store's completion into one reused buffer laid out
 * as {@link HistoryPageDescriptor} says: nothing is allocated per read once the buffer has grown.
 */
public final class LsmHistoryStorage implements HistoryStorage, CompletionHandler
{
    private final StorageClient client;
    private final ExpandableDirectByteBuffer page;
    /**
     * Pairs of (read id, store status) for reads refused as invalid, delivered as failures on the next poll.
     */
    private final LongArrayQueue refusedReads = new LongArrayQueue();
    private HistoryReadHandler handler;

    /**
     * @param client a client of the store used by nothing else (this adapter polls its completions).
     * @param maxMessageBytes largest record the store holds, to size the page buffer once.
     */
    public LsmHistoryStorage(final StorageClient client, final int maxMessageBytes)
    {
        this.client = client;
        this.page = new ExpandableDirectByteBuffer(
            (int)HistoryPageDescriptor.maxEncodedLength(HistoryDirection.MAX_LIMIT, maxMessageBytes));
    }

    public boolean submitRead(
        final long readId, final long channelId, final int direction, final long anchorId, final int limit)
    {
        final int status = client.read(readId, channelId, readModeOf(direction), anchorId, limit);
        if (StorageStatus.BACK_PRESSURED == status)
        {
            return false;
        }
        if (StorageStatus.OK != status)
        {
            refusedReads.addLong(readId);
            refusedReads.addLong(status);
        }
        return true;
    }

    public int poll(final HistoryReadHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && !refusedReads.isEmpty())
        {
            final long readId = refusedReads.pollLong();
            final int status = (int)refusedReads.pollLong();
            handler.onReadFailed(readId, "store refused the read: " + StorageStatus.describe(status));
            delivered++;
        }
        if (delivered < limit)
        {
            this.handler = handler;
            delivered += client.poll(this, limit - delivered);
        }
        return delivered;
    }

    /**
     * This adapter's client issues only reads, so no write completion can arrive.
     */
    public void onWriteComplete(final long correlationId, final int status)
    {
        throw new IllegalStateException("history client received a write completion: " + correlationId);
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        if (StorageStatus.OK != status)
        {
            handler.onReadFailed(correlationId, StorageStatus.describe(status));
            return;
        }

        int offset = HistoryPageDescriptor.HEADER_LENGTH;
        int count = 0;
        while (result.next())
        {
            final int length = result.valueLength();
            page.putLong(offset + HistoryPageDescriptor.ENTRY_ID_OFFSET, result.messageId());
            page.putInt(offset + HistoryPageDescriptor.ENTRY_LENGTH_OFFSET, length);
            page.putBytes(offset + HistoryPageDescriptor.ENTRY_HEADER_LENGTH, result.buffer(), result.valueOffset(),
                length);
            offset += HistoryPageDescriptor.ENTRY_HEADER_LENGTH + length;
            count++;
        }
        page.putInt(HistoryPageDescriptor.COUNT_OFFSET, count);
        handler.onReadComplete(correlationId, page, 0, offset);
    }

    static int readModeOf(final int direction)
    {
        switch (direction)
        {
            case HistoryDirection.LATEST:
                return ReadMode.LATEST;
            case HistoryDirection.BEFORE:
                return ReadMode.BEFORE;
            case HistoryDirection.AFTER:
                return ReadMode.AFTER;
            case HistoryDirection.AROUND:
                return ReadMode.AROUND;
            default:
                return -1;
        }
    }
}
