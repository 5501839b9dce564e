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
    private int index;
    private boolean descending;

    /**
     * @param memtable the memtable owning the rows.
     * @param rows     the channel's rows.
     */
    public void reset(final Memtable memtable, final ChannelRows rows)
    {
        this.rows = rows;
        this.arena = memtable.arena();
        this.index = -1;
    }

    public void seekDescending(final long highId)
    {
        descending = true;
        index = rows.floorIndex(highId);
    }

    public void seekAscending(final long lowId)
    {
        descending = false;
        index = rows.ceilingIndex(lowId);
    }

    public boolean hasRow()
    {
        return index >= 0 && index < rows.size;
    }

    public void advance()
    {
        index += descending ? -1 : 1;
    }

    public long id()
    {
        return rows.ids[index];
    }

    public long sequence()
    {
        return rows.sequences[index];
    }

    public boolean isTombstone()
    {
        return rows.isTombstone(index);
    }

    public DirectBuffer buffer()
    {
        return arena;
    }

    public int valueOffset()
    {
        return rows.valueOffset(index);
    }

    public int valueLength()
    {
        return rows.valueLength(index);
    }
}
