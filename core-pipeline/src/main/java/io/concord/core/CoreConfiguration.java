package io.concord.core;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.concord.common.CommonConfiguration;
import org.agrona.BitUtil;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Settings of the core role ({@code concord.core.*}), resolved into a {@link Context}.
 * <p>
 * <b>Streams</b> (the one place they are documented; all on {@link #CHANNEL_PROP_NAME}, {@code aeron:ipc} by default):
 * <table>
 *   <caption>Aeron streams of the core</caption>
 *   <tr><th>stream id</th><th>direction</th><th>publishers</th><th>subscriber</th><th>carries</th></tr>
 *   <tr><td>{@code commandStreamBase + s} (1000 + s)</td><td>edge to core, core to core</td>
 *       <td>every edge, every shard</td><td>shard {@code s}'s poller</td>
 *       <td>edge commands routed by {@link CoreRouting#shardOf}, and user shard / guild shard hops</td></tr>
 *   <tr><td>{@code edgeStreamBase + e} (2000 + e)</td><td>core to edge</td><td>every shard</td>
 *       <td>edge {@code e}</td><td>replies, dispatches, subscription changes, READY, GUILD_CREATE</td></tr>
 * </table>
 * Between hosts, set the channel to {@code aeron:udp?endpoint=host:port} on both sides (one endpoint per
 * direction). The term length of IPC publications comes from the channel URI ({@code term-length=8m} by default, so a
 * handful of publications stay well inside this box's memory).
 * <p>
 * Called from the thread that starts the core, before its agents start.
 */
public final class CoreConfiguration
{
    public static final String SHARDS_PROP_NAME = "concord.core.shards";
    public static final int SHARDS_DEFAULT = 1;

    public static final String NODE_ID_PROP_NAME = "concord.core.node.id";
    public static final int NODE_ID_DEFAULT = 0;

    public static final String CHANNEL_PROP_NAME = "concord.core.channel";
    public static final String CHANNEL_DEFAULT = "aeron:ipc?term-length=8m";

    public static final String COMMAND_STREAM_BASE_PROP_NAME = "concord.core.command.stream.base";
    public static final int COMMAND_STREAM_BASE_DEFAULT = 1000;

    public static final String EDGE_STREAM_BASE_PROP_NAME = "concord.core.edge.stream.base";
    public static final int EDGE_STREAM_BASE_DEFAULT = 2000;

    /**
     * Edge ids the core opens publications to at start and sends broadcasts (token revocations) to; other edges are
     * added when they first send a command.
     */
    public static final String EDGES_PROP_NAME = "concord.core.edges";
    public static final String EDGES_DEFAULT = "1";

    public static final String RING_SIZE_PROP_NAME = "concord.core.ring.size";
    public static final int RING_SIZE_DEFAULT = 1024;

    /**
     * Disruptor wait strategy of the shard handler: {@code sleeping} (default profile), {@code yielding},
     * {@code busy-spin} (low-latency profile) or {@code blocking}.
     */
    public static final String RING_WAIT_STRATEGY_PROP_NAME = "concord.core.ring.wait.strategy";

    public static final String IDLE_STRATEGY_PROP_NAME = "concord.core.idle.strategy";

    public static final String MAX_FRAME_LENGTH_PROP_NAME = "concord.core.max.frame.length";
    public static final int MAX_FRAME_LENGTH_DEFAULT = 16 * 1024;

    public static final String PENDING_OPS_PROP_NAME = "concord.core.pending.ops";
    public static final int PENDING_OPS_DEFAULT = 1024;

    public static final String OFFER_MAX_RETRIES_PROP_NAME = "concord.core.offer.max.retries";
    public static final int OFFER_MAX_RETRIES_DEFAULT = 10_000;

    /**
     * Presence coalescing window per user: at most one PRESENCE_UPDATE per window, carrying the latest state.
     * 0 turns coalescing off.
     */
    public static final String PRESENCE_WINDOW_MS_PROP_NAME = "concord.core.presence.window.ms";
    public static final long PRESENCE_WINDOW_MS_DEFAULT = 1_000;

    /**
     * How long one TYPING_START lasts: a repeat by the same user in the same channel inside it is not fanned out.
     */
    public static final String TYPING_TTL_MS_PROP_NAME = "concord.core.typing.ttl.ms";
    public static final long TYPING_TTL_MS_DEFAULT = 10_000;

    /**
     * How often an idle shard is woken to fire its timers (presence windows, typing expiry).
     */
    public static final String TIMER_TICK_MS_PROP_NAME = "concord.core.timer.tick.ms";
    public static final long TIMER_TICK_MS_DEFAULT = 10;

    public static final String FRAGMENT_LIMIT_PROP_NAME = "concord.core.fragment.limit";
    public static final int FRAGMENT_LIMIT_DEFAULT = 64;

    /**
     * Where shard metadata lives ({@code <dir>/core/shard-<n>/metadata.dat}); unset keeps metadata in memory only.
     */
    public static final String DATA_DIR_PROP_NAME = "concord.core.data.dir";

    public static final String METADATA_ENTRIES_PROP_NAME = "concord.core.metadata.entries";
    public static final long METADATA_ENTRIES_DEFAULT = 200_000;

    private CoreConfiguration()
    {
    }

    /**
     * Resolved, validated settings.
     */
    public static final class Context
    {
        private int shards = Integer.getInteger(SHARDS_PROP_NAME, SHARDS_DEFAULT);
        private int nodeId = Integer.getInteger(NODE_ID_PROP_NAME, NODE_ID_DEFAULT);
        private String channel = System.getProperty(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
        private int commandStreamBase = Integer.getInteger(COMMAND_STREAM_BASE_PROP_NAME, COMMAND_STREAM_BASE_DEFAULT);
        private int edgeStreamBase = Integer.getInteger(EDGE_STREAM_BASE_PROP_NAME, EDGE_STREAM_BASE_DEFAULT);
        private int[] edges = parseEdges(System.getProperty(EDGES_PROP_NAME, EDGES_DEFAULT));
        private int ringSize = Integer.getInteger(RING_SIZE_PROP_NAME, RING_SIZE_DEFAULT);
        private String ringWaitStrategy = System.getProperty(RING_WAIT_STRATEGY_PROP_NAME);
        private int maxFrameLength = Integer.getInteger(MAX_FRAME_LENGTH_PROP_NAME, MAX_FRAME_LENGTH_DEFAULT);
        private int pendingOps = Integer.getInteger(PENDING_OPS_PROP_NAME, PENDING_OPS_DEFAULT);
        private int offerMaxRetries = Integer.getInteger(OFFER_MAX_RETRIES_PROP_NAME, OFFER_MAX_RETRIES_DEFAULT);
        private int fragmentLimit = Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
        private long presenceWindowMs = Long.getLong(PRESENCE_WINDOW_MS_PROP_NAME, PRESENCE_WINDOW_MS_DEFAULT);
        private long typingTtlMs = Long.getLong(TYPING_TTL_MS_PROP_NAME, TYPING_TTL_MS_DEFAULT);
        private long timerTickMs = Long.getLong(TIMER_TICK_MS_PROP_NAME, TIMER_TICK_MS_DEFAULT);
        private Path dataDir = null == System.getProperty(DATA_DIR_PROP_NAME) ?
            null : Paths.get(System.getProperty(DATA_DIR_PROP_NAME));
        private long metadataEntries = Long.getLong(METADATA_ENTRIES_PROP_NAME, METADATA_ENTRIES_DEFAULT);

        /**
         * Checks every setting once.
         *
         * @return this.
         * @throws IllegalArgumentException naming the property and the accepted range.
         */
        public Context conclude()
        {
            require(shards >= 1 && shards <= CoreRouting.MAX_SHARDS, SHARDS_PROP_NAME, shards,
                "1.." + CoreRouting.MAX_SHARDS);
            require(nodeId >= 0 && nodeId < CoreRouting.MAX_NODES, NODE_ID_PROP_NAME, nodeId,
                "0.." + (CoreRouting.MAX_NODES - 1));
            require(channel.startsWith("aeron:"), CHANNEL_PROP_NAME, channel, "an aeron: channel URI");
            require(BitUtil.isPowerOfTwo(ringSize) && ringSize >= 16, RING_SIZE_PROP_NAME, ringSize,
                "a power of two >= 16");
            require(maxFrameLength >= 1024 && maxFrameLength <= 1 << 20, MAX_FRAME_LENGTH_PROP_NAME, maxFrameLength,
                "1 KiB..1 MiB");
            require(pendingOps >= 1 && pendingOps <= 0xFFFF, PENDING_OPS_PROP_NAME, pendingOps, "1..65535");
            require(offerMaxRetries >= 0, OFFER_MAX_RETRIES_PROP_NAME, offerMaxRetries, ">= 0");
            require(fragmentLimit >= 1, FRAGMENT_LIMIT_PROP_NAME, fragmentLimit, ">= 1");
            require(presenceWindowMs >= 0 && presenceWindowMs <= 60_000, PRESENCE_WINDOW_MS_PROP_NAME,
                presenceWindowMs, "0..60000");
            require(typingTtlMs >= 1_000 && typingTtlMs <= 60_000, TYPING_TTL_MS_PROP_NAME, typingTtlMs,
                "1000..60000");
            require(timerTickMs >= 1 && timerTickMs <= 1_000, TIMER_TICK_MS_PROP_NAME, timerTickMs, "1..1000");
            require(metadataEntries >= 1000, METADATA_ENTRIES_PROP_NAME, metadataEntries, ">= 1000");
            require(commandStreamBase + CoreRouting.MAX_SHARDS <= edgeStreamBase ||
                edgeStreamBase + 1000 <= commandStreamBase, COMMAND_STREAM_BASE_PROP_NAME, commandStreamBase,
                "a range not overlapping " + EDGE_STREAM_BASE_PROP_NAME);
            newWaitStrategy();
            CommonConfiguration.idleStrategyName(IDLE_STRATEGY_PROP_NAME);
            return this;
        }

        private static void require(final boolean ok, final String name, final Object value, final String expected)
        {
            if (!ok)
            {
                throw new IllegalArgumentException(name + " must be " + expected + ", was '" + value + "'");
            }
        }

        private static int[] parseEdges(final String value)
        {
            try
            {
                return value.isBlank() ? new int[0] :
                    Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(
                    EDGES_PROP_NAME + " must be a comma separated list of edge ids, was '" + value + "'", ex);
            }
        }

        /**
         * @return a new wait strategy for one shard handler, as configured (or as the profile implies).
         */
        public WaitStrategy newWaitStrategy()
        {
            final boolean lowLatency = CommonConfiguration.PROFILE_LOW_LATENCY.equals(CommonConfiguration.profile());
            final String name = null != ringWaitStrategy ? ringWaitStrategy : lowLatency ? "busy-spin" : "sleeping";
            switch (name)
            {
                case "sleeping":
                    return new SleepingWaitStrategy(200, 100_000);
                case "yielding":
                    return new YieldingWaitStrategy();
                case "busy-spin":
                    return new BusySpinWaitStrategy();
                case "blocking":
                    return new BlockingWaitStrategy();
                default:
                    throw new IllegalArgumentException(RING_WAIT_STRATEGY_PROP_NAME +
                        " must be sleeping, yielding, busy-spin or blocking, was '" + name + "'");
            }
        }

        public int shards()
        {
            return shards;
        }

        public Context shards(final int shards)
        {
            this.shards = shards;
            return this;
        }

        public int nodeId()
        {
            return nodeId;
        }

        public Context nodeId(final int nodeId)
        {
            this.nodeId = nodeId;
            return this;
        }

        public String channel()
        {
            return channel;
        }

        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        public int commandStreamBase()
        {
            return commandStreamBase;
        }

        public Context commandStreamBase(final int commandStreamBase)
        {
            this.commandStreamBase = commandStreamBase;
            return this;
        }

        public int edgeStreamBase()
        {
            return edgeStreamBase;
        }

        public Context edgeStreamBase(final int edgeStreamBase)
        {
            this.edgeStreamBase = edgeStreamBase;
            return this;
        }

        public int[] edges()
        {
            return edges.clone();
        }

        public Context edges(final int... edges)
        {
            this.edges = edges.clone();
            return this;
        }

        public int ringSize()
        {
            return ringSize;
        }

        public Context ringSize(final int ringSize)
        {
            this.ringSize = ringSize;
            return this;
        }

        public Context ringWaitStrategy(final String ringWaitStrategy)
        {
            this.ringWaitStrategy = ringWaitStrategy;
            return this;
        }

        public int maxFrameLength()
        {
            return maxFrameLength;
        }

        public Context maxFrameLength(final int maxFrameLength)
        {
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        public int pendingOps()
        {
            return pendingOps;
        }

        public Context pendingOps(final int pendingOps)
        {
            this.pendingOps = pendingOps;
            return this;
        }

        public int offerMaxRetries()
        {
            return offerMaxRetries;
        }

        public Context offerMaxRetries(final int offerMaxRetries)
        {
            this.offerMaxRetries = offerMaxRetries;
            return this;
        }

        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        public long presenceWindowMs()
        {
            return presenceWindowMs;
        }

        public Context presenceWindowMs(final long presenceWindowMs)
        {
            this.presenceWindowMs = presenceWindowMs;
            return this;
        }

        public long typingTtlMs()
        {
            return typingTtlMs;
        }

        public Context typingTtlMs(final long typingTtlMs)
        {
            this.typingTtlMs = typingTtlMs;
            return this;
        }

        public long timerTickMs()
        {
            return timerTickMs;
        }

        public Context timerTickMs(final long timerTickMs)
        {
            this.timerTickMs = timerTickMs;
            return this;
        }

        /**
         * @return the data dir, or null to keep metadata in memory only.
         */
        public Path dataDir()
        {
            return dataDir;
        }

        public Context dataDir(final Path dataDir)
        {
            this.dataDir = dataDir;
            return this;
        }

        public long metadataEntries()
        {
            return metadataEntries;
        }

        public Context metadataEntries(final long metadataEntries)
        {
            this.metadataEntries = metadataEntries;
            return this;
        }
    }
}
