package io.concord.dataservice.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a storage port and counts the reads it accepted, so tests and benchmarks can prove how many storage reads
 * a burst of requests cost. Port calls come from the data service agent thread; the counts may be read from any
 * thread.
 */
public final class CountingHistoryStorage implements HistoryStorage
{
    private final HistoryStorage delegate;
    private final AtomicLong readsSubmitted = new AtomicLong();
    private final AtomicLong readsRejected = new AtomicLong();

    /**
     * @param delegate the storage that does the work.
     */
    public CountingHistoryStorage(final HistoryStorage delegate)
    {
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     */
    public boolean submitRead(
        final long readId, final long channelId, final int direction, final long anchorId, final int limit)
    {
        final boolean accepted = delegate.submitRead(readId, channelId, direction, anchorId, limit);
        if (accepted)
        {
            readsSubmitted.incrementAndGet();
        }
        else
        {
            readsRejected.incrementAndGet();
        }
        return accepted;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final HistoryReadHandler handler, final int limit)
    {
        return delegate.poll(handler, limit);
    }

    /**
     * Reads the delegate accepted.
     *
     * @return count since creation or the last {@link #reset()}.
     */
    public long readsSubmitted()
    {
        return readsSubmitted.get();
    }

    /**
     * Reads the delegate pushed back.
     *
     * @return count since creation or the last {@link #reset()}.
     */
    public long readsRejected()
    {
        return readsRejected.get();
    }

    /**
     * Zeroes the counts (between benchmark phases).
     */
    public void reset()
    {
        readsSubmitted.set(0);
        readsRejected.set(0);
    }
}
