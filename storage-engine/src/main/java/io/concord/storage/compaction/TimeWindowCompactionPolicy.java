package io.concord.storage.compaction;

import io.concord.storage.sstable.SSTableReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the next compaction of a shard, in the spirit of Cassandra's TimeWindowCompactionStrategy: SSTables are
 * grouped by the window of their newest message; an older window is merged into one file; the current window merges
 * similar-sized files (size-tiered) once {@code minThreshold} of them exist; and whatever the windows say, live files
 * are kept at or below {@code maxSstables}, which bounds how many SSTables one read may touch.
 * <p>
 * Rows carry their sequence, so any set of files may be merged. Called on the shard thread after each flush and
 * compaction (not on the per-request path).
 */
public final class TimeWindowCompactionPolicy
{
    private static final Comparator<SSTableReader> BY_SIZE = Comparator.comparingLong(SSTableReader::fileLength);
    private static final long MAX_INPUT_BYTES = 1536L * 1024 * 1024;

    private final long windowMs;
    private final int minThreshold;
    private final int maxThreshold;
    private final int maxSstables;

    /**
     * @param windowMs     window width.
     * @param minThreshold similar files in the current window that trigger a merge.
     * @param maxThreshold most files per merge.
     * @param maxSstables  bound on live files.
     */
    public TimeWindowCompactionPolicy(
        final long windowMs, final int minThreshold, final int maxThreshold, final int maxSstables)
    {
        this.windowMs = windowMs;
        this.minThreshold = minThreshold;
        this.maxThreshold = maxThreshold;
        this.maxSstables = maxSstables;
    }

    /**
     * @param live the live SSTables.
     * @return files to merge, empty when nothing is due.
     */
    public List<SSTableReader> select(final List<SSTableReader> live)
    {
        final List<SSTableReader> selection = new ArrayList<>();
        if (live.size() < 2)
        {
            return selection;
        }
        long currentWindow = Long.MIN_VALUE;
        long oldestCrowdedWindow = Long.MAX_VALUE;
        for (final SSTableReader reader : live)
        {
            currentWindow = Math.max(currentWindow, windowOf(reader));
        }
        for (final SSTableReader reader : live)
        {
            final long window = windowOf(reader);
            if (window < currentWindow && window < oldestCrowdedWindow && countInWindow(live, window) >= 2)
            {
                oldestCrowdedWindow = window;
            }
        }
        if (oldestCrowdedWindow != Long.MAX_VALUE)
        {
            for (final SSTableReader reader : live)
            {
                if (windowOf(reader) == oldestCrowdedWindow)
                {
                    selection.add(reader);
                }
            }
            selection.sort(BY_SIZE);
            return trim(selection);
        }

        final List<SSTableReader> current = new ArrayList<>();
        for (final SSTableReader reader : live)
        {
            if (windowOf(reader) == currentWindow)
            {
                current.add(reader);
            }
        }
        current.sort(BY_SIZE);
        for (int start = 0; start < current.size(); start++)
        {
            final long base = Math.max(1, current.get(start).fileLength());
            int end = start;
            while (end < current.size() && current.get(end).fileLength() <= base * 2)
            {
                end++;
            }
            if (end - start >= minThreshold)
            {
                selection.addAll(current.subList(start, end));
                return trim(selection);
            }
        }

        if (live.size() > maxSstables)
        {
            final List<SSTableReader> all = new ArrayList<>(live);
            all.sort(BY_SIZE);
            final int count = Math.max(2, Math.min(maxThreshold, live.size() - maxSstables + 1));
            selection.addAll(all.subList(0, Math.min(count, all.size())));
            return trim(selection);
        }
        return selection;
    }

    private List<SSTableReader> trim(final List<SSTableReader> selection)
    {
        while (selection.size() > maxThreshold)
        {
            selection.remove(selection.size() - 1);
        }
        long bytes = 0;
        for (int i = 0; i < selection.size(); i++)
        {
            bytes += selection.get(i).fileLength();
            if (bytes > MAX_INPUT_BYTES)
            {
                while (selection.size() > i)
                {
                    selection.remove(selection.size() - 1);
                }
                break;
            }
        }
        if (selection.size() < 2)
        {
            selection.clear();
        }
        return selection;
    }

    private long windowOf(final SSTableReader reader)
    {
        return reader.maxTimestampMs() / windowMs;
    }

    private long countInWindow(final List<SSTableReader> live, final long window)
    {
        long count = 0;
        for (final SSTableReader reader : live)
        {
            if (windowOf(reader) == window)
            {
                count++;
            }
        }
        return count;
    }
}
