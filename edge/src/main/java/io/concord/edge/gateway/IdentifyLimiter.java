package io.concord.edge.gateway;

import org.agrona.collections.Long2LongHashMap;

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
    private final Long2LongHashMap windowStartByKey = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap countByKey = new Long2LongHashMap(0);
    private long lastPurgeMs = Long.MIN_VALUE;

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
        if (windowStartByKey.size() > PURGE_THRESHOLD && nowMs - lastPurgeMs >= windowMs)
        {
            lastPurgeMs = nowMs;
            purge(nowMs);
        }
        final long key = userId * 31 + (shardId % maxConcurrency);
        final long windowStart = windowStartByKey.get(key);
        if (windowStart == Long.MIN_VALUE || nowMs - windowStart >= windowMs)
        {
            windowStartByKey.put(key, nowMs);
            countByKey.put(key, 1);
            return true;
        }
        final long count = countByKey.get(key);
        if (count >= maxConcurrency)
        {
            return false;
        }
        countByKey.put(key, count + 1);
        return true;
    }

    private void purge(final long nowMs)
    {
        final Long2LongHashMap.KeyIterator keys = windowStartByKey.keySet().iterator();
        while (keys.hasNext())
        {
            final long key = keys.nextValue();
            if (nowMs - windowStartByKey.get(key) >= windowMs)
            {
                keys.remove();
                countByKey.remove(key);
            }
        }
    }
}
