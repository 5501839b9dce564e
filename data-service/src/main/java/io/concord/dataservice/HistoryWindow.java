package io.concord.dataservice;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import static io.concord.dataservice.HistoryPageDescriptor.COUNT_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_HEADER_LENGTH;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_ID_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.ENTRY_LENGTH_OFFSET;
import static io.concord.dataservice.HistoryPageDescriptor.HEADER_LENGTH;

/**
 * A complete slice of one channel's history: every message whose id lies in {@code [lo, hi)} and nothing else,
 * newest first. A storage result becomes a window (its coverage follows from the query and whether storage ran
 * short), write-through creates, edits and deletes keep it exact, and a request is answered from it only when the
 * answer provably lies inside the covered range. {@code lo == 0} means "down to the channel's first message",
 * {@code hi == UNBOUNDED} means "up to the newest".
 * <p>
 * Every answer is a contiguous run of entries, so it is returned as {@code (start << 32) | count}. Records live in
 * an arena that is compacted when edits leave more garbage than live bytes.
 * <p>
 * Owned by the data service agent thread only.
 */
final class HistoryWindow
{
    static final long UNBOUNDED = Long.MAX_VALUE;
    static final long NOT_ANSWERABLE = -1;

    private static final int INITIAL_ARENA_BYTES = 4096;

    private final int capacity;
    private final long[] ids;
    private final int[] offsets;
    private final int[] lengths;
    private ExpandableArrayBuffer arena = new ExpandableArrayBuffer(INITIAL_ARENA_BYTES);
    private ExpandableArrayBuffer spareArena = new ExpandableArrayBuffer(64);
    private int count;
    private int arenaLength;
    private int liveBytes;
    private long lo;
    private long hi = UNBOUNDED;
    private final ExpandableArrayBuffer encoded = new ExpandableArrayBuffer(256);
    private long encodedRun = NOT_ANSWERABLE;
    private int encodedLength;

