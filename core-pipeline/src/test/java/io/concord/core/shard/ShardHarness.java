package io.concord.core.shard;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.ChannelVisibilityChangedDecoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedDecoder;
import io.concord.core.CoreRouting;
import io.concord.core.persist.InMemoryMetadataStore;
import io.concord.core.persist.MetadataStore;
import io.concord.core.storage.InMemoryMessageStore;
import io.concord.core.storage.StorageCompletionQueue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * S shards wired together in one thread with a deterministic clock: shard-to-shard hops and storage completions are
 * queued and delivered by {@link #pump()}, frames to edges are recorded, and each edge's view of its sessions'
 * subscriptions is maintained from the SubscriptionChanged frames it receives.
 */
final class ShardHarness
{
    static final long START_MS = 1_700_000_000_000L;

    final CachedEpochClock clock = new CachedEpochClock();
    final GuildShard[] shards;
    final InMemoryMessageStore[] stores;
    final StorageCompletionQueue[] completions;
    final MetadataStore[] metadata;
    final ShardCounters[] counters;
    final List<Frame> edgeFrames = new ArrayList<>();
    final Map<String, Set<Long>> sessionTopics = new HashMap<>();
    private final ArrayDeque<Object[]> hops = new ArrayDeque<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SubscriptionChangedDecoder subscription = new SubscriptionChangedDecoder();
    private final ChannelVisibilityChangedDecoder visibility = new ChannelVisibilityChangedDecoder();

    record Frame(int edgeId, int templateId, byte[] bytes)
    {
        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(bytes);
        }
    }

    ShardHarness(final int shardCount)
    {
        this(shardCount, null);
    }

    ShardHarness(final int shardCount, final MetadataStore[] restoreFrom)
    {
        this(shardCount, restoreFrom, GuildShard.PRESENCE_WINDOW_MS);
    }

    ShardHarness(final int shardCount, final MetadataStore[] restoreFrom, final long presenceWindowMs)
    {
        clock.update(START_MS);
        shards = new GuildShard[shardCount];
        stores = new InMemoryMessageStore[shardCount];
        completions = new StorageCompletionQueue[shardCount];
        metadata = null == restoreFrom ? new MetadataStore[shardCount] : restoreFrom;
        counters = new ShardCounters[shardCount];
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(1024 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(
            256 * 1024)));
        for (int i = 0; i < shardCount; i++)
        {
            final int shard = i;
            final ShardOutbound outbound = new ShardOutbound()
            {
                public boolean toEdge(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
                {
                    onEdgeFrame(edgeId, buffer, offset, length);
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
            completions[i] = new StorageCompletionQueue(64);
            stores[i] = new InMemoryMessageStore(completions[i], outbound::toEdge, new SystemNanoClock());
            if (null == metadata[i])
            {
                metadata[i] = new InMemoryMetadataStore();
            }
            counters[i] = new ShardCounters((typeId, label) -> countersManager.newCounter(label, typeId), shard);
            shards[i] = new GuildShard(
                shard, shardCount, 0, clock, outbound, stores[i], metadata[i], counters[i], 64, 16 * 1024,
                presenceWindowMs, GuildShard.TYPING_TTL_MS);
        }
    }

    /**
     * Routes an edge command like an edge would, applies it, then delivers every consequence.
     */
    void send(final DirectBuffer buffer, final int length)
    {
        final int shard = CoreRouting.shardOf(buffer, 0, shards.length);
        if (CoreRouting.NOT_ROUTABLE == shard)
        {
            throw new IllegalArgumentException("not routable");
        }
        shards[shard].onFrame(buffer, 0, length);
        pump();
    }

    /**
     * Advances the clock and runs every shard's duty cycle (timers), then delivers the consequences.
     */
    void advance(final long ms)
    {
        clock.advance(ms);
        for (final GuildShard shard : shards)
        {
            shard.doWork();
        }
        pump();
    }

    void pump()
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
                    (msgTypeId, buffer, index, length) -> shard.onFrame(buffer, index, length), 100) > 0;
            }
        }
    }

    private void onEdgeFrame(final int edgeId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        edgeFrames.add(new Frame(edgeId, templateId, bytes));
        if (ChannelVisibilityChangedDecoder.TEMPLATE_ID == templateId)
        {
            visibility.wrapAndApplyHeader(buffer, offset, header);
            final int frameEdge = visibility.edgeId();
            final boolean subscribe = visibility.change() == EntityChange.CREATED;
            visibility.guildId();
            final long channelId = visibility.channelId();
            for (final ChannelVisibilityChangedDecoder.OverwritesDecoder overwrite : visibility.overwrites())
            {
                overwrite.targetId();
            }
            for (final ChannelVisibilityChangedDecoder.SessionsDecoder session : visibility.sessions())
            {
                final Set<Long> topics = sessionTopics.computeIfAbsent(
                    frameEdge + "/" + session.sessionId(), (k) -> new HashSet<>());
                if (subscribe)
                {
                    topics.add(channelId);
                }
                else
                {
                    topics.remove(channelId);
                }
            }
        }
        if (SubscriptionChangedDecoder.TEMPLATE_ID == templateId)
        {
            subscription.wrapAndApplyHeader(buffer, offset, header);
            final int frameEdge = subscription.edgeId();
            final String key = frameEdge + "/" + subscription.sessionId();
            final boolean subscribe = subscription.action() == SubscriptionAction.SUBSCRIBE;
            final Set<Long> topics = sessionTopics.computeIfAbsent(key, (k) -> new HashSet<>());
            for (final SubscriptionChangedDecoder.TopicsDecoder topic : subscription.topics())
            {
                topic.kind();
                if (subscribe)
                {
                    topics.add(topic.topicId());
                }
                else
                {
                    topics.remove(topic.topicId());
                }
            }
        }
    }

    List<Frame> framesOf(final int templateId)
    {
        final List<Frame> result = new ArrayList<>();
        for (final Frame frame : edgeFrames)
        {
            if (frame.templateId() == templateId)
            {
                result.add(frame);
            }
        }
        return result;
    }

    Frame last(final int templateId)
    {
        final List<Frame> frames = framesOf(templateId);
        if (frames.isEmpty())
        {
            throw new AssertionError("no frame with template " + templateId + " in " + edgeFrames.size());
        }
        return frames.get(frames.size() - 1);
    }

    CommandReplyDecoder lastReply()
    {
        return new CommandReplyDecoder().wrapAndApplyHeader(
            last(CommandReplyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
    }

    AccountReplyDecoder lastAccountReply()
    {
        return new AccountReplyDecoder().wrapAndApplyHeader(
            last(AccountReplyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
    }

    Set<Long> topicsOf(final int edgeId, final long sessionId)
    {
        return sessionTopics.getOrDefault(edgeId + "/" + sessionId, Set.of());
    }

    GuildShard shardOfGuild(final long guildId)
    {
        return shards[CoreRouting.shardOfGuild(guildId, shards.length)];
    }

    GuildShard shardOfUser(final long userId)
    {
        return shards[CoreRouting.shardOfUser(userId, shards.length)];
    }
}
