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
     * {@code epoll} (Linux native) or {@code nio}. An unavailable native transport falls back to nio, said at start.
     */
    public static final String TRANSPORT_PROP_NAME = "concord.edge.transport";
    public static final String TRANSPORT_DEFAULT = "epoll";

    /**
     * Largest HTTP request body accepted; larger ones get 413.
     */
    public static final String MAX_HTTP_BODY_BYTES_PROP_NAME = "concord.edge.max.http.body.bytes";
    public static final int MAX_HTTP_BODY_BYTES_DEFAULT = 1024 * 1024;

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
            if (!"epoll".equals(transport) && !"nio".equals(transport))
            {
                throw new IllegalArgumentException(
                    TRANSPORT_PROP_NAME + " must be epoll or nio, was '" + transport + "'");
            }
            if (maxHttpBodyBytes < 1024)
            {
                throw new IllegalArgumentException(
                    MAX_HTTP_BODY_BYTES_PROP_NAME + " must be >= 1024, was " + maxHttpBodyBytes);
            }
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
    }
}
