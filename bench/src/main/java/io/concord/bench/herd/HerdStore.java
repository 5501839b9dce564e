package io.concord.bench.herd;

import io.concord.dataservice.lsm.LsmHistoryStorage;
import io.concord.dataservice.storage.HistoryStorage;
import io.concord.dataservice.storage.InMemoryHistoryStorage;
import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageEngine;
import io.concord.storage.StorageStatus;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * The message store behind the data service in a herd run, filled with the benchmark's channels: the in-memory store
 * with its latency model, or the real LSM store in a temporary directory (deleted on close). Used from the
 * benchmark's main thread, except {@link #storage()} which the data service agent then owns.
 */
abstract class HerdStore implements AutoCloseable
{
    abstract HistoryStorage storage();

    /**
     * Makes the store cold again between phases, where it can.
     */
    abstract void coolDown();

    abstract String describe();

    public abstract void close();

    static HerdStore inMemory(
        final long[][] idsByChannel,
        final byte[] record,
        final int shards,
        final long coldReadUs,
        final long warmReadUs)
    {
        final InMemoryHistoryStorage store = new InMemoryHistoryStorage(SystemNanoClock.INSTANCE, shards,
            TimeUnit.MICROSECONDS.toNanos(coldReadUs), TimeUnit.MICROSECONDS.toNanos(warmReadUs), 1 << 20);
        for (int c = 0; c < idsByChannel.length; c++)
        {
            for (final long id : idsByChannel[c])
            {
                store.put(channelId(c), id, record);
            }
        }

        return new HerdStore()
        {
            HistoryStorage storage()
            {
                return store;
            }

            void coolDown()
            {
                store.coolDown();
            }

            String describe()
            {
                return "in-memory store, latency model: " + shards + " shards serving one read at a time each, " +
                    "first read of a channel " + coldReadUs + " us (cold disk), later reads " + warmReadUs + " us";
            }

            public void close()
            {
            }
        };
    }

    static HerdStore lsm(final long[][] idsByChannel, final byte[] record, final int shards)
    {
        final File dir;
        try
        {
            dir = Files.createTempDirectory("concord-herd-").toFile();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temporary store directory", ex);
        }

        final StorageEngine engine = StorageEngine.launch(new StorageConfiguration.Context()
            .dir(dir)
            .shards(shards)
            .maxValueLength(Math.max(record.length, 1)));
        try
        {
            load(engine, idsByChannel, record);
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            IoUtil.delete(dir, true);
            throw ex;
        }

        return new HerdStore()
        {
            private final LsmHistoryStorage storage = new LsmHistoryStorage(engine.newClient(), record.length);

            HistoryStorage storage()
            {
                return storage;
            }

            void coolDown()
            {
                // The LSM store has no switch for the OS page cache: "cold" here only means the data service cache
                // is empty.
            }

            String describe()
            {
                return "LSM store (storage-engine), " + shards + " shards, data written durably before the run " +
                    "(reads hit memtables/page cache)";
            }

            public void close()
            {
                engine.close();
                IoUtil.delete(dir, true);
            }
        };
    }

    static long channelId(final int index)
    {
        return index + 1;
    }

    private static void load(final StorageEngine engine, final long[][] idsByChannel, final byte[] record)
    {
        final StorageClient writer = engine.newClient();
        final UnsafeBuffer value = new UnsafeBuffer(record);
        final long[] durable = new long[2];
        final CompletionHandler handler = new CompletionHandler()
        {
            public void onWriteComplete(final long correlationId, final int status)
            {
                durable[StorageStatus.OK == status ? 0 : 1]++;
            }

            public void onReadComplete(final long correlationId, final int status, final ReadResult result)
            {
            }
        };

        long appended = 0;
        final long deadlineNs = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (int c = 0; c < idsByChannel.length; c++)
        {
            for (final long id : idsByChannel[c])
            {
                int status;
                while (StorageStatus.BACK_PRESSURED ==
                    (status = writer.append(appended, channelId(c), id, value, 0, record.length)))
                {
                    if (0 == writer.poll(handler, 1024))
                    {
                        Thread.yield();
                    }
                    checkDeadline(deadlineNs);
                }
                if (StorageStatus.OK != status)
                {
                    throw new IllegalStateException("store refused append of " + id + ": status " + status);
                }
                appended++;
            }
        }

        while (durable[0] + durable[1] < appended)
        {
            if (0 == writer.poll(handler, 1024))
            {
                Thread.yield();
            }
            checkDeadline(deadlineNs);
        }
        if (0 != durable[1])
        {
            throw new IllegalStateException(durable[1] + " appends failed while loading the store");
        }
    }

    private static void checkDeadline(final long deadlineNs)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("loading the store took more than 5 minutes");
        }
    }
}
