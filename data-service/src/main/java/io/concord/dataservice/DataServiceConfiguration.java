package io.concord.dataservice;

import io.concord.common.CommonConfiguration;
import org.agrona.BitUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Settings of the data service: {@code concord.dataservice.*} system properties with their defaults, resolved into
 * a {@link Context} that {@link Context#conclude()} checks once. Read on the thread that builds the service.
 */
public final class DataServiceConfiguration
{
    /**
     * Idle strategy of the data service agent.
     */
    public static final String IDLE_STRATEGY_PROP_NAME = "concord.dataservice.idle.strategy";

    /**
     * Whether identical in-flight reads share one storage read. Off, with the cache off, is the benchmark's
     * baseline twin.
     */
    public static final String COALESCING_ENABLED_PROP_NAME = "concord.dataservice.coalescing.enabled";
    public static final boolean COALESCING_ENABLED_DEFAULT = true;

    /**
     * Whether the newest page of active channels is cached (write-through).
     */
    public static final String CACHE_ENABLED_PROP_NAME = "concord.dataservice.cache.enabled";
    public static final boolean CACHE_ENABLED_DEFAULT = true;

    /**
     * Budget of the hot-page cache: record bytes plus 12 bytes per message; the least recently used channels are
     * evicted beyond it.
     */
    public static final String CACHE_BYTES_PROP_NAME = "concord.dataservice.cache.bytes";
    public static final long CACHE_BYTES_DEFAULT = 64L * 1024 * 1024;

    /**
     * Most channels with a cached page.
     */
    public static final String CACHE_CHANNELS_PROP_NAME = "concord.dataservice.cache.channels";
    public static final int CACHE_CHANNELS_DEFAULT = 4096;

    /**
     * Messages in a cached page; a LATEST read of up to this many is served from (and fills) the page.
     */
    public static final String CACHE_PAGE_MESSAGES_PROP_NAME = "concord.dataservice.cache.page.messages";
    public static final int CACHE_PAGE_MESSAGES_DEFAULT = HistoryDirection.MAX_LIMIT;

    /**
     * Most storage reads in flight at once; beyond it requests that need a new read get OVERLOADED.
     */
    public static final String INFLIGHT_READS_PROP_NAME = "concord.dataservice.inflight.reads";
    public static final int INFLIGHT_READS_DEFAULT = 256;

    /**
     * Most requests waiting on one in-flight read.
     */
    public static final String WAITERS_PER_KEY_PROP_NAME = "concord.dataservice.waiters.per.key";
    public static final int WAITERS_PER_KEY_DEFAULT = 16 * 1024;

    /**
     * Most requests waiting on storage in total.
     */
    public static final String WAITERS_PROP_NAME = "concord.dataservice.waiters";
    public static final int WAITERS_DEFAULT = 64 * 1024;

    /**
     * Writes to a channel remembered per in-flight read, to patch its result for read-your-writes; a read that
     * sees more is re-issued instead.
     */
    public static final String WRITE_LOG_ENTRIES_PROP_NAME = "concord.dataservice.write.log.entries";
    public static final int WRITE_LOG_ENTRIES_DEFAULT = 256;

    /**
     * Re-issues of one read (after write-log overflow, invalidation, or deletes that leave a page short) before
     * its waiters get OVERLOADED.
     */
    public static final String MAX_REISSUES_PROP_NAME = "concord.dataservice.max.reissues";
    public static final int MAX_REISSUES_DEFAULT = 4;

    /**
     * Largest message record; larger records in write-through notifications invalidate the channel instead, and
     * storage pages holding larger records are refused.
     */
    public static final String MAX_MESSAGE_BYTES_PROP_NAME = "concord.dataservice.max.message.bytes";
    public static final int MAX_MESSAGE_BYTES_DEFAULT = 16 * 1024;

    /**
     * Capacity of the request ring (core to data service), a power of two.
     */
    public static final String REQUEST_RING_BYTES_PROP_NAME = "concord.dataservice.request.ring.bytes";
    public static final int REQUEST_RING_BYTES_DEFAULT = 1024 * 1024;

    /**
     * Capacity of the write-through ring (message path to data service), a power of two.
     */
    public static final String WRITE_RING_BYTES_PROP_NAME = "concord.dataservice.write.ring.bytes";
    public static final int WRITE_RING_BYTES_DEFAULT = 4 * 1024 * 1024;

    /**
     * Capacity of the completion ring (data service to core), a power of two; an eighth of it must hold a full page.
     */
    public static final String COMPLETION_RING_BYTES_PROP_NAME = "concord.dataservice.completion.ring.bytes";
    public static final int COMPLETION_RING_BYTES_DEFAULT = 16 * 1024 * 1024;

    /**
     * How long a storage read may take before its waiters get TIMEOUT.
     */
    public static final String READ_TIMEOUT_MS_PROP_NAME = "concord.dataservice.read.timeout.ms";
    public static final long READ_TIMEOUT_MS_DEFAULT = 5000;

    private DataServiceConfiguration()
    {
    }

    /**
     * The resolved settings of one data service. Setters return {@code this}; {@link #conclude()} validates.
     */
    public static final class Context
    {
        private boolean coalescingEnabled = Boolean.parseBoolean(
            System.getProperty(COALESCING_ENABLED_PROP_NAME, Boolean.toString(COALESCING_ENABLED_DEFAULT)));
        private boolean cacheEnabled = Boolean.parseBoolean(
            System.getProperty(CACHE_ENABLED_PROP_NAME, Boolean.toString(CACHE_ENABLED_DEFAULT)));
        private long cacheBytes = Long.getLong(CACHE_BYTES_PROP_NAME, CACHE_BYTES_DEFAULT);
        private int cacheChannels = Integer.getInteger(CACHE_CHANNELS_PROP_NAME, CACHE_CHANNELS_DEFAULT);
        private int cachePageMessages = Integer.getInteger(CACHE_PAGE_MESSAGES_PROP_NAME, CACHE_PAGE_MESSAGES_DEFAULT);
        private int inFlightReads = Integer.getInteger(INFLIGHT_READS_PROP_NAME, INFLIGHT_READS_DEFAULT);
        private int waitersPerKey = Integer.getInteger(WAITERS_PER_KEY_PROP_NAME, WAITERS_PER_KEY_DEFAULT);
        private int waiters = Integer.getInteger(WAITERS_PROP_NAME, WAITERS_DEFAULT);
        private int writeLogEntries = Integer.getInteger(WRITE_LOG_ENTRIES_PROP_NAME, WRITE_LOG_ENTRIES_DEFAULT);
        private int maxReissues = Integer.getInteger(MAX_REISSUES_PROP_NAME, MAX_REISSUES_DEFAULT);
        private int maxMessageBytes = Integer.getInteger(MAX_MESSAGE_BYTES_PROP_NAME, MAX_MESSAGE_BYTES_DEFAULT);
        private int requestRingBytes = Integer.getInteger(REQUEST_RING_BYTES_PROP_NAME, REQUEST_RING_BYTES_DEFAULT);
        private int writeRingBytes = Integer.getInteger(WRITE_RING_BYTES_PROP_NAME, WRITE_RING_BYTES_DEFAULT);
        private int completionRingBytes = Integer.getInteger(
            COMPLETION_RING_BYTES_PROP_NAME, COMPLETION_RING_BYTES_DEFAULT);
        private long readTimeoutMs = Long.getLong(READ_TIMEOUT_MS_PROP_NAME, READ_TIMEOUT_MS_DEFAULT);
        private NanoClock nanoClock;
        private IdleStrategy idleStrategy;

        /**
         * Checks every setting and fills in the clock and idle strategy when not set.
         *
         * @return this.
         * @throws IllegalArgumentException naming the property and the accepted range.
         */
        public Context conclude()
        {
            requireRange(CACHE_BYTES_PROP_NAME, cacheBytes, 0, Long.MAX_VALUE);
            requireRange(CACHE_CHANNELS_PROP_NAME, cacheChannels, 1, 1 << 24);
            requireRange(CACHE_PAGE_MESSAGES_PROP_NAME, cachePageMessages, 1, HistoryDirection.MAX_LIMIT);
            requireRange(INFLIGHT_READS_PROP_NAME, inFlightReads, 1, 1 << 20);
            requireRange(WAITERS_PROP_NAME, waiters, 1, 1 << 26);
            requireRange(WAITERS_PER_KEY_PROP_NAME, waitersPerKey, 1, waiters);
            requireRange(WRITE_LOG_ENTRIES_PROP_NAME, writeLogEntries, 0, 1 << 20);
            requireRange(MAX_REISSUES_PROP_NAME, maxReissues, 0, 1000);
            requireRange(MAX_MESSAGE_BYTES_PROP_NAME, maxMessageBytes, 1, 1 << 24);
            requireRange(READ_TIMEOUT_MS_PROP_NAME, readTimeoutMs, 1, Long.MAX_VALUE / 1_000_000);
            requirePowerOfTwo(REQUEST_RING_BYTES_PROP_NAME, requestRingBytes, RequestDescriptor.LENGTH);
            requirePowerOfTwo(WRITE_RING_BYTES_PROP_NAME, writeRingBytes,
                WriteDescriptor.RECORD_OFFSET + maxMessageBytes);
            requirePowerOfTwo(COMPLETION_RING_BYTES_PROP_NAME, completionRingBytes,
                CompletionDescriptor.PAGE_OFFSET +
                HistoryPageDescriptor.maxEncodedLength(HistoryDirection.MAX_LIMIT, maxMessageBytes));

            if (null == nanoClock)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            if (null == idleStrategy)
            {
                idleStrategy = CommonConfiguration.newIdleStrategy(IDLE_STRATEGY_PROP_NAME);
            }
            return this;
        }

        private static void requireRange(final String name, final long value, final long min, final long max)
        {
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + "=" + value + " is out of range [" + min + ", " + max + "]");
            }
        }

        private static void requirePowerOfTwo(final String name, final int capacity, final long largestMessage)
        {
            if (!BitUtil.isPowerOfTwo(capacity))
            {
                throw new IllegalArgumentException(name + "=" + capacity + " must be a power of two");
            }
            // Agrona ring buffers accept messages up to an eighth of their capacity, plus a record header.
            if (largestMessage + 8 > capacity / 8)
            {
                throw new IllegalArgumentException(name + "=" + capacity + " is too small: an eighth of it must hold " +
                    (largestMessage + 8) + " bytes (the largest message it carries)");
            }
        }

        public boolean coalescingEnabled()
        {
            return coalescingEnabled;
        }

        public Context coalescingEnabled(final boolean coalescingEnabled)
        {
            this.coalescingEnabled = coalescingEnabled;
            return this;
        }

        public boolean cacheEnabled()
        {
            return cacheEnabled;
        }

        public Context cacheEnabled(final boolean cacheEnabled)
        {
            this.cacheEnabled = cacheEnabled;
            return this;
        }

        public long cacheBytes()
        {
            return cacheBytes;
        }

        public Context cacheBytes(final long cacheBytes)
        {
            this.cacheBytes = cacheBytes;
            return this;
        }

        public int cacheChannels()
        {
            return cacheChannels;
        }

        public Context cacheChannels(final int cacheChannels)
        {
            this.cacheChannels = cacheChannels;
            return this;
        }

        public int cachePageMessages()
        {
            return cachePageMessages;
        }

        public Context cachePageMessages(final int cachePageMessages)
        {
            this.cachePageMessages = cachePageMessages;
            return this;
        }

        public int inFlightReads()
        {
            return inFlightReads;
        }

        public Context inFlightReads(final int inFlightReads)
        {
            this.inFlightReads = inFlightReads;
            return this;
        }

        public int waitersPerKey()
        {
            return waitersPerKey;
        }

        public Context waitersPerKey(final int waitersPerKey)
        {
            this.waitersPerKey = waitersPerKey;
            return this;
        }

        public int waiters()
        {
            return waiters;
        }

        public Context waiters(final int waiters)
        {
            this.waiters = waiters;
            return this;
        }

        public int writeLogEntries()
        {
            return writeLogEntries;
        }

        public Context writeLogEntries(final int writeLogEntries)
        {
            this.writeLogEntries = writeLogEntries;
            return this;
        }

        public int maxReissues()
        {
            return maxReissues;
        }

        public Context maxReissues(final int maxReissues)
        {
            this.maxReissues = maxReissues;
            return this;
        }

        public int maxMessageBytes()
        {
            return maxMessageBytes;
        }

        public Context maxMessageBytes(final int maxMessageBytes)
        {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public int requestRingBytes()
        {
            return requestRingBytes;
        }

        public Context requestRingBytes(final int requestRingBytes)
        {
            this.requestRingBytes = requestRingBytes;
            return this;
        }

        public int writeRingBytes()
        {
            return writeRingBytes;
        }

        public Context writeRingBytes(final int writeRingBytes)
        {
            this.writeRingBytes = writeRingBytes;
            return this;
        }

        public int completionRingBytes()
        {
            return completionRingBytes;
        }

        public Context completionRingBytes(final int completionRingBytes)
        {
            this.completionRingBytes = completionRingBytes;
            return this;
        }

        public long readTimeoutMs()
        {
            return readTimeoutMs;
        }

        public Context readTimeoutMs(final long readTimeoutMs)
        {
            this.readTimeoutMs = readTimeoutMs;
            return this;
        }

        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        public IdleStrategy idleStrategy()
        {
            return idleStrategy;
        }

        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }
    }
}
