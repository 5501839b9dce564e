package io.concord.storage.memtable;

import io.concord.storage.sstable.RowCursor;
import org.agrona.DirectBuffer;

/**
 * Cursor over one channel's rows in a memtable. Reused: {@link #reset(Memtable, ChannelRows)} re-points it.
 */
public final class MemtableCursor implements RowCursor
{
    private ChannelRows rows;
    private DirectBuffer arena;
    private int block;
    private int slot;
    private boolean descending;

    /**
     * @param memtable the memtable owning the rows.
     * @param rows     the channel's rows.
     */
    public void reset(final Memtable memtable, final ChannelRows rows)
    {
        this.rows = rows;
        this.arena = memtable.arena();
        this.block = -1;
        this.slot = 0;
    }

    public void seekDescending(final long highId)
    {
        descending = true;
        moveTo(rows.floor(highId));
    }

    public void seekAscending(final long lowId)
    {
        descending = false;
        moveTo(rows.ceiling(lowId));
    }

    private void moveTo(final long position)
    {
        if (position < 0)
        {
            block = -1;
            slot = 0;
        }
        else
        {
            block = ChannelRows.blockOf(position);
            slot = ChannelRows.slotOf(position);
        }
    }

    public boolean hasRow()
    {
        return block >= 0 && block < rows.blockCount();
    }

    public void advance()
    {
        if (descending)
        {
            if (--slot < 0 && --block >= 0)
            {
                slot = rows.blockSize(block) - 1;
            }
        }
        else if (++slot == rows.blockSize(block))
        {
            block++;
            slot = 0;
        }
    }

    public long id()
    {
        return rows.id(block, slot);
    }

    public long sequence()
    {
        return rows.sequence(block, slot);
    }

    public boolean isTombstone()
    {
        return rows.isTombstone(block, slot);
    }

    public DirectBuffer buffer()
    {
        return arena;
    }

    public int valueOffset()
    {
        return rows.valueOffset(block, slot);
    }

    public int valueLength()
    {
        return rows.valueLength(block, slot);
    }
}
