package io.concord.storage.memtable;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Write buffer of one shard: rows per channel, their index blocks ({@link ChannelRows}) and their values in one
 * off-heap arena. Mutated only by the shard thread; once switched out it is immutable and the flush worker reads it,
 * then the shard {@link #clear()}s it for reuse (two memtables per shard alternate). The per-channel directories are
 * pooled across reuse, so steady state allocates nothing and the heap does not grow with the rows.
 * <p>
 * An upsert appends its new value to the arena and repoints the row; the old bytes stay until the flush, and count
 * towards the size that triggers it.
 */
public final class Memtable
{
    /**
     * Most arena bytes one put or delete may take besides its value (a new index block).
     */
    public static final int MAX_INDEX_BYTES_PER_PUT = ChannelRows.MAX_INDEX_BYTES_PER_PUT;

    private final UnsafeBuffer arena;
    private final int flushThreshold;
    private final Long2ObjectHashMap<ChannelRows> channels = new Long2ObjectHashMap<>();
    private ChannelRows[] channelList = new ChannelRows[64];
    private int channelCount;
    private int pooledCount;
    private int arenaPosition;
    private int rowCount;
    private long minSequence = Long.MAX_VALUE;
    private long maxSequence = -1;

    /**
     * @param flushThreshold arena bytes (values and row index) after which the memtable reports {@link #isFull()}.
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
        if (!hasRoomFor(valueLength))
        {
            return false;
        }
        final int offset = allocate(valueLength);
        if (valueLength > 0)
        {
            arena.putBytes(offset, value, valueOffset, valueLength);
        }
        store(channelId, messageId, sequence, ((long)offset << 32) | valueLength);
        return true;
    }

    /**
     * Inserts or replaces a tombstone.
     *
     * @return false (nothing stored) if the arena has no room left.
     */
    public boolean delete(final long channelId, final long messageId, final long sequence, final long deletionTimeMs)
    {
        if (!hasRoomFor(8))
        {
            return false;
        }
        final int offset = allocate(8);
        arena.putLong(offset, deletionTimeMs);
        store(channelId, messageId, sequence, ((long)offset << 32) | ChannelRows.TOMBSTONE_FLAG | 8);
        return true;
    }

    /**
     * @param valueLength length of a value to put.
     * @return true if a put of that length (value and index block) fits in the arena.
     */
    public boolean hasRoomFor(final int valueLength)
    {
        return arenaPosition + valueLength + MAX_INDEX_BYTES_PER_PUT <= arena.capacity();
    }

    int allocate(final int length)
    {
        final int offset = arenaPosition;
        arenaPosition += length;
        return offset;
    }

    private void store(final long channelId, final long messageId, final long sequence, final long ref)
    {
        ChannelRows rows = channels.get(channelId);
        if (null == rows)
        {
            if (channelCount < pooledCount)
            {
                rows = channelList[channelCount];
                rows.reset(channelId);
            }
            else
            {
                rows = new ChannelRows(this, channelId);
                if (channelCount == channelList.length)
                {
                    channelList = Arrays.copyOf(channelList, channelCount << 1);
                }
                channelList[channelCount] = rows;
                pooledCount++;
            }
            channelCount++;
            channels.put(channelId, rows);
        }
        if (rows.put(messageId, sequence, ref))
        {
            rowCount++;
        }
        minSequence = Math.min(minSequence, sequence);
        maxSequence = Math.max(maxSequence, sequence);
    }

    /**
     * @param channelId a channel.
     * @return its rows, or null if the channel has no row in this memtable.
     */
    public ChannelRows rows(final long channelId)
    {
        return channels.get(channelId);
    }

    /**
     * @return buffer holding every value and row block; offsets come from {@link ChannelRows}.
     */
    public UnsafeBuffer arena()
    {
        return arena;
    }

    /**
     * @return channels in first-write order; the first {@link #channelCount()} are in use, each with rows.
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
        return arenaPosition >= flushThreshold;
    }

    /**
     * @return arena bytes used: values (replaced ones too) and row index blocks.
     */
    public long usedBytes()
    {
        return arenaPosition;
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
     * Empties the memtable for reuse; channel directories go back to the pool.
     */
    public void clear()
    {
        channels.clear();
        channelCount = 0;
        arenaPosition = 0;
        rowCount = 0;
        minSequence = Long.MAX_VALUE;
        maxSequence = -1;
    }
}
