package io.concord.server.store;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.TimeUnit;

/**
 * The bridge's way to the edges: one exclusive publication per edge on the edge's stream
 * ({@code edgeStreamBase + edgeId}, the streams the core's shards publish on too), added on first use.
 * BACK_PRESSURED and ADMIN_ACTION are retried up to {@code maxRetries} times; anything else, or running out of
 * retries, is given up and counted. Used only by the bridge thread.
 */
final class AeronEdgeFrameSender implements EdgeFrameSender, AutoCloseable
{
    private static final long NEW_EDGE_CONNECT_WAIT_MS = 1_000;

    private final Aeron aeron;
    private final String channel;
    private final int edgeStreamBase;
    private final int maxRetries;
    private final AtomicCounter givenUp;
    private final Int2ObjectHashMap<ExclusivePublication> publications = new Int2ObjectHashMap<>();

    AeronEdgeFrameSender(
        final Aeron aeron,
        final String channel,
        final int edgeStreamBase,
        final int maxRetries,
        final AtomicCounter givenUp)
    {
        this.aeron = aeron;
        this.channel = channel;
        this.edgeStreamBase = edgeStreamBase;
        this.maxRetries = maxRetries;
        this.givenUp = givenUp;
    }

    public boolean send(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
    {
        ExclusivePublication publication = publications.get(edgeId);
        if (null == publication)
        {
            publication = aeron.addExclusivePublication(channel, edgeStreamBase + edgeId);
            publications.put(edgeId, publication);
            // A new publication refuses offers as NOT_CONNECTED until the edge's subscription joins: wait, bounded.
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NEW_EDGE_CONNECT_WAIT_MS);
            while (!publication.isConnected() && System.nanoTime() < deadlineNs)
            {
                Thread.yield();
            }
        }

        for (int attempt = 0; attempt <= maxRetries; attempt++)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return true;
            }
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                break;
            }
            Thread.onSpinWait();
        }
        givenUp.incrementRelease();
        return false;
    }

    public void close()
    {
        publications.values().forEach(CloseHelper::quietClose);
        publications.clear();
    }
}
