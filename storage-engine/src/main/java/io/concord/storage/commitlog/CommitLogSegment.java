package io.concord.storage.commitlog;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * One commit log file, {@code 000042.log}, appended by its shard thread only. Knows the highest sequence it holds so
 * the shard can delete it once an SSTable covers that sequence, and how far its blocks are allocated and written
 * ({@link #preallocate}): a force of writes below that point changes no file system metadata.
 */
public final class CommitLogSegment implements AutoCloseable
{
    private static final int FILL_CHUNK_BYTES = 256 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(FILL_CHUNK_BYTES);

    private final long fileNumber;
    private final File file;
    private FileChannel channel;
    private long position;
    private long maxSequence;
    private long writtenLength;

    CommitLogSegment(final long fileNumber, final File file, final FileChannel channel, final long position,
        final long maxSequence)
    {
        this.fileNumber = fileNumber;
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.maxSequence = maxSequence;
        this.writtenLength = position;
    }

    /**
     * Creates an empty segment file and makes its directory entry durable.
     *
     * @throws IOException if the file cannot be created.
     */
    static CommitLogSegment create(final File dir, final long fileNumber) throws IOException
    {
        final File file = new File(dir, fileName(fileNumber));
        final FileChannel channel = FileChannel.open(
            file.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory(dir);
        return new CommitLogSegment(fileNumber, file, channel, 0, -1);
    }

    /**
     * Reuses the file of a segment whose records are all in SSTables: renames it to the new number and writes over
     * it from the start. Its blocks are already allocated and written, so a force that does not grow the file needs
     * no file system journal commit, which on ext4 (data=ordered) would also wait for every other file's dirty data
     * (the SSTable being flushed). The old records left past the write position are never replayed as new data:
     * their sequences are at or below the flushed sequence, and {@link CommitLogReplayer} stops where sequences stop
     * increasing.
     *
     * @param dir        shard directory.
     * @param old        a closed segment no longer needed.
     * @param fileNumber the new segment's number.
     * @throws IOException if the file cannot be renamed or opened.
     */
    static CommitLogSegment recycle(final File dir, final CommitLogSegment old, final long fileNumber)
        throws IOException
    {
        old.close();
        final File file = new File(dir, fileName(fileNumber));
        Files.move(old.file.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
        final FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
        forceDirectory(dir);
        final CommitLogSegment segment = new CommitLogSegment(fileNumber, file, channel, 0, -1);
        segment.writtenLength = channel.size();
        return segment;
    }

    /**
     * Writes zeros from the end of the file up to {@code length} and forces them, so that every block up to there is
     * allocated and written: on ext4 (data=ordered) a force that grows a file or writes into unwritten blocks commits
     * the journal, which first writes out every other file's dirty data (an SSTable being flushed: tens of
     * milliseconds), while a force of blocks already written flushes only this file's pages. Zeros are written in
     * 256 KiB chunks, each forced and paced under {@code maxWriteBytesPerSec} (0 = no cap), so the shard's own
     * forces never queue behind a long burst. Runs on a background thread before the segment is handed to the shard.
     * {@link CommitLogReplayer} treats a zero tail as the clean end of a segment.
     *
     * @param length              bytes to have allocated and written.
     * @param maxWriteBytesPerSec write rate cap.
     * @throws IOException if the zeros cannot be written or forced.
     */
    void preallocate(final long length, final long maxWriteBytesPerSec) throws IOException
    {
        final long startNs = System.nanoTime();
        final long from = writtenLength;
        final ByteBuffer zeros = ZEROS.duplicate();
        while (writtenLength < length)
        {
            zeros.clear().limit((int)Math.min(FILL_CHUNK_BYTES, length - writtenLength));
            while (zeros.hasRemaining())
            {
                writtenLength += channel.write(zeros, writtenLength);
            }
            channel.force(false);
            if (maxWriteBytesPerSec > 0)
            {
                final long dueNs = startNs + (long)((writtenLength - from) * 1e9 / maxWriteBytesPerSec);
                final long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0)
                {
                    LockSupport.parkNanos(waitNs);
                }
            }
        }
    }

    /**
     * @param length bytes about to be written from the current position.
     * @return true when they fit in blocks already allocated and written ({@link #preallocate}).
     */
    boolean fitsPreallocated(final int length)
    {
        return position + length <= writtenLength;
    }

    /**
     * @param fileNumber a segment number.
     * @return its file name, e.g. {@code 000042.log}.
     */
    public static String fileName(final long fileNumber)
    {
        return String.format("%06d.log", fileNumber);
    }

    /**
     * Forces a directory so that files created or renamed in it survive a crash.
     *
     * @param dir the directory.
     * @throws IOException if the directory cannot be forced.
     */
    public static void forceDirectory(final File dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir.toPath(), StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    void write(final ByteBuffer bytes, final long maxSequence) throws IOException
    {
        while (bytes.hasRemaining())
        {
            position += channel.write(bytes, position);
        }
        writtenLength = Math.max(writtenLength, position);
        this.maxSequence = Math.max(this.maxSequence, maxSequence);
    }

    void force() throws IOException
    {
        channel.force(false);
    }

    public long fileNumber()
    {
        return fileNumber;
    }

    public File file()
    {
        return file;
    }

    public long position()
    {
        return position;
    }

    /**
     * @return bytes of the file: written records, then what was preallocated or left by the file's earlier use.
     */
    public long fileLength()
    {
        return writtenLength;
    }

    /**
     * @return highest record sequence in the segment, -1 when empty.
     */
    public long maxSequence()
    {
        return maxSequence;
    }

    public void close() throws IOException
    {
        if (null != channel)
        {
            channel.close();
            channel = null;
        }
    }

    /**
     * Cuts old records left past the write position of a recycled file, then closes (a clean shutdown). A segment
     * that ended earlier was only closed, so its file is reopened for this.
     *
     * @throws IOException if the file cannot be truncated or closed.
     */
    void trimAndClose() throws IOException
    {
        if (null == channel && file.length() > position)
        {
            channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
        }
        if (null != channel && channel.size() > position)
        {
            channel.truncate(position);
            channel.force(true);
        }
        close();
    }
}
