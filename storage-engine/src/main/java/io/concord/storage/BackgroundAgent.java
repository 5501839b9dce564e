package io.concord.storage;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Writes SSTables for every shard of an engine so shard threads never block on that I/O; an engine has one agent
 * for flushes and one for compactions. Shards offer tasks through a bounded queue; each task goes back to its
 * shard's done queue.
 */
final class BackgroundAgent implements Agent
{
    private final ManyToOneConcurrentArrayQueue<BackgroundTask> tasks;
    private final String roleName;

    BackgroundAgent(final int shards, final String roleName)
    {
        this.tasks = new ManyToOneConcurrentArrayQueue<>(Math.max(2, shards * 2));
        this.roleName = roleName;
    }

    /**
     * @param task a prepared task; its shard has no other task of that kind in flight.
     * @return false if the queue is full (cannot happen with one task per shard and kind).
     */
    boolean submit(final BackgroundTask task)
    {
        return tasks.offer(task);
    }

    public int doWork()
    {
        final BackgroundTask task = tasks.poll();
        if (null == task)
        {
            return 0;
        }
        task.run();
        while (!task.doneQueue.offer(task))
        {
            Thread.onSpinWait();
        }
        final Runnable onDone = task.onDone;
        if (null != onDone)
        {
            onDone.run();
        }
        return 1;
    }

    public String roleName()
    {
        return roleName;
    }
}
