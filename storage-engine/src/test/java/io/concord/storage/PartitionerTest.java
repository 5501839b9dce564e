package io.concord.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionerTest
{
    private static final long WINDOW_MS = StorageConfiguration.BUCKET_WINDOW_MS_DEFAULT;

    @Test
    void shouldExtractDiscordTimestamp()
    {
        assertEquals(1462015105796L - Partitioner.DISCORD_EPOCH_MS, Partitioner.timestampMs(175928847299117063L));
    }

    @Test
    void shouldPlaceBucketBoundariesOnWindowEdges()
    {
        final long bucket = Partitioner.bucketOf(175928847299117063L, WINDOW_MS);
        final long low = Partitioner.lowestIdOf(bucket, WINDOW_MS);
        final long high = Partitioner.highestIdOf(bucket, WINDOW_MS);
        assertTrue(low <= 175928847299117063L && 175928847299117063L <= high);
        assertEquals(bucket, Partitioner.bucketOf(low, WINDOW_MS));
        assertEquals(bucket, Partitioner.bucketOf(high, WINDOW_MS));
        assertEquals(bucket - 1, Partitioner.bucketOf(low - 1, WINDOW_MS));
        assertEquals(bucket + 1, Partitioner.bucketOf(high + 1, WINDOW_MS));
        assertEquals(0, Partitioner.bucketOf(0, WINDOW_MS));
    }

    @Test
    void shouldRouteEveryChannelToOneShardInRange()
    {
        for (int shards = 1; shards <= 16; shards++)
        {
            for (long channel = 1; channel < 10_000; channel += 7)
            {
                final int shard = Partitioner.shardOf(channel, shards);
                assertTrue(shard >= 0 && shard < shards);
                assertEquals(shard, Partitioner.shardOf(channel, shards));
            }
        }
        assertTrue(Partitioner.shardOf(Long.MAX_VALUE, 3) >= 0);
    }

    @Test
    void shouldSpreadSnowflakeChannelIdsEvenly()
    {
        final int shards = 4;
        final int[] counts = new int[shards];
        final int channels = 40_000;
        for (int i = 0; i < channels; i++)
        {
            // snowflakes minted on one worker: low 22 bits mostly zero, so a plain modulo would pile up
            counts[Partitioner.shardOf(SyncStore.snowflake(SyncStore.NOW_MS + i * 1000L, 0), shards)]++;
        }
        for (final int count : counts)
        {
            assertTrue(Math.abs(count - channels / shards) < channels / shards / 10, "uneven: " + count);
        }
    }
}
