package io.concord.bench.fanout;

import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run started, closed in reverse order: by the orchestrating thread when the run ends or fails, and by
 * the shutdown hook on Ctrl-C/SIGTERM (a resource being closed when the signal comes is closed by both: closing a
 * stopped process again is harmless). Thread-safe.
 */
final class Teardown
{
    private final List<AutoCloseable> resources = new ArrayList<>();

    /**
     * @param resource to close at the end.
     * @param <T>      its type.
     * @return the resource.
     */
    synchronized <T extends AutoCloseable> T add(final T resource)
    {
        resources.add(resource);
        return resource;
    }

    /**
     * Closes one resource now (and forgets it).
     *
     * @param resource added before.
     */
    void closeNow(final AutoCloseable resource)
    {
        synchronized (this)
        {
            if (!resources.contains(resource))
            {
                return;
            }
        }
        // Closed before it is forgotten: a Ctrl-C while it closes still finds it in the list and closes it too.
        CloseHelper.quietClose(resource);
        synchronized (this)
        {
            resources.remove(resource);
        }
    }

    /**
     * Closes every resource, newest first.
     */
    void closeAll()
    {
        final List<AutoCloseable> toClose;
        synchronized (this)
        {
            toClose = new ArrayList<>(resources);
        }
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(toClose.get(i));
        }
        synchronized (this)
        {
            resources.removeAll(toClose);
        }
    }
}
