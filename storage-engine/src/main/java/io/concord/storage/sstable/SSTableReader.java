package io.concord.storage.sstable;

import io.concord.storage.commitlog.CommitLogRecordDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Read access to one SSTable, memory-mapped. Opening checks the footer and index checksums; every data block is
 * checked ({@link #verifyBlock(int)}) each time a cursor enters it, so a flipped byte surfaces as an
 * {@link SSTableCorruptedException}, never as wrong rows. Immutable after open: the shard thread and the background
 * worker may read it concurrently; only the shard closes it, after no task uses it.
 */
public final class SSTableReader implements AutoCloseable
{
    private static final int MAX_FILE_LENGTH = Integer.MAX_VALUE - 8;

    private final long fileNumber;
    private final File file;
    private final long fileLength;
    private MappedByteBuffer mapped;
    private final ThreadLocal<ByteBuffer> views;
    private final UnsafeBuffer buffer;
    private final int blockIndexOffset;
    private final int partitionIndexOffset;
    private final int bloomOffset;
    private final int blockCount;
    private final int partitionCount;
    private final int bloomWords;
    private final long minSequence;
    private final long maxSequence;
    private final long minTimestampMs;
    private final long maxTimestampMs;
    private final long rowCount;
    private final long tombstoneCount;

    private SSTableReader(final long fileNumber, final File file, final MappedByteBuffer mapped, final long length)
    {
        this.fileNumber = fileNumber;
        this.file = file;
        this.fileLength = length;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.views = ThreadLocal.withInitial(mapped::duplicate);
        final int footer = (int)length - SSTableDescriptor.FOOTER_LENGTH;
        if (buffer.getLong(footer + SSTableDescriptor.FOOTER_MAGIC) != SSTableDescriptor.MAGIC)
        {
            throw corrupt("bad magic");
        }
        if (CommitLogRecordDescriptor.crc(views.get(), footer, SSTableDescriptor.FOOTER_CRC) !=
            buffer.getInt(footer + SSTableDescriptor.FOOTER_CRC))
        {
            throw corrupt("footer checksum mismatch");
        }
        if (buffer.getInt(footer + SSTableDescriptor.FOOTER_VERSION) != SSTableDescriptor.VERSION)
        {
            throw corrupt("unsupported version " + buffer.getInt(footer + SSTableDescriptor.FOOTER_VERSION));
        }
        final long blockIndex = buffer.getLong(footer + SSTableDescriptor.FOOTER_BLOCK_INDEX_OFFSET);
        final long partitionIndex = buffer.getLong(footer + SSTableDescriptor.FOOTER_PARTITION_INDEX_OFFSET);
        final long bloom = buffer.getLong(footer + SSTableDescriptor.FOOTER_BLOOM_OFFSET);
        blockCount = buffer.getInt(footer + SSTableDescriptor.FOOTER_BLOCK_COUNT);
        partitionCount = buffer.getInt(footer + SSTableDescriptor.FOOTER_PARTITION_COUNT);
        bloomWords = buffer.getInt(footer + SSTableDescriptor.FOOTER_BLOOM_WORDS);
        if (blockIndex < 0 || blockCount < 0 || partitionCount < 0 || bloomWords < 1 ||
            partitionIndex != blockIndex + (long)blockCount * SSTableDescriptor.BLOCK_ENTRY_LENGTH ||
            bloom != partitionIndex + (long)partitionCount * SSTableDescriptor.PARTITION_ENTRY_LENGTH ||
            bloom + bloomWords * 8L != footer)
        {
            throw corrupt("inconsistent footer offsets");
        }
        blockIndexOffset = (int)blockIndex;
        partitionIndexOffset = (int)partitionIndex;
        bloomOffset = (int)bloom;
        if (CommitLogRecordDescriptor.crc(views.get(), blockIndexOffset, footer - blockIndexOffset) !=
            buffer.getInt(footer + SSTableDescriptor.FOOTER_INDEX_CRC))
        {
            throw corrupt("index checksum mismatch");
        }
        minSequence = buffer.getLong(footer + SSTableDescriptor.FOOTER_MIN_SEQUENCE);
        maxSequence = buffer.getLong(footer + SSTableDescriptor.FOOTER_MAX_SEQUENCE);
        minTimestampMs = buffer.getLong(footer + SSTableDescriptor.FOOTER_MIN_TIMESTAMP);
        maxTimestampMs = buffer.getLong(footer + SSTableDescriptor.FOOTER_MAX_TIMESTAMP);
        rowCount = buffer.getLong(footer + SSTableDescriptor.FOOTER_ROW_COUNT);
        tombstoneCount = buffer.getLong(footer + SSTableDescriptor.FOOTER_TOMBSTONE_COUNT);
    }

    /**
     * Maps and checks an SSTable.
     *
     * @param file       the file.
     * @param fileNumber its number.
     * @return the reader.
     * @throws IOException                if it cannot be mapped.
     * @throws SSTableCorruptedException if its footer or indexes fail their checks.
     */
    public static SSTableReader open(final File file, final long fileNumber) throws IOException
    {
        final MappedByteBuffer mapped;
        final long length;
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            length = channel.size();
            if (length < SSTableDescriptor.FOOTER_LENGTH || length > MAX_FILE_LENGTH)
            {
                throw new SSTableCorruptedException("SSTable " + file + " has impossible length " + length);
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
        }
        try
        {
            return new SSTableReader(fileNumber, file, mapped, length);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    private SSTableCorruptedException corrupt(final String what)
    {
        return new SSTableCorruptedException("SSTable " + file + ": " + what);
    }

    /**
     * Looks a partition up: bloom filter first, then binary search of the partition index.
     *
     * @return the partition's index, or -1 when absent.
     */
    public int findPartition(final long channelId, final long bucket)
    {
        if (0 == partitionCount || !BloomFilter.mayContain(buffer, bloomOffset, bloomWords, channelId, bucket))
        {
            return -1;
        }
        int low = 0;
        int high = partitionCount - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midChannel = partitionChannel(mid);
            final int cmp = midChannel != channelId ?
                Long.compare(midChannel, channelId) : Long.compare(partitionBucket(mid), bucket);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    private int partitionEntry(final int partition)
    {
        return partitionIndexOffset + partition * SSTableDescriptor.PARTITION_ENTRY_LENGTH;
    }

    public long partitionChannel(final int partition)
    {
        return buffer.getLong(partitionEntry(partition) + SSTableDescriptor.PARTITION_CHANNEL_OFFSET);
    }

    public long partitionBucket(final int partition)
    {
        return buffer.getLong(partitionEntry(partition) + SSTableDescriptor.PARTITION_BUCKET_OFFSET);
    }

    public int partitionFirstBlock(final int partition)
    {
        return buffer.getInt(partitionEntry(partition) + SSTableDescriptor.PARTITION_FIRST_BLOCK_OFFSET);
    }

    public int partitionBlockCount(final int partition)
    {
        return buffer.getInt(partitionEntry(partition) + SSTableDescriptor.PARTITION_BLOCK_COUNT_OFFSET);
    }

    public long partitionMaxId(final int partition)
    {
        return buffer.getLong(partitionEntry(partition) + SSTableDescriptor.PARTITION_MAX_ID_OFFSET);
    }

    public long partitionMinId(final int partition)
    {
        return buffer.getLong(partitionEntry(partition) + SSTableDescriptor.PARTITION_MIN_ID_OFFSET);
    }

    public int partitionTombstoneCount(final int partition)
    {
        return buffer.getInt(partitionEntry(partition) + SSTableDescriptor.PARTITION_TOMBSTONE_COUNT_OFFSET);
    }

    private int blockEntry(final int block)
    {
        return blockIndexOffset + block * SSTableDescriptor.BLOCK_ENTRY_LENGTH;
    }

    public int blockOffset(final int block)
    {
        return (int)buffer.getLong(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_OFFSET_OFFSET);
    }

    public int blockLength(final int block)
    {
        return buffer.getInt(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_LENGTH_OFFSET);
    }

    public int blockRowCount(final int block)
    {
        return buffer.getInt(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_ROW_COUNT_OFFSET);
    }

    public long blockMaxId(final int block)
    {
        return buffer.getLong(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_MAX_ID_OFFSET);
    }

    public long blockMinId(final int block)
    {
        return buffer.getLong(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_MIN_ID_OFFSET);
    }

    /**
     * Checks a data block's bounds and CRC32C.
     *
     * @param block block number.
     * @throws SSTableCorruptedException naming the file and block when it fails.
     */
    public void verifyBlock(final int block)
    {
        if (block < 0 || block >= blockCount)
        {
            throw corrupt("block " + block + " out of range");
        }
        final long offset = buffer.getLong(blockEntry(block) + SSTableDescriptor.BLOCK_ENTRY_OFFSET_OFFSET);
        final int length = blockLength(block);
        final int rows = blockRowCount(block);
        if (offset < 0 || length < SSTableDescriptor.BLOCK_TRAILER_LENGTH || offset + length > blockIndexOffset ||
            rows < 1 || (long)rows * (SSTableDescriptor.ROW_HEADER_LENGTH + 4) > length)
        {
            throw corrupt("block " + block + " has impossible bounds");
        }
        final int start = (int)offset;
        final int crcOffset = start + length - 4;
        if (CommitLogRecordDescriptor.crc(views.get(), start, length - 4) != buffer.getInt(crcOffset) ||
            buffer.getInt(crcOffset - 4) != rows)
        {
            throw corrupt("block " + block + " checksum mismatch");
        }
    }

    /**
     * @param block a verified block.
     * @param row   row number in the block, 0 = highest id.
     * @return absolute offset of the row in {@link #buffer()}.
     */
    public int rowOffset(final int block, final int row)
    {
        final int start = blockOffset(block);
        final int rows = blockRowCount(block);
        final int offsets = start + blockLength(block) - SSTableDescriptor.BLOCK_TRAILER_LENGTH - rows * 4;
        return start + buffer.getInt(offsets + row * 4);
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    public long fileNumber()
    {
        return fileNumber;
    }

    public File file()
    {
        return file;
    }

    public long fileLength()
    {
        return fileLength;
    }

    public int partitionCount()
    {
        return partitionCount;
    }

    public int blockCount()
    {
        return blockCount;
    }

    public long minSequence()
    {
        return minSequence;
    }

    public long maxSequence()
    {
        return maxSequence;
    }

    public long minTimestampMs()
    {
        return minTimestampMs;
    }

    public long maxTimestampMs()
    {
        return maxTimestampMs;
    }

    public long rowCount()
    {
        return rowCount;
    }

    public long tombstoneCount()
    {
        return tombstoneCount;
    }

    /**
     * Unmaps the file; the caller guarantees no cursor uses it any more.
     */
    public void close()
    {
        if (null != mapped)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }
}
