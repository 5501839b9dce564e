package io.concord.edge.gateway;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Discord's identify concurrency: at most {@code maxConcurrency} identifies per user and bucket
 * ({@code shard_id % maxConcurrency}) per window. Identify is control plane (a handful per session lifetime) shared
 * by every event loop, so a monitor guards the small map; the fan-out path never touches it.
 */
final class IdentifyLimiter
{
    private static final int PURGE_THRESHOLD = 4096;

    private final int maxConcurrency;
    private final long windowMs;
    private final Map<Bucket, long[]> windows = new HashMap<>();
    private long lastPurgeMs = Long.MIN_VALUE;

    /**
     * One rate-limit bucket of one user.
     *
     * @param userId user.
     * @param bucket {@code shard_id % max_concurrency}.
     */
    private record Bucket(long userId, int bucket)
    {
    }

    IdentifyLimiter(final int maxConcurrency, final long windowMs)
    {
        this.maxConcurrency = maxConcurrency;
        this.windowMs = windowMs;
    }

    /**
     * @param userId  who identifies.
     * @param shardId its shard.
     * @param nowMs   current time.
     * @return true when the identify may proceed.
     */
    synchronized boolean tryAcquire(final long userId, final int shardId, final long nowMs)
    {
        // Purge at most once per window so that a burst of distinct users does not rescan the map every time.
        if (windows.size() > PURGE_THRESHOLD && nowMs - lastPurgeMs >= windowMs)
        {
            lastPurgeMs = nowMs;
            purge(nowMs);
        }
        final long[] window = windows.computeIfAbsent(
            new Bucket(userId, shardId % maxConcurrency), (key) -> new long[]{ Long.MIN_VALUE, 0 });
        if (window[0] == Long.MIN_VALUE || nowMs - window[0] >= windowMs)
        {
            window[0] = nowMs;
            window[1] = 1;
            return true;
        }
        if (window[1] >= maxConcurrency)
        {
            return false;
        }
        window[1]++;
        return true;
    }

    private void purge(final long nowMs)
    {
        final Iterator<long[]> iterator = windows.values().iterator();
        while (iterator.hasNext())
        {
            if (nowMs - iterator.next()[0] >= windowMs)
            {
                iterator.remove();
            }
        }
    }
}
