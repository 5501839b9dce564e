package io.concord.storage.memtable;

import java.util.Arrays;

/**
 * The rows of one channel in a memtable, ascending by message id (all buckets; a bucket is a contiguous id range).
 * New snowflakes arrive in increasing order, so an append lands at the end; an edit replaces a row in place.
 * Arrays are kept across memtable reuse so a channel seen before costs no allocation.
 */
public final class ChannelRows
{
    private static final int INITIAL_CAPACITY = 16;
    static final long TOMBSTONE_FLAG = 1L << 31;
    static final long LENGTH_MASK = TOMBSTONE_FLAG - 1;

    private final long channelId;
    long[] ids = new long[INITIAL_CAPACITY];
    long[] sequences = new long[INITIAL_CAPACITY];
    long[] refs = new long[INITIAL_CAPACITY];
    int size;

    ChannelRows(final long channelId)
    {
        this.channelId = channelId;
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
     * @param index row index, ascending by id.
     * @return the row's message id.
     */
    public long id(final int index)
    {
        return ids[index];
    }

    /**
     * @param index row index.
     * @return the row's sequence.
     */
    public long sequence(final int index)
    {
        return sequences[index];
    }

    /**
     * @param index row index.
     * @return true for a tombstone (its value is the 8-byte deletion time).
     */
    public boolean isTombstone(final int index)
    {
        return 0 != (refs[index] & TOMBSTONE_FLAG);
    }

    /**
     * @param index row index.
     * @return offset of the row's value in the memtable arena.
     */
    public int valueOffset(final int index)
    {
        return (int)(refs[index] >>> 32);
    }

    /**
     * @param index row index.
     * @return length of the row's value.
     */
    public int valueLength(final int index)
    {
        return (int)(refs[index] & LENGTH_MASK);
    }

    /**
     * Binary search by id.
     *
     * @param id message id.
     * @return the index of the id, or {@code -(insertionPoint + 1)}.
     */
    public int search(final long id)
    {
        if (size > 0 && ids[size - 1] < id)
        {
            return -(size + 1);
        }
        return Arrays.binarySearch(ids, 0, size, id);
    }

    /**
     * @param id a message id.
     * @return index of the greatest id at or below {@code id}, -1 if none.
     */
    public int floorIndex(final long id)
    {
        final int i = search(id);
        return i >= 0 ? i : -(i + 1) - 1;
    }

    /**
     * @param id a message id.
     * @return index of the smallest id at or above {@code id}, {@link #size()} if none.
     */
    public int ceilingIndex(final long id)
    {
        final int i = search(id);
        return i >= 0 ? i : -(i + 1);
    }

    void put(final long id, final long sequence, final long ref)
    {
        final int i = search(id);
        if (i >= 0)
        {
            sequences[i] = sequence;
            refs[i] = ref;
            return;
        }
        final int at = -(i + 1);
        if (size == ids.length)
        {
            final int capacity = ids.length << 1;
            ids = Arrays.copyOf(ids, capacity);
            sequences = Arrays.copyOf(sequences, capacity);
            refs = Arrays.copyOf(refs, capacity);
        }
        if (at < size)
        {
            System.arraycopy(ids, at, ids, at + 1, size - at);
            System.arraycopy(sequences, at, sequences, at + 1, size - at);
            System.arraycopy(refs, at, refs, at + 1, size - at);
        }
        ids[at] = id;
        sequences[at] = sequence;
        refs[at] = ref;
        size++;
    }
}
