package io.concord.core.pipeline;

import com.lmax.disruptor.EventHandler;
import io.concord.core.shard.GuildShard;

/**
 * Feeds each ring event to the shard: runs on the shard's handler thread (a Disruptor batch event processor), the
 * only thread that touches the shard's state. At the end of each batch it runs the shard's duty cycle
 * ({@link GuildShard#doWork()}: timers), so timers fire under load without extra events and, when idle, on the
 * poller's empty tick events.
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
        // An empty event is the poller's timer tick: it only wakes the handler for the duty cycle below.
        if (event.length() > 0)
        {
            shard.onFrame(event.buffer(), 0, event.length());
        }
        if (endOfBatch)
        {
            shard.doWork();
        }
    }
}
