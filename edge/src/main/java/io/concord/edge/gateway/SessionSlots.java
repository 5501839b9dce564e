package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The fan-out's hot state of every session homed on one event loop, in dense arrays indexed by the session's slot:
 * what the intent/shard filter reads, the sequence number, the connection, and the replay window. A topic lists
 * its subscribers' slots, so one delivery reads a few adjacent array elements instead of chasing a session object,
 * its replay buffer and its two arrays.
 * <p>
 * Replay window: the last {@code windowSize} dispatches of each session, as indices into the loop's
 * {@link ReplayLog}, with sequence numbers implicit (a session's dispatches are numbered 1, 2, 3...: the entry for
 * {@code seq} sits in plane {@code seq & mask}). Planes are laid out by ring position ({@code window[seq & mask]
 * [slot]}), so a dispatch to sessions at the same position (a broadcast to sessions that got the same dispatches)
 * writes one plane in slot order. Owned by the loop's thread.
 */
final class SessionSlots
{
    private static final int INITIAL_SLOTS = 64;

    private final ReplayLog log;
    private final int windowSize;
    private final int mask;
    private final int[][] window;
    private GatewaySession[] sessions = new GatewaySession[INITIAL_SLOTS];
    private GatewayHandler[] connections = new GatewayHandler[INITIAL_SLOTS];
    private long[] seqs = new long[INITIAL_SLOTS];
    private long[] userIds = new long[INITIAL_SLOTS];
    private long[] intents = new long[INITIAL_SLOTS];
    private int[] shardIds = new int[INITIAL_SLOTS];
    private int[] shardCounts = new int[INITIAL_SLOTS];
    private int[] free = new int[INITIAL_SLOTS];
    private int freeCount;
    private int used;

    /**
     * @param log        the loop's shared dispatch bodies.
     * @param windowSize dispatches a session can replay; a power of two.
     */
    SessionSlots(final ReplayLog log, final int windowSize)
    {
        if (windowSize < 1 || Integer.bitCount(windowSize) != 1)
        {
            throw new IllegalArgumentException("replay window must be a power of two >= 1, was " + windowSize);
        }
        this.log = log;
        this.windowSize = windowSize;
        this.mask = windowSize - 1;
        this.window = new int[windowSize][INITIAL_SLOTS];
    }

    /**
     * @param session the session taking the slot; its sequence starts at 0 and its window empty.
     * @return its slot.
     */
    int allocate(final GatewaySession session)
    {
        final int slot;
        if (freeCount > 0)
        {
            slot = free[--freeCount];
        }
        else
        {
            if (used == seqs.length)
            {
                grow(used * 2);
            }
            slot = used++;
        }
        sessions[slot] = session;
        connections[slot] = null;
        seqs[slot] = 0;
        userIds[slot] = session.userId();
        intents[slot] = session.intents();
        shardIds[slot] = session.shardId();
        shardCounts[slot] = session.shardCount();
        return slot;
    }

    /**
     * Gives a slot back: drops its window's entries from the log and forgets the session.
     *
     * @param slot an allocated slot.
     */
    void free(final int slot)
    {
        final long seq = seqs[slot];
        for (long s = Math.max(1, seq - windowSize + 1); s <= seq; s++)
        {
            log.release(window[(int)(s & mask)][slot]);
        }
        seqs[slot] = 0;
        sessions[slot] = null;
        connections[slot] = null;
        free[freeCount++] = slot;
    }

    /**
     * Sequences a dispatch whose body is already in the log: records it in the slot's window (evicting the oldest
     * entry when full) and writes it when connected.
     *
     * @param slot     recipient.
     * @param logIndex the body's index in the log.
     * @param body     the body ({@code log.body(logIndex)}), passed to avoid a lookup.
     * @param flush    whether to flush the connection after the write.
     */
    void deliver(final int slot, final int logIndex, final ByteBuf body, final boolean flush)
    {
        final long seq = ++seqs[slot];
        final int[] plane = window[(int)(seq & mask)];
        log.retain(logIndex);
        if (seq > windowSize)
        {
            log.release(plane[slot]);
        }
        plane[slot] = logIndex;
        final GatewayHandler connection = connections[slot];
        if (null != connection)
        {
            connection.writeDispatch(seq, body, flush);
        }
    }

    /**
     * Sequences a dispatch for one session: its body enters the log for this session alone.
     *
     * @param slot  recipient.
     * @param body  the body; the caller keeps its own reference.
     * @param flush whether to flush the connection after the write.
     */
    void dispatch(final int slot, final ByteBuf body, final boolean flush)
    {
        final int logIndex = log.add(body.retain());
        try
        {
            deliver(slot, logIndex, body, flush);
        }
        finally
        {
            log.release(logIndex);
        }
    }

    /**
     * @param slot a slot.
     * @return the oldest sequence number its window holds, or 0 when it has had no dispatch.
     */
    long oldestSeq(final int slot)
    {
        final long seq = seqs[slot];
        return 0 == seq ? 0 : Math.max(1, seq - windowSize + 1);
    }

    /**
     * @param slot a slot.
     * @param seq  a sequence number in {@code [oldestSeq(slot), seq(slot)]}.
     * @return that dispatch's body, owned by the log.
     */
    ByteBuf body(final int slot, final long seq)
    {
        return log.body(window[(int)(seq & mask)][slot]);
    }

    long seq(final int slot)
    {
        return seqs[slot];
    }

    GatewaySession session(final int slot)
    {
        return sessions[slot];
    }

    GatewayHandler connection(final int slot)
    {
        return connections[slot];
    }

    void connection(final int slot, final GatewayHandler connection)
    {
        connections[slot] = connection;
    }

    long userId(final int slot)
    {
        return userIds[slot];
    }

    long intents(final int slot)
    {
        return intents[slot];
    }

    int shardId(final int slot)
    {
        return shardIds[slot];
    }

    int shardCount(final int slot)
    {
        return shardCounts[slot];
    }

    /**
     * @return slots in use.
     */
    int size()
    {
        return used - freeCount;
    }

    private void grow(final int capacity)
    {
        sessions = Arrays.copyOf(sessions, capacity);
        connections = Arrays.copyOf(connections, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
        userIds = Arrays.copyOf(userIds, capacity);
        intents = Arrays.copyOf(intents, capacity);
        shardIds = Arrays.copyOf(shardIds, capacity);
        shardCounts = Arrays.copyOf(shardCounts, capacity);
        free = Arrays.copyOf(free, capacity);
        for (int i = 0; i < windowSize; i++)
        {
            window[i] = Arrays.copyOf(window[i], capacity);
        }
    }
}
