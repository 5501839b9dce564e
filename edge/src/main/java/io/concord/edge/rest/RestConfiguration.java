package io.concord.edge.rest;

import io.concord.edge.auth.PasswordHasher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * REST v10 settings of the edge, resolved from system properties ({@code concord.edge.rest.*}) into a
 * {@link Context}. Kept apart from {@code EdgeConfiguration} (the gateway's) so the two can evolve independently;
 * both are read by the edge's composition root.
 * <p>
 * Rate-limit buckets are set with {@code concord.edge.rest.rate.limit.<bucket>=<limit>/<windowMs>}, e.g.
 * {@code concord.edge.rest.rate.limit.messages.post=5/5000}; the buckets are listed in {@link #BUCKET_DEFAULTS}.
 */
public final class RestConfiguration
{
    /**
     * How long a REST request waits for the core before it is answered 503.
     */
    public static final String REQUEST_TIMEOUT_MS_PROP_NAME = "concord.edge.rest.request.timeout.ms";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

    /**
     * Threads hashing and verifying passwords (PBKDF2 is CPU-heavy by design, so never on an event loop).
     */
    public static final String PASSWORD_THREADS_PROP_NAME = "concord.edge.rest.password.threads";
    public static final int PASSWORD_THREADS_DEFAULT = 1;

    /**
     * Password hashes queued at most; register/login beyond that get 503 at once.
     */
    public static final String PASSWORD_QUEUE_PROP_NAME = "concord.edge.rest.password.queue";
    public static final int PASSWORD_QUEUE_DEFAULT = 64;

    /**
     * Responses with status 401, 403 or 429 one client address may get per window before it is banned; 0 disables.
     */
    public static final String INVALID_REQUEST_LIMIT_PROP_NAME = "concord.edge.rest.invalid.request.limit";
    public static final long INVALID_REQUEST_LIMIT_DEFAULT = 10_000;

    /**
     * Window of the invalid-request limit (Discord: 10 minutes).
     */
    public static final String INVALID_REQUEST_WINDOW_MS_PROP_NAME = "concord.edge.rest.invalid.request.window.ms";
    public static final long INVALID_REQUEST_WINDOW_MS_DEFAULT = 600_000;

    /**
     * How long an address over the invalid-request limit gets only 429s.
     */
    public static final String INVALID_REQUEST_BAN_MS_PROP_NAME = "concord.edge.rest.invalid.request.ban.ms";
    public static final long INVALID_REQUEST_BAN_MS_DEFAULT = 600_000;

    /**
     * PBKDF2 iterations for new password hashes.
     */
    public static final String PASSWORD_ITERATIONS_PROP_NAME = "concord.edge.rest.password.iterations";
    public static final int PASSWORD_ITERATIONS_DEFAULT = PasswordHasher.DEFAULT_ITERATIONS;

    /**
     * Prefix of the rate-limit bucket properties.
     */
    public static final String RATE_LIMIT_PROP_PREFIX = "concord.edge.rest.rate.limit.";

    /**
     * Bucket of the per-user limit across all routes.
     */
    public static final String GLOBAL_BUCKET = "global";

    /**
     * Every bucket with its default {@code limit/windowMs}. Routes name their bucket; limits apply per user (per
     * client address before authentication) and per major parameter (channel or guild id).
     */
    public static final Map<String, String> BUCKET_DEFAULTS = bucketDefaults();

    private RestConfiguration()
    {
    }

    private static Map<String, String> bucketDefaults()
    {
        final Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(GLOBAL_BUCKET, "50/1000");
        defaults.put("auth", "10/60000");
        defaults.put("gateway", "20/5000");
        defaults.put("users", "20/5000");
        defaults.put("guilds", "20/5000");
        defaults.put("guilds.create", "10/60000");
        defaults.put("channels", "20/5000");
        defaults.put("overwrites", "20/10000");
        defaults.put("messages", "30/5000");
        defaults.put("messages.post", "5/5000");
        defaults.put("messages.bulk", "5/10000");
        defaults.put("typing", "5/5000");
        defaults.put("invites", "10/10000");
        defaults.put("members", "10/10000");
        defaults.put("roles", "10/10000");
        return Map.copyOf(defaults);
    }

    /**
     * Resolved REST settings. Build one, adjust, then {@link #conclude()} once before use.
     */
    public static final class Context
    {
        private long requestTimeoutMs = Long.getLong(REQUEST_TIMEOUT_MS_PROP_NAME, REQUEST_TIMEOUT_MS_DEFAULT);
        private int passwordThreads = Integer.getInteger(PASSWORD_THREADS_PROP_NAME, PASSWORD_THREADS_DEFAULT);
        private int passwordQueue = Integer.getInteger(PASSWORD_QUEUE_PROP_NAME, PASSWORD_QUEUE_DEFAULT);
        private int passwordIterations = Integer.getInteger(
            PASSWORD_ITERATIONS_PROP_NAME, PASSWORD_ITERATIONS_DEFAULT);
        private long invalidRequestLimit = Long.getLong(
            INVALID_REQUEST_LIMIT_PROP_NAME, INVALID_REQUEST_LIMIT_DEFAULT);
        private long invalidRequestWindowMs = Long.getLong(
            INVALID_REQUEST_WINDOW_MS_PROP_NAME, INVALID_REQUEST_WINDOW_MS_DEFAULT);
        private long invalidRequestBanMs = Long.getLong(
            INVALID_REQUEST_BAN_MS_PROP_NAME, INVALID_REQUEST_BAN_MS_DEFAULT);
        private final Map<String, String> bucketSpecs = new LinkedHashMap<>();
        private final Map<String, RateLimitBucket> buckets = new LinkedHashMap<>();

        public Context()
        {
            for (final Map.Entry<String, String> entry : BUCKET_DEFAULTS.entrySet())
            {
                bucketSpecs.put(entry.getKey(), System.getProperty(
                    RATE_LIMIT_PROP_PREFIX + entry.getKey(), entry.getValue()));
            }
        }

        /**
         * Validates the settings and builds the buckets.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public Context conclude()
        {
            if (requestTimeoutMs < 1)
            {
                throw new IllegalArgumentException(
                    REQUEST_TIMEOUT_MS_PROP_NAME + " must be >= 1, was " + requestTimeoutMs);
            }
            if (passwordThreads < 1)
            {
                throw new IllegalArgumentException(
                    PASSWORD_THREADS_PROP_NAME + " must be >= 1, was " + passwordThreads);
            }
            if (passwordQueue < 1)
            {
                throw new IllegalArgumentException(PASSWORD_QUEUE_PROP_NAME + " must be >= 1, was " + passwordQueue);
            }
            new PasswordHasher(passwordIterations);
            if (invalidRequestLimit < 0 || invalidRequestWindowMs < 1 || invalidRequestBanMs < 1)
            {
                throw new IllegalArgumentException(INVALID_REQUEST_LIMIT_PROP_NAME + " must be >= 0 (was " +
                    invalidRequestLimit + "), " + INVALID_REQUEST_WINDOW_MS_PROP_NAME + " and " +
                    INVALID_REQUEST_BAN_MS_PROP_NAME + " >= 1 (were " + invalidRequestWindowMs + ", " +
                    invalidRequestBanMs + ")");
            }
            buckets.clear();
            for (final Map.Entry<String, String> entry : bucketSpecs.entrySet())
            {
                buckets.put(entry.getKey(), parseBucket(entry.getKey(), entry.getValue()));
            }
            return this;
        }

        private static RateLimitBucket parseBucket(final String name, final String spec)
        {
            final String propName = RATE_LIMIT_PROP_PREFIX + name;
            final int slash = spec.indexOf('/');
            try
            {
                if (slash > 0)
                {
                    return new RateLimitBucket(name, Integer.parseInt(spec.substring(0, slash).trim()),
                        Long.parseLong(spec.substring(slash + 1).trim()));
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(propName + " must be <limit>/<windowMs> with limit >= 1 and " +
                    "windowMs >= 1, was '" + spec + "'", ex);
            }
            throw new IllegalArgumentException(propName + " must be <limit>/<windowMs>, was '" + spec + "'");
        }

        /**
         * @param name a bucket name from {@link #BUCKET_DEFAULTS}.
         * @return the concluded bucket.
         * @throws IllegalStateException before {@link #conclude()} or for an unknown name.
         */
        public RateLimitBucket bucket(final String name)
        {
            final RateLimitBucket bucket = buckets.get(name);
            if (null == bucket)
            {
                throw new IllegalStateException("no concluded rate-limit bucket '" + name + "'");
            }
            return bucket;
        }

        /**
         * Overrides a bucket before {@link #conclude()}.
         *
         * @param name one of {@link #BUCKET_DEFAULTS}.
         * @param spec {@code limit/windowMs}.
         * @return this.
         */
        public Context bucket(final String name, final String spec)
        {
            if (!BUCKET_DEFAULTS.containsKey(name))
            {
                throw new IllegalArgumentException("unknown rate-limit bucket '" + name + "', known: " +
                    BUCKET_DEFAULTS.keySet());
            }
            bucketSpecs.put(name, spec);
            return this;
        }

        /**
         * @return a limiter over the invalid-request settings.
         */
        public InvalidRequestLimiter newInvalidRequestLimiter()
        {
            return new InvalidRequestLimiter(invalidRequestLimit, invalidRequestWindowMs, invalidRequestBanMs);
        }

        /**
         * Overrides the invalid-request limit before {@link #conclude()}.
         *
         * @param limit    responses with 401/403/429 per window per address; 0 disables.
         * @param windowMs window length.
         * @param banMs    ban length.
         * @return this.
         */
        public Context invalidRequestLimit(final long limit, final long windowMs, final long banMs)
        {
            this.invalidRequestLimit = limit;
            this.invalidRequestWindowMs = windowMs;
            this.invalidRequestBanMs = banMs;
            return this;
        }

        public long requestTimeoutMs()
        {
            return requestTimeoutMs;
        }

        public Context requestTimeoutMs(final long requestTimeoutMs)
        {
            this.requestTimeoutMs = requestTimeoutMs;
            return this;
        }

        public int passwordThreads()
        {
            return passwordThreads;
        }

        public Context passwordThreads(final int passwordThreads)
        {
            this.passwordThreads = passwordThreads;
            return this;
        }

        public int passwordQueue()
        {
            return passwordQueue;
        }

        public Context passwordQueue(final int passwordQueue)
        {
            this.passwordQueue = passwordQueue;
            return this;
        }

        public int passwordIterations()
        {
            return passwordIterations;
        }

        public Context passwordIterations(final int passwordIterations)
        {
            this.passwordIterations = passwordIterations;
            return this;
        }
    }
}
