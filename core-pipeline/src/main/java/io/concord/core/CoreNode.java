package io.concord.core;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.concord.common.CommonConfiguration;
import io.concord.core.persist.ChronicleMetadataStore;
import io.concord.core.persist.InMemoryMetadataStore;
import io.concord.core.persist.MetadataStore;
import io.concord.core.pipeline.AeronShardOutbound;
import io.concord.core.pipeline.CommandPollerAgent;
import io.concord.core.pipeline.ShardEvent;
import io.concord.core.pipeline.ShardEventHandler;
import io.concord.core.shard.GuildShard;
import io.concord.core.shard.ShardCounters;
import io.concord.core.storage.StorageCompletionQueue;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A running core: S shards, each an Aeron {@link CommandPollerAgent} feeding a single-producer Disruptor ring drained
 * by a {@link GuildShard} on its own thread, publishing through an {@link AeronShardOutbound}. Uses an Aeron client
 * it does not own (connected to an embedded or external media driver).
 * <p>
 * {@link #start} and {@link #close} are called by one thread. Errors on agent threads go to the error handler, and
 * are counted; a shard handler never dies on one bad event.
 */
public final class CoreNode implements AutoCloseable
{
    private final List<AgentRunner> pollers = new ArrayList<>();
    private final List<BatchEventProcessor<ShardEvent>> processors = new ArrayList<>();
    private final List<Thread> handlerThreads = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<GuildShard> shards = new ArrayList<>();
    private final AtomicCounter errors;

    private CoreNode(final AtomicCounter errors)
    {
        this.errors = errors;
    }

    /**
     * Builds and starts every shard.
     *
     * @param ctx          concluded configuration.
     * @param aeron        client to the media driver.
     * @param storeFactory makes each shard's message store.
     * @param errorHandler receives errors from agent and handler threads.
     * @return the running core.
     */
    public static CoreNode start(
        final CoreConfiguration.Context ctx,
        final Aeron aeron,
        final MessageStoreFactory storeFactory,
        final ErrorHandler errorHandler)
    {
        final AtomicCounter errors = aeron.addCounter(ShardCounters.CORE_COUNTER_TYPE_ID, "core: errors");
        final CoreNode node = new CoreNode(errors);
        node.resources.add(errors);
        final ErrorHandler countingHandler = (throwable) ->
        {
            errors.incrementRelease();
            errorHandler.onError(throwable);
        };
        try
        {
            checkShardCount(ctx);
            for (int shardId = 0; shardId < ctx.shards(); shardId++)
            {
                node.startShard(ctx, aeron, storeFactory, countingHandler, shardId);
            }
            return node;
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
    }

    /**
     * Guilds, users and minted ids are placed by shard count, so a data dir only ever works with the count it was
     * created with: remember it in {@code <dataDir>/core/shards} and refuse another.
     */
    private static void checkShardCount(final CoreConfiguration.Context ctx)
    {
        if (null == ctx.dataDir())
        {
            return;
        }
        final Path file = ctx.dataDir().resolve("core").resolve("shards");
        try
        {
            if (Files.exists(file))
            {
                final String recorded = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!recorded.equals(Integer.toString(ctx.shards())))
                {
                    throw new IllegalArgumentException("data dir " + ctx.dataDir() + " was created with " + recorded +
                        " core shard(s); " + CoreConfiguration.SHARDS_PROP_NAME + " is " + ctx.shards() +
                        " (resharding is not supported)");
                }
            }
            else
            {
                Files.createDirectories(file.getParent());
                Files.writeString(file, ctx.shards() + "\n", StandardCharsets.US_ASCII);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read or write " + file, ex);
        }
    }

    private void startShard(
        final CoreConfiguration.Context ctx,
        final Aeron aeron,
        final MessageStoreFactory storeFactory,
        final ErrorHandler errorHandler,
        final int shardId)
    {
        final ShardCounters counters = new ShardCounters(aeron::addCounter, shardId);
        resources.add(counters);
        final AeronShardOutbound outbound = new AeronShardOutbound(aeron, ctx.channel(), ctx.commandStreamBase(),
            ctx.shards(), ctx.edgeStreamBase(), ctx.edges(), ctx.offerMaxRetries(), counters);
        resources.add(outbound);
        final StorageCompletionQueue completions = new StorageCompletionQueue(ctx.pendingOps());
        final MetadataStore metadata = null == ctx.dataDir() ? new InMemoryMetadataStore() :
            new ChronicleMetadataStore(
                new File(ctx.dataDir().toFile(), "core/shard-" + shardId + "/metadata.dat"), ctx.metadataEntries());
        resources.add(metadata);

        final GuildShard shard = new GuildShard(shardId, ctx.shards(), ctx.nodeId(), SystemEpochClock.INSTANCE,
            outbound, storeFactory.newStore(shardId, completions, outbound), metadata, counters, ctx.pendingOps(),
            ctx.maxFrameLength(), ctx.presenceWindowMs(), ctx.typingTtlMs());
        for (final int edgeId : ctx.edges())
        {
            shard.addKnownEdge(edgeId);
        }
        shards.add(shard);

        final RingBuffer<ShardEvent> ring = RingBuffer.createSingleProducer(
            ShardEvent.factory(ctx.maxFrameLength()), ctx.ringSize(), ctx.newWaitStrategy());
        final BatchEventProcessor<ShardEvent> processor = new BatchEventProcessorBuilder()
            .build(ring, ring.newBarrier(), new ShardEventHandler(shard));
        processor.setExceptionHandler(new ExceptionHandler<>()
        {
            public void handleEventException(final Throwable ex, final long sequence, final ShardEvent event)
            {
                errorHandler.onError(ex);
            }

            public void handleOnStartException(final Throwable ex)
            {
                errorHandler.onError(ex);
            }

            public void handleOnShutdownException(final Throwable ex)
            {
                errorHandler.onError(ex);
            }
        });
        ring.addGatingSequences(processor.getSequence());
        processors.add(processor);
        final Thread handlerThread = new Thread(processor, "core-shard-" + shardId);
        handlerThread.setDaemon(true);
        handlerThreads.add(handlerThread);
        handlerThread.start();

        final Subscription subscription = aeron.addSubscription(ctx.channel(), ctx.commandStreamBase() + shardId);
        resources.add(subscription);
        final CommandPollerAgent poller = new CommandPollerAgent(
            shardId, subscription, ring, completions, counters, ctx.fragmentLimit(), SystemEpochClock.INSTANCE,
            ctx.timerTickMs());
        final AgentRunner runner = new AgentRunner(
            CommonConfiguration.newIdleStrategy(CoreConfiguration.IDLE_STRATEGY_PROP_NAME), errorHandler, null, poller);
        pollers.add(runner);
        AgentRunner.startOnThread(runner);
    }

    /**
     * @return the shards, for diagnostics; their state belongs to their handler threads.
     */
    public List<GuildShard> shards()
    {
        return shards;
    }

    /**
     * @return errors seen on agent and handler threads.
     */
    public long errorCount()
    {
        return errors.get();
    }

    public void close()
    {
        CloseHelper.closeAll(pollers);
        for (final BatchEventProcessor<ShardEvent> processor : processors)
        {
            processor.halt();
        }
        for (final Thread thread : handlerThreads)
        {
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }
}
