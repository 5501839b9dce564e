package io.concord.core.client;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * Sends an edge's commands to the core: routes each SBE frame with {@link CoreRouting#shardOf} and offers it on that
 * shard's command stream. Returns Aeron's offer codes (plus {@link #NOT_ROUTABLE}) rather than retrying: the caller
 * decides between retrying, answering 503/OVERLOADED, or closing a session. One instance per edge thread.
 */
public final class CoreProxy implements AutoCloseable
{
    /**
     * The frame is not an edge command, or names a shard that does not exist.
     */
    public static final long NOT_ROUTABLE = -100;

    private final Publication[] shards;

    /**
     * @param aeron client.
     * @param ctx   the core's configuration (channel, stream ids, shard count).
     */
    public CoreProxy(final Aeron aeron, final CoreConfiguration.Context ctx)
    {
        shards = new Publication[ctx.shards()];
        for (int i = 0; i < shards.length; i++)
        {
            shards[i] = aeron.addPublication(ctx.channel(), ctx.commandStreamBase() + i);
        }
    }

    /**
     * The subscription an edge reads the core's replies and dispatches from.
     *
     * @param aeron  client.
     * @param ctx    the core's configuration.
     * @param edgeId this edge.
     * @return a new subscription; the caller owns it.
     */
    public static Subscription subscribeEdge(final Aeron aeron, final CoreConfiguration.Context ctx, final int edgeId)
    {
        return aeron.addSubscription(ctx.channel(), ctx.edgeStreamBase() + edgeId);
    }

    /**
     * @param buffer holding the frame, header included.
     * @param offset of the frame.
     * @param length of the frame.
     * @return the new stream position (&gt; 0), an Aeron offer code (BACK_PRESSURED, NOT_CONNECTED, ...) or
     *         {@link #NOT_ROUTABLE}.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final int shard = CoreRouting.shardOf(buffer, offset, shards.length);
        if (CoreRouting.NOT_ROUTABLE == shard)
        {
            return NOT_ROUTABLE;
        }
        return shards[shard].offer(buffer, offset, length);
    }

    /**
     * @return whether every shard stream has a subscriber.
     */
    public boolean isConnected()
    {
        for (final Publication publication : shards)
        {
            if (!publication.isConnected())
            {
                return false;
            }
        }
        return true;
    }

    public void close()
    {
        for (final Publication publication : shards)
        {
            CloseHelper.quietClose(publication);
        }
    }
}
