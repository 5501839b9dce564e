package io.concord.server;

import org.agrona.CloseHelper;

import java.util.concurrent.CountDownLatch;

/**
 * Ties a role's resources to the life of the process: SIGTERM or SIGINT (or a normal exit) closes them in a shutdown
 * hook, and {@link #awaitShutdown()} parks the main thread until that close has finished.
 */
final class ProcessLifecycle
{
    private static final CountDownLatch CLOSED = new CountDownLatch(1);

    private ProcessLifecycle()
    {
    }

    static void closeOnShutdown(final AutoCloseable resource)
    {
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            CloseHelper.quietClose(resource);
            System.out.println("concord: stopped");
            System.out.flush();
            CLOSED.countDown();
        }, "concord-shutdown"));
    }

    static void awaitShutdown() throws InterruptedException
    {
        CLOSED.await();
    }
}
