package io.concord.storage.commitlog;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flushed segment's file is reused for the next segment: its old records must never come back at replay, whether
 * the shard stopped cleanly (tail trimmed) or crashed (tail cut at replay, where sequences stop increasing).
 */
class CommitLogRecycleTest
{
    private static final int VALUE_LENGTH = 200;
    private static final int SMALL_SEGMENT = 1024 * 1024;
    private static final int RECORD_LENGTH = CommitLogRecordDescriptor.HEADER_LENGTH + VALUE_LENGTH;

    @TempDir
    File dir;

    private final AtomicLong fileNumbers = new AtomicLong(1);
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[VALUE_LENGTH]);

    @Test
    void shouldReuseFlushedSegmentAndReplayOnlyItsNewRecords() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 100);
        log.roll();
        assertEquals(1, log.deleteSegmentsUpTo(100));
        assertEquals(1, logFiles().length, "the flushed segment is kept as the spare");
        final long spareLength = logFiles()[0].length();

        append(log, 101, 3);
        final File[] files = logFiles();
        assertEquals(1, files.length, "the spare became the new segment");
        assertEquals(spareLength, files[0].length(), "writes overwrite the old file without growing it");

        // a crash now leaves old records (same size, so record-aligned, valid CRCs) after the new ones
        final CommitLogReplayer crashed = new CommitLogReplayer();
        final List<Long> sequences = replay(crashed, files[0]);
        assertArrayEquals(new Long[]{101L, 102L, 103L}, sequences.toArray(new Long[0]));
        assertTrue(crashed.wasCut());
        assertEquals(103, crashed.maxSequence());
    }

    @Test
    void shouldTrimRecycledSegmentOnCleanCloseAndDeleteSpare() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 50);
        log.roll();
        append(log, 51, 50);
        log.roll();
        assertEquals(2, log.deleteSegmentsUpTo(100));
        assertEquals(1, logFiles().length, "one spare kept, the other deleted");
        append(log, 101, 2);
        log.close();

        final File[] files = logFiles();
        assertEquals(1, files.length);
        final CommitLogReplayer replayer = new CommitLogReplayer();
        assertArrayEquals(new Long[]{101L, 102L}, replay(replayer, files[0]).toArray(new Long[0]));
        assertFalse(replayer.wasCut(), "a clean close leaves no old tail");
    }

    @Test
    void shouldDeleteSpareOnClose() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 10);
        log.roll();
        log.deleteSegmentsUpTo(10);
        log.close();
        assertEquals(0, logFiles().length);
    }

    @Test
    void shouldStartAPreparedSegmentWithoutRenamingInTheGroupCommit() throws IOException
    {
        final CommitLog log = new CommitLog(dir, SMALL_SEGMENT, fileNumbers::getAndIncrement);
        append(log, 1, 100);
        log.roll();
        log.deleteSegmentsUpTo(100);
        assertTrue(log.canPrepare());
        final SegmentPreparation preparation = log.beginPreparation();
        assertFalse(log.canPrepare(), "the spare belongs to the preparation until it comes back");
        preparation.run();
        assertNull(log.endPreparation());
        assertTrue(log.hasPrepared());
        final File prepared = logFiles()[0];
        assertEquals(SMALL_SEGMENT, prepared.length(), "the prepared spare is preallocated to the segment size");

        append(log, 101, 3);
        assertFalse(log.hasPrepared(), "the prepared segment became current");
        final File[] files = logFiles();
        assertEquals(1, files.length);
        assertEquals(prepared.getName(), files[0].getName());
        assertEquals(SMALL_SEGMENT, files[0].length(), "writes overwrite the preallocated file without growing it");
        assertArrayEquals(new Long[]{101L, 102L, 103L}, replay(new CommitLogReplayer(), files[0]).toArray(new Long[0]));
    }

    @Test
    void shouldRecycleTheSpareInPlaceWhenItsPreparationHasNotStartedYet() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 100);
        log.roll();
        log.deleteSegmentsUpTo(100);
        final long spareLength = logFiles()[0].length();
        final SegmentPreparation preparation = log.beginPreparation();
        append(log, 101, 3);
        final File[] files = logFiles();
        assertEquals(1, files.length, "the queued preparation was cancelled and the spare recycled in place");
        assertEquals(spareLength, files[0].length());
        preparation.run();
        assertNull(log.endPreparation());
        assertFalse(log.hasPrepared());
        assertEquals(1, logFiles().length, "a cancelled preparation touches no file");
        log.close();
        assertArrayEquals(new Long[]{101L, 102L, 103L}, replay(new CommitLogReplayer(), logFiles()[0])
            .toArray(new Long[0]));
    }

    @Test
    @Timeout(30)
    void shouldStartMoreSegmentsBeforeATakenOrCancelledPreparationComesBack() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 10);
        log.roll();
        log.deleteSegmentsUpTo(10);
        log.beginPreparation().run();
        append(log, 11, 2);
        log.roll();
        append(log, 13, 2);
        assertNull(log.endPreparation(), "already taken by the first segment start");
        assertFalse(log.hasPrepared());

        log.deleteSegmentsUpTo(14);
        final SegmentPreparation cancelled = log.beginPreparation();
        log.roll();
        append(log, 15, 2);
        log.roll();
        append(log, 17, 2);
        cancelled.run();
        assertNull(log.endPreparation());
        log.close();
    }

    @Test
    void shouldTrimEveryRolledRecycledSegmentOnCleanClose() throws IOException
    {
        final CommitLog log = new CommitLog(dir, 64 * 1024 * 1024, fileNumbers::getAndIncrement);
        append(log, 1, 50);
        log.roll();
        log.deleteSegmentsUpTo(50);
        append(log, 51, 2);
        log.roll();
        append(log, 53, 2);
        log.close();

        final File[] files = logFiles();
        Arrays.sort(files);
        assertEquals(2, files.length);
        final CommitLogReplayer replayer = new CommitLogReplayer();
        assertArrayEquals(new Long[]{51L, 52L}, replay(replayer, files[0]).toArray(new Long[0]));
        assertFalse(replayer.wasCut(), "the rolled recycled segment's old tail was cut at close");
    }

    @Test
    void shouldPrepareANewPreallocatedSegmentOnceTheCurrentOneIsAQuarterFullAndMoveToItBeforeGrowing()
        throws IOException
    {
        final CommitLog log = new CommitLog(dir, SMALL_SEGMENT, fileNumbers::getAndIncrement);
        final int quarter = SMALL_SEGMENT / 4 / RECORD_LENGTH + 1;
        append(log, 1, quarter - 2);
        assertFalse(log.canPrepare(), "a short-lived log never writes a segment of zeros");
        append(log, quarter - 1, 2);
        assertTrue(log.canPrepare());
        final File first = logFiles()[0];
        final long firstLength = first.length();

        log.beginPreparation().run();
        assertNull(log.endPreparation());
        assertTrue(log.hasPrepared());
        assertEquals(2, logFiles().length);

        append(log, quarter + 1, 3);
        assertFalse(log.hasPrepared(), "a write that would grow the current segment goes to the prepared one");
        assertEquals(firstLength, first.length(), "the first segment stopped growing");
        final File[] files = logFiles();
        Arrays.sort(files);
        assertEquals(SMALL_SEGMENT, files[1].length());

        final CommitLogReplayer crashed = new CommitLogReplayer();
        assertArrayEquals(new Long[]{quarter + 1L, quarter + 2L, quarter + 3L},
            replay(crashed, files[1]).toArray(new Long[0]));
        assertFalse(crashed.wasCut(), "the zeros after the last record are the unused rest, not a torn tail");
    }

    @Test
    @Timeout(30)
    void shouldNotWaitForARunningPreparationAndMoveToItsSegmentWhenItIsReady() throws Exception
    {
        final CommitLog log = new CommitLog(dir, SMALL_SEGMENT, fileNumbers::getAndIncrement, SMALL_SEGMENT,
            SMALL_SEGMENT / 2, File::delete);
        append(log, 1, 10);
        log.roll();
        log.deleteSegmentsUpTo(10);
        final SegmentPreparation preparation = log.beginPreparation();
        final Thread worker = new Thread(preparation::run);
        worker.start();
        while (SegmentPreparation.QUEUED == preparation.state.get())
        {
            Thread.onSpinWait();
        }

        append(log, 11, 2);
        final boolean wasRunning = worker.isAlive();
        worker.join();
        assertNull(log.endPreparation());
        if (wasRunning)
        {
            assertFalse(log.hasPrepared(), "a segment prepared under a lower number than the shard's own " +
                "would be replayed before it: it comes back as the spare");
            assertTrue(log.canPrepare());
            log.beginPreparation().run();
            assertNull(log.endPreparation());
            assertTrue(log.hasPrepared(), "renamed under a new number, it is the next segment");
            append(log, 13, 2);
            assertFalse(log.hasPrepared(), "the shard's own segment is left before it grows");
        }
        log.close();

        final List<Long> sequences = new ArrayList<>();
        for (final File file : logFiles())
        {
            sequences.addAll(replay(new CommitLogReplayer(), file));
        }
        sequences.sort(null);
        assertArrayEquals(wasRunning ? new Long[]{11L, 12L, 13L, 14L} : new Long[]{11L, 12L},
            sequences.toArray(new Long[0]));
    }

    @Test
    void shouldCountATornRecordBeforeTheZerosOfAPreallocatedSegment() throws IOException
    {
        final CommitLog log = new CommitLog(dir, SMALL_SEGMENT, fileNumbers::getAndIncrement);
        append(log, 1, 10);
        log.roll();
        log.deleteSegmentsUpTo(10);
        log.beginPreparation().run();
        assertNull(log.endPreparation());
        append(log, 11, 3);
        final File segment = logFiles()[0];
        try (RandomAccessFile file = new RandomAccessFile(segment, "rw"))
        {
            // half of a fourth record, as a crash in the middle of a write leaves it
            file.seek(3L * RECORD_LENGTH);
            file.write(new byte[]{(byte)RECORD_LENGTH, 1, 2, 3, 4, 5, 6, 7});
        }
        final CommitLogReplayer replayer = new CommitLogReplayer();
        assertArrayEquals(new Long[]{11L, 12L, 13L}, replay(replayer, segment).toArray(new Long[0]));
        assertTrue(replayer.wasCut());
        assertEquals(3L * RECORD_LENGTH, segment.length());
    }

    private void append(final CommitLog log, final long firstSequence, final int count) throws IOException
    {
        for (int i = 0; i < count; i++)
        {
            log.stagePut(firstSequence + i, 7, 1000 + firstSequence + i, value, 0, VALUE_LENGTH);
        }
        log.sync();
        log.clearStaged();
    }

    private static List<Long> replay(final CommitLogReplayer replayer, final File file) throws IOException
    {
        final List<Long> sequences = new ArrayList<>();
        replayer.replay(file, (type, sequence, channelId, messageId, buffer, valueOffset, valueLength) ->
            sequences.add(sequence));
        return sequences;
    }

    private File[] logFiles()
    {
        final File[] files = dir.listFiles((d, name) -> name.endsWith(".log"));
        return null == files ? new File[0] : files;
    }
}
