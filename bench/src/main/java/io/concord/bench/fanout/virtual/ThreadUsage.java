package io.concord.bench.fanout.virtual;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and allocated bytes of every live thread at one instant (HotSpot's {@code com.sun.management}
 * ThreadMXBean), so that two snapshots give the CPU and allocation of a phase per group of threads (by name prefix).
 * Threads that ended between the snapshots are not counted. Called from the harness thread.
 */
final class ThreadUsage
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final Map<Long, Sample> samples = new HashMap<>();

    private record Sample(String name, long cpuNs, long allocatedBytes)
    {
    }

    /**
     * CPU and allocation of a group of threads over a phase.
     *
     * @param cpuNs          CPU time.
     * @param allocatedBytes bytes allocated on the heap.
     */
    record Usage(long cpuNs, long allocatedBytes)
    {
    }

    private ThreadUsage()
    {
    }

    /**
     * @return usage of every live thread now.
     */
    static ThreadUsage snapshot()
    {
        if (!THREADS.isThreadCpuTimeEnabled())
        {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        if (!THREADS.isThreadAllocatedMemoryEnabled())
        {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        final ThreadUsage usage = new ThreadUsage();
        final long[] ids = THREADS.getAllThreadIds();
        final ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        final long[] cpu = THREADS.getThreadCpuTime(ids);
        final long[] allocated = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++)
        {
            if (null != infos[i])
            {
                usage.samples.put(ids[i], new Sample(infos[i].getThreadName(), Math.max(0, cpu[i]),
                    Math.max(0, allocated[i])));
            }
        }
        return usage;
    }

    /**
     * @param earlier  a snapshot taken before this one.
     * @param prefixes thread name prefixes of the group; empty for every thread.
     * @return the group's CPU and allocation between the two snapshots.
     */
    Usage since(final ThreadUsage earlier, final List<String> prefixes)
    {
        long cpuNs = 0;
        long allocatedBytes = 0;
        for (final Map.Entry<Long, Sample> entry : samples.entrySet())
        {
            final Sample now = entry.getValue();
            if (!matches(now.name(), prefixes))
            {
                continue;
            }
            final Sample before = earlier.samples.get(entry.getKey());
            cpuNs += now.cpuNs() - (null == before ? 0 : before.cpuNs());
            allocatedBytes += now.allocatedBytes() - (null == before ? 0 : before.allocatedBytes());
        }
        return new Usage(cpuNs, allocatedBytes);
    }

    private static boolean matches(final String name, final List<String> prefixes)
    {
        if (prefixes.isEmpty())
        {
            return true;
        }
        for (final String prefix : prefixes)
        {
            if (name.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
