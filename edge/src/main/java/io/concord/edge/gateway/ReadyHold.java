package io.concord.edge.gateway;

import java.util.Arrays;

/**
 * The dispatches of one session whose READY is not written yet, in arrival order: with a multi-shard core, the
 * session's subscriptions become effective as each shard's part of its READY arrives, before the last part does, and
 * what its topics carry meanwhile waits here until READY and its GUILD_CREATEs are out. Entries are indices into the
 * loop's {@link ReplayLog} (one count each, no copy), with the topic they came from so that leaving a topic before
 * READY drops what it carried (READY then no longer names that guild or channel). Bounded: {@link #hold} refuses once
 * full, and the loop closes the connection. Owned by the session's home loop thread.
 */
final class ReadyHold
{
    private static final int INITIAL_CAPACITY = 16;

    private final ReplayLog log;
    private final int maxDispatches;
    private final GatewayHandler connection;
    private int[] logIndices = new int[INITIAL_CAPACITY];
    private long[] topicIds = new long[INITIAL_CAPACITY];
    private int size;

    /**
     * @param log           the home loop's dispatch bodies.
     * @param maxDispatches dispatches it may hold.
     * @param connection    the connection that sent the Identify.
     */
    ReadyHold(final ReplayLog log, final int maxDispatches, final GatewayHandler connection)
    {
        this.log = log;
        this.maxDispatches = maxDispatches;
        this.connection = connection;
    }

    /**
     * @return the connection waiting for READY (closed when the hold overflows).
     */
    GatewayHandler connection()
    {
        return connection;
    }

    /**
     * @param logIndex a live log index; on success this hold takes one count on it.
     * @param topicId  the topic it was fanned out on, or 0 for a dispatch addressed to the session itself.
     * @return false when the hold is full (nothing was taken).
     */
    boolean hold(final int logIndex, final long topicId)
    {
        if (size == maxDispatches)
        {
            return false;
        }
        if (size == logIndices.length)
        {
            final int capacity = Math.min(maxDispatches, size * 2);
            logIndices = Arrays.copyOf(logIndices, capacity);
            topicIds = Arrays.copyOf(topicIds, capacity);
        }
        log.retain(logIndex);
        logIndices[size] = logIndex;
        topicIds[size] = topicId;
        size++;
        return true;
    }

    /**
     * The session left a topic before READY: what the topic carried so far is no longer for it.
     *
     * @param topicId the topic.
     */
    void dropTopic(final long topicId)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (topicIds[i] == topicId)
            {
                log.release(logIndices[i]);
            }
            else
            {
                logIndices[kept] = logIndices[i];
                topicIds[kept] = topicIds[i];
                kept++;
            }
        }
        size = kept;
    }

    int size()
    {
        return size;
    }

    /**
     * @param index position in arrival order, below {@link #size()}.
     * @return the log index held there.
     */
    int logIndex(final int index)
    {
        return logIndices[index];
    }

    /**
     * Drops every count this hold took.
     */
    void releaseAll()
    {
        for (int i = 0; i < size; i++)
        {
            log.release(logIndices[i]);
        }
        size = 0;
    }
}
