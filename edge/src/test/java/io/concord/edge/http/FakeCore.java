package io.concord.edge.http;

import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.TokensRevokedDecoder;
import io.concord.core.CoreRouting;
import io.concord.core.persist.InMemoryMetadataStore;
import io.concord.core.shard.GuildShard;
import io.concord.core.shard.ShardCounters;
import io.concord.core.shard.ShardOutbound;
import io.concord.core.storage.InMemoryMessageStore;
import io.concord.core.storage.StorageCompletionQueue;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.core.CoreRequests;
import io.netty.util.concurrent.EventExecutor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The core as the edge sees it, for tests: real {@link GuildShard}s (in-memory storage and metadata, a cached clock)
 * run synchronously inside {@link #request}, so replies are exactly the core's. Replies are handed to the request's
 * executor like the Aeron link does; {@code TokensRevoked} frames go to {@link #revocationListener}.
 * Thread-safe (synchronized): real-socket tests call it from several event loops.
 */
final class FakeCore implements CoreRequests
{
    static final int EDGE_ID = 7;
    static final long START_MS = 1_700_000_000_000L;

    interface RevocationListener
    {
        void onTokensRevoked(long userId, int generation);
    }

    final CachedEpochClock clock = new CachedEpochClock();
    private final GuildShard[] shards;
    private final StorageCompletionQueue[] completions;
    private final ArrayDeque<Object[]> hops = new ArrayDeque<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private long nextCorrelationId = 1;
    private boolean silent;
    private boolean refusing;
    private int requests;
    volatile RevocationListener revocationListener = (userId, generation) -> { };

    private record Pending(EventExecutor executor, CoreReplyHandler handler)
    {
    }

    FakeCore(final int shardCount)
    {
        clock.update(START_MS);
        shards = new GuildShard[shardCount];
        completions = new StorageCompletionQueue[shardCount];
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 1024)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024)));
        for (int i = 0; i < shardCount; i++)
        {
            final ShardOutbound outbound = new ShardOutbound()
            {
                public boolean toEdge(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
                {
                    onEdgeFrame(buffer, offset, length);
                    return true;
                }

                public boolean toShard(final int shardId, final DirectBuffer buffer, final int offset, final int length)
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    hops.add(new Object[]{ shardId, bytes });
                    return true;
                }
            };
            completions[i] = new StorageCompletionQueue(256);
            final InMemoryMessageStore store = new InMemoryMessageStore(
                completions[i], outbound::toEdge, new SystemNanoClock());
            final ShardCounters counters = new ShardCounters(
                (typeId, label) -> countersManager.newCounter(label, typeId), i);
            shards[i] = new GuildShard(i, shardCount, 0, clock, outbound, store, new InMemoryMetadataStore(),
                counters, 256, 64 * 1024);
        }
    }

    /**
     * From now on commands are taken but never answered (the edge's timeout must fire).
     */
    synchronized void silence()
    {
        silent = true;
    }

    /**
     * From now on commands are refused at once (back-pressure).
     */
    synchronized void refuse()
    {
        refusing = true;
    }

    synchronized int requests()
    {
        return requests;
    }

    synchronized void advanceClock(final long ms)
    {
        clock.advance(ms);
    }

    /**
     * The core's routing rule for this many shards, as the composition root gives it to the edge.
     */
    int shardOf(final DirectBuffer buffer, final int offset)
    {
        return CoreRouting.shardOf(buffer, offset, shards.length);
    }

    public int edgeId()
    {
        return EDGE_ID;
    }

    public synchronized long nextCorrelationId()
    {
        return nextCorrelationId++;
    }

    public synchronized boolean request(
        final long correlationId,
        final DirectBuffer frame,
        final int offset,
        final int length,
        final EventExecutor executor,
        final CoreReplyHandler handler,
        final long timeoutMs)
    {
        if (refusing || CoreRouting.NOT_ROUTABLE == CoreRouting.shardOf(frame, offset, shards.length))
        {
            return false;
        }
        requests++;
        final byte[] copy = new byte[length];
        frame.getBytes(offset, copy);
        pending.put(correlationId, new Pending(executor, handler));
        executor.schedule(() ->
        {
            final Pending expired;
            synchronized (FakeCore.this)
            {
                expired = pending.remove(correlationId);
            }
            if (null != expired)
            {
                handler.onTimeout();
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        if (!silent)
        {
            apply(copy);
        }
        return true;
    }

    public synchronized boolean send(final DirectBuffer frame, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        frame.getBytes(offset, copy);
        apply(copy);
        return true;
    }

    /**
     * Sends a command outside any event loop and returns the core's correlated reply, for test set-up.
     *
     * @param correlationId the id encoded in the frame.
     * @param frame         encoded command.
     * @return the reply frame, or null if the core sent none.
     */
    synchronized byte[] ask(final long correlationId, final byte[] frame)
    {
        final byte[][] reply = new byte[1][];
        pending.put(correlationId, new Pending(null, new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
            {
                reply[0] = new byte[length];
                buffer.getBytes(offset, reply[0]);
            }

            public void onTimeout()
            {
            }
        }));
        apply(frame);
        pending.remove(correlationId);
        return reply[0];
    }

    /**
     * Applies a command straight to the shards, as if another edge (id 0, no correlation) had sent it.
     *
     * @param frame encoded command.
     */
    synchronized void apply(final byte[] frame)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(frame);
        final int shard = CoreRouting.shardOf(buffer, 0, shards.length);
        if (CoreRouting.NOT_ROUTABLE != shard)
        {
            shards[shard].onFrame(buffer, 0, frame.length);
        }
        pump();
    }

    private void pump()
    {
        boolean progress = true;
        while (progress)
        {
            progress = false;
            while (!hops.isEmpty())
            {
                final Object[] hop = hops.poll();
                final byte[] bytes = (byte[])hop[1];
                shards[(Integer)hop[0]].onFrame(new UnsafeBuffer(bytes), 0, bytes.length);
                progress = true;
            }
            for (int i = 0; i < shards.length; i++)
            {
                final GuildShard shard = shards[i];
                progress |= completions[i].drain(
                    (msgTypeId, buffer, index, length) -> shard.onFrame(buffer, index, length), 1000) > 0;
            }
        }
    }

    private void onEdgeFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (TokensRevokedDecoder.TEMPLATE_ID == templateId)
        {
            final TokensRevokedDecoder revoked = new TokensRevokedDecoder().wrapAndApplyHeader(buffer, offset,
                new MessageHeaderDecoder());
            revoked.edgeId();
            revocationListener.onTokensRevoked(revoked.userId(), revoked.tokenGeneration());
            return;
        }
        if (!carriesCorrelation(templateId))
        {
            return;
        }
        final long correlationId = buffer.getLong(
            offset + MessageHeaderDecoder.ENCODED_LENGTH + 4, MessageHeaderDecoder.BYTE_ORDER);
        final Pending waiting = 0 == correlationId ? null : pending.remove(correlationId);
        if (null == waiting)
        {
            return;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        if (null == waiting.executor())
        {
            waiting.handler().onReply(templateId, new UnsafeBuffer(copy), 0, length);
            return;
        }
        waiting.executor().execute(() -> waiting.handler().onReply(templateId, new UnsafeBuffer(copy), 0, length));
    }

    private static boolean carriesCorrelation(final int templateId)
    {
        return (templateId >= 100 && templateId <= 149) || (templateId >= 151 && templateId <= 153) ||
            (templateId >= 161 && templateId <= 167);
    }
}
