package io.concord.bench.storage;

import org.HdrHistogram.Histogram;

/**
 * One store under test, driven with {@link MessageWorkload} operations. Drivers own their threads and data
 * directory; all calls come from the benchmark's main thread.
 */
interface StorageDriver extends AutoCloseable
{
    String name();

    /**
     * Writes {@code count} operations as fast as durability allows (a fixed count, so both stores leave the same
     * data behind for the phases that follow), stopping early at {@code maxDurationNs}.
     *
     * @return operations completed durably.
     */
    long saturate(long firstOp, long count, long maxDurationNs) throws Exception;

    /**
     * Offers {@code count} operations at {@code ratePerSec}, scheduled by intended send time; each latency is
     * completion time minus intended send time (corrected for coordinated omission).
     *
     * @return latencies in ns.
     */
    Histogram offered(long firstOp, long count, long ratePerSec) throws Exception;

    /**
     * Reads pages of 50 one at a time: latest (mode 0) or before a message written earlier (mode 1).
     *
     * @param opsWritten operations written so far (cursors come from them).
     * @return latencies in ns.
     */
    Histogram reads(int mode, int count, long seed, long opsWritten) throws Exception;

    /**
     * Compacts everything and waits for it.
     */
    void compact() throws Exception;

    /**
     * Closes and reopens the store (cold caches of the process).
     */
    void reopen() throws Exception;

    /**
     * @return store-internal figures since the previous call (e.g. group-commit batch and force time), or "".
     */
    String phaseStats();

    long userBytesWritten();

    long bytesWritten();

    long bytesOnDisk() throws Exception;

    /**
     * Closes the store.
     */
    void close();
}
