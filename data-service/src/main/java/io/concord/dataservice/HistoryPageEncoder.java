package io.concord.dataservice;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.concord.dataservice.HistoryPageDescriptor.COUNT_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_HEADER_LENGTH;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_ID_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_LENGTH_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.HEADER_LENGTH;

/**
 * Writes a page laid out as {@link HistoryPageDescriptor} says: storage implementations use it to hand results to
 * the data service. Append messages newest first. The target buffer must have room (an expandable buffer grows).
 * Not thread safe: one instance per thread.
 */
public final class HistoryPageEncoder
{
    private MutableDirectBuffer buffer;
    private int offset;
    private int position;
    private int count;

    /**
     * Starts an empty page.
     *
     * @param buffer to write into.
     * @param offset of the page's first byte.
     * @return this.
     */
    public HistoryPageEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.position = offset + HEADER_LENGTH;
        this.count = 0;
        buffer.putInt(offset + COUNT_OFFSET, 0);
        return this;
    }

    /**
     * Appends the next (older) message.
     *
     * @param messageId    its snowflake id, smaller than the previous one.
     * @param src          buffer holding the record.
     * @param srcOffset    of the record.
     * @param recordLength of the record.
     * @return this.
     */
    public HistoryPageEncoder append(
        final long messageId, final DirectBuffer src, final int srcOffset, final int recordLength)
    {
        buffer.putLong(position + ENTRY_ID_OFFSET, messageId);
        buffer.putInt(position + ENTRY_LENGTH_OFFSET, recordLength);
        buffer.putBytes(position + ENTRY_HEADER_LENGTH, src, srcOffset, recordLength);
        position += ENTRY_HEADER_LENGTH + recordLength;
        buffer.putInt(offset + COUNT_OFFSET, ++count);
        return this;
    }

    /**
     * Appends the next (older) message from a byte array.
     *
     * @param messageId its snowflake id, smaller than the previous one.
     * @param record    the record's bytes.
     * @return this.
     */
    public HistoryPageEncoder append(final long messageId, final byte[] record)
    {
        buffer.putLong(position + ENTRY_ID_OFFSET, messageId);
        buffer.putInt(position + ENTRY_LENGTH_OFFSET, record.length);
        buffer.putBytes(position + ENTRY_HEADER_LENGTH, record);
        position += ENTRY_HEADER_LENGTH + record.length;
        buffer.putInt(offset + COUNT_OFFSET, ++count);
        return this;
    }

    /**
     * Messages appended so far.
     *
     * @return count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Bytes written so far, header included.
     *
     * @return encoded length.
     */
    public int encodedLength()
    {
        return position - offset;
    }
}
