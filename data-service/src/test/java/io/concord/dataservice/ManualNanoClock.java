package io.concord.dataservice;

import org.agrona.concurrent.NanoClock;

/**
 * A clock tests move by hand.
 */
final class ManualNanoClock implements NanoClock
{
    private volatile long nowNs = 1_000_000_000L;

    public long nanoTime()
    {
        return nowNs;
    }

    void advanceNs(final long ns)
    {
        nowNs += ns;
    }

    void advanceMs(final long ms)
    {
        nowNs += ms * 1_000_000L;
    }
}
