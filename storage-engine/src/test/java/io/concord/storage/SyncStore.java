package io.concord.storage;

import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test driver: an engine without threads (agent invoker) and a manual clock, with blocking-style calls that submit,
 * run duty cycles until the completion arrives and return its status and rows.
 */
final class SyncStore implements AutoCloseable, CompletionHandler
{
    static final long NOW_MS = 1767225600000L; // 2026-01-01T00:00:00Z

    record Row(long id, byte[] value)
    {
    }

    record Page(int status, List<Row> rows)
    {
    }

    private final File dir;
    private final Consumer<StorageConfiguration.Context> settings;
    final CachedEpochClock clock;
    StorageEngine engine;
    StorageClient client;
    private long nextCorrelationId = 1;
    private long awaited;
    private boolean isDone;
    private int status;
    private List<Row> rows;

    SyncStore(final File dir, final Consumer<StorageConfiguration.Context> settings)
    {
        this(dir, settings, new CachedEpochClock());
        clock.update(NOW_MS);
    }

    SyncStore(final File dir, final Consumer<StorageConfiguration.Context> settings, final CachedEpochClock clock)
    {
        this.dir = dir;
        this.settings = settings;
        this.clock = clock;
        open();
    }

    private void open()
    {
        final StorageConfiguration.Context ctx = new StorageConfiguration.Context()
            .dir(dir)
            .shards(2)
            .epochClock(clock)
            .useAgentInvoker(true);
        settings.accept(ctx);
        engine = StorageEngine.launch(ctx);
        client = engine.newClient();
    }

    void reopen()
    {
        engine.close();
        open();
    }

    static long snowflake(final long unixMs, final int increment)
    {
        return ((unixMs - Partitioner.DISCORD_EPOCH_MS) << Partitioner.TIMESTAMP_SHIFT) | increment;
    }

    int append(final long channelId, final long messageId, final byte[] value)
    {
        final long correlationId = nextCorrelationId++;
        final int submitted = client.append(correlationId, channelId, messageId, new UnsafeBuffer(value), 0,
            value.length);
        return StorageStatus.OK != submitted ? submitted : await(correlationId);
    }

    int delete(final long channelId, final long messageId)
    {
        final long correlationId = nextCorrelationId++;
        final int submitted = client.delete(correlationId, channelId, messageId);
        return StorageStatus.OK != submitted ? submitted : await(correlationId);
    }

    Page read(final long channelId, final int mode, final long cursorId, final int limit)
    {
        final long correlationId = nextCorrelationId++;
        final int submitted = client.read(correlationId, channelId, mode, cursorId, limit);
        if (StorageStatus.OK != submitted)
        {
            return new Page(submitted, List.of());
        }
        final int result = await(correlationId);
        return new Page(result, rows);
    }

    List<Row> readOk(final long channelId, final int mode, final long cursorId, final int limit)
    {
        final Page page = read(channelId, mode, cursorId, limit);
        if (StorageStatus.OK != page.status())
        {
            throw new AssertionError("read failed: " + StorageStatus.describe(page.status()));
        }
        return page.rows();
    }

    /**
     * Runs duty cycles until idle: flushes and compactions that are due finish.
     */
    void settle()
    {
        for (int i = 0; i < 10_000; i++)
        {
            if (0 == engine.doWork())
            {
                return;
            }
        }
        throw new AssertionError("engine never became idle");
    }

    private int await(final long correlationId)
    {
        awaited = correlationId;
        isDone = false;
        for (int i = 0; i < 1_000_000 && !isDone; i++)
        {
            engine.doWork();
            client.poll(this, 16);
        }
        if (!isDone)
        {
            throw new AssertionError("no completion for " + correlationId);
        }
        return status;
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        if (correlationId == awaited)
        {
            this.status = status;
            this.rows = List.of();
            isDone = true;
        }
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        if (correlationId == awaited)
        {
            final List<Row> page = new ArrayList<>();
            while (result.next())
            {
                final byte[] value = new byte[result.valueLength()];
                result.buffer().getBytes(result.valueOffset(), value);
                page.add(new Row(result.messageId(), value));
            }
            this.status = status;
            this.rows = page;
            isDone = true;
        }
    }

    long counter(final int type)
    {
        return engine.counters().sum(type);
    }

    public void close()
    {
        engine.close();
    }
}
