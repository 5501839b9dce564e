package io.concord.storage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of append/upsert/delete/read/compact/close-and-reopen, checked after every read against
 * {@link ReferenceModel}. Tiny memtables make flushes and compactions happen throughout. Each run is reproducible
 * from its seed, printed on failure.
 */
class StoragePropertyTest
{
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    @TempDir
    File dir;

    @Test
    void shouldMatchReferenceModel() throws Exception
    {
        for (long seed = 1; seed <= 4; seed++)
        {
            run(seed, 1_500);
        }
    }

    @Test
    @Tag("slow")
    void shouldMatchReferenceModelOnLongRuns() throws Exception
    {
        for (long seed = 100; seed < 112; seed++)
        {
            run(seed, 4_000);
        }
    }

    private void run(final long seed, final int operations) throws Exception
    {
        final File runDir = Files.createTempDirectory(dir.toPath(), "seed-" + seed).toFile();
        final Random random = new Random(seed);
        final ReferenceModel model = new ReferenceModel();
        final long[] channels = {11, 12, 13, 1_000_003, 81384788765712384L};
        // ids spread over 40 days: several 10-day buckets, reads must walk across them
        final int idSpace = 400;
        int step = 0;
        try (SyncStore store = new SyncStore(runDir, (ctx) -> ctx.memtableSize(64 * 1024)
            .compactionMinThreshold(2).maxSstablesPerRead(3).tombstoneGraceMs(DAY_MS)))
        {
            for (step = 0; step < operations; step++)
            {
                final long channel = channels[random.nextInt(channels.length)];
                final long id = SyncStore.snowflake(
                    SyncStore.NOW_MS - 40 * DAY_MS + random.nextInt(idSpace) * (DAY_MS / 10), random.nextInt(3));
                final int op = random.nextInt(100);
                if (op < 50)
                {
                    final byte[] value = new byte[random.nextInt(random.nextInt(10) == 0 ? 3000 : 300)];
                    random.nextBytes(value);
                    assertEquals(StorageStatus.OK, store.append(channel, id, value));
                    model.put(channel, id, value);
                }
                else if (op < 62)
                {
                    assertEquals(StorageStatus.OK, store.delete(channel, id));
                    model.delete(channel, id);
                }
                else if (op < 96)
                {
                    final int mode = random.nextInt(4);
                    final int limit = 1 + random.nextInt(random.nextBoolean() ? 10 : 100);
                    final long cursor = random.nextInt(10) == 0 ? 0 : id;
                    StorageContractTest.assertRowsEqual(model.read(channel, mode, cursor, limit),
                        store.readOk(channel, mode, cursor, limit));
                }
                else if (op < 98)
                {
                    store.engine.compactAll();
                    store.settle();
                }
                else if (op < 99)
                {
                    store.clock.advance(DAY_MS / 2);
                }
                else
                {
                    store.reopen();
                }
            }
            for (final long channel : channels)
            {
                final List<SyncStore.Row> expected = model.read(channel, ReadMode.LATEST, 0, 100);
                StorageContractTest.assertRowsEqual(expected, store.readOk(channel, ReadMode.LATEST, 0, 100));
            }
            assertEquals(0, store.counter(StorageCounters.ERRORS));
        }
        catch (final AssertionError ex)
        {
            fail("seed " + seed + " failed at step " + step + ": " + ex.getMessage(), ex);
        }
    }
}
