package io.concord.bench.storage;

import io.concord.storage.Partitioner;

import java.util.Random;

/**
 * The benchmark's operations as pure functions of an operation index, so every driver thread and both stores see
 * exactly the same sequence with no shared state and no allocation: Zipf-skewed channel popularity (s = 1.1 over
 * {@code channels}), snowflake ids increasing with the index, 88% appends, 10% edits and 2% deletes of a message
 * written in the previous 1,000 operations, and 256-byte incompressible values.
 */
final class MessageWorkload
{
    static final int VALUE_LENGTH = 256;
    static final int APPEND = 0;
    static final int EDIT = 1;
    static final int DELETE = 2;
    static final long FIRST_CHANNEL_ID = 100_000;

    private static final int VALUE_POOL_LENGTH = 1 << 20;
    private static final int EDIT_WINDOW = 1_000;

    private final double[] cdf;
    private final long baseTimestampMs;
    private final byte[] valuePool = new byte[VALUE_POOL_LENGTH + VALUE_LENGTH];

    /**
     * @param channels number of channels.
     * @param zipfS    Zipf exponent.
     * @param baseMs   Unix time of operation 0 (ids grow by 1 ms per 4,096 operations, staying in the past).
     */
    MessageWorkload(final int channels, final double zipfS, final long baseMs)
    {
        cdf = new double[channels];
        double sum = 0;
        for (int k = 1; k <= channels; k++)
        {
            sum += 1.0 / Math.pow(k, zipfS);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < channels; k++)
        {
            cdf[k] /= sum;
        }
        baseTimestampMs = baseMs - Partitioner.DISCORD_EPOCH_MS;
        new Random(42).nextBytes(valuePool);
    }

    static long mix(final long value)
    {
        long h = value * 0x9E3779B97F4A7C15L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * @param seed any long.
     * @return a channel id drawn from the Zipf distribution.
     */
    long zipfChannel(final long seed)
    {
        final double u = (mix(seed) >>> 11) * 0x1.0p-53;
        int low = 0;
        int high = cdf.length - 1;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (cdf[mid] < u)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return FIRST_CHANNEL_ID + low;
    }

    int type(final long op)
    {
        if (0 == op)
        {
            return APPEND;
        }
        final int roll = (int)((mix(op ^ 0x5DEECE66DL) >>> 33) % 100);
        return roll < 2 ? DELETE : roll < 12 ? EDIT : APPEND;
    }

    /**
     * @return the operation whose message an edit or delete targets (the operation itself for an append).
     */
    long target(final long op)
    {
        if (APPEND == type(op))
        {
            return op;
        }
        return op - 1 - (mix(op + 17) >>> 1) % Math.min(op, EDIT_WINDOW);
    }

    long channelOf(final long op)
    {
        return zipfChannel(target(op));
    }

    long messageIdOf(final long op)
    {
        final long target = target(op);
        return ((baseTimestampMs + (target >>> 12)) << Partitioner.TIMESTAMP_SHIFT) | (target & 0xFFF);
    }

    /**
     * @return offset in {@link #valuePool()} of the operation's 256-byte value.
     */
    int valueOffset(final long op)
    {
        return (int)((mix(op + 3) >>> 1) % VALUE_POOL_LENGTH);
    }

    byte[] valuePool()
    {
        return valuePool;
    }
}
