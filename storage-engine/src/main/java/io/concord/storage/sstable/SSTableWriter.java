package io.concord.storage.sstable;

import io.concord.storage.Partitioner;
import io.concord.storage.commitlog.CommitLogRecordDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one SSTable, streaming: partitions in (channel, bucket) order, rows of a partition by id descending. Used by
 * the background worker (flush and compaction); one writer per file, not thread safe.
 * <p>
 * The file is forced before {@link #finish()} returns, so a manifest edit naming it may follow.
 */
public final class SSTableWriter implements AutoCloseable
{
    private static final int OUTPUT_BUFFER_SIZE = 256 * 1024;
    private static final long SYNC_EVERY_BYTES = 256 * 1024;

    private final File file;
    private final int blockSize;
    private final long maxWriteBytesPerSec;
    private final long startNs;
    private long unsyncedBytes;
    private final FileChannel channel;
    private final ByteBuffer output = ByteBuffer.allocateDirect(OUTPUT_BUFFER_SIZE);
    private final UnsafeBuffer outputBuffer = new UnsafeBuffer(output);
    private final ExpandableDirectByteBuffer block = new ExpandableDirectByteBuffer(64 * 1024);
    private final ExpandableDirectByteBuffer rowOffsets = new ExpandableDirectByteBuffer(4 * 1024);
    private final ExpandableDirectByteBuffer blockIndex = new ExpandableDirectByteBuffer(64 * 1024);
    private final ExpandableDirectByteBuffer partitionIndex = new ExpandableDirectByteBuffer(64 * 1024);
    private long position;
    private int blockLength;
    private int blockRows;
    private long blockMaxId;
    private long blockMinId;
    private int blockCount;
    private int partitionCount;
    private long partitionChannel;
    private long partitionBucket;
    private int partitionFirstBlock;
    private long partitionMaxId;
    private long partitionMinId;
    private int partitionRows;
    private int partitionTombstones;
    private boolean inPartition;
    private long minSequence = Long.MAX_VALUE;
    private long maxSequence = -1;
    private long minTimestampMs = Long.MAX_VALUE;
    private long maxTimestampMs = Long.MIN_VALUE;
    private long rowCount;
    private long tombstoneCount;
    private long lastChannel = Long.MIN_VALUE;
    private long lastBucket = Long.MIN_VALUE;
    private boolean isFinished;

    /**
     * @param file      the file to create (must not exist).
     * @param blockSize target data block size.
     * @throws IOException if the file cannot be created.
     */
    public SSTableWriter(final File file, final int blockSize) throws IOException
    {
        this(file, blockSize, 0);
    }

    /**
     * @param file                  the file to create (must not exist).
     * @param blockSize             target data block size.
     * @param maxWriteBytesPerSec   write rate cap (0 = none): flushes and compactions use it so their I/O does not
     *                              starve the commit log's forces.
     * @throws IOException if the file cannot be created.
     */
    public SSTableWriter(final File file, final int blockSize, final long maxWriteBytesPerSec) throws IOException
    {
        this.file = file;
        this.blockSize = blockSize;
        this.maxWriteBytesPerSec = maxWriteBytesPerSec;
        this.startNs = System.nanoTime();
        this.channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Starts a partition; partitions must come in increasing (channel, bucket) order.
     */
    public void beginPartition(final long channelId, final long bucket)
    {
        if (inPartition)
        {
            throw new IllegalStateException("partition not ended");
        }
        if (channelId < lastChannel || (channelId == lastChannel && bucket <= lastBucket))
        {
            throw new IllegalStateException("partitions out of order: " + channelId + "/" + bucket +
                " after " + lastChannel + "/" + lastBucket);
        }
        lastChannel = channelId;
        lastBucket = bucket;
        inPartition = true;
        partitionChannel = channelId;
        partitionBucket = bucket;
        partitionFirstBlock = blockCount;
        partitionMaxId = Long.MIN_VALUE;
        partitionMinId = Long.MAX_VALUE;
        partitionRows = 0;
        partitionTombstones = 0;
    }

    /**
     * Adds a row to the current partition; ids must be strictly decreasing.
     *
     * @throws IOException if a block cannot be written.
     */
    public void addRow(final long messageId, final long sequence, final boolean isTombstone,
        final DirectBuffer value, final int valueOffset, final int valueLength) throws IOException
    {
        if (partitionRows > 0 && messageId >= partitionMinId)
        {
            throw new IllegalStateException("rows out of order: " + messageId + " after " + partitionMinId);
        }
        final int rowLength = SSTableDescriptor.ROW_HEADER_LENGTH + valueLength;
        if (blockRows > 0 && blockLength + rowLength + (blockRows + 1) * 4 + 8 > blockSize)
        {
            finishBlock();
        }
        if (0 == blockRows)
        {
            blockMaxId = messageId;
        }
        blockMinId = messageId;
        block.checkLimit(blockLength + rowLength);
        block.putLong(blockLength + SSTableDescriptor.ROW_ID_OFFSET, messageId);
        block.putLong(blockLength + SSTableDescriptor.ROW_SEQUENCE_OFFSET, sequence);
        block.putInt(blockLength + SSTableDescriptor.ROW_LENGTH_OFFSET,
            isTombstone ? valueLength | SSTableDescriptor.TOMBSTONE_FLAG : valueLength);
        if (valueLength > 0)
        {
            block.putBytes(blockLength + SSTableDescriptor.ROW_HEADER_LENGTH, value, valueOffset, valueLength);
        }
        rowOffsets.putInt(blockRows * 4, blockLength);
        blockLength += rowLength;
        blockRows++;

        partitionMaxId = Math.max(partitionMaxId, messageId);
        partitionMinId = Math.min(partitionMinId, messageId);
        partitionRows++;
        rowCount++;
        if (isTombstone)
        {
            partitionTombstones++;
            tombstoneCount++;
        }
        minSequence = Math.min(minSequence, sequence);
        maxSequence = Math.max(maxSequence, sequence);
        final long timestampMs = Partitioner.timestampMs(messageId);
        minTimestampMs = Math.min(minTimestampMs, timestampMs);
        maxTimestampMs = Math.max(maxTimestampMs, timestampMs);
    }

    /**
     * Ends the current partition; an empty partition leaves no trace.
     *
     * @throws IOException if a block cannot be written.
     */
    public void endPartition() throws IOException
    {
        if (!inPartition)
        {
            throw new IllegalStateException("no partition");
        }
        inPartition = false;
        if (0 == partitionRows)
        {
            return;
        }
        finishBlock();
        final int offset = partitionCount * SSTableDescriptor.PARTITION_ENTRY_LENGTH;
        partitionIndex.checkLimit(offset + SSTableDescriptor.PARTITION_ENTRY_LENGTH);
        partitionIndex.putLong(offset + SSTableDescriptor.PARTITION_CHANNEL_OFFSET, partitionChannel);
        partitionIndex.putLong(offset + SSTableDescriptor.PARTITION_BUCKET_OFFSET, partitionBucket);
        partitionIndex.putInt(offset + SSTableDescriptor.PARTITION_FIRST_BLOCK_OFFSET, partitionFirstBlock);
        partitionIndex.putInt(offset + SSTableDescriptor.PARTITION_BLOCK_COUNT_OFFSET,
            blockCount - partitionFirstBlock);
        partitionIndex.putLong(offset + SSTableDescriptor.PARTITION_MAX_ID_OFFSET, partitionMaxId);
        partitionIndex.putLong(offset + SSTableDescriptor.PARTITION_MIN_ID_OFFSET, partitionMinId);
        partitionIndex.putInt(offset + SSTableDescriptor.PARTITION_ROW_COUNT_OFFSET, partitionRows);
        partitionIndex.putInt(offset + SSTableDescriptor.PARTITION_TOMBSTONE_COUNT_OFFSET, partitionTombstones);
        partitionCount++;
    }

    private void finishBlock() throws IOException
    {
        if (0 == blockRows)
        {
            return;
        }
        block.checkLimit(blockLength + blockRows * 4 + SSTableDescriptor.BLOCK_TRAILER_LENGTH);
        block.putBytes(blockLength, rowOffsets, 0, blockRows * 4);
        int length = blockLength + blockRows * 4;
        block.putInt(length, blockRows);
        length += 4;
        block.putInt(length, CommitLogRecordDescriptor.crc(block, 0, length));
        length += 4;

        final int entry = blockCount * SSTableDescriptor.BLOCK_ENTRY_LENGTH;
        blockIndex.checkLimit(entry + SSTableDescriptor.BLOCK_ENTRY_LENGTH);
        blockIndex.putLong(entry + SSTableDescriptor.BLOCK_ENTRY_OFFSET_OFFSET, position());
        blockIndex.putInt(entry + SSTableDescriptor.BLOCK_ENTRY_LENGTH_OFFSET, length);
        blockIndex.putInt(entry + SSTableDescriptor.BLOCK_ENTRY_ROW_COUNT_OFFSET, blockRows);
        blockIndex.putLong(entry + SSTableDescriptor.BLOCK_ENTRY_MAX_ID_OFFSET, blockMaxId);
        blockIndex.putLong(entry + SSTableDescriptor.BLOCK_ENTRY_MIN_ID_OFFSET, blockMinId);
        blockCount++;
        write(block, 0, length);
        blockLength = 0;
        blockRows = 0;
    }

    /**
     * Writes indexes, bloom filter and footer, then forces and closes the file.
     *
     * @return the file size.
     * @throws IOException if writing fails.
     */
    public long finish() throws IOException
    {
        if (inPartition)
        {
            throw new IllegalStateException("partition not ended");
        }
        final long blockIndexOffset = position();
        final int blockIndexLength = blockCount * SSTableDescriptor.BLOCK_ENTRY_LENGTH;
        final int partitionIndexLength = partitionCount * SSTableDescriptor.PARTITION_ENTRY_LENGTH;
        final int bloomWords = BloomFilter.wordsFor(partitionCount);
        final int indexLength = blockIndexLength + partitionIndexLength + bloomWords * 8;
        final ExpandableDirectByteBuffer index = new ExpandableDirectByteBuffer(indexLength + 64);
        index.putBytes(0, blockIndex, 0, blockIndexLength);
        index.putBytes(blockIndexLength, partitionIndex, 0, partitionIndexLength);
        final int bloomOffset = blockIndexLength + partitionIndexLength;
        index.setMemory(bloomOffset, bloomWords * 8, (byte)0);
        for (int i = 0; i < partitionCount; i++)
        {
            final int entry = i * SSTableDescriptor.PARTITION_ENTRY_LENGTH;
            BloomFilter.add(index, bloomOffset, bloomWords,
                partitionIndex.getLong(entry + SSTableDescriptor.PARTITION_CHANNEL_OFFSET),
                partitionIndex.getLong(entry + SSTableDescriptor.PARTITION_BUCKET_OFFSET));
        }
        final int indexCrc = CommitLogRecordDescriptor.crc(index, 0, indexLength);
        write(index, 0, indexLength);

        final UnsafeBuffer footer = new UnsafeBuffer(ByteBuffer.allocateDirect(SSTableDescriptor.FOOTER_LENGTH));
        footer.putLong(SSTableDescriptor.FOOTER_BLOCK_INDEX_OFFSET, blockIndexOffset);
        footer.putLong(SSTableDescriptor.FOOTER_PARTITION_INDEX_OFFSET, blockIndexOffset + blockIndexLength);
        footer.putLong(SSTableDescriptor.FOOTER_BLOOM_OFFSET, blockIndexOffset + bloomOffset);
        footer.putInt(SSTableDescriptor.FOOTER_BLOCK_COUNT, blockCount);
        footer.putInt(SSTableDescriptor.FOOTER_PARTITION_COUNT, partitionCount);
        footer.putInt(SSTableDescriptor.FOOTER_BLOOM_WORDS, bloomWords);
        footer.putInt(SSTableDescriptor.FOOTER_BLOOM_HASHES, BloomFilter.HASHES);
        footer.putLong(SSTableDescriptor.FOOTER_MIN_SEQUENCE, rowCount > 0 ? minSequence : -1);
        footer.putLong(SSTableDescriptor.FOOTER_MAX_SEQUENCE, maxSequence);
        footer.putLong(SSTableDescriptor.FOOTER_MIN_TIMESTAMP, rowCount > 0 ? minTimestampMs : 0);
        footer.putLong(SSTableDescriptor.FOOTER_MAX_TIMESTAMP, rowCount > 0 ? maxTimestampMs : 0);
        footer.putLong(SSTableDescriptor.FOOTER_ROW_COUNT, rowCount);
        footer.putLong(SSTableDescriptor.FOOTER_TOMBSTONE_COUNT, tombstoneCount);
        footer.putInt(SSTableDescriptor.FOOTER_INDEX_CRC, indexCrc);
        footer.putInt(SSTableDescriptor.FOOTER_VERSION, SSTableDescriptor.VERSION);
        footer.putLong(SSTableDescriptor.FOOTER_MAGIC, SSTableDescriptor.MAGIC);
        footer.putInt(SSTableDescriptor.FOOTER_CRC,
            CommitLogRecordDescriptor.crc(footer, 0, SSTableDescriptor.FOOTER_CRC));
        write(footer, 0, SSTableDescriptor.FOOTER_LENGTH);
        drain();
        channel.force(true);
        channel.close();
        isFinished = true;
        return position;
    }

    /**
     * @return rows written so far.
     */
    public long rowCount()
    {
        return rowCount;
    }

    /**
     * @return bytes written so far.
     */
    public long position()
    {
        return position + output.position();
    }

    private void write(final DirectBuffer source, final int offset, final int length) throws IOException
    {
        int done = 0;
        while (done < length)
        {
            if (!output.hasRemaining())
            {
                drain();
            }
            final int chunk = Math.min(length - done, output.remaining());
            outputBuffer.putBytes(output.position(), source, offset + done, chunk);
            output.position(output.position() + chunk);
            done += chunk;
        }
    }

    /**
     * Writes the output buffer. Forces every {@link #SYNC_EVERY_BYTES} (as RocksDB's {@code bytes_per_sync}) so
     * dirty pages never pile up into one long writeback that a commit log force would queue behind, and sleeps as
     * needed to stay under the write rate cap. The chunk is small (256 KiB) because a commit log force issued while
     * a chunk is being written waits for it at the device: measured on this box's virtual disk, 1 MiB chunks gave
     * log forces a p99 of 10-13 ms, 128 KiB chunks at a paced rate 1-5 ms.
     */
    private void drain() throws IOException
    {
        output.flip();
        final int length = output.remaining();
        while (output.hasRemaining())
        {
            position += channel.write(output);
        }
        output.clear();
        unsyncedBytes += length;
        if (unsyncedBytes >= SYNC_EVERY_BYTES)
        {
            channel.force(false);
            unsyncedBytes = 0;
        }
        if (maxWriteBytesPerSec > 0)
        {
            final long dueNs = startNs + (long)(position * 1e9 / maxWriteBytesPerSec);
            final long waitNs = dueNs - System.nanoTime();
            if (waitNs > 0)
            {
                LockSupport.parkNanos(waitNs);
            }
        }
    }

    /**
     * Closes the file; an unfinished file is deleted.
     */
    public void close()
    {
        if (!isFinished)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // the file is deleted next: nothing to keep
            }
            if (!file.delete())
            {
                file.deleteOnExit();
            }
        }
    }
}
