package io.concord.core.pipeline;

import com.lmax.disruptor.EventHandler;
import io.concord.core.shard.GuildShard;

/**
 * Feeds each ring event to the shard: runs on the shard's handler thread (a Disruptor batch event processor), the
 * only thread that touches the shard's state.
 */
public final class ShardEventHandler implements EventHandler<ShardEvent>
{
    private final GuildShard shard;

    /**
     * @param shard the shard this handler drives.
     */
    public ShardEventHandler(final GuildShard shard)
    {
        this.shard = shard;
    }

    public void onEvent(final ShardEvent event, final long sequence, final boolean endOfBatch)
    {
        shard.onFrame(event.buffer(), 0, event.length());
    }
}
