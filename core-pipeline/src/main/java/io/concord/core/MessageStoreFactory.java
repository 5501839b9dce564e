package io.concord.core;

import io.concord.core.shard.ShardOutbound;
import io.concord.core.storage.InMemoryMessageStore;
import io.concord.core.storage.MessageStore;
import io.concord.core.storage.StorageCompletionQueue;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Makes the message store port of one shard. The composition root supplies one that adapts the LSM store and the
 * data service; {@link #IN_MEMORY} is the default until then.
 */
@FunctionalInterface
public interface MessageStoreFactory
{
    /**
     * In-memory stores, one per shard, answering history pages through the shard's own outbound.
     */
    MessageStoreFactory IN_MEMORY = (shardId, completions, outbound) ->
        new InMemoryMessageStore(completions, outbound::toEdge, SystemNanoClock.INSTANCE);

    /**
     * Called on the starting thread; the store is then used only by the shard's handler thread (completions may
     * arrive from any thread).
     *
     * @param shardId     the shard.
     * @param completions where the store reports finished writes.
     * @param outbound    the shard's outbound, for stores that answer history pages themselves.
     * @return the store.
     */
    MessageStore newStore(int shardId, StorageCompletionQueue completions, ShardOutbound outbound);
}
