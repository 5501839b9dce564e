package io.concord.storage.memtable;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemtableTest
{
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[64]);

    @Test
    void appendsEditsAndOutOfOrderInsertsMatchASortedMapAcrossBlockSplitsAndReuse()
    {
        final Memtable memtable = new Memtable(1 << 20, 64 * 1024);
        for (long seed = 1; seed <= 6; seed++)
        {
            final Random random = new Random(seed);
            final Map<Long, TreeMap<Long, long[]>> model = new TreeMap<>();
            long sequence = 0;
            long nextId = 1_000_000;
            while (!memtable.isFull())
            {
                final long channelId = 1 + random.nextInt(1 + (int)seed * 5);
                final TreeMap<Long, long[]> rows = model.computeIfAbsent(channelId, (k) -> new TreeMap<>());
                final int kind = random.nextInt(10);
                final long id;
                if (kind < 6 || rows.isEmpty())
                {
                    nextId += 1 + random.nextInt(3);
                    id = nextId;
                }
                else if (kind < 8)
                {
                    id = rows.floorKey(rows.firstKey() + random.nextLong(nextId - rows.firstKey() + 1));
                }
                else
                {
                    id = nextId - 1 - random.nextInt(900_000);
                }
                final int length = random.nextInt(value.capacity() + 1);
                value.putByte(0, (byte)sequence);
                if (random.nextInt(20) == 0)
                {
                    assertTrue(memtable.delete(channelId, id, sequence, 42));
                    rows.put(id, new long[]{sequence, 1, 8});
                }
                else
                {
                    assertTrue(memtable.put(channelId, id, sequence, value, 0, length));
                    rows.put(id, new long[]{sequence, 0, length});
                }
                sequence++;
            }
            assertMatches(memtable, model);
            memtable.clear();
            assertTrue(memtable.isEmpty());
            assertEquals(0, memtable.channelCount());
            assertNull(memtable.rows(1));
        }
    }

    @Test
    void cursorSeeksFloorAndCeilingAcrossBlocks()
    {
        final Memtable memtable = new Memtable(1 << 16, 4096);
        for (long id = 10; id <= 1000; id += 10)
        {
            assertTrue(memtable.put(7, id, id, value, 0, 0));
        }
        final MemtableCursor cursor = new MemtableCursor();
        cursor.reset(memtable, memtable.rows(7));
        cursor.seekDescending(5);
        assertFalse(cursor.hasRow());
        cursor.seekDescending(555);
        assertEquals(550, cursor.id());
        cursor.seekAscending(555);
        assertEquals(560, cursor.id());
        cursor.seekAscending(1001);
        assertFalse(cursor.hasRow());
        cursor.seekAscending(Long.MIN_VALUE);
        long expected = 10;
        for (; cursor.hasRow(); cursor.advance())
        {
            assertEquals(expected, cursor.id());
            expected += 10;
        }
        assertEquals(1010, expected);
        cursor.seekDescending(Long.MAX_VALUE);
        for (; cursor.hasRow(); cursor.advance())
        {
            expected -= 10;
            assertEquals(expected, cursor.id());
        }
        assertEquals(10, expected);
    }

    @Test
    void refusesAPutThatWouldOverflowTheArena()
    {
        final Memtable memtable = new Memtable(1024, Memtable.MAX_INDEX_BYTES_PER_PUT + 64);
        int stored = 0;
        while (memtable.put(1, 1000 + stored, stored, value, 0, 64))
        {
            stored++;
        }
        assertTrue(memtable.isFull());
        assertFalse(memtable.hasRoomFor(64));
        assertEquals(stored, memtable.rowCount());
    }

    private static void assertMatches(final Memtable memtable, final Map<Long, TreeMap<Long, long[]>> model)
    {
        int channels = 0;
        int rowCount = 0;
        final MemtableCursor cursor = new MemtableCursor();
        for (final Map.Entry<Long, TreeMap<Long, long[]>> channel : model.entrySet())
        {
            final ChannelRows rows = memtable.rows(channel.getKey());
            channels++;
            rowCount += channel.getValue().size();
            assertEquals(channel.getValue().size(), rows.size());
            cursor.reset(memtable, rows);
            final List<Long> ids = new ArrayList<>();
            for (cursor.seekAscending(Long.MIN_VALUE); cursor.hasRow(); cursor.advance())
            {
                ids.add(cursor.id());
                final long[] expected = channel.getValue().get(cursor.id());
                assertEquals(expected[0], cursor.sequence());
                assertEquals(1 == expected[1], cursor.isTombstone());
                assertEquals(expected[2], cursor.valueLength());
                if (!cursor.isTombstone() && cursor.valueLength() > 0)
                {
                    assertEquals((byte)expected[0], memtable.arena().getByte(cursor.valueOffset()));
                }
            }
            assertEquals(new ArrayList<>(channel.getValue().keySet()), ids);
            final List<Long> descending = new ArrayList<>();
            for (cursor.seekDescending(Long.MAX_VALUE); cursor.hasRow(); cursor.advance())
            {
                descending.add(cursor.id());
            }
            assertEquals(new ArrayList<>(channel.getValue().descendingKeySet()), descending);
        }
        assertEquals(channels, memtable.channelCount());
        assertEquals(rowCount, memtable.rowCount());
    }
}
