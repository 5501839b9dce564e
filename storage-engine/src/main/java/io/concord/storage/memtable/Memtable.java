package io.concord.storage.memtable;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Write buffer of one shard: rows per channel with values copied into one off-heap arena. Mutated only by the shard
 * thread; once switched out it is immutable and the flush worker reads it, then the shard {@link #clear()}s it for
 * reuse (two memtables per shard alternate, so steady state allocates nothing).
 * <p>
 * An upsert appends its new value to the arena and repoints the row; the old bytes stay until the flush, and count
 * towards the size that triggers it.
 */
public final class Memtable
{
    private static final int ROW_OVERHEAD = 24;

    private final UnsafeBuffer arena;
    private final int flushThreshold;
    private final Long2ObjectHashMap<ChannelRows> channels = new Long2ObjectHashMap<>();
    private ChannelRows[] channelList = new ChannelRows[64];
    private int channelCount;
    private int arenaPosition;
    private long usedBytes;
    private int rowCount;
    private long minSequence = Long.MAX_VALUE;
    private long maxSequence = -1;

    /**
     * @param flushThreshold bytes (values plus row overhead) after which the memtable reports {@link #isFull()}.
     * @param headroom       extra arena bytes so a batch already accepted always fits.
     */
    public Memtable(final int flushThreshold, final int headroom)
    {
        this.flushThreshold = flushThreshold;
        this.arena = new UnsafeBuffer(ByteBuffer.allocateDirect(flushThreshold + headroom));
    }

    /**
     * Inserts or replaces a value.
     *
     * @return false (nothing stored) if the arena has no room left.
     */
    public boolean put(final long channelId, final long messageId, final long sequence,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        if (arenaPosition + valueLength > arena.capacity())
        {
            return false;
        }
        final int offset = arenaPosition;
        if (valueLength > 0)
        {
            arena.putBytes(offset, value, valueOffset, valueLength);
        }
        arenaPosition += valueLength;
        store(channelId, messageId, sequence, ((long)offset << 32) | valueLength, valueLength);
        return true;
    }

    /**
     * Inserts or replaces a tombstone.
     *
     * @return false (nothing stored) if the arena has no room left.
     */
    public boolean delete(final long channelId, final long messageId, final long sequence, final long deletionTimeMs)
    {
        if (arenaPosition + 8 > arena.capacity())
        {
            return false;
        }
        final int offset = arenaPosition;
        arena.putLong(offset, deletionTimeMs);
        arenaPosition += 8;
        store(channelId, messageId, sequence, ((long)offset << 32) | ChannelRows.TOMBSTONE_FLAG | 8, 8);
        return true;
    }

    private void store(final long channelId, final long messageId, final long sequence, final long ref,
        final int valueLength)
    {
        ChannelRows rows = channels.get(channelId);
        if (null == rows)
        {
            rows = new ChannelRows(channelId);
            channels.put(channelId, rows);
            if (channelCount == channelList.length)
            {
                channelList = Arrays.copyOf(channelList, channelCount << 1);
            }
            channelList[channelCount++] = rows;
        }
        final int before = rows.size;
        rows.put(messageId, sequence, ref);
        if (rows.size != before)
        {
            rowCount++;
        }
        usedBytes += valueLength + ROW_OVERHEAD;
        minSequence = Math.min(minSequence, sequence);
        maxSequence = Math.max(maxSequence, sequence);
    }

    /**
     * @param channelId a channel.
     * @return its rows, or null if the channel was never written to this memtable (an empty instance may be
     * returned for a channel seen before a {@link #clear()}).
     */
    public ChannelRows rows(final long channelId)
    {
        return channels.get(channelId);
    }

    /**
     * @return buffer holding every value; offsets come from {@link ChannelRows#valueOffset(int)}.
     */
    public UnsafeBuffer arena()
    {
        return arena;
    }

    /**
     * @return channels in first-write order (some may be empty after reuse).
     */
    public ChannelRows[] channelList()
    {
        return channelList;
    }

    public int channelCount()
    {
        return channelCount;
    }

    public int rowCount()
    {
        return rowCount;
    }

    public boolean isEmpty()
    {
        return 0 == rowCount;
    }

    /**
     * @return true once the memtable should be switched and flushed.
     */
    public boolean isFull()
    {
        return usedBytes >= flushThreshold;
    }

    /**
     * @return bytes of arena used plus row overhead.
     */
    public long usedBytes()
    {
        return usedBytes;
    }

    /**
     * @return free arena bytes.
     */
    public int arenaRemaining()
    {
        return arena.capacity() - arenaPosition;
    }

    public long minSequence()
    {
        return minSequence;
    }

    public long maxSequence()
    {
        return maxSequence;
    }

    /**
     * Empties the memtable for reuse, keeping per-channel arrays.
     */
    public void clear()
    {
        for (int i = 0; i < channelCount; i++)
        {
            channelList[i].size = 0;
        }
        arenaPosition = 0;
        usedBytes = 0;
        rowCount = 0;
        minSequence = Long.MAX_VALUE;
        maxSequence = -1;
    }
}
