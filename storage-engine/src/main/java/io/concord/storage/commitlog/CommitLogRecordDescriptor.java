package io.concord.storage.commitlog;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Layout of a commit log record. The frame's length and CRC32C cover the payload, so a torn or corrupt record is
 * detected before any of it is used.
 * <pre>
 *   0  payload length (4)
 *   4  crc32c of payload (4)
 *   8  payload:  type (1) | reserved (3) | value length (4) | sequence (8) | channel id (8) | message id (8) | value
 * </pre>
 * A tombstone's value is its 8-byte deletion time (ms since the Unix epoch). Little endian.
 */
public final class CommitLogRecordDescriptor
{
    public static final byte TYPE_PUT = 1;
    public static final byte TYPE_TOMBSTONE = 2;

    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int FRAME_HEADER_LENGTH = 8;

    public static final int TYPE_OFFSET = 8;
    public static final int VALUE_LENGTH_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int CHANNEL_ID_OFFSET = 24;
    public static final int MESSAGE_ID_OFFSET = 32;
    public static final int VALUE_OFFSET = 40;

    public static final int HEADER_LENGTH = VALUE_OFFSET;
    /** Hard upper bound of a value, whatever the configuration says. */
    public static final int MAX_VALUE_LENGTH = 1024 * 1024;
    public static final int PAYLOAD_HEADER_LENGTH = HEADER_LENGTH - FRAME_HEADER_LENGTH;

    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

    private CommitLogRecordDescriptor()
    {
    }

    /**
     * Encodes one framed record at {@code offset}.
     *
     * @return the record's total length.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final byte type,
        final long sequence,
        final long channelId,
        final long messageId,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength)
    {
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putByte(offset + TYPE_OFFSET + 1, (byte)0);
        buffer.putShort(offset + TYPE_OFFSET + 2, (short)0);
        buffer.putInt(offset + VALUE_LENGTH_OFFSET, valueLength);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence);
        buffer.putLong(offset + CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(offset + MESSAGE_ID_OFFSET, messageId);
        if (valueLength > 0)
        {
            buffer.putBytes(offset + VALUE_OFFSET, value, valueOffset, valueLength);
        }
        final int payloadLength = PAYLOAD_HEADER_LENGTH + valueLength;
        buffer.putInt(offset + LENGTH_OFFSET, payloadLength);
        buffer.putInt(offset + CRC_OFFSET, crc(buffer, offset + TYPE_OFFSET, payloadLength));
        return FRAME_HEADER_LENGTH + payloadLength;
    }

    /**
     * Encodes a tombstone whose value is the deletion time.
     *
     * @return the record's total length.
     */
    public static int encodeTombstone(
        final MutableDirectBuffer buffer,
        final int offset,
        final long sequence,
        final long channelId,
        final long messageId,
        final long deletionTimeMs)
    {
        buffer.putByte(offset + TYPE_OFFSET, TYPE_TOMBSTONE);
        buffer.putByte(offset + TYPE_OFFSET + 1, (byte)0);
        buffer.putShort(offset + TYPE_OFFSET + 2, (short)0);
        buffer.putInt(offset + VALUE_LENGTH_OFFSET, 8);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence);
        buffer.putLong(offset + CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(offset + MESSAGE_ID_OFFSET, messageId);
        buffer.putLong(offset + VALUE_OFFSET, deletionTimeMs);
        final int payloadLength = PAYLOAD_HEADER_LENGTH + 8;
        buffer.putInt(offset + LENGTH_OFFSET, payloadLength);
        buffer.putInt(offset + CRC_OFFSET, crc(buffer, offset + TYPE_OFFSET, payloadLength));
        return FRAME_HEADER_LENGTH + payloadLength;
    }

    /**
     * CRC32C of a range of a buffer that wraps a {@link ByteBuffer}, computed with the JDK's intrinsic through that
     * byte buffer (no copy, no allocation). The buffer's own {@link ByteBuffer} position and limit are used as scratch,
     * so the buffer must be confined to the calling thread (shared mapped files use per-thread views instead).
     *
     * @return the checksum as an int.
     */
    public static int crc(final DirectBuffer buffer, final int offset, final int length)
    {
        final ByteBuffer view = buffer.byteBuffer();
        if (null == view)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            final CRC32C crc = CRC.get();
            crc.reset();
            crc.update(bytes, 0, length);
            return (int)crc.getValue();
        }
        return crc(view, buffer.wrapAdjustment() + offset, length);
    }

    /**
     * CRC32C of a range of a byte buffer confined to the calling thread; its position and limit are reset after.
     *
     * @return the checksum as an int.
     */
    public static int crc(final ByteBuffer view, final int index, final int length)
    {
        final CRC32C crc = CRC.get();
        crc.reset();
        view.limit(index + length).position(index);
        crc.update(view);
        view.clear();
        return (int)crc.getValue();
    }
}
