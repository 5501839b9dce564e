package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

/**
 * The last N dispatches of one session, for Resume: each entry is the session's sequence number and a reference to
 * the dispatch's shared tail (never a copy). Bounded: adding to a full buffer releases the oldest entry. Owned by
 * the session's event loop.
 */
final class ReplayBuffer
{
    private final ByteBuf[] tails;
    private final long[] seqs;
    private final int mask;
    private long head;
    private long tail;

    ReplayBuffer(final int capacity)
    {
        tails = new ByteBuf[capacity];
        seqs = new long[capacity];
        mask = capacity - 1;
    }

    /**
     * @param seq       the session's sequence number of the dispatch.
     * @param tailOwned one reference to the tail, now owned by this buffer.
     */
    void add(final long seq, final ByteBuf tailOwned)
    {
        if (tail - head == tails.length)
        {
            final int index = (int)(head++ & mask);
            tails[index].release();
            tails[index] = null;
        }
        final int index = (int)(tail++ & mask);
        tails[index] = tailOwned;
        seqs[index] = seq;
    }

    /**
     * @return the oldest sequence number held, or 0 when empty.
     */
    long oldestSeq()
    {
        return tail == head ? 0 : seqs[(int)(head & mask)];
    }

    int size()
    {
        return (int)(tail - head);
    }

    /**
     * @param position 0 for the oldest entry.
     * @return its sequence number.
     */
    long seqAt(final int position)
    {
        return seqs[(int)((head + position) & mask)];
    }

    /**
     * @param position 0 for the oldest entry.
     * @return its tail (still owned by this buffer).
     */
    ByteBuf tailAt(final int position)
    {
        return tails[(int)((head + position) & mask)];
    }

    /**
     * Releases every entry.
     */
    void clear()
    {
        while (head != tail)
        {
            final int index = (int)(head++ & mask);
            tails[index].release();
            tails[index] = null;
        }
    }
}
