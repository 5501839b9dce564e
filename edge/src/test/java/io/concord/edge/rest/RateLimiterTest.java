package io.concord.edge.rest;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest
{
    private static final long USER = 42;
    private static final long CHANNEL = 1000;

    private final AtomicLong nowMs = new AtomicLong(1_790_000_000_000L);
    private final RateLimitBucket global = new RateLimitBucket("global", 50, 1_000);
    private final RateLimitBucket messages = new RateLimitBucket("messages", 5, 5_000);
    private final RateLimiter limiter = new RateLimiter(nowMs::get, global);
    private final RateLimitDecision decision = new RateLimitDecision();

    @Test
    void allowsUpToTheLimitThenRefusesUntilReset()
    {
        for (int i = 1; i <= 5; i++)
        {
            limiter.tryAcquire(messages, CHANNEL, USER, decision);
            assertTrue(decision.allowed());
            assertEquals(5 - i, decision.remaining());
            assertEquals(nowMs.get() + 5_000, decision.resetAtMs());
        }

        nowMs.addAndGet(1_200);
        limiter.tryAcquire(messages, CHANNEL, USER, decision);
        assertFalse(decision.allowed());
        assertFalse(decision.global());
        assertSame(messages, decision.bucket());
        assertEquals(3_800, decision.retryAfterMs());

        nowMs.addAndGet(3_800);
        limiter.tryAcquire(messages, CHANNEL, USER, decision);
        assertTrue(decision.allowed());
        assertEquals(4, decision.remaining());
    }

    @Test
    void majorParameterAndUserEachHaveTheirOwnWindow()
    {
        for (int i = 0; i < 5; i++)
        {
            limiter.tryAcquire(messages, CHANNEL, USER, decision);
        }
        limiter.tryAcquire(messages, CHANNEL, USER, decision);
        assertFalse(decision.allowed());

        limiter.tryAcquire(messages, CHANNEL + 1, USER, decision);
        assertTrue(decision.allowed());
        limiter.tryAcquire(messages, CHANNEL, USER + 1, decision);
        assertTrue(decision.allowed());
    }

    @Test
    void globalLimitSpansRoutes()
    {
        final RateLimitBucket roomy = new RateLimitBucket("roomy", 1_000, 1_000);
        for (int i = 0; i < 50; i++)
        {
            limiter.tryAcquire(roomy, i, USER, decision);
            assertTrue(decision.allowed());
        }
        limiter.tryAcquire(roomy, 99, USER, decision);
        assertFalse(decision.allowed());
        assertTrue(decision.global());
        assertEquals(1_000, decision.retryAfterMs());
    }

    @Test
    void expiredWindowsAreEvicted()
    {
        limiter.tryAcquire(messages, CHANNEL, USER, decision);
        assertEquals(2, limiter.windowCount());
        nowMs.addAndGet(1_000);
        assertEquals(1, limiter.evictExpired());
        nowMs.addAndGet(4_000);
        assertEquals(1, limiter.evictExpired());
        assertEquals(0, limiter.windowCount());
    }

    @Test
    void concurrentRequestsNeverExceedTheLimit() throws InterruptedException
    {
        final RateLimitBucket bucket = new RateLimitBucket("race", 1_000, 60_000);
        final RateLimiter roomyGlobal = new RateLimiter(nowMs::get, new RateLimitBucket("global", 1_000_000, 1_000));
        final AtomicLong granted = new AtomicLong();
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() ->
            {
                final RateLimitDecision mine = new RateLimitDecision();
                for (int i = 0; i < 5_000; i++)
                {
                    roomyGlobal.tryAcquire(bucket, CHANNEL, USER, mine);
                    if (mine.allowed())
                    {
                        granted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertEquals(1_000, granted.get());
    }

    @Test
    void badBucketsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new RateLimitBucket("x", 0, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new RateLimitBucket("x", 1, 0));
    }
}
