package io.concord.storage;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.File;

/**
 * Writes SSTables for every shard of an engine so shard threads never block on that I/O; an engine has one agent
 * for flushes and one for compactions. Shards offer tasks through a bounded queue; each task goes back to its
 * shard's done queue. The agent also unlinks the files shards no longer need ({@link #deleteLater(File)}): on ext4
 * unlinking a 32 MiB file takes 12-14 ms on this kind of VM, which on a shard thread stalls every append behind it.
 */
final class BackgroundAgent implements Agent
{
    private static final int DELETIONS_CAPACITY = 256;

    private final ManyToOneConcurrentArrayQueue<BackgroundTask> tasks;
    private final ManyToOneConcurrentArrayQueue<File> deletions =
        new ManyToOneConcurrentArrayQueue<>(DELETIONS_CAPACITY);
    private final String roleName;

    BackgroundAgent(final int shards, final String roleName)
    {
        this.tasks = new ManyToOneConcurrentArrayQueue<>(Math.max(2, shards * 2));
        this.roleName = roleName;
    }

    /**
     * Hands a file nothing refers to any more (a compacted SSTable, a flushed commit log segment) to this agent to
     * unlink; a crash before it does is harmless, as recovery deletes such files again. Any thread.
     *
     * @param file the file.
     * @return false if the queue is full: the caller deletes the file itself.
     */
    boolean deleteLater(final File file)
    {
        return deletions.offer(file);
    }

    private int deleteQueued()
    {
        int deleted = 0;
        File file;
        while (null != (file = deletions.poll()))
        {
            deleteNow(file);
            deleted++;
        }
        return deleted;
    }

    /**
     * Unlinks a file on the calling thread; one that cannot be unlinked now is left for the JVM's exit.
     *
     * @param file the file.
     * @return true if the file is gone.
     */
    static boolean deleteNow(final File file)
    {
        if (!file.delete() && file.exists())
        {
            file.deleteOnExit();
            return false;
        }
        return true;
    }

    public void onClose()
    {
        deleteQueued();
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
        final int deleted = deleteQueued();
        final BackgroundTask task = tasks.poll();
        if (null == task)
        {
            return deleted;
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
