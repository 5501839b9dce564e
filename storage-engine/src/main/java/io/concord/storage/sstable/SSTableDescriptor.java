package io.concord.storage.sstable;

/**
 * Layout of an SSTable file. Integers little endian.
 * <pre>
 *   data block*     rows: id (8) | sequence (8) | flags+length (4) | value ...,
 *                   then rowOffsets (4 each, from block start), rowCount (4), crc32c (4) of everything before it.
 *                   A block holds rows of one partition only, newest (highest id) first.
 *   block index     per block:     offset (8) | length (4) | rowCount (4) | maxId (8) | minId (8)
 *   partition index per partition: channelId (8) | bucket (8) | firstBlock (4) | blockCount (4) | maxId (8) |
 *                                  minId (8) | rowCount (4) | tombstoneCount (4); sorted by channel then bucket
 *   bloom filter    words (8 each) over the partition keys
 *   footer          {@link #FOOTER_LENGTH} bytes, offsets below; indexCrc covers block index to footer start,
 *                   footerCrc covers the footer up to itself
 * </pre>
 * Row flags: bit 31 of the length word marks a tombstone, whose value is the 8-byte deletion time.
 */
public final class SSTableDescriptor
{
    public static final int ROW_ID_OFFSET = 0;
    public static final int ROW_SEQUENCE_OFFSET = 8;
    public static final int ROW_LENGTH_OFFSET = 16;
    public static final int ROW_HEADER_LENGTH = 20;
    public static final int TOMBSTONE_FLAG = 1 << 31;
    public static final int LENGTH_MASK = ~TOMBSTONE_FLAG;
    public static final int BLOCK_TRAILER_LENGTH = 8;

    public static final int BLOCK_ENTRY_OFFSET_OFFSET = 0;
    public static final int BLOCK_ENTRY_LENGTH_OFFSET = 8;
    public static final int BLOCK_ENTRY_ROW_COUNT_OFFSET = 12;
    public static final int BLOCK_ENTRY_MAX_ID_OFFSET = 16;
    public static final int BLOCK_ENTRY_MIN_ID_OFFSET = 24;
    public static final int BLOCK_ENTRY_LENGTH = 32;

    public static final int PARTITION_CHANNEL_OFFSET = 0;
    public static final int PARTITION_BUCKET_OFFSET = 8;
    public static final int PARTITION_FIRST_BLOCK_OFFSET = 16;
    public static final int PARTITION_BLOCK_COUNT_OFFSET = 20;
    public static final int PARTITION_MAX_ID_OFFSET = 24;
    public static final int PARTITION_MIN_ID_OFFSET = 32;
    public static final int PARTITION_ROW_COUNT_OFFSET = 40;
    public static final int PARTITION_TOMBSTONE_COUNT_OFFSET = 44;
    public static final int PARTITION_ENTRY_LENGTH = 48;

    public static final int FOOTER_BLOCK_INDEX_OFFSET = 0;
    public static final int FOOTER_PARTITION_INDEX_OFFSET = 8;
    public static final int FOOTER_BLOOM_OFFSET = 16;
    public static final int FOOTER_BLOCK_COUNT = 24;
    public static final int FOOTER_PARTITION_COUNT = 28;
    public static final int FOOTER_BLOOM_WORDS = 32;
    public static final int FOOTER_BLOOM_HASHES = 36;
    public static final int FOOTER_MIN_SEQUENCE = 40;
    public static final int FOOTER_MAX_SEQUENCE = 48;
    public static final int FOOTER_MIN_TIMESTAMP = 56;
    public static final int FOOTER_MAX_TIMESTAMP = 64;
    public static final int FOOTER_ROW_COUNT = 72;
    public static final int FOOTER_TOMBSTONE_COUNT = 80;
    public static final int FOOTER_INDEX_CRC = 88;
    public static final int FOOTER_VERSION = 92;
    public static final int FOOTER_MAGIC = 96;
    public static final int FOOTER_CRC = 104;
    public static final int FOOTER_LENGTH = 112;

    public static final long MAGIC = 0x454C4241_54535343L;
    public static final int VERSION = 1;

    private SSTableDescriptor()
    {
    }

    /**
     * @param fileNumber an SSTable number.
     * @return its file name, e.g. {@code 000042.sst}.
     */
    public static String fileName(final long fileNumber)
    {
        return String.format("%06d.sst", fileNumber);
    }
}
