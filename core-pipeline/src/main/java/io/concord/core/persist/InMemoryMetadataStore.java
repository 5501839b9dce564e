package io.concord.core.persist;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MetadataStore} on the heap: for tests, and for a core run without a data dir. Lost on restart unless the
 * same instance is handed to the next shard (which is how restart tests use it).
 */
public final class InMemoryMetadataStore implements MetadataStore
{
    private final HashMap<String, byte[]> records = new HashMap<>();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    public void put(final String key, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        records.put(key, bytes);
    }

    public void remove(final String key)
    {
        records.remove(key);
    }

    public void forEach(final RecordConsumer consumer)
    {
        for (final Map.Entry<String, byte[]> entry : records.entrySet())
        {
            view.wrap(entry.getValue());
            consumer.onRecord(entry.getKey(), view, 0, entry.getValue().length);
        }
    }

    public long size()
    {
        return records.size();
    }

    public void close()
    {
    }
}
