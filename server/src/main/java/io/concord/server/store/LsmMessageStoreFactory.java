package io.concord.server.store;

import io.concord.core.MessageStoreFactory;
import io.concord.core.shard.ShardOutbound;
import io.concord.core.storage.MessageStore;
import io.concord.core.storage.StorageCompletionQueue;
import io.concord.dataservice.HistoryRequestProxy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Makes each shard's {@link LsmMessageStore} and registers its ring and completion queue with the bridge. Called by
 * the core on its starting thread, before the bridge agent starts.
 */
final class LsmMessageStoreFactory implements MessageStoreFactory
{
    private final MessageStoreBridgeAgent bridge;
    private final HistoryRequestProxy historyRequests;
    private final NanoClock nanoClock;
    private final int ringBytes;

    /**
     * @param bridge          the agent serving every shard's writes.
     * @param historyRequests the data service's request side.
     * @param nanoClock       for completion latencies.
     * @param ringBytes       capacity of each shard's ring to the bridge, a power of two.
     */
    LsmMessageStoreFactory(
        final MessageStoreBridgeAgent bridge,
        final HistoryRequestProxy historyRequests,
        final NanoClock nanoClock,
        final int ringBytes)
    {
        this.bridge = bridge;
        this.historyRequests = historyRequests;
        this.nanoClock = nanoClock;
        this.ringBytes = ringBytes;
    }

    public MessageStore newStore(
        final int shardId, final StorageCompletionQueue completions, final ShardOutbound outbound)
    {
        final OneToOneRingBuffer toBridge = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        bridge.addShard(shardId, toBridge, completions);
        return new LsmMessageStore(toBridge, historyRequests, nanoClock);
    }
}
