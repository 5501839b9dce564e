package io.concord.core.shard;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Per topic (a guild id or a channel id), which edges have at least one subscribed session and how many, so that a
 * dispatch costs one publication per interested edge rather than one per recipient. Owned by one shard thread.
 */
public final class TopicRoutes
{
    /**
     * Edges of one topic, as parallel arrays so that iterating them allocates nothing.
     */
    public static final class Edges
    {
        private int[] edgeIds = new int[2];
        private int[] sessionCounts = new int[2];
        private int size;

        public int size()
        {
            return size;
        }

        /**
         * @param index in {@code [0, size)}.
         * @return the edge at that index.
         */
        public int edgeId(final int index)
        {
            return edgeIds[index];
        }

        /**
         * @param edgeId an edge.
         * @return how many of its sessions are subscribed.
         */
        public int sessionCount(final int edgeId)
        {
            final int index = indexOf(edgeId);
            return index < 0 ? 0 : sessionCounts[index];
        }

        private int indexOf(final int edgeId)
        {
            for (int i = 0; i < size; i++)
            {
                if (edgeIds[i] == edgeId)
                {
                    return i;
                }
            }
            return -1;
        }

        private void increment(final int edgeId)
        {
            final int index = indexOf(edgeId);
            if (index >= 0)
            {
                sessionCounts[index]++;
                return;
            }
            if (size == edgeIds.length)
            {
                edgeIds = Arrays.copyOf(edgeIds, size * 2);
                sessionCounts = Arrays.copyOf(sessionCounts, size * 2);
            }
            edgeIds[size] = edgeId;
            sessionCounts[size] = 1;
            size++;
        }

        private boolean decrement(final int edgeId)
        {
            final int index = indexOf(edgeId);
            if (index < 0)
            {
                return false;
            }
            if (--sessionCounts[index] == 0)
            {
                size--;
                edgeIds[index] = edgeIds[size];
                sessionCounts[index] = sessionCounts[size];
            }
            return true;
        }
    }

    private static final Edges NONE = new Edges();

    private final Long2ObjectHashMap<Edges> topics = new Long2ObjectHashMap<>();

    /**
     * One more session of an edge subscribed to a topic.
     *
     * @param topicId guild or channel id.
     * @param edgeId  the session's edge.
     */
    public void add(final long topicId, final int edgeId)
    {
        Edges edges = topics.get(topicId);
        if (null == edges)
        {
            edges = new Edges();
            topics.put(topicId, edges);
        }
        edges.increment(edgeId);
    }

    /**
     * One session of an edge fewer subscribed to a topic.
     *
     * @param topicId guild or channel id.
     * @param edgeId  the session's edge.
     */
    public void remove(final long topicId, final int edgeId)
    {
        final Edges edges = topics.get(topicId);
        if (null != edges && edges.decrement(edgeId) && 0 == edges.size())
        {
            topics.remove(topicId);
        }
    }

    /**
     * @param topicId guild or channel id.
     * @return its edges (an empty instance when none); valid until the next change.
     */
    public Edges edges(final long topicId)
    {
        final Edges edges = topics.get(topicId);
        return null == edges ? NONE : edges;
    }

    /**
     * @return how many topics have at least one subscriber.
     */
    public int topicCount()
    {
        return topics.size();
    }
}
