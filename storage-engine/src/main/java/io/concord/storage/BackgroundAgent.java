package io.concord.storage;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Writes SSTables for every shard of an engine (memtable flushes, compactions) so shard threads never block on that
 * I/O. Shards offer tasks through a bounded queue; each task goes back to its shard's done queue.
 */
final class BackgroundAgent implements Agent
{
    private final ManyToOneConcurrentArrayQueue<BackgroundTask> tasks;

    BackgroundAgent(final int shards)
    {
        tasks = new ManyToOneConcurrentArrayQueue<>(Math.max(2, shards * 2));
    }

    /**
     * @param task a prepared task; its shard has no other task in flight.
     * @return false if the queue is full (cannot happen with one task per shard).
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
        return 1;
    }

    public String roleName()
    {
        return "storage-background";
    }
}
