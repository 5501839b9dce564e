package io.concord.edge.rest;

import io.concord.edge.auth.PasswordHasher;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of daemon threads that hash and verify passwords off the event loops, with a bounded queue: when it
 * is full, {@link #submit(Runnable)} says so at once and the request is answered 503 instead of waiting. Any thread
 * may submit; {@link #close()} is called once by the edge's owner.
 */
public final class PasswordWorkers implements AutoCloseable
{
    private final PasswordHasher hasher;
    private final ThreadPoolExecutor executor;
    private volatile String decoyHash;

    /**
     * @param ctx concluded REST settings (threads, queue bound, iterations).
     */
    public PasswordWorkers(final RestConfiguration.Context ctx)
    {
        hasher = new PasswordHasher(ctx.passwordIterations());
        final AtomicInteger threadIndex = new AtomicInteger();
        executor = new ThreadPoolExecutor(
            ctx.passwordThreads(),
            ctx.passwordThreads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(ctx.passwordQueue()),
            (task) ->
            {
                final Thread thread = new Thread(task, "concord-password-" + threadIndex.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * @return the hasher the tasks use (thread-safe).
     */
    public PasswordHasher hasher()
    {
        return hasher;
    }

    /**
     * A hash of no real password, to verify against when a login names no account, so that answer costs the same
     * time as a wrong password and does not reveal which logins exist. Call from a worker task.
     *
     * @return the decoy hash, computed on first use.
     */
    public String decoyHash()
    {
        String hash = decoyHash;
        if (null == hash)
        {
            hash = hasher.hash("concord-decoy-" + System.nanoTime());
            decoyHash = hash;
        }
        return hash;
    }

    /**
     * @param task work that hashes or verifies a password, then hands its result back to an event loop.
     * @return false when the queue is full (or the pool closed): the task will not run.
     */
    public boolean submit(final Runnable task)
    {
        try
        {
            executor.execute(task);
            return true;
        }
        catch (final RejectedExecutionException full)
        {
            return false;
        }
    }

    public void close()
    {
        executor.shutdownNow();
    }
}
