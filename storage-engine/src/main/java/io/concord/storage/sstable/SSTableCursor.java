package io.concord.storage.sstable;

import org.agrona.DirectBuffer;

/**
 * Cursor over the rows of one partition of one SSTable. Blocks of a partition are in descending id order and rows
 * within a block too, so walking down is forward and walking up is backward. Each block is checksum-verified when
 * the cursor enters it. Reused: {@link #reset(SSTableReader, int)} re-points it.
 */
public final class SSTableCursor implements RowCursor
{
    private SSTableReader reader;
    private DirectBuffer buffer;
    private int firstBlock;
    private int endBlock;
    private int block;
    private int row;
    private int rowsInBlock;
    private int rowOffsetsBase;
    private int blockStart;
    private boolean descending;
    private boolean hasRow;
    private int rowOffset;

    /**
     * @param reader    the SSTable.
     * @param partition a partition index from {@link SSTableReader#findPartition(long, long)}.
     */
    public void reset(final SSTableReader reader, final int partition)
    {
        this.reader = reader;
        this.buffer = reader.buffer();
        this.firstBlock = reader.partitionFirstBlock(partition);
        this.endBlock = firstBlock + reader.partitionBlockCount(partition);
        this.hasRow = false;
    }

    public SSTableReader reader()
    {
        return reader;
    }

    public void seekDescending(final long highId)
    {
        descending = true;
        int low = firstBlock;
        int high = endBlock - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (reader.blockMinId(mid) <= highId)
            {
                found = mid;
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }
        if (-1 == found)
        {
            hasRow = false;
            return;
        }
        enterBlock(found);
        int rLow = 0;
        int rHigh = rowsInBlock - 1;
        int r = rowsInBlock;
        while (rLow <= rHigh)
        {
            final int mid = (rLow + rHigh) >>> 1;
            if (idAt(mid) <= highId)
            {
                r = mid;
                rHigh = mid - 1;
            }
            else
            {
                rLow = mid + 1;
            }
        }
        moveTo(r);
    }

    public void seekAscending(final long lowId)
    {
        descending = false;
        int low = firstBlock;
        int high = endBlock - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (reader.blockMaxId(mid) >= lowId)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        if (-1 == found)
        {
            hasRow = false;
            return;
        }
        enterBlock(found);
        int rLow = 0;
        int rHigh = rowsInBlock - 1;
        int r = -1;
        while (rLow <= rHigh)
        {
            final int mid = (rLow + rHigh) >>> 1;
            if (idAt(mid) >= lowId)
            {
                r = mid;
                rLow = mid + 1;
            }
            else
            {
                rHigh = mid - 1;
            }
        }
        moveTo(r);
    }

    public boolean hasRow()
    {
        return hasRow;
    }

    public void advance()
    {
        if (!hasRow)
        {
            return;
        }
        if (descending)
        {
            if (row + 1 < rowsInBlock)
            {
                moveTo(row + 1);
            }
            else if (block + 1 < endBlock)
            {
                enterBlock(block + 1);
                moveTo(0);
            }
            else
            {
                hasRow = false;
            }
        }
        else
        {
            if (row > 0)
            {
                moveTo(row - 1);
            }
            else if (block - 1 >= firstBlock)
            {
                enterBlock(block - 1);
                moveTo(rowsInBlock - 1);
            }
            else
            {
                hasRow = false;
            }
        }
    }

    public long id()
    {
        return buffer.getLong(rowOffset + SSTableDescriptor.ROW_ID_OFFSET);
    }

    public long sequence()
    {
        return buffer.getLong(rowOffset + SSTableDescriptor.ROW_SEQUENCE_OFFSET);
    }

    public boolean isTombstone()
    {
        return 0 != (buffer.getInt(rowOffset + SSTableDescriptor.ROW_LENGTH_OFFSET) & SSTableDescriptor.TOMBSTONE_FLAG);
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int valueOffset()
    {
        return rowOffset + SSTableDescriptor.ROW_HEADER_LENGTH;
    }

    public int valueLength()
    {
        return buffer.getInt(rowOffset + SSTableDescriptor.ROW_LENGTH_OFFSET) & SSTableDescriptor.LENGTH_MASK;
    }

    private void enterBlock(final int block)
    {
        reader.verifyBlock(block);
        this.block = block;
        this.rowsInBlock = reader.blockRowCount(block);
        this.blockStart = reader.blockOffset(block);
        this.rowOffsetsBase = blockStart + reader.blockLength(block) - SSTableDescriptor.BLOCK_TRAILER_LENGTH -
            rowsInBlock * 4;
    }

    private long idAt(final int r)
    {
        return buffer.getLong(blockStart + buffer.getInt(rowOffsetsBase + r * 4));
    }

    private void moveTo(final int r)
    {
        if (r < 0 || r >= rowsInBlock)
        {
            hasRow = false;
            return;
        }
        row = r;
        rowOffset = blockStart + buffer.getInt(rowOffsetsBase + r * 4);
        final int valueLength = buffer.getInt(rowOffset + SSTableDescriptor.ROW_LENGTH_OFFSET) &
            SSTableDescriptor.LENGTH_MASK;
        if (rowOffset < blockStart || rowOffset + SSTableDescriptor.ROW_HEADER_LENGTH + valueLength > rowOffsetsBase)
        {
            throw new SSTableCorruptedException("SSTable " + reader.file() + ": row " + r + " of block " + block +
                " out of bounds");
        }
        hasRow = true;
    }
}
