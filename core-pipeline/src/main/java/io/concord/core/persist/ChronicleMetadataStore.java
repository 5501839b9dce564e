package io.concord.core.persist;

import net.openhft.chronicle.map.ChronicleMap;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A {@link MetadataStore} in a persisted Chronicle Map file ({@code <dataDir>/core/shard-<n>/metadata.dat}).
 * <p>
 * Durability: a put is a write into a memory-mapped file, so it is in the kernel's page cache when the call returns.
 * A kill -9 of the process therefore loses nothing that was put; a power loss (or kernel crash) can lose whatever the
 * kernel had not yet written back (typically up to ~30 s of changes), since nothing here calls msync/fsync.
 * <p>
 * Writes allocate a little (key strings, value arrays): metadata changes are not the per-message hot path.
 * Used only by the owning shard's thread.
 */
public final class ChronicleMetadataStore implements MetadataStore
{
    private final ChronicleMap<String, byte[]> map;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);

    /**
     * @param file       the map file; created if absent, recovered and reused if present.
     * @param maxEntries capacity in records.
     */
    public ChronicleMetadataStore(final File file, final long maxEntries)
    {
        try
        {
            final File parent = file.getParentFile();
            if (null != parent && !parent.isDirectory() && !parent.mkdirs())
            {
                throw new IOException("cannot create directory " + parent);
            }
            final var builder = ChronicleMap.of(String.class, byte[].class)
                .name("concord-core-metadata")
                .entries(maxEntries)
                .averageKeySize(24)
                .averageValueSize(160);
            // After a kill -9 a segment lock may still be held in the file: recovery clears it and checks the data.
            map = file.exists() ? builder.recoverPersistedTo(file, false) : builder.createPersistedTo(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open core metadata map " + file, ex);
        }
    }

    public void put(final String key, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        map.put(key, bytes);
    }

    public void remove(final String key)
    {
        map.remove(key);
    }

    public void forEach(final RecordConsumer consumer)
    {
        for (final Map.Entry<String, byte[]> entry : map.entrySet())
        {
            final byte[] value = entry.getValue();
            view.wrap(value);
            consumer.onRecord(entry.getKey(), view, 0, value.length);
        }
    }

    public long size()
    {
        return map.longSize();
    }

    public void close()
    {
        map.close();
    }
}
