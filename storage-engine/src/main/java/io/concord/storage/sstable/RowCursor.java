package io.concord.storage.sstable;

import org.agrona.DirectBuffer;

/**
 * A cursor over the rows of one channel in one source (a memtable or one SSTable partition), walking either down
 * (newest first) or up (oldest first) from a seek point. Used by the reading thread only; instances are pooled.
 */
public interface RowCursor
{
    /**
     * Positions at the greatest id at or below {@code highId}; {@link #advance()} then walks to smaller ids.
     *
     * @param highId inclusive upper bound.
     */
    void seekDescending(long highId);

    /**
     * Positions at the smallest id at or above {@code lowId}; {@link #advance()} then walks to larger ids.
     *
     * @param lowId inclusive lower bound.
     */
    void seekAscending(long lowId);

    /**
     * @return true while positioned on a row.
     */
    boolean hasRow();

    /**
     * Moves one row in the seek direction.
     */
    void advance();

    long id();

    long sequence();

    boolean isTombstone();

    DirectBuffer buffer();

    int valueOffset();

    int valueLength();
}
