package io.concord.storage;

import org.agrona.DirectBuffer;

/**
 * Flyweight over the rows of one read completion, newest first. Reused for every completion of a client: valid only
 * inside {@link CompletionHandler#onReadComplete(long, int, ReadResult)} on the polling thread.
 * <pre>
 *   row: messageId (8, little endian) | valueLength (4) | value bytes
 * </pre>
 * Iterate with {@link #next()}; the accessors describe the current row.
 */
public final class ReadResult
{
    static final int ROW_HEADER_LENGTH = 12;

    private DirectBuffer buffer;
    private int count;
    private int remaining;
    private int nextOffset;
    private long messageId;
    private int valueOffset;
    private int valueLength;

    void wrap(final DirectBuffer buffer, final int rowsOffset, final int count)
    {
        this.buffer = buffer;
        this.count = count;
        this.remaining = count;
        this.nextOffset = rowsOffset;
        this.messageId = 0;
        this.valueOffset = 0;
        this.valueLength = 0;
    }

    /**
     * @return number of rows in this result.
     */
    public int count()
    {
        return count;
    }

    /**
     * Moves to the next row, newest first.
     *
     * @return false when there are no more rows.
     */
    public boolean next()
    {
        if (remaining <= 0)
        {
            return false;
        }
        remaining--;
        messageId = buffer.getLong(nextOffset);
        valueLength = buffer.getInt(nextOffset + 8);
        valueOffset = nextOffset + ROW_HEADER_LENGTH;
        nextOffset = valueOffset + valueLength;
        return true;
    }

    /**
     * @return the current row's message id.
     */
    public long messageId()
    {
        return messageId;
    }

    /**
     * @return the buffer holding the current row's value.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return offset of the current row's value in {@link #buffer()}.
     */
    public int valueOffset()
    {
        return valueOffset;
    }

    /**
     * @return length of the current row's value.
     */
    public int valueLength()
    {
        return valueLength;
    }
}
