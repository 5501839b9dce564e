package io.concord.core.pipeline;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.concord.core.shard.ShardCounters;
import io.concord.core.shard.ShardOutbound;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * A shard's way out over Aeron: one exclusive publication per edge ({@code edgeStreamBase + edgeId}) and one
 * publication per shard command stream ({@code commandStreamBase + shardId}).
 * <p>
 * Offer results are handled as codes: BACK_PRESSURED and ADMIN_ACTION are retried up to {@code maxRetries} times
 * (each retry counted in offer back-pressure), then given up and counted as failed; NOT_CONNECTED (nobody listens,
 * e.g. an edge that went away), CLOSED and MAX_POSITION_EXCEEDED are given up at once and counted as failed. A
 * publication to an edge that was not configured is added on first use, which blocks the shard thread for one round
 * trip to the media driver and until the edge's subscription connects (at most 1 s), once per edge.
 * <p>
 * Used only by the shard's handler thread.
 */
public final class AeronShardOutbound implements ShardOutbound, AutoCloseable
{
    /**
     * Longest the shard waits, once per edge it has never published to, for that edge's subscription to connect.
     */
    static final long NEW_EDGE_CONNECT_WAIT_MS = 1_000;

    private final Aeron aeron;
    private final String channel;
    private final int edgeStreamBase;
    private final int maxRetries;
    private final ShardCounters counters;
    private final Int2ObjectHashMap<ExclusivePublication> edges = new Int2ObjectHashMap<>();
    private final Publication[] shards;

    /**
     * @param aeron             client.
     * @param channel           channel URI for every stream.
     * @param commandStreamBase stream of shard 0's commands.
     * @param shardCount        shards.
     * @param edgeStreamBase    stream of edge 0.
     * @param initialEdges      edges to open publications to now.
     * @param maxRetries        back-pressure retries before giving up.
     * @param counters          where outcomes are counted.
     */
    public AeronShardOutbound(
        final Aeron aeron,
        final String channel,
        final int commandStreamBase,
        final int shardCount,
        final int edgeStreamBase,
        final int[] initialEdges,
        final int maxRetries,
        final ShardCounters counters)
    {
        this.aeron = aeron;
        this.channel = channel;
        this.edgeStreamBase = edgeStreamBase;
        this.maxRetries = maxRetries;
        this.counters = counters;
        shards = new Publication[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            shards[i] = aeron.addPublication(channel, commandStreamBase + i);
        }
        for (final int edgeId : initialEdges)
        {
            edgePublication(edgeId);
        }
    }

    public boolean toEdge(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(connectedEdgePublication(edgeId), buffer, offset, length);
    }

    public boolean toShard(final int shardId, final DirectBuffer buffer, final int offset, final int length)
    {
        return offer(shards[shardId], buffer, offset, length);
    }

    private ExclusivePublication edgePublication(final int edgeId)
    {
        ExclusivePublication publication = edges.get(edgeId);
        if (null == publication)
        {
            publication = aeron.addExclusivePublication(channel, edgeStreamBase + edgeId);
            edges.put(edgeId, publication);
        }
        return publication;
    }

    /**
     * A publication added on first use is not connected yet, and an offer to it would be refused as NOT_CONNECTED:
     * the first reply to a new edge would be lost. Wait, bounded, for the edge's subscription to join.
     */
    private ExclusivePublication connectedEdgePublication(final int edgeId)
    {
        final boolean known = edges.containsKey(edgeId);
        final ExclusivePublication publication = edgePublication(edgeId);
        if (!known)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NEW_EDGE_CONNECT_WAIT_MS);
            while (!publication.isConnected() && System.nanoTime() < deadlineNs)
            {
                Thread.yield();
            }
        }
        return publication;
    }

    private boolean offer(final Publication publication, final DirectBuffer buffer, final int offset, final int length)
    {
        int retries = 0;
        while (true)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return true;
            }
            if ((Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result) && retries < maxRetries)
            {
                retries++;
                counters.offerBackPressure().incrementRelease();
                Thread.onSpinWait();
                continue;
            }
            counters.offerFailures().incrementRelease();
            return false;
        }
    }

    public void close()
    {
        edges.values().forEach(CloseHelper::quietClose);
        edges.clear();
        for (final Publication publication : shards)
        {
            CloseHelper.quietClose(publication);
        }
    }
}
