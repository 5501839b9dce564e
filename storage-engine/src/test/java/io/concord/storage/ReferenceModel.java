package io.concord.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The obviously-correct model the store is checked against: a {@link TreeMap} per channel, with the read modes
 * written out from their definition in {@link ReadMode}.
 */
final class ReferenceModel
{
    private final Map<Long, TreeMap<Long, byte[]>> channels = new HashMap<>();

    void put(final long channelId, final long messageId, final byte[] value)
    {
        channels.computeIfAbsent(channelId, (k) -> new TreeMap<>()).put(messageId, value);
    }

    void delete(final long channelId, final long messageId)
    {
        channels.computeIfAbsent(channelId, (k) -> new TreeMap<>()).remove(messageId);
    }

    List<SyncStore.Row> read(final long channelId, final int mode, final long cursorId, final int limit)
    {
        final TreeMap<Long, byte[]> rows = channels.getOrDefault(channelId, new TreeMap<>());
        final List<SyncStore.Row> page = new ArrayList<>();
        switch (mode)
        {
            case ReadMode.LATEST:
                take(rows.descendingMap(), limit, page);
                break;
            case ReadMode.BEFORE:
                take(rows.headMap(cursorId, false).descendingMap(), limit, page);
                break;
            case ReadMode.AFTER:
            {
                final List<SyncStore.Row> ascending = new ArrayList<>();
                take(rows.tailMap(cursorId, false), limit, ascending);
                for (int i = ascending.size() - 1; i >= 0; i--)
                {
                    page.add(ascending.get(i));
                }
                break;
            }
            default:
            {
                final List<SyncStore.Row> older = new ArrayList<>();
                take(rows.headMap(cursorId, true).descendingMap(), limit, older);
                final List<SyncStore.Row> newer = new ArrayList<>();
                take(rows.tailMap(cursorId, false), limit, newer);
                final int newerTake = Math.min(newer.size(), limit / 2);
                final int olderTake = Math.min(older.size(), limit - limit / 2);
                for (int i = newerTake - 1; i >= 0; i--)
                {
                    page.add(newer.get(i));
                }
                page.addAll(older.subList(0, olderTake));
                break;
            }
        }
        return page;
    }

    private static void take(final NavigableMap<Long, byte[]> rows, final int limit, final List<SyncStore.Row> page)
    {
        for (final Map.Entry<Long, byte[]> entry : rows.entrySet())
        {
            if (page.size() == limit)
            {
                return;
            }
            page.add(new SyncStore.Row(entry.getKey(), entry.getValue()));
        }
    }
}
