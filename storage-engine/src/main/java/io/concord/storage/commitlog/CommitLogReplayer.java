package io.concord.storage.commitlog;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads a commit log segment back at recovery, record by record, and stops at the first record that is torn (runs
 * past the end of the file), has an impossible length, fails its CRC32C or does not have a higher sequence than the
 * one before it (an old record of a recycled segment file). Everything from that point is cut from
 * the file: it was never acknowledged, because an acknowledgement follows the force that covers the whole record.
 * A tail of zeros is the unused rest of a preallocated segment: it is cut too, but is not a torn tail.
 */
public final class CommitLogReplayer
{
    /**
     * Receives each valid record of a segment, in order.
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * @param type        {@link CommitLogRecordDescriptor#TYPE_PUT} or {@code TYPE_TOMBSTONE}.
         * @param sequence    record sequence.
         * @param channelId   channel.
         * @param messageId   message.
         * @param buffer      buffer holding the value.
         * @param valueOffset offset of the value.
         * @param valueLength length of the value.
         * @throws IOException if the handler's own I/O (e.g. a flush during recovery) fails.
         */
        void onRecord(byte type, long sequence, long channelId, long messageId,
            DirectBuffer buffer, int valueOffset, int valueLength) throws IOException;
    }

    private final int maxRecordLength;
    private long validLength;
    private long maxSequence;
    private long records;
    private boolean wasCut;

    /**
     * Uses the hard value limit rather than the configured one, so lowering the configured limit never makes
     * earlier valid records look corrupt.
     */
    public CommitLogReplayer()
    {
        this.maxRecordLength =
            CommitLogRecordDescriptor.PAYLOAD_HEADER_LENGTH + CommitLogRecordDescriptor.MAX_VALUE_LENGTH;
    }

    /**
     * Replays one segment and truncates it after its last valid record.
     *
     * @param file    the segment.
     * @param handler receives valid records.
     * @throws IOException if the file cannot be read or truncated.
     */
    public void replay(final File file, final RecordHandler handler) throws IOException
    {
        validLength = 0;
        maxSequence = -1;
        records = 0;
        wasCut = false;
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new IOException("commit log segment too large: " + file + " " + size + " bytes");
            }
            final ByteBuffer bytes = ByteBuffer.allocateDirect((int)Math.max(size, 1));
            while (bytes.position() < size)
            {
                if (channel.read(bytes, bytes.position()) < 0)
                {
                    break;
                }
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes, 0, (int)size);
            int offset = 0;
            while (offset + CommitLogRecordDescriptor.FRAME_HEADER_LENGTH <= size)
            {
                final int payloadLength = buffer.getInt(offset + CommitLogRecordDescriptor.LENGTH_OFFSET);
                if (payloadLength < CommitLogRecordDescriptor.PAYLOAD_HEADER_LENGTH ||
                    payloadLength > maxRecordLength ||
                    offset + CommitLogRecordDescriptor.FRAME_HEADER_LENGTH + (long)payloadLength > size)
                {
                    break;
                }
                final int crc = CommitLogRecordDescriptor.crc(
                    buffer, offset + CommitLogRecordDescriptor.TYPE_OFFSET, payloadLength);
                if (crc != buffer.getInt(offset + CommitLogRecordDescriptor.CRC_OFFSET))
                {
                    break;
                }
                final byte type = buffer.getByte(offset + CommitLogRecordDescriptor.TYPE_OFFSET);
                final int valueLength = buffer.getInt(offset + CommitLogRecordDescriptor.VALUE_LENGTH_OFFSET);
                if ((type != CommitLogRecordDescriptor.TYPE_PUT && type != CommitLogRecordDescriptor.TYPE_TOMBSTONE) ||
                    valueLength != payloadLength - CommitLogRecordDescriptor.PAYLOAD_HEADER_LENGTH)
                {
                    break;
                }
                final long sequence = buffer.getLong(offset + CommitLogRecordDescriptor.SEQUENCE_OFFSET);
                if (records > 0 && sequence <= maxSequence)
                {
                    break;
                }
                handler.onRecord(
                    type,
                    sequence,
                    buffer.getLong(offset + CommitLogRecordDescriptor.CHANNEL_ID_OFFSET),
                    buffer.getLong(offset + CommitLogRecordDescriptor.MESSAGE_ID_OFFSET),
                    buffer,
                    offset + CommitLogRecordDescriptor.VALUE_OFFSET,
                    valueLength);
                maxSequence = Math.max(maxSequence, sequence);
                records++;
                offset += CommitLogRecordDescriptor.FRAME_HEADER_LENGTH + payloadLength;
            }
            validLength = offset;
            if (offset < size)
            {
                wasCut = !isZero(buffer, offset, (int)size);
                channel.truncate(offset);
                channel.force(true);
            }
            BufferUtil.free(bytes);
        }
    }

    private static boolean isZero(final UnsafeBuffer buffer, final int from, final int to)
    {
        int i = from;
        for (; i + 8 <= to; i += 8)
        {
            if (0 != buffer.getLong(i))
            {
                return false;
            }
        }
        for (; i < to; i++)
        {
            if (0 != buffer.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return bytes of valid records in the last replayed segment.
     */
    public long validLength()
    {
        return validLength;
    }

    /**
     * @return highest sequence in the last replayed segment, -1 if none.
     */
    public long maxSequence()
    {
        return maxSequence;
    }

    /**
     * @return valid records in the last replayed segment.
     */
    public long records()
    {
        return records;
    }

    /**
     * @return true when the last replayed segment had a torn or corrupt tail that was cut (not a tail of zeros).
     */
    public boolean wasCut()
    {
        return wasCut;
    }
}
