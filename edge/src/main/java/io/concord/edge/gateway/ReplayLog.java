package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The dispatch bodies (shared tails) of one event loop that some session's replay window still refers to, each held
 * once with a plain reference count: a delivery counts +1 on its body and the window entry it evicts counts -1, so
 * replay bookkeeping costs no atomic reference-count operation on the tails and no per-session references. A body
 * is released when its count reaches 0; its index is then reused. Owned by the loop's thread.
 */
final class ReplayLog
{
    private static final int INITIAL_CAPACITY = 64;

    private ByteBuf[] bodies = new ByteBuf[INITIAL_CAPACITY];
    private int[] refs = new int[INITIAL_CAPACITY];
    private int[] free = new int[INITIAL_CAPACITY];
    private int freeCount;
    private int used;
    private int live;

    /**
     * @param bodyOwned a body; this log takes over one reference to it.
     * @return its index, holding one count for the caller (drop it with {@link #release(int)}).
     */
    int add(final ByteBuf bodyOwned)
    {
        final int index;
        if (freeCount > 0)
        {
            index = free[--freeCount];
        }
        else
        {
            if (used == bodies.length)
            {
                final int capacity = bodies.length * 2;
                bodies = Arrays.copyOf(bodies, capacity);
                refs = Arrays.copyOf(refs, capacity);
                free = Arrays.copyOf(free, capacity);
            }
            index = used++;
        }
        bodies[index] = bodyOwned;
        refs[index] = 1;
        live++;
        return index;
    }

    void retain(final int index)
    {
        refs[index]++;
    }

    /**
     * Drops one count; the last one releases the body and frees the index.
     *
     * @param index a live index.
     */
    void release(final int index)
    {
        if (0 == --refs[index])
        {
            bodies[index].release();
            bodies[index] = null;
            free[freeCount++] = index;
            live--;
        }
    }

    /**
     * @param index a live index.
     * @return its body, still owned by this log.
     */
    ByteBuf body(final int index)
    {
        return bodies[index];
    }

    /**
     * @param index a live index.
     * @return its count.
     */
    int refCount(final int index)
    {
        return refs[index];
    }

    /**
     * @return bodies held.
     */
    int liveBodies()
    {
        return live;
    }
}
