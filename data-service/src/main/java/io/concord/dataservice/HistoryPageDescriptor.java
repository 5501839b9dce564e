package io.concord.dataservice;

/**
 * Layout of a page of messages, the one format used both by storage results (storage port) and by completions
 * handed to the core. Messages are opaque records keyed by snowflake id, newest (largest id) first, ids strictly
 * descending. Byte order is the platform's, as every Agrona buffer in one process uses.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Message Count                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Message Id (newest)                      |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Record Length                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Record Bytes ...                        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 ... next entry, same shape ...               ...
 * </pre>
 */
public final class HistoryPageDescriptor
{
    public static final int COUNT_OFFSET = 0;
    public static final int HEADER_LENGTH = 4;

    public static final int ENTRY_ID_OFFSET = 0;
    public static final int ENTRY_LENGTH_OFFSET = 8;
    public static final int ENTRY_HEADER_LENGTH = 12;

    private HistoryPageDescriptor()
    {
    }

    /**
     * Largest encoded page for a number of messages of at most a given size.
     *
     * @param maxMessages     messages in the page.
     * @param maxMessageBytes largest record.
     * @return bytes.
     */
    public static long maxEncodedLength(final int maxMessages, final int maxMessageBytes)
    {
        return HEADER_LENGTH + (long)maxMessages * (ENTRY_HEADER_LENGTH + maxMessageBytes);
    }
}
