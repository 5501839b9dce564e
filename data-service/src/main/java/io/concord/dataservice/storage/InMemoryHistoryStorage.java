package io.concord.dataservice.storage;

import io.concord.dataservice.HistoryDirection;
import io.concord.dataservice.HistoryPageEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-memory message store implementing the storage port, with a disk latency model, for tests and benchmarks
 * until the LSM store is wired in.
 * <p>
 * Latency model (deterministic for an injected clock): channels map to {@code shards} storage shards
 * ({@code channelId mod shards}), like a shard-per-core store; each shard serves one read at a time, in submission
 * order. The first read of a channel costs {@code coldReadNs} (a cold disk read), later reads of it
 * {@code warmReadNs} (blocks in the page cache). A read completes at
 * {@code max(submitTime, shard busy until) + serviceTime}. By default it reads the data as it is at completion
 * time; with {@link #snapshotAtSubmit(boolean)} it reads at submission and delivers that (now possibly stale)
 * result later, the worst case a real store may produce, which read-your-writes tests use.
 * With both costs zero a read completes at the next {@link #poll}.
 * <p>
 * Threads: {@link #submitRead} and {@link #poll} on the data service agent thread; {@link #put} and
 * {@link #delete} from the message path (any thread). The message map is guarded by this object's monitor: this is
 * a stand-in for the real store and the reference for tests, not a hot path.
 */
public final class InMemoryHistoryStorage implements HistoryStorage
{
    private static final int NOT_EXECUTED = -1;

    private final NanoClock clock;
    private final long coldReadNs;
    private final long warmReadNs;
    private final int maxPendingReads;
    private final Shard[] shards;
    private final ArrayDeque<PendingRead> freeReads = new ArrayDeque<>();
    private final LongHashSet warmChannels = new LongHashSet();
    private final Long2ObjectHashMap<TreeMap<Long, byte[]>> channels = new Long2ObjectHashMap<>();
    private final ExpandableArrayBuffer pageBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final HistoryPageEncoder encoder = new HistoryPageEncoder();
    private final byte[][] newerScratch = new byte[HistoryDirection.MAX_LIMIT][];
    private final long[] newerIdScratch = new long[HistoryDirection.MAX_LIMIT];
    private int pendingReads;
    private boolean snapshotAtSubmit;

    /**
     * A store whose reads complete at the next poll.
     *
     * @param clock for the latency model.
     */
    public InMemoryHistoryStorage(final NanoClock clock)
    {
        this(clock, 1, 0, 0, Integer.MAX_VALUE);
    }

    /**
     * A store with the latency model described on the class.
     *
     * @param clock           for the latency model.
     * @param shards          storage shards, each serving one read at a time.
     * @param coldReadNs      cost of the first read of a channel.
     * @param warmReadNs      cost of later reads of it.
     * @param maxPendingReads reads accepted but not yet completed before {@link #submitRead} pushes back.
     */
    public InMemoryHistoryStorage(
        final NanoClock clock,
        final int shards,
        final long coldReadNs,
        final long warmReadNs,
        final int maxPendingReads)
    {
        if (shards < 1 || coldReadNs < 0 || warmReadNs < 0 || maxPendingReads < 1)
        {
            throw new IllegalArgumentException("bad latency model: shards=" + shards + " coldReadNs=" + coldReadNs +
                " warmReadNs=" + warmReadNs + " maxPendingReads=" + maxPendingReads);
        }
        this.clock = clock;
        this.coldReadNs = coldReadNs;
        this.warmReadNs = warmReadNs;
        this.maxPendingReads = maxPendingReads;
        this.shards = new Shard[shards];
        for (int i = 0; i < shards; i++)
        {
            this.shards[i] = new Shard();
        }
    }

    /**
     * Stores (creates or replaces) a message. Durable once this returns.
     *
     * @param channelId channel.
     * @param messageId snowflake id, positive.
     * @param record    opaque record; kept as given (not copied), so do not reuse the array.
     */
    public synchronized void put(final long channelId, final long messageId, final byte[] record)
    {
        if (messageId <= 0)
        {
            throw new IllegalArgumentException("message id must be positive: " + messageId);
        }
        TreeMap<Long, byte[]> messages = channels.get(channelId);
        if (null == messages)
        {
            messages = new TreeMap<>();
            channels.put(channelId, messages);
        }
        messages.put(messageId, record);
    }

    /**
     * Deletes a message if it exists.
     *
     * @param channelId channel.
     * @param messageId snowflake id.
     */
    public synchronized void delete(final long channelId, final long messageId)
    {
        final TreeMap<Long, byte[]> messages = channels.get(channelId);
        if (null != messages)
        {
            messages.remove(messageId);
        }
    }

    /**
     * Chooses when a read looks at the data: at submission (then delivered late, as stale as a real read may be)
     * or at completion.
     *
     * @param snapshotAtSubmit true to read at submission.
     * @return this.
     */
    public InMemoryHistoryStorage snapshotAtSubmit(final boolean snapshotAtSubmit)
    {
        this.snapshotAtSubmit = snapshotAtSubmit;
        return this;
    }

    /**
     * Makes every channel cold again, as after a restart with an empty page cache.
     */
    public void coolDown()
    {
        warmChannels.clear();
    }

    /**
     * {@inheritDoc}
     */
    public boolean submitRead(
        final long readId, final long channelId, final int direction, final long anchorId, final int limit)
    {
        if (pendingReads >= maxPendingReads)
        {
            return false;
        }

        final Shard shard = shards[(int)Long.remainderUnsigned(channelId, shards.length)];
        final long nowNs = clock.nanoTime();
        final long serviceNs = warmChannels.add(channelId) ? coldReadNs : warmReadNs;
        final long dueNs = Math.max(nowNs, shard.busyUntilNs) + serviceNs;
        shard.busyUntilNs = dueNs;

        PendingRead read = freeReads.pollFirst();
        if (null == read)
        {
            read = new PendingRead();
        }
        read.readId = readId;
        read.channelId = channelId;
        read.direction = direction;
        read.anchorId = anchorId;
        read.limit = limit;
        read.dueNs = dueNs;
        read.pageLength = snapshotAtSubmit ? execute(read, read.page) : NOT_EXECUTED;
        shard.queue.addLast(read);
        pendingReads++;
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final HistoryReadHandler handler, final int limit)
    {
        final long nowNs = clock.nanoTime();
        int delivered = 0;
        for (final Shard shard : shards)
        {
            final ArrayDeque<PendingRead> queue = shard.queue;
            PendingRead read;
            while (delivered < limit && null != (read = queue.peekFirst()) && read.dueNs <= nowNs)
            {
                queue.pollFirst();
                pendingReads--;
                final ExpandableArrayBuffer page = NOT_EXECUTED == read.pageLength ? pageBuffer : read.page;
                final int length = NOT_EXECUTED == read.pageLength ? execute(read, pageBuffer) : read.pageLength;
                handler.onReadComplete(read.readId, page, 0, length);
                // Freed only now: the handler may submit again, which must not reuse this read's page meanwhile.
                freeReads.addLast(read);
                delivered++;
            }
        }
        return delivered;
    }

    private synchronized int execute(final PendingRead read, final ExpandableArrayBuffer pageBuffer)
    {
        encoder.wrap(pageBuffer, 0);
        final TreeMap<Long, byte[]> messages = channels.get(read.channelId);
        if (null == messages)
        {
            return encoder.encodedLength();
        }

        final int limit = read.limit;
        switch (read.direction)
        {
            case HistoryDirection.LATEST:
                appendNewestFirst(messages.descendingMap(), limit);
                break;

            case HistoryDirection.BEFORE:
                appendNewestFirst(messages.headMap(read.anchorId, false).descendingMap(), limit);
                break;

            case HistoryDirection.AFTER:
                appendClosestAbove(messages.tailMap(read.anchorId, false), limit);
                break;

            case HistoryDirection.AROUND:
                appendClosestAbove(messages.tailMap(read.anchorId, false), HistoryDirection.aroundNewerCount(limit));
                appendNewestFirst(
                    messages.headMap(read.anchorId, true).descendingMap(), HistoryDirection.aroundOlderCount(limit));
                break;

            default:
                break;
        }
        return encoder.encodedLength();
    }

    private void appendNewestFirst(final NavigableMap<Long, byte[]> newestFirst, final int limit)
    {
        int n = 0;
        final Iterator<Map.Entry<Long, byte[]>> it = newestFirst.entrySet().iterator();
        while (n < limit && it.hasNext())
        {
            final Map.Entry<Long, byte[]> entry = it.next();
            encoder.append(entry.getKey(), entry.getValue());
            n++;
        }
    }

    private void appendClosestAbove(final NavigableMap<Long, byte[]> oldestFirst, final int limit)
    {
        int n = 0;
        final Iterator<Map.Entry<Long, byte[]>> it = oldestFirst.entrySet().iterator();
        while (n < limit && it.hasNext())
        {
            final Map.Entry<Long, byte[]> entry = it.next();
            newerIdScratch[n] = entry.getKey();
            newerScratch[n] = entry.getValue();
            n++;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            encoder.append(newerIdScratch[i], newerScratch[i]);
            newerScratch[i] = null;
        }
    }

    private static final class Shard
    {
        final ArrayDeque<PendingRead> queue = new ArrayDeque<>();
        long busyUntilNs;
    }

    private static final class PendingRead
    {
        final ExpandableArrayBuffer page = new ExpandableArrayBuffer(1024);
        int pageLength;
        long readId;
        long channelId;
        int direction;
        long anchorId;
        int limit;
        long dueNs;
    }
}
