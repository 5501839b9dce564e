package io.concord.edge.http;

import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.core.CommandRouter;
import io.concord.edge.core.CoreRequests;
import io.concord.edge.rest.InvalidRequestLimiter;
import io.concord.edge.rest.PasswordWorkers;
import io.concord.edge.rest.RateLimitBucket;
import io.concord.edge.rest.RateLimiter;
import io.concord.edge.rest.RestConfiguration;
import io.netty.util.concurrent.FastThreadLocal;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.EpochClock;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the REST routes share: the core link, rate limiter, the token verifier (shared with the gateway, so
 * revocations the core announces apply to both), the password workers, and per-event-loop scratch. Built once by
 * the edge's composition root and shared by every event loop; {@link #close()} stops the password workers.
 */
public final class RestApi implements AutoCloseable
{
    private static final int EVICT_EVERY_REQUESTS = 4096;

    private final RestConfiguration.Context ctx;
    private final CoreRequests core;
    private final EpochClock clock;
    private final RateLimiter rateLimiter;
    private final InvalidRequestLimiter invalidRequests;
    private final TokenVerifier tokens;
    private final PasswordWorkers passwordWorkers;
    private final EnumMap<RestRoute, RateLimitBucket> buckets = new EnumMap<>(RestRoute.class);
    private final AtomicLong requests = new AtomicLong();
    private final FastThreadLocal<ExpandableDirectByteBuffer> commandBuffer = new FastThreadLocal<>()
    {
        protected ExpandableDirectByteBuffer initialValue()
        {
            return new ExpandableDirectByteBuffer(4096);
        }
    };
    private volatile int gatewayMaxConcurrency = 1;
    private volatile CommandRouter router = (buffer, offset) -> 0;

    /**
     * @param ctx      concluded REST settings.
     * @param core     request/reply link to the core.
     * @param tokens   verifies and issues tokens; the core link feeds it {@code TokensRevoked}.
     * @param clock    time source for tokens and rate limits.
     */
    public RestApi(
        final RestConfiguration.Context ctx,
        final CoreRequests core,
        final TokenVerifier tokens,
        final EpochClock clock)
    {
        this.ctx = ctx;
        this.core = core;
        this.clock = clock;
        this.tokens = tokens;
        this.rateLimiter = new RateLimiter(clock, ctx.bucket(RestConfiguration.GLOBAL_BUCKET));
        this.invalidRequests = ctx.newInvalidRequestLimiter();
        for (final RestRoute route : RestRoute.values())
        {
            buckets.put(route, ctx.bucket(route.bucketName()));
        }
        this.passwordWorkers = new PasswordWorkers(ctx);
    }

    /**
     * @param maxConcurrency the gateway's identify {@code max_concurrency}, reported by {@code GET /gateway/bot}.
     */
    public void gatewayMaxConcurrency(final int maxConcurrency)
    {
        this.gatewayMaxConcurrency = maxConcurrency;
    }

    /**
     * Lets routes answer "unknown channel/guild/invite/user" at once for ids no core shard can own (the core's
     * routing rule, as the core link uses it), instead of a 503 from the link refusing the command.
     *
     * @param router the core's command routing.
     */
    public void commandRouter(final CommandRouter router)
    {
        this.router = router;
    }

    CommandRouter router()
    {
        return router;
    }

    int gatewayMaxConcurrency()
    {
        return gatewayMaxConcurrency;
    }

    RestConfiguration.Context ctx()
    {
        return ctx;
    }

    CoreRequests core()
    {
        return core;
    }

    EpochClock clock()
    {
        return clock;
    }

    RateLimiter rateLimiter()
    {
        return rateLimiter;
    }

    InvalidRequestLimiter invalidRequests()
    {
        return invalidRequests;
    }

    TokenVerifier tokens()
    {
        return tokens;
    }

    PasswordWorkers passwordWorkers()
    {
        return passwordWorkers;
    }

    RateLimitBucket bucket(final RestRoute route)
    {
        return buckets.get(route);
    }

    ExpandableDirectByteBuffer commandBuffer()
    {
        return commandBuffer.get();
    }

    /**
     * Counts a request and, every few thousand, drops rate-limit windows that have ended.
     */
    void onRequest()
    {
        if (requests.incrementAndGet() % EVICT_EVERY_REQUESTS == 0)
        {
            rateLimiter.evictExpired();
        }
    }

    public void close()
    {
        passwordWorkers.close();
    }
}
