package io.concord.edge;

/**
 * Edge settings, resolved from system properties ({@code concord.edge.*}) into a {@link Context}.
 */
public final class EdgeConfiguration
{
    public static final String HOST_PROP_NAME = "concord.edge.host";
    public static final String HOST_DEFAULT = "0.0.0.0";

    public static final String PORT_PROP_NAME = "concord.edge.port";
    public static final int PORT_DEFAULT = 8080;

    /**
     * Event loop threads; 0 means one per available processor.
     */
    public static final String EVENT_LOOP_THREADS_PROP_NAME = "concord.edge.event.loop.threads";
    public static final int EVENT_LOOP_THREADS_DEFAULT = 0;

    /**
     * {@code io_uring} or {@code epoll} (Linux native), or {@code nio}. An unavailable native transport falls back to
     * the next one (io_uring, then epoll, then nio); {@link EdgeServer#transportName()} says which one runs.
     */
    public static final String TRANSPORT_PROP_NAME = "concord.edge.transport";
    public static final String TRANSPORT_DEFAULT = "epoll";

    /**
     * Largest HTTP request body accepted; larger ones get 413.
     */
    public static final String MAX_HTTP_BODY_BYTES_PROP_NAME = "concord.edge.max.http.body.bytes";
    public static final int MAX_HTTP_BODY_BYTES_DEFAULT = 1024 * 1024;

    /**
     * Gateway Hello {@code heartbeat_interval}: clients heartbeat this often.
     */
    public static final String GATEWAY_HEARTBEAT_INTERVAL_MS_PROP_NAME = "concord.edge.gateway.heartbeat.interval.ms";
    public static final long GATEWAY_HEARTBEAT_INTERVAL_MS_DEFAULT = 41_250;

    /**
     * Slack on top of the heartbeat interval before a silent connection is closed as a zombie (close 4009, resumable).
     */
    public static final String GATEWAY_HEARTBEAT_TOLERANCE_MS_PROP_NAME = "concord.edge.gateway.heartbeat.tolerance.ms";
    public static final long GATEWAY_HEARTBEAT_TOLERANCE_MS_DEFAULT = 10_000;

    /**
     * How long a disconnected session stays resumable.
     */
    public static final String GATEWAY_RESUME_WINDOW_MS_PROP_NAME = "concord.edge.gateway.resume.window.ms";
    public static final long GATEWAY_RESUME_WINDOW_MS_DEFAULT = 180_000;

    /**
     * Dispatches kept per session for Resume (a power of two). Entries reference the shared dispatch bodies.
     */
    public static final String GATEWAY_REPLAY_BUFFER_SIZE_PROP_NAME = "concord.edge.gateway.replay.buffer.size";
    public static final int GATEWAY_REPLAY_BUFFER_SIZE_DEFAULT = 256;

    /**
     * Bytes queued towards one client above which it is disconnected as a slow consumer (it may resume).
     */
    public static final String GATEWAY_HIGH_WATER_MARK_BYTES_PROP_NAME = "concord.edge.gateway.high.water.mark.bytes";
    public static final int GATEWAY_HIGH_WATER_MARK_BYTES_DEFAULT = 1024 * 1024;

    /**
     * Client payloads allowed per connection per {@link #GATEWAY_RATE_LIMIT_WINDOW_MS_PROP_NAME}; more closes 4008.
     */
    public static final String GATEWAY_RATE_LIMIT_COMMANDS_PROP_NAME = "concord.edge.gateway.rate.limit.commands";
    public static final int GATEWAY_RATE_LIMIT_COMMANDS_DEFAULT = 120;

    public static final String GATEWAY_RATE_LIMIT_WINDOW_MS_PROP_NAME = "concord.edge.gateway.rate.limit.window.ms";
    public static final long GATEWAY_RATE_LIMIT_WINDOW_MS_DEFAULT = 60_000;

    /**
     * Identifies per user and rate-limit bucket ({@code shard_id % max_concurrency}) per 5 s window: Discord's
     * {@code session_start_limit.max_concurrency}. More gets Invalid Session ({@code d: false}).
     */
    public static final String GATEWAY_IDENTIFY_MAX_CONCURRENCY_PROP_NAME =
        "concord.edge.gateway.identify.max.concurrency";
    public static final int GATEWAY_IDENTIFY_MAX_CONCURRENCY_DEFAULT = 1;

