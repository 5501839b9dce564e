package io.concord.storage.commitlog;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One commit log file, {@code 000042.log}, appended by its shard thread only. Knows the highest sequence it holds so
 * the shard can delete it once an SSTable covers that sequence.
 */
public final class CommitLogSegment implements AutoCloseable
{
    private final long fileNumber;
    private final File file;
    private FileChannel channel;
    private long position;
    private long maxSequence;

    CommitLogSegment(final long fileNumber, final File file, final FileChannel channel, final long position,
        final long maxSequence)
    {
        this.fileNumber = fileNumber;
        this.file = file;
        this.channel = channel;
        this.position = position;
        this.maxSequence = maxSequence;
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
        return new CommitLogSegment(fileNumber, file, channel, 0, -1);
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
