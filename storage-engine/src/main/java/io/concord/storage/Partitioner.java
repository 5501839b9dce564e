package io.concord.storage;

/**
 * Pure functions that place data: the snowflake timestamp, the time bucket of a message and the shard of a
 * channel. Shared by callers (to route) and shards (to own); safe on any thread.
 * <p>
 * Every bucket of a channel lives on the same shard (the token is the channel id, as if ScyllaDB's token were the
 * first partition-key column): a page read that walks from one bucket into the previous one stays on one shard with
 * no cross-shard merge, while bucketing still bounds the size of each partition.
 */
public final class Partitioner
{
    /** Discord epoch, 2015-01-01T00:00:00Z, in Unix milliseconds. */
    public static final long DISCORD_EPOCH_MS = 1420070400000L;
    /** Bits below the timestamp in a snowflake. */
    public static final int TIMESTAMP_SHIFT = 22;

    private Partitioner()
    {
    }

    /**
     * @param snowflake a non-negative snowflake.
     * @return milliseconds since the Discord epoch.
     */
    public static long timestampMs(final long snowflake)
    {
        return snowflake >>> TIMESTAMP_SHIFT;
    }

    /**
     * @param messageId      a non-negative snowflake.
     * @param bucketWindowMs bucket width.
     * @return the bucket number of the message.
     */
    public static long bucketOf(final long messageId, final long bucketWindowMs)
    {
        return (messageId >>> TIMESTAMP_SHIFT) / bucketWindowMs;
    }

    /**
     * @param bucket         a bucket number.
     * @param bucketWindowMs bucket width.
     * @return the smallest snowflake in the bucket.
     */
    public static long lowestIdOf(final long bucket, final long bucketWindowMs)
    {
        return (bucket * bucketWindowMs) << TIMESTAMP_SHIFT;
    }

    /**
     * @param bucket         a bucket number.
     * @param bucketWindowMs bucket width.
     * @return the largest snowflake in the bucket.
     */
    public static long highestIdOf(final long bucket, final long bucketWindowMs)
    {
        return (((bucket + 1) * bucketWindowMs) << TIMESTAMP_SHIFT) - 1;
    }

    /**
     * The shard owning every partition of a channel. Channel ids are snowflakes whose low bits are often zero and
     * whose high bits grow with time, so they are mixed (MurmurHash3's 64-bit finaliser) before the modulo.
     *
     * @param channelId  the channel.
     * @param shardCount number of shards, at least 1.
     * @return the shard index in {@code [0, shardCount)}.
     */
    public static int shardOf(final long channelId, final int shardCount)
    {
        long h = channelId;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int)Long.remainderUnsigned(h, shardCount);
    }
}
