package io.concord.edge.rest;

import org.agrona.concurrent.EpochClock;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord-style fixed-window rate limits for one edge: per route bucket and major parameter per user, and a global
 * limit per user across all routes. A window opens with a user's first request and resets {@code windowMs} later,
 * which is what the {@code X-RateLimit-Reset} headers promise clients.
 * <p>
 * Called concurrently from every event loop: each window is one {@link AtomicLong} updated by compare-and-set
 * (reset time and count packed together), so there are no locks. {@link #evictExpired()} drops windows that have
 * ended; call it periodically from one thread.
 */
public final class RateLimiter
{
    private static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final EpochClock clock;
    private final RateLimitBucket globalBucket;
    private final ConcurrentHashMap<WindowKey, AtomicLong> windows = new ConcurrentHashMap<>();

    /**
     * @param clock        time source (injected for tests).
     * @param globalBucket the per-user limit across all routes, e.g. 50 per second.
     */
    public RateLimiter(final EpochClock clock, final RateLimitBucket globalBucket)
    {
        if (globalBucket.limit() > COUNT_MASK)
        {
            throw new IllegalArgumentException("limit too large: " + globalBucket.limit());
        }
        this.clock = clock;
        this.globalBucket = globalBucket;
    }

    /**
     * Counts one request against the global limit and the route's bucket.
     *
     * @param bucket   the route's bucket.
     * @param majorId  the major parameter (channel or guild id), or 0 for routes without one.
     * @param userId   the authenticated user, or a stand-in for the client address when unauthenticated.
     * @param decision filled with the outcome.
     */
    public void tryAcquire(
        final RateLimitBucket bucket, final long majorId, final long userId, final RateLimitDecision decision)
    {
        final long nowMs = clock.time();
        final long global = acquire(windowOf(globalBucket, 0, userId), globalBucket, nowMs);
        if (global < 0)
        {
            final long resetAtMs = -global;
            decision.deny(globalBucket, true, resetAtMs, resetAtMs - nowMs);
            return;
        }

        final AtomicLong routeWindow = windowOf(bucket, majorId, userId);
        final long route = acquire(routeWindow, bucket, nowMs);
        if (route < 0)
        {
            final long resetAtMs = -route;
            decision.deny(bucket, false, resetAtMs, resetAtMs - nowMs);
            return;
        }
        decision.allow(bucket, bucket.limit() - (int)(route & COUNT_MASK), route >>> COUNT_BITS);
    }

    /**
     * Forgets windows that have already reset.
     *
     * @return how many were removed.
     */
    public int evictExpired()
    {
        final long nowMs = clock.time();
        final int before = windows.size();
        windows.values().removeIf((window) -> (window.get() >>> COUNT_BITS) <= nowMs);
        return before - windows.size();
    }

    /**
     * @return windows currently tracked.
     */
    public int windowCount()
    {
        return windows.size();
    }

    private AtomicLong windowOf(final RateLimitBucket bucket, final long majorId, final long userId)
    {
        return windows.computeIfAbsent(new WindowKey(bucket, majorId, userId), (key) -> new AtomicLong());
    }

    /**
     * @return the packed window (reset time, count including this request) when allowed, else minus its reset time.
     */
    private static long acquire(final AtomicLong window, final RateLimitBucket bucket, final long nowMs)
    {
        while (true)
        {
            final long current = window.get();
            final long resetAtMs = current >>> COUNT_BITS;
            final long next;
            if (resetAtMs <= nowMs)
            {
                next = ((nowMs + bucket.windowMs()) << COUNT_BITS) | 1;
            }
            else
            {
                final long count = current & COUNT_MASK;
                if (count >= bucket.limit())
                {
                    return -resetAtMs;
                }
                next = current + 1;
            }
            if (window.compareAndSet(current, next))
            {
                return next;
            }
        }
    }

    private record WindowKey(RateLimitBucket bucket, long majorId, long userId)
    {
    }
}
