package io.concord.dataservice;

/**
 * Layout of the messages on the completion ring (data service agent to the core's poller).
 * <pre>
 *   0: correlation id (long)   8: edge id (int)   12: status (int)   16: page (only when status is OK) ...
 * </pre>
 * The page is laid out as {@link HistoryPageDescriptor} says.
 */
final class CompletionDescriptor
{
    static final int PAGE_MSG_TYPE_ID = 1;
    static final int ERROR_MSG_TYPE_ID = 2;

    static final int CORRELATION_ID_OFFSET = 0;
    static final int EDGE_ID_OFFSET = 8;
    static final int STATUS_OFFSET = 12;
    static final int PAGE_OFFSET = 16;

    private CompletionDescriptor()
    {
    }
}
