package io.concord.dataservice.storage;

import org.agrona.DirectBuffer;

/**
 * Receives completions of reads issued through {@link HistoryStorage#submitRead}, on the data service agent thread
 * (from inside {@link HistoryStorage#poll}).
 */
public interface HistoryReadHandler
{
    /**
     * A read completed.
     *
     * @param readId the id given to {@link HistoryStorage#submitRead}.
     * @param buffer holding the page, laid out as {@link io.concord.dataservice.HistoryPageDescriptor} says.
     * @param offset of the page.
     * @param length of the page.
     */
    void onReadComplete(long readId, DirectBuffer buffer, int offset, int length);

    /**
     * A read failed; its waiters get {@link io.concord.dataservice.HistoryStatus#STORAGE_ERROR}.
     *
     * @param readId the id given to {@link HistoryStorage#submitRead}.
     * @param reason what went wrong, for the error log.
     */
    void onReadFailed(long readId, String reason);
}
