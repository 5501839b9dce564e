package io.concord.storage;

import io.concord.common.CommonConfiguration;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded message store: N shards, each an agent owning the partitions {@link Partitioner#shardOf(long, int)}
 * gives it, plus two background agents writing SSTables: one for memtable flushes, one for compactions, so a long
 * compaction never holds up the flush a shard is waiting for. Callers talk to it only through {@link StorageClient}s.
 * <p>
 * {@link #launch(StorageConfiguration.Context)} recovers every shard on the calling thread (so a bad directory fails
 * there with a clear exception), then starts one thread per agent, or none with
 * {@link StorageConfiguration.Context#useAgentInvoker(boolean)} (the caller then drives {@link #doWork()}).
 * {@link #newClient()} and {@link #close()} may be called from any thread.
 */
public final class StorageEngine implements AutoCloseable
{
    private static final System.Logger LOGGER = System.getLogger("io.concord.storage");
    private static final String LAYOUT_FILE = "STORAGE";

    private final StorageConfiguration.Context ctx;
    private final StorageCounters counters;
    private final StorageShardAgent[] shards;
    private final RingBuffer[] shardRequests;
    private final BackgroundAgent flushAgent;
    private final BackgroundAgent compactionAgent;
    private final AgentRunner[] runners;
    private final AgentInvoker[] invokers;
    private final AtomicLong errorCount = new AtomicLong();
    private volatile StorageClient[] clients = new StorageClient[0];
    private volatile boolean isClosed;

    private StorageEngine(final StorageConfiguration.Context ctx) throws IOException
    {
        this.ctx = ctx;
        checkLayout(ctx);
        counters = new StorageCounters(ctx.shards());
        flushAgent = new BackgroundAgent(ctx.shards(), "storage-flush");
        compactionAgent = new BackgroundAgent(ctx.shards(), "storage-compaction");
        shards = new StorageShardAgent[ctx.shards()];
        shardRequests = new RingBuffer[ctx.shards()];
        try
        {
            for (int i = 0; i < shards.length; i++)
            {
                shards[i] = new StorageShardAgent(i, ctx, this, flushAgent, compactionAgent, counters);
                shardRequests[i] = shards[i].requests();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            for (final StorageShardAgent shard : shards)
            {
                if (null != shard)
                {
                    shard.onClose();
                }
            }
            throw ex;
        }

        final ErrorHandler errorHandler = (throwable) ->
        {
            errorCount.incrementAndGet();
            LOGGER.log(System.Logger.Level.ERROR, "storage agent error", throwable);
        };
        final Agent[] agents = Arrays.copyOf(shards, shards.length + 2, Agent[].class);
        agents[shards.length] = flushAgent;
        agents[shards.length + 1] = compactionAgent;
        if (ctx.useAgentInvoker())
        {
            runners = null;
            invokers = new AgentInvoker[agents.length];
            for (int i = 0; i < agents.length; i++)
            {
                invokers[i] = new AgentInvoker(errorHandler, null, agents[i]);
                invokers[i].start();
            }
        }
        else
        {
            invokers = null;
            runners = new AgentRunner[agents.length];
            for (int i = 0; i < agents.length; i++)
            {
                runners[i] = new AgentRunner(
                    CommonConfiguration.newIdleStrategy(StorageConfiguration.IDLE_STRATEGY_PROP_NAME),
                    errorHandler, null, agents[i]);
                AgentRunner.startOnThread(runners[i]);
            }
        }
    }

    /**
     * Recovers and starts an engine.
     *
     * @param ctx settings; concluded here.
     * @return the running engine.
     * @throws UncheckedIOException     if a shard directory cannot be recovered (named in the message).
     * @throws IllegalArgumentException if settings are invalid or do not match the directory's layout.
     */
    public static StorageEngine launch(final StorageConfiguration.Context ctx)
    {
        ctx.conclude();
        try
        {
            return new StorageEngine(ctx);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open storage in " + ctx.dir().getAbsolutePath(), ex);
        }
    }

    /**
     * Shard count and bucket window decide where every row lives, so a directory keeps the values it was created
     * with; opening it with others would silently hide data.
     */
    private static void checkLayout(final StorageConfiguration.Context ctx) throws IOException
    {
        final File file = new File(ctx.dir(), LAYOUT_FILE);
        final String layout = "shards=" + ctx.shards() + "\nbucketWindowMs=" + ctx.bucketWindowMs() + "\n";
        if (file.exists())
        {
            final String existing = new String(Files.readAllBytes(file.toPath()), StandardCharsets.US_ASCII);
            if (!existing.equals(layout))
            {
                throw new IllegalArgumentException("storage directory " + ctx.dir().getAbsolutePath() +
                    " was created with layout [" + existing.trim().replace('\n', ' ') +
                    "] but the configuration says [" + layout.trim().replace('\n', ' ') + "]: " +
                    StorageConfiguration.SHARDS_PROP_NAME + " and " +
                    StorageConfiguration.BUCKET_WINDOW_MS_PROP_NAME + " cannot change for an existing directory");
            }
        }
        else
        {
            final File tmp = new File(ctx.dir(), LAYOUT_FILE + ".tmp");
            Files.write(tmp.toPath(), layout.getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Creates a client with its own completion queue, sized so the largest possible read result fits.
     *
     * @return the client.
     */
    public synchronized StorageClient newClient()
    {
        final int maxMessage = CompletionDescriptor.maxReadCompletionLength(ctx.maxValueLength()) + 64;
        final int capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(64 * 1024, maxMessage * 8));
        final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
        final StorageClient[] current = clients;
        final StorageClient client = new StorageClient(this, current.length, ring, shardRequests, shards, ctx);
        final StorageClient[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = client;
        clients = next;
        return client;
    }

    StorageClient client(final int clientId)
    {
        final StorageClient[] current = clients;
        return clientId >= 0 && clientId < current.length ? current[clientId] : null;
    }

    /**
     * Runs one duty cycle of every agent; only with {@link StorageConfiguration.Context#useAgentInvoker(boolean)}.
     *
     * @return work done.
     */
    public int doWork()
    {
        if (null == invokers)
        {
            throw new IllegalStateException("engine runs its own threads: doWork() needs useAgentInvoker(true)");
        }
        int work = 0;
        for (final AgentInvoker invoker : invokers)
        {
            work += invoker.invoke();
        }
        return work;
    }

    /**
     * Asks every shard to flush its memtable and merge all its SSTables into one (a major compaction, as
     * {@code nodetool compact}), purging tombstones past their grace period. Returns at once; the work happens in
     * the shards' duty cycles and shows in {@link StorageCounters#COMPACTIONS}. Any thread.
     */
    public void compactAll()
    {
        for (final StorageShardAgent shard : shards)
        {
            shard.requestMajorCompaction();
        }
    }

    /**
     * @return the engine's counters.
     */
    public StorageCounters counters()
    {
        return counters;
    }

    /**
     * @return errors handed to the agents' error handler.
     */
    public long errorCount()
    {
        return errorCount.get();
    }

    public int shardCount()
    {
        return shards.length;
    }

    public StorageConfiguration.Context context()
    {
        return ctx;
    }

    boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Stops the background agents first (a running flush or compaction finishes; its inputs stay valid), then every
     * shard, which forces what it has staged and closes its files. Requests still queued get no completion.
     */
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        if (null != runners)
        {
            CloseHelper.close(runners[runners.length - 1]);
            CloseHelper.close(runners[runners.length - 2]);
            for (int i = 0; i < runners.length - 2; i++)
            {
                CloseHelper.close(runners[i]);
            }
        }
        else
        {
            CloseHelper.close(invokers[invokers.length - 1]);
            CloseHelper.close(invokers[invokers.length - 2]);
            for (int i = 0; i < invokers.length - 2; i++)
            {
                CloseHelper.close(invokers[i]);
            }
        }
    }
}
