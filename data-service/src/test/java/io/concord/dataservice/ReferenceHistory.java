package io.concord.dataservice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference model of one channel's history for tests: a TreeMap and a deliberately naive query (filter, sort,
 * cut), independent of both the window logic and the in-memory store.
 */
final class ReferenceHistory
{
    private ReferenceHistory()
    {
    }

    /**
     * What a query must return over a channel's messages, newest first.
     */
    static List<Message> query(
        final TreeMap<Long, byte[]> messages, final int direction, final long anchor, final int limit)
    {
        final List<Message> newestFirst = new ArrayList<>();
        for (final Map.Entry<Long, byte[]> e : messages.descendingMap().entrySet())
        {
            newestFirst.add(new Message(e.getKey(), e.getValue()));
        }

        final List<Message> result = new ArrayList<>();
        switch (direction)
        {
            case HistoryDirection.LATEST:
                result.addAll(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
                break;

            case HistoryDirection.BEFORE:
                for (final Message m : newestFirst)
                {
                    if (m.id < anchor && result.size() < limit)
                    {
                        result.add(m);
                    }
                }
                break;

            case HistoryDirection.AFTER:
            {
                final List<Message> above = new ArrayList<>();
                for (int i = newestFirst.size() - 1; i >= 0; i--)
                {
                    final Message m = newestFirst.get(i);
                    if (m.id > anchor && above.size() < limit)
                    {
                        above.add(0, m);
                    }
                }
                result.addAll(above);
                break;
            }

            case HistoryDirection.AROUND:
            {
                result.addAll(query(
                    messages, HistoryDirection.AFTER, anchor, HistoryDirection.aroundNewerCount(limit)));
                result.addAll(query(messages, HistoryDirection.BEFORE, anchor + 1,
                    HistoryDirection.aroundOlderCount(limit)));
                break;
            }

            default:
                throw new IllegalArgumentException("direction " + direction);
        }
        return result;
    }

    /**
     * One message of a page as a test sees it.
     */
    static final class Message
    {
        final long id;
        final byte[] record;

        Message(final long id, final byte[] record)
        {
            this.id = id;
            this.record = record;
        }

        public boolean equals(final Object o)
        {
            return o instanceof Message && ((Message)o).id == id && Arrays.equals(((Message)o).record, record);
        }

        public int hashCode()
        {
            return Long.hashCode(id) * 31 + Arrays.hashCode(record);
        }

        public String toString()
        {
            return id + ":" + new String(record, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