    public static final String GATEWAY_IDENTIFY_WINDOW_MS_PROP_NAME = "concord.edge.gateway.identify.window.ms";
    public static final long GATEWAY_IDENTIFY_WINDOW_MS_DEFAULT = 5_000;

    /**
     * Largest client payload; larger closes 4002 as Discord does.
     */
    public static final String GATEWAY_MAX_PAYLOAD_BYTES_PROP_NAME = "concord.edge.gateway.max.payload.bytes";
    public static final int GATEWAY_MAX_PAYLOAD_BYTES_DEFAULT = 4096;

    /**
     * Guilds a single shard may hold before Identify is refused with 4011 (sharding required).
     */
    public static final String GATEWAY_MAX_GUILDS_PER_SHARD_PROP_NAME = "concord.edge.gateway.max.guilds.per.shard";
    public static final int GATEWAY_MAX_GUILDS_PER_SHARD_DEFAULT = 2500;

    /**
     * Period of the per-event-loop sweep that closes zombies and expires resume windows.
     */
    public static final String GATEWAY_SWEEP_INTERVAL_MS_PROP_NAME = "concord.edge.gateway.sweep.interval.ms";
    public static final long GATEWAY_SWEEP_INTERVAL_MS_DEFAULT = 1_000;

    /**
     * Dispatches held for one session between the first core shard's part of its READY and READY itself (multi-shard
     * cores answer an Identify from several shards); one more closes the connection with 4000 so the client
     * identifies again.
     */
    public static final String GATEWAY_READY_HOLD_DISPATCHES_PROP_NAME = "concord.edge.gateway.ready.hold.dispatches";
    public static final int GATEWAY_READY_HOLD_DISPATCHES_DEFAULT = 1024;

    private EdgeConfiguration()
    {
    }

    /**
     * Resolved edge settings. Build one with {@link #Context()}, adjust, then {@link #conclude()} once before use.
     */
    public static final class Context
    {
        private String host = System.getProperty(HOST_PROP_NAME, HOST_DEFAULT);
        private int port = Integer.getInteger(PORT_PROP_NAME, PORT_DEFAULT);
        private int eventLoopThreads = Integer.getInteger(EVENT_LOOP_THREADS_PROP_NAME, EVENT_LOOP_THREADS_DEFAULT);
        private String transport = System.getProperty(TRANSPORT_PROP_NAME, TRANSPORT_DEFAULT);
        private int maxHttpBodyBytes = Integer.getInteger(MAX_HTTP_BODY_BYTES_PROP_NAME, MAX_HTTP_BODY_BYTES_DEFAULT);
        private long heartbeatIntervalMs = Long.getLong(
            GATEWAY_HEARTBEAT_INTERVAL_MS_PROP_NAME, GATEWAY_HEARTBEAT_INTERVAL_MS_DEFAULT);
        private long heartbeatToleranceMs = Long.getLong(
            GATEWAY_HEARTBEAT_TOLERANCE_MS_PROP_NAME, GATEWAY_HEARTBEAT_TOLERANCE_MS_DEFAULT);
        private long resumeWindowMs = Long.getLong(
            GATEWAY_RESUME_WINDOW_MS_PROP_NAME, GATEWAY_RESUME_WINDOW_MS_DEFAULT);
        private int replayBufferSize = Integer.getInteger(
            GATEWAY_REPLAY_BUFFER_SIZE_PROP_NAME, GATEWAY_REPLAY_BUFFER_SIZE_DEFAULT);
        private int highWaterMarkBytes = Integer.getInteger(
            GATEWAY_HIGH_WATER_MARK_BYTES_PROP_NAME, GATEWAY_HIGH_WATER_MARK_BYTES_DEFAULT);
        private int rateLimitCommands = Integer.getInteger(
            GATEWAY_RATE_LIMIT_COMMANDS_PROP_NAME, GATEWAY_RATE_LIMIT_COMMANDS_DEFAULT);
        private long rateLimitWindowMs = Long.getLong(
            GATEWAY_RATE_LIMIT_WINDOW_MS_PROP_NAME, GATEWAY_RATE_LIMIT_WINDOW_MS_DEFAULT);
        private int identifyMaxConcurrency = Integer.getInteger(
            GATEWAY_IDENTIFY_MAX_CONCURRENCY_PROP_NAME, GATEWAY_IDENTIFY_MAX_CONCURRENCY_DEFAULT);
        private long identifyWindowMs = Long.getLong(
            GATEWAY_IDENTIFY_WINDOW_MS_PROP_NAME, GATEWAY_IDENTIFY_WINDOW_MS_DEFAULT);
        private int maxPayloadBytes = Integer.getInteger(
            GATEWAY_MAX_PAYLOAD_BYTES_PROP_NAME, GATEWAY_MAX_PAYLOAD_BYTES_DEFAULT);
        private int maxGuildsPerShard = Integer.getInteger(
            GATEWAY_MAX_GUILDS_PER_SHARD_PROP_NAME, GATEWAY_MAX_GUILDS_PER_SHARD_DEFAULT);
        private long sweepIntervalMs = Long.getLong(
            GATEWAY_SWEEP_INTERVAL_MS_PROP_NAME, GATEWAY_SWEEP_INTERVAL_MS_DEFAULT);
        private int readyHoldDispatches = Integer.getInteger(
            GATEWAY_READY_HOLD_DISPATCHES_PROP_NAME, GATEWAY_READY_HOLD_DISPATCHES_DEFAULT);