    HistoryWindow(final int capacity)
    {
        this.capacity = capacity;
        ids = new long[capacity];
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    int count()
    {
        return count;
    }

    long lo()
    {
        return lo;
    }

    long hi()
    {
        return hi;
    }

    /**
     * Bytes this window accounts for against the cache budget: live records plus per-entry bookkeeping.
     */
    long footprintBytes()
    {
        return liveBytes + (long)count * ENTRY_HEADER_LENGTH;
    }

    void clear()
    {
        encodedRun = NOT_ANSWERABLE;
        count = 0;
        arenaLength = 0;
        liveBytes = 0;
        lo = 0;
        hi = UNBOUNDED;
    }

    /**
     * Loads a storage result that {@link HistoryPageFlyweight#validate(int)} accepted, checking that it answers the
     * query it was issued for, and derives the covered range from the query.
     *
     * @return null when loaded, else what is wrong with the page (the window is then empty).
     */
    String load(
        final HistoryPageFlyweight page, final int direction, final long anchor, final int limit)
    {
        clear();
        if (page.count() > Math.min(limit, capacity))
        {
            return "storage returned " + page.count() + " messages for a limit of " + limit;
        }

        // Grow the arena once to the page's size rather than doubling through every size on the way.
        arena.checkLimit(page.length());

        int olderCount = 0;
        page.rewind();
        while (page.next())
        {
            final long id = page.messageId();
            if ((direction == HistoryDirection.BEFORE && id >= anchor) ||
                (direction == HistoryDirection.AFTER && id <= anchor))
            {
                clear();
                return "storage returned message " + id + " outside " + HistoryDirection.name(direction) + " " + anchor;
            }
            if (direction == HistoryDirection.AROUND && id <= anchor)
            {
                olderCount++;
            }
            appendEntry(id, page.buffer(), page.recordOffset(), page.recordLength());
        }

        final long oldest = count > 0 ? ids[count - 1] : 0;
        switch (direction)
        {
            case HistoryDirection.LATEST:
                lo = count == limit ? oldest : 0;
                hi = UNBOUNDED;
                break;

            case HistoryDirection.BEFORE:
                lo = count == limit ? oldest : 0;
                hi = anchor;
                break;

            case HistoryDirection.AFTER:
                lo = anchor + 1;
                hi = count == limit ? ids[0] + 1 : UNBOUNDED;
                break;

            case HistoryDirection.AROUND:
            {
                final int newerNeed = HistoryDirection.aroundNewerCount(limit);
                final int olderNeed = HistoryDirection.aroundOlderCount(limit);
                final int newerCount = count - olderCount;
                if (olderCount > olderNeed || newerCount > newerNeed)
                {
                    clear();
                    return "storage returned " + olderCount + " older and " + newerCount + " newer messages around " +
                        anchor + " for a limit of " + limit;
                }
                lo = olderCount == olderNeed ? oldest : 0;
                if (newerCount < newerNeed)
                {
                    hi = UNBOUNDED;
                }
                else
                {
                    hi = newerCount == 0 ? anchor + 1 : ids[0] + 1;
                }
                break;
            }

            default:
                clear();
                return "unknown direction " + direction;
        }

        return null;
    }

    /**
     * Applies a create: inserts (or, when the id is already there, replaces) a message inside the covered range.
     * At capacity the oldest entry goes and the covered range shrinks from below, so the window stays exact.
     */
    void onCreate(final long id, final DirectBuffer src, final int srcOffset, final int length)
    {
        if (id < lo || id >= hi)
        {
            return;
        }

        final int index = indexAtOrBelow(id);
        if (index < count && ids[index] == id)
        {
            replace(index, src, srcOffset, length);
            return;
        }

        if (count == capacity)
        {
            if (index == count)
            {
                lo = ids[count - 1];
                return;
            }
            removeAt(count - 1);
            insertAt(index, id, src, srcOffset, length);
            lo = ids[count - 1];
            return;
        }

        insertAt(index, id, src, srcOffset, length);
    }

    /**
     * Applies an edit to a message the window holds; a message the window does not hold is either outside the
     * covered range or already deleted, so there is nothing to do.
     */
    void onEdit(final long id, final DirectBuffer src, final int srcOffset, final int length)
    {
        final int index = indexAtOrBelow(id);
        if (index < count && ids[index] == id)
        {
            replace(index, src, srcOffset, length);
        }
    }

    void onDelete(final long id)
    {
        final int index = indexAtOrBelow(id);
        if (index < count && ids[index] == id)
        {
            removeAt(index);
        }
    }

    /**
     * Drops the oldest entries beyond {@code maxEntries}, raising {@code lo} so the window stays exact.
     */
    void trimTo(final int maxEntries)
    {
        if (count > maxEntries)
        {
            encodedRun = NOT_ANSWERABLE;
            for (int i = maxEntries; i < count; i++)
            {
                liveBytes -= lengths[i];
            }
            count = maxEntries;
            lo = maxEntries > 0 ? ids[maxEntries - 1] : hi;
        }
    }

    /**
     * The run of entries that answers a query, when the covered range proves it complete.
     *
     * @return {@code (start << 32) | count}, or {@link #NOT_ANSWERABLE}.
     */
    long answer(final int direction, final long anchor, final int limit)
    {
        switch (direction)
        {
            case HistoryDirection.LATEST:
            {
                if (hi != UNBOUNDED)
                {
                    return NOT_ANSWERABLE;
                }
                final int n = Math.min(limit, count);
                return n == limit || lo == 0 ? run(0, n) : NOT_ANSWERABLE;
            }

            case HistoryDirection.BEFORE:
            {
                if (anchor > hi)
                {
                    return NOT_ANSWERABLE;
                }
                final int start = anchor <= 0 ? count : indexAtOrBelow(anchor - 1);
                final int n = Math.min(limit, count - start);
                return n == limit || lo == 0 ? run(start, n) : NOT_ANSWERABLE;
            }

            case HistoryDirection.AFTER:
            {
                if (anchor + 1 < lo)
                {
                    return NOT_ANSWERABLE;
                }
                final int newer = indexAtOrBelow(anchor);
                final int n = Math.min(limit, newer);
                return n == limit || hi == UNBOUNDED ? run(newer - n, n) : NOT_ANSWERABLE;
            }

            case HistoryDirection.AROUND:
            {
                final int newerNeed = HistoryDirection.aroundNewerCount(limit);
                final int olderNeed = HistoryDirection.aroundOlderCount(limit);
                final int newer = indexAtOrBelow(anchor);
                final int n = Math.min(newerNeed, newer);
                final int o = Math.min(olderNeed, count - newer);
                final boolean olderComplete = anchor + 1 <= hi && (o == olderNeed || lo == 0);
                final boolean newerComplete = newerNeed == 0 ||
                    (anchor + 1 >= lo && (n == newerNeed || hi == UNBOUNDED));
                return olderComplete && newerComplete ? run(newer - n, n + o) : NOT_ANSWERABLE;
            }

            default:
                return NOT_ANSWERABLE;
        }
    }

    static int runStart(final long run)
    {
        return (int)(run >>> 32);
    }

    static int runCount(final long run)
    {
        return (int)run;
    }

    /**
     * Encoded length of a run as a {@link HistoryPageDescriptor} page.
     */
    int encodedLength(final long run)
    {
        final int start = runStart(run);
        final int end = start + runCount(run);
        int length = HEADER_LENGTH;
        for (int i = start; i < end; i++)
        {
            length += ENTRY_HEADER_LENGTH + lengths[i];
        }
        return length;
    }

    /**
     * Writes a run as a {@link HistoryPageDescriptor} page.
     */
    void encode(final long run, final MutableDirectBuffer dst, final int dstOffset)
    {
        final int start = runStart(run);
        final int n = runCount(run);
        dst.putInt(dstOffset + COUNT_OFFSET, n);
        int position = dstOffset + HEADER_LENGTH;
        for (int i = start, end = start + n; i < end; i++)
        {
            final int length = lengths[i];
            dst.putLong(position + ENTRY_ID_OFFSET, ids[i]);
            dst.putInt(position + ENTRY_LENGTH_OFFSET, length);
            dst.putBytes(position + ENTRY_HEADER_LENGTH, arena, offsets[i], length);
            position += ENTRY_HEADER_LENGTH + length;
        }
    }

    /**
     * Encodes a run once and keeps it until the window changes, so that a herd asking for the same run costs one
     * encode and then one copy per answer.
     *
     * @return the encoded length; the bytes are in {@link #encodedBuffer()}.
     */
    int encodeCached(final long run)
    {
        if (run != encodedRun)
        {
            encodedLength = encodedLength(run);
            encoded.checkLimit(encodedLength);
            encode(run, encoded, 0);
            encodedRun = run;
        }
        return encodedLength;
    }

    DirectBuffer encodedBuffer()
    {
        return encoded;
    }

    private static long run(final int start, final int n)
    {
        return ((long)start << 32) | n;
    }

    /**
     * Index of the first entry whose id is {@code <= id} ({@code count} when none): ids are descending.
     */
    private int indexAtOrBelow(final long id)
    {
        int low = 0;
        int high = count;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (ids[mid] > id)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private void appendEntry(final long id, final DirectBuffer src, final int srcOffset, final int length)
    {
        ids[count] = id;
        offsets[count] = arenaLength;
        lengths[count] = length;
        arena.putBytes(arenaLength, src, srcOffset, length);
        arenaLength += length;
        liveBytes += length;
        count++;
    }

    private void insertAt(
        final int index, final long id, final DirectBuffer src, final int srcOffset, final int length)
    {
        encodedRun = NOT_ANSWERABLE;
        final int tail = count - index;
        System.arraycopy(ids, index, ids, index + 1, tail);
        System.arraycopy(offsets, index, offsets, index + 1, tail);
        System.arraycopy(lengths, index, lengths, index + 1, tail);
        ids[index] = id;
        offsets[index] = arenaLength;
        lengths[index] = length;
        arena.putBytes(arenaLength, src, srcOffset, length);
        arenaLength += length;
        liveBytes += length;
        count++;
        compactIfWasteful();
    }

    private void replace(final int index, final DirectBuffer src, final int srcOffset, final int length)
    {
        encodedRun = NOT_ANSWERABLE;
        liveBytes += length - lengths[index];
        offsets[index] = arenaLength;
        lengths[index] = length;
        arena.putBytes(arenaLength, src, srcOffset, length);
        arenaLength += length;
        compactIfWasteful();
    }

    private void removeAt(final int index)
    {
        encodedRun = NOT_ANSWERABLE;
        liveBytes -= lengths[index];
        final int tail = count - index - 1;
        System.arraycopy(ids, index + 1, ids, index, tail);
        System.arraycopy(offsets, index + 1, offsets, index, tail);
        System.arraycopy(lengths, index + 1, lengths, index, tail);
        count--;
        if (count == 0)
        {
            arenaLength = 0;
        }
    }

    private void compactIfWasteful()
    {
        final int garbage = arenaLength - liveBytes;
        if (garbage > INITIAL_ARENA_BYTES && garbage > liveBytes)
        {
            final ExpandableArrayBuffer target = spareArena;
            int position = 0;
            for (int i = 0; i < count; i++)
            {
                final int length = lengths[i];
                target.putBytes(position, arena, offsets[i], length);
                offsets[i] = position;
                position += length;
            }
            spareArena = arena;
            arena = target;
            arenaLength = position;
        }
    }
}
