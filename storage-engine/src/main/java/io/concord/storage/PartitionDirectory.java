package io.concord.storage;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Which buckets of each channel hold data in a shard (memtables or SSTables), so that a page read walks from one
 * non-empty bucket to the next instead of probing every 10-day window back to the epoch. Rebuilt at recovery from
 * SSTable partition indexes and the replayed log. Shard thread only.
 */
final class PartitionDirectory
{
    static final class Buckets
    {
        long[] buckets = new long[4];
        int count;

        void add(final long bucket)
        {
            if (count > 0 && buckets[count - 1] == bucket)
            {
                return;
            }
            final int i = Arrays.binarySearch(buckets, 0, count, bucket);
            if (i >= 0)
            {
                return;
            }
            final int at = -(i + 1);
            if (count == buckets.length)
            {
                buckets = Arrays.copyOf(buckets, count << 1);
            }
            System.arraycopy(buckets, at, buckets, at + 1, count - at);
            buckets[at] = bucket;
            count++;
        }

        int floorIndex(final long bucket)
        {
            final int i = Arrays.binarySearch(buckets, 0, count, bucket);
            return i >= 0 ? i : -(i + 1) - 1;
        }

        int ceilingIndex(final long bucket)
        {
            final int i = Arrays.binarySearch(buckets, 0, count, bucket);
            return i >= 0 ? i : -(i + 1);
        }
    }

    private final Long2ObjectHashMap<Buckets> channels = new Long2ObjectHashMap<>();

    void add(final long channelId, final long bucket)
    {
        Buckets buckets = channels.get(channelId);
        if (null == buckets)
        {
            buckets = new Buckets();
            channels.put(channelId, buckets);
        }
        buckets.add(bucket);
    }

    Buckets buckets(final long channelId)
    {
        return channels.get(channelId);
    }
}
