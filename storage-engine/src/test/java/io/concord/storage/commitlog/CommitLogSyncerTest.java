package io.concord.storage.commitlog;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The syncer publishes as durable exactly what was written before its force, counts the group, wakes the shard,
 * and publishes a failed force as an error instead of a durable sequence.
 */
class CommitLogSyncerTest
{
    @TempDir
    File dir;

    private final AtomicLong fileNumbers = new AtomicLong(1);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[100]);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
    private final AtomicCounter fsyncs = countersManager.newCounter("fsyncs");
    private final AtomicCounter batched = countersManager.newCounter("batched");
    private final AtomicCounter maxBatch = countersManager.newCounter("max batch");
    private final AtomicCounter fsyncNanos = countersManager.newCounter("fsync ns");
    private final AtomicInteger wakeUps = new AtomicInteger();

    @Test
    void shouldPublishWrittenSequenceAsDurableAfterOneForce() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        final CommitLogSyncer syncer = newSyncer(11);
        assertEquals(10, syncer.durableSequence(), "everything before the first sequence is durable already");
        assertEquals(0, syncer.doWork(), "nothing written, nothing to force");

        for (long sequence = 11; sequence <= 13; sequence++)
        {
            log.stagePut(sequence, 7, 1000 + sequence, value, 0, value.capacity());
        }
        final CommitLogSegment segment = log.write();
        syncer.onWritten(segment, 13);
        assertEquals(10, syncer.durableSequence(), "written is not durable before the force");

        assertEquals(1, syncer.doWork());
        assertEquals(13, syncer.durableSequence());
        assertEquals(1, wakeUps.get());
        assertEquals(1, fsyncs.get());
        assertEquals(3, batched.get());
        assertEquals(3, maxBatch.get());
        assertNull(syncer.error());

        assertEquals(0, syncer.doWork(), "one force per written group");
        assertEquals(1, fsyncs.get());
        log.close();
    }

    @Test
    void shouldPublishAFailedForceAsErrorAndStopForcing() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        final CommitLogSyncer syncer = newSyncer(1);
        log.stagePut(1, 7, 1001, value, 0, value.capacity());
        final CommitLogSegment segment = log.write();
        segment.close();
        syncer.onWritten(segment, 1);

        assertEquals(1, syncer.doWork());
        assertNotNull(syncer.error());
        assertEquals(0, syncer.durableSequence(), "a failed force makes nothing durable");
        assertEquals(1, wakeUps.get(), "the shard is woken to fail what waits");
        assertEquals(0, syncer.doWork(), "no force after a failure");
        assertEquals(0, fsyncs.get());
        log.close();
    }

    private CommitLogSyncer newSyncer(final long firstSequence)
    {
        return new CommitLogSyncer(0, firstSequence, wakeUps::incrementAndGet, fsyncs, batched, maxBatch,
            fsyncNanos);
    }
}
