package io.concord.bench.gateway;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH worker executor ({@code -Djmh.executor=CUSTOM -Djmh.executor.class=...}) whose threads are Netty
 * {@code FastThreadLocalThread}s, like the event loops the gateway runs on in production: Netty 4.2 only recycles
 * pooled objects (outbound-buffer entries, derived buffers) on such threads, so a plain JMH thread would show
 * allocations that never happen on an event loop.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor
{
    /**
     * @param maxThreads JMH worker count.
     * @param prefix     thread name prefix.
     */
    public FastThreadLocalExecutor(final int maxThreads, final String prefix)
    {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
            new DefaultThreadFactory(prefix, true));
    }
}
