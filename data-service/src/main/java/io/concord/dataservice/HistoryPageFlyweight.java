package io.concord.dataservice;

import org.agrona.DirectBuffer;

import static io.concord.dataservice.HistoryPageDescriptor.COUNT_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_HEADER_LENGTH;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_ID_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_LENGTH_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.HEADER_LENGTH;

/**
 * Reads a page laid out as {@link HistoryPageDescriptor} says, with a cursor, without allocating:
 * <pre>{@code
 * page.wrap(buffer, offset, length);
 * while (page.next())
 * {
 *     use(page.messageId(), page.buffer(), page.recordOffset(), page.recordLength());
 * }
 * }</pre>
 * The cursor methods trust a page that {@link #validate(int)} accepted. Not thread safe: one instance per thread;
 * the wrapped bytes are only valid for the duration of the callback that handed them out.
 */
public final class HistoryPageFlyweight
{
    /**
     * {@link #validate(int)} result for a well formed page.
     */
    public static final String VALID = null;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int cursor;
    private int remaining;
    private long messageId;
    private int recordOffset;
    private int recordLength;

    /**
     * Points the flyweight at a page and rewinds the cursor.
     *
     * @param buffer holding the page.
     * @param offset of the page's first byte.
     * @param length of the page in bytes.
     * @return this.
     */
    public HistoryPageFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return rewind();
    }

    /**
     * Moves the cursor back before the first (newest) message.
     *
     * @return this.
     */
    public HistoryPageFlyweight rewind()
    {
        cursor = offset + HEADER_LENGTH;
        remaining = length >= HEADER_LENGTH ? buffer.getInt(offset + COUNT_OFFSET) : 0;
        messageId = 0;
        recordOffset = 0;
        recordLength = 0;
        return this;
    }

    /**
     * Checks that the wrapped bytes are a well formed page: the count and every length stay inside the page, ids
     * are positive and strictly descending, no record is larger than allowed, no bytes trail.
     *
     * @param maxMessageBytes largest record accepted.
     * @return {@link #VALID} (null) or a message saying what is wrong.
     */
    public String validate(final int maxMessageBytes)
    {
        if (length < HEADER_LENGTH)
        {
            return "page shorter than its header: " + length + " bytes";
        }

        final int count = buffer.getInt(offset + COUNT_OFFSET);
        if (count < 0 || count > HistoryDirection.MAX_LIMIT * 2)
        {
            return "page message count out of range: " + count;
        }

        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        long previousId = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            if (end - position < ENTRY_HEADER_LENGTH)
            {
                return "page truncated in entry " + i;
            }

            final long id = buffer.getLong(position + ENTRY_ID_OFFSET);
            final int recordLength = buffer.getInt(position + ENTRY_LENGTH_OFFSET);
            if (id <= 0 || id >= previousId)
            {
                return "page ids not positive and strictly descending at entry " + i + ": " + id;
            }
            if (recordLength < 0 || recordLength > maxMessageBytes ||
                recordLength > end - position - ENTRY_HEADER_LENGTH)
            {
                return "page entry " + i + " has a bad record length: " + recordLength;
            }

            previousId = id;
            position += ENTRY_HEADER_LENGTH + recordLength;
        }

        if (position != end)
        {
            return "page has " + (end - position) + " trailing bytes";
        }

        return VALID;
    }

    /**
     * Length of the wrapped page in bytes.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Number of messages in the page.
     *
     * @return message count.
     */
    public int count()
    {
        return length >= HEADER_LENGTH ? buffer.getInt(offset + COUNT_OFFSET) : 0;
    }

    /**
     * Advances the cursor to the next (older) message.
     *
     * @return true when the cursor now points at a message, false at the end.
     */
    public boolean next()
    {
        if (remaining <= 0)
        {
            return false;
        }

        remaining--;
        messageId = buffer.getLong(cursor + ENTRY_ID_OFFSET);
        recordLength = buffer.getInt(cursor + ENTRY_LENGTH_OFFSET);
        recordOffset = cursor + ENTRY_HEADER_LENGTH;
        cursor = recordOffset + recordLength;
        return true;
    }

    /**
     * Snowflake id of the message under the cursor.
     *
     * @return id.
     */
    public long messageId()
    {
        return messageId;
    }

    /**
     * Buffer holding the page (and the record under the cursor).
     *
     * @return the wrapped buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset in {@link #buffer()} of the record under the cursor.
     *
     * @return offset.
     */
    public int recordOffset()
    {
        return recordOffset;
    }

    /**
     * Length of the record under the cursor.
     *
     * @return bytes.
     */
    public int recordLength()
    {
        return recordLength;
    }
}
