package io.concord.bench.fanout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * CPU time and peak resident memory of a process on Linux, read from {@code /proc/<pid>/stat} (utime + stime, in
 * clock ticks of 100 Hz, the kernel's USER_HZ on every Linux this runs on) and {@code /proc/<pid>/status}
 * ({@code VmHWM}, the high-water mark of the resident set). Stateless; any thread.
 */
final class ProcStats
{
    /**
     * USER_HZ: the unit of utime/stime in /proc. Fixed at 100 by the kernel ABI on x86 and arm64.
     */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;

    /**
     * One reading.
     *
     * @param cpuSeconds user + system CPU seconds since the process started.
     * @param peakRssKb  peak resident set, KiB.
     * @param rssKb      current resident set, KiB.
     */
    record Sample(double cpuSeconds, long peakRssKb, long rssKb)
    {
    }

    private ProcStats()
    {
    }

    /**
     * @param pid a process.
     * @return its reading, or null when it is gone or /proc is not there.
     */
    static Sample read(final long pid)
    {
        try
        {
            final Path statFile = Paths.get("/proc", Long.toString(pid), "stat");
            final String stat = Files.readString(statFile, StandardCharsets.UTF_8);
            return new Sample(cpuSecondsOf(stat), statusKb(pid, "VmHWM:"), statusKb(pid, "VmRSS:"));
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * @param stat the text of a {@code /proc/<pid>/stat} file.
     * @return utime + stime in seconds.
     */
    static double cpuSecondsOf(final String stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        final long ticks = Long.parseLong(fields[UTIME_FIELD - 3]) + Long.parseLong(fields[STIME_FIELD - 3]);
        return ticks / (double)CLOCK_TICKS_PER_SECOND;
    }

    private static long statusKb(final long pid, final String key) throws IOException
    {
        final Path status = Paths.get("/proc", Long.toString(pid), "status");
        final List<String> lines = Files.readAllLines(status, StandardCharsets.UTF_8);
        for (final String line : lines)
        {
            if (line.startsWith(key))
            {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }
}