        /**
         * Validates the settings.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public Context conclude()
        {
            if (port < 0 || port > 65535)
            {
                throw new IllegalArgumentException(PORT_PROP_NAME + " must be 0..65535, was " + port);
            }
            if (eventLoopThreads < 0)
            {
                throw new IllegalArgumentException(
                    EVENT_LOOP_THREADS_PROP_NAME + " must be >= 0, was " + eventLoopThreads);
            }
            if (!"io_uring".equals(transport) && !"epoll".equals(transport) && !"nio".equals(transport))
            {
                throw new IllegalArgumentException(
                    TRANSPORT_PROP_NAME + " must be io_uring, epoll or nio, was '" + transport + "'");
            }
            if (maxHttpBodyBytes < 1024)
            {
                throw new IllegalArgumentException(
                    MAX_HTTP_BODY_BYTES_PROP_NAME + " must be >= 1024, was " + maxHttpBodyBytes);
            }
            requirePositive(GATEWAY_HEARTBEAT_INTERVAL_MS_PROP_NAME, heartbeatIntervalMs);
            requireNonNegative(GATEWAY_HEARTBEAT_TOLERANCE_MS_PROP_NAME, heartbeatToleranceMs);
            requireNonNegative(GATEWAY_RESUME_WINDOW_MS_PROP_NAME, resumeWindowMs);
            if (replayBufferSize < 1 || Integer.bitCount(replayBufferSize) != 1)
            {
                throw new IllegalArgumentException(
                    GATEWAY_REPLAY_BUFFER_SIZE_PROP_NAME + " must be a power of two >= 1, was " + replayBufferSize);
            }
            requirePositive(GATEWAY_HIGH_WATER_MARK_BYTES_PROP_NAME, highWaterMarkBytes);
            requirePositive(GATEWAY_RATE_LIMIT_COMMANDS_PROP_NAME, rateLimitCommands);
            requirePositive(GATEWAY_RATE_LIMIT_WINDOW_MS_PROP_NAME, rateLimitWindowMs);
            requirePositive(GATEWAY_IDENTIFY_MAX_CONCURRENCY_PROP_NAME, identifyMaxConcurrency);
            requirePositive(GATEWAY_IDENTIFY_WINDOW_MS_PROP_NAME, identifyWindowMs);
            if (maxPayloadBytes < 256)
            {
                throw new IllegalArgumentException(
                    GATEWAY_MAX_PAYLOAD_BYTES_PROP_NAME + " must be >= 256, was " + maxPayloadBytes);
            }
            requirePositive(GATEWAY_MAX_GUILDS_PER_SHARD_PROP_NAME, maxGuildsPerShard);
            requirePositive(GATEWAY_SWEEP_INTERVAL_MS_PROP_NAME, sweepIntervalMs);
            requirePositive(GATEWAY_READY_HOLD_DISPATCHES_PROP_NAME, readyHoldDispatches);
            return this;
        }

        public String host()
        {
            return host;
        }

        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        public int port()
        {
            return port;
        }

        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        public int eventLoopThreads()
        {
            return eventLoopThreads;
        }

        public Context eventLoopThreads(final int eventLoopThreads)
        {
            this.eventLoopThreads = eventLoopThreads;
            return this;
        }

        public String transport()
        {
            return transport;
        }

        public Context transport(final String transport)
        {
            this.transport = transport;
            return this;
        }

        public int maxHttpBodyBytes()
        {
            return maxHttpBodyBytes;
        }

        public Context maxHttpBodyBytes(final int maxHttpBodyBytes)
        {
            this.maxHttpBodyBytes = maxHttpBodyBytes;
            return this;
        }

        public long heartbeatIntervalMs()
        {
            return heartbeatIntervalMs;
        }

        public Context heartbeatIntervalMs(final long heartbeatIntervalMs)
        {
            this.heartbeatIntervalMs = heartbeatIntervalMs;
            return this;
        }

        public long heartbeatToleranceMs()
        {
            return heartbeatToleranceMs;
        }

        public Context heartbeatToleranceMs(final long heartbeatToleranceMs)
        {
            this.heartbeatToleranceMs = heartbeatToleranceMs;
            return this;
        }

        public long resumeWindowMs()
        {
            return resumeWindowMs;
        }

        public Context resumeWindowMs(final long resumeWindowMs)
        {
            this.resumeWindowMs = resumeWindowMs;
            return this;
        }

        public int replayBufferSize()
        {
            return replayBufferSize;
        }

        public Context replayBufferSize(final int replayBufferSize)
        {
            this.replayBufferSize = replayBufferSize;
            return this;
        }

        public int highWaterMarkBytes()
        {
            return highWaterMarkBytes;
        }

        public Context highWaterMarkBytes(final int highWaterMarkBytes)
        {
            this.highWaterMarkBytes = highWaterMarkBytes;
            return this;
        }

        public int rateLimitCommands()
        {
            return rateLimitCommands;
        }

        public Context rateLimitCommands(final int rateLimitCommands)
        {
            this.rateLimitCommands = rateLimitCommands;
            return this;
        }

        public long rateLimitWindowMs()
        {
            return rateLimitWindowMs;
        }

        public Context rateLimitWindowMs(final long rateLimitWindowMs)
        {
            this.rateLimitWindowMs = rateLimitWindowMs;
            return this;
        }

        public int identifyMaxConcurrency()
        {
            return identifyMaxConcurrency;
        }

        public Context identifyMaxConcurrency(final int identifyMaxConcurrency)
        {
            this.identifyMaxConcurrency = identifyMaxConcurrency;
            return this;
        }

        public long identifyWindowMs()
        {
            return identifyWindowMs;
        }

        public Context identifyWindowMs(final long identifyWindowMs)
        {
            this.identifyWindowMs = identifyWindowMs;
            return this;
        }

        public int maxPayloadBytes()
        {
            return maxPayloadBytes;
        }

        public Context maxPayloadBytes(final int maxPayloadBytes)
        {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public int maxGuildsPerShard()
        {
            return maxGuildsPerShard;
        }

        public Context maxGuildsPerShard(final int maxGuildsPerShard)
        {
            this.maxGuildsPerShard = maxGuildsPerShard;
            return this;
        }

        public long sweepIntervalMs()
        {
            return sweepIntervalMs;
        }

        public Context sweepIntervalMs(final long sweepIntervalMs)
        {
            this.sweepIntervalMs = sweepIntervalMs;
            return this;
        }

        /**
         * @return dispatches held per session until its READY is written.
         */
        public int readyHoldDispatches()
        {
            return readyHoldDispatches;
        }

        public Context readyHoldDispatches(final int readyHoldDispatches)
        {
            this.readyHoldDispatches = readyHoldDispatches;
            return this;
        }

        private static void requirePositive(final String propName, final long value)
        {
            if (value <= 0)
            {
                throw new IllegalArgumentException(propName + " must be > 0, was " + value);
            }
        }

        private static void requireNonNegative(final String propName, final long value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException(propName + " must be >= 0, was " + value);
            }
        }
    }
}
