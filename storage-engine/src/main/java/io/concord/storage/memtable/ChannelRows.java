package io.concord.storage.memtable;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The rows of one channel in a memtable, ascending by message id (all buckets; a bucket is a contiguous id range).
 * Rows live off-heap in the memtable's arena, in fixed-size blocks ({@value #ROW_LENGTH} bytes a row: id, sequence,
 * value reference), blocks in id order; only the block directory is on the heap. New snowflakes arrive in increasing
 * order, so an append lands in the last block (a new block when it is full); an edit replaces a row in place; an id
 * older than the newest (an edit or delete of a flushed message) shifts the rows of one block, splitting it when full.
 * A put therefore takes at most one block from the arena, nothing is copied as a channel grows, and the directory
 * arrays are kept when the memtable is cleared and the instance reused, so steady state allocates nothing.
 * <p>
 * Positions are packed {@code block << 32 | slot} ({@link #position(int, int)}).
 */
public final class ChannelRows
{
    /**
     * Bytes of one row in a block: message id, sequence, value reference.
     */
    public static final int ROW_LENGTH = 24;

    /**
     * Rows of a channel's first block: most channels of a memtable get only a few messages.
     */
    static final int FIRST_BLOCK_ROWS = 4;

    /**
     * Rows of every later block.
     */
    static final int BLOCK_ROWS = 32;

    /**
     * Most arena bytes one put may take for the row index (one new block).
     */
    public static final int MAX_INDEX_BYTES_PER_PUT = BLOCK_ROWS * ROW_LENGTH;

    static final long TOMBSTONE_FLAG = 1L << 31;
    static final long LENGTH_MASK = TOMBSTONE_FLAG - 1;
    private static final int SEQUENCE_OFFSET = 8;
    private static final int REF_OFFSET = 16;

    private final Memtable memtable;
    private final UnsafeBuffer arena;
    private long channelId;
    private int[] blockOffsets = new int[4];
    private int[] blockSizes = new int[4];
    private int blockCount;
    private int size;

    ChannelRows(final Memtable memtable, final long channelId)
    {
        this.memtable = memtable;
        this.arena = memtable.arena();
        this.channelId = channelId;
    }

    void reset(final long channelId)
    {
        this.channelId = channelId;
        blockCount = 0;
        size = 0;
    }

    public long channelId()
    {
        return channelId;
    }

    /**
     * @return number of rows.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return number of blocks; every block holds at least one row.
     */
    public int blockCount()
    {
        return blockCount;
    }

    /**
     * @param block a block index.
     * @return rows in the block.
     */
    public int blockSize(final int block)
    {
        return blockSizes[block];
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return the packed position.
     */
    public static long position(final int block, final int slot)
    {
        return ((long)block << 32) | slot;
    }

    /**
     * @param position a packed position.
     * @return its block.
     */
    public static int blockOf(final long position)
    {
        return (int)(position >>> 32);
    }

    /**
     * @param position a packed position.
     * @return its slot.
     */
    public static int slotOf(final long position)
    {
        return (int)position;
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return the row's message id.
     */
    public long id(final int block, final int slot)
    {
        return arena.getLong(rowOffset(block, slot));
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return the row's sequence.
     */
    public long sequence(final int block, final int slot)
    {
        return arena.getLong(rowOffset(block, slot) + SEQUENCE_OFFSET);
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return true for a tombstone (its value is the 8-byte deletion time).
     */
    public boolean isTombstone(final int block, final int slot)
    {
        return 0 != (ref(block, slot) & TOMBSTONE_FLAG);
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return offset of the row's value in the memtable arena.
     */
    public int valueOffset(final int block, final int slot)
    {
        return (int)(ref(block, slot) >>> 32);
    }

    /**
     * @param block a block index.
     * @param slot  a row of the block.
     * @return length of the row's value.
     */
    public int valueLength(final int block, final int slot)
    {
        return (int)(ref(block, slot) & LENGTH_MASK);
    }

    /**
     * @param id a message id.
     * @return position of the greatest id at or below {@code id}, -1 if none.
     */
    public long floor(final long id)
    {
        final int block = blockFor(id);
        if (block < 0)
        {
            return -1;
        }
        final int slot = searchBlock(block, id);
        return position(block, slot >= 0 ? slot : -(slot + 1) - 1);
    }

    /**
     * @param id a message id.
     * @return position of the smallest id at or above {@code id}; block {@link #blockCount()} if none.
     */
    public long ceiling(final long id)
    {
        final int block = Math.max(0, blockFor(id));
        if (block >= blockCount)
        {
            return position(blockCount, 0);
        }
        final int slot = searchBlock(block, id);
        final int at = slot >= 0 ? slot : -(slot + 1);
        return at < blockSizes[block] ? position(block, at) : position(block + 1, 0);
    }

    /**
     * Inserts or replaces a row. The caller checked that the arena has {@link #MAX_INDEX_BYTES_PER_PUT} bytes left.
     *
     * @return true if a row was added, false if an existing one was replaced.
     */
    boolean put(final long id, final long sequence, final long ref)
    {
        if (0 == blockCount)
        {
            insertBlock(0, FIRST_BLOCK_ROWS);
            writeRow(0, 0, id, sequence, ref);
            blockSizes[0] = 1;
            size = 1;
            return true;
        }
        final int last = blockCount - 1;
        final int lastSize = blockSizes[last];
        if (id > id(last, lastSize - 1))
        {
            if (lastSize == capacity(last))
            {
                insertBlock(blockCount, BLOCK_ROWS);
                writeRow(last + 1, 0, id, sequence, ref);
                blockSizes[last + 1] = 1;
            }
            else
            {
                writeRow(last, lastSize, id, sequence, ref);
                blockSizes[last] = lastSize + 1;
            }
            size++;
            return true;
        }
        int block = Math.max(0, blockFor(id));
        final int slot = searchBlock(block, id);
        if (slot >= 0)
        {
            final int offset = rowOffset(block, slot);
            arena.putLong(offset + SEQUENCE_OFFSET, sequence);
            arena.putLong(offset + REF_OFFSET, ref);
            return false;
        }
        int at = -(slot + 1);
        if (blockSizes[block] == capacity(block))
        {
            split(block);
            if (at > blockSizes[block])
            {
                at -= blockSizes[block];
                block++;
            }
        }
        final int blockSize = blockSizes[block];
        if (at < blockSize)
        {
            final int from = rowOffset(block, at);
            arena.putBytes(from + ROW_LENGTH, arena, from, (blockSize - at) * ROW_LENGTH);
        }
        writeRow(block, at, id, sequence, ref);
        blockSizes[block] = blockSize + 1;
        size++;
        return true;
    }

    private long ref(final int block, final int slot)
    {
        return arena.getLong(rowOffset(block, slot) + REF_OFFSET);
    }

    private int rowOffset(final int block, final int slot)
    {
        return blockOffsets[block] + slot * ROW_LENGTH;
    }

    private static int capacity(final int block)
    {
        // blocks are only ever inserted after an existing one, so block 0 stays the channel's first, small block
        return 0 == block ? FIRST_BLOCK_ROWS : BLOCK_ROWS;
    }

    /**
     * @return the last block whose first id is at or below {@code id}, -1 if every block starts above it.
     */
    private int blockFor(final long id)
    {
        int low = 0;
        int high = blockCount - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (arena.getLong(blockOffsets[mid]) <= id)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return found;
    }

    /**
     * @return the slot of {@code id} in the block, or {@code -(insertionPoint + 1)}.
     */
    private int searchBlock(final int block, final long id)
    {
        final int base = blockOffsets[block];
        int low = 0;
        int high = blockSizes[block] - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midId = arena.getLong(base + mid * ROW_LENGTH);
            if (midId < id)
            {
                low = mid + 1;
            }
            else if (midId > id)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    private void writeRow(final int block, final int slot, final long id, final long sequence, final long ref)
    {
        final int offset = rowOffset(block, slot);
        arena.putLong(offset, id);
        arena.putLong(offset + SEQUENCE_OFFSET, sequence);
        arena.putLong(offset + REF_OFFSET, ref);
    }

    private void insertBlock(final int index, final int rows)
    {
        final int offset = memtable.allocate(rows * ROW_LENGTH);
        if (blockCount == blockOffsets.length)
        {
            final int capacity = blockCount << 1;
            blockOffsets = Arrays.copyOf(blockOffsets, capacity);
            blockSizes = Arrays.copyOf(blockSizes, capacity);
        }
        if (index < blockCount)
        {
            System.arraycopy(blockOffsets, index, blockOffsets, index + 1, blockCount - index);
            System.arraycopy(blockSizes, index, blockSizes, index + 1, blockCount - index);
        }
        blockOffsets[index] = offset;
        blockSizes[index] = 0;
        blockCount++;
    }

    /**
     * Moves the upper half of a full block into a new block inserted after it.
     */
    private void split(final int block)
    {
        insertBlock(block + 1, BLOCK_ROWS);
        final int rows = blockSizes[block];
        final int keep = rows >>> 1;
        arena.putBytes(blockOffsets[block + 1], arena, rowOffset(block, keep), (rows - keep) * ROW_LENGTH);
        blockSizes[block + 1] = rows - keep;
        blockSizes[block] = keep;
    }
}
