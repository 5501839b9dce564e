package io.concord.storage;

/**
 * Layout of the completion records shards write into a client's completion ring (one ring per client, one producer
 * per shard).
 * <pre>
 *   0  correlation id (8)
 *   8  status (4)
 *  12  row count (4)
 *  16  rows (reads only): messageId (8) | valueLength (4) | value, newest first
 * </pre>
 */
final class CompletionDescriptor
{
    static final int WRITE_COMPLETE_MSG_TYPE_ID = 1;
    static final int READ_COMPLETE_MSG_TYPE_ID = 2;

    static final int CORRELATION_ID_OFFSET = 0;
    static final int STATUS_OFFSET = 8;
    static final int COUNT_OFFSET = 12;
    static final int ROWS_OFFSET = 16;

    /** Most rows a read may ask for (Discord's limit). */
    static final int MAX_LIMIT = 100;

    private CompletionDescriptor()
    {
    }

    static int maxReadCompletionLength(final int maxValueLength)
    {
        return ROWS_OFFSET + MAX_LIMIT * (ReadResult.ROW_HEADER_LENGTH + maxValueLength);
    }
}
