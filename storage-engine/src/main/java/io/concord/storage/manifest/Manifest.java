package io.concord.storage.manifest;

import io.concord.storage.commitlog.CommitLogRecordDescriptor;
import io.concord.storage.commitlog.CommitLogSegment;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The live-file state of one shard and its durable log. On {@link #open(File)} the log named by {@code CURRENT} is
 * replayed (a torn last edit is ignored: it was never acknowledged), then the state is written as a single edit to a
 * fresh manifest that {@code CURRENT} is atomically switched to. Each {@link #apply(VersionEdit)} appends one
 * framed edit and forces it before the state changes. Used by the shard thread only.
 */
public final class Manifest implements AutoCloseable
{
    public static final String CURRENT = "CURRENT";
    private static final String PREFIX = "MANIFEST-";

    private final File dir;
    private final LongHashSet liveFiles = new LongHashSet();
    private final ExpandableDirectByteBuffer encodeBuffer = new ExpandableDirectByteBuffer(4096);
    private long flushedSequence = -1;
    private long nextFileNumber = 1;
    private FileChannel log;
    private long logNumber;

    private Manifest(final File dir)
    {
        this.dir = dir;
    }

    /**
     * Loads (or creates) the manifest of a shard directory.
     *
     * @param dir the shard directory.
     * @return the manifest, ready for edits.
     * @throws IOException if files cannot be read or written.
     */
    public static Manifest open(final File dir) throws IOException
    {
        final Manifest manifest = new Manifest(dir);
        final File current = new File(dir, CURRENT);
        if (current.exists())
        {
            final String name = new String(Files.readAllBytes(current.toPath()), StandardCharsets.US_ASCII).trim();
            if (!name.startsWith(PREFIX))
            {
                throw new IOException("CURRENT in " + dir + " names no manifest: '" + name + "'");
            }
            manifest.replay(new File(dir, name));
        }
        manifest.reserveNumbersInUse();
        manifest.rewrite();
        return manifest;
    }

    private void replay(final File file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file.toPath());
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, bytes.length)));
        buffer.putBytes(0, bytes);
        final VersionEdit edit = new VersionEdit();
        int offset = 0;
        while (offset + 8 <= bytes.length)
        {
            final int length = buffer.getInt(offset);
            if (length < 0 || offset + 8L + length > bytes.length ||
                CommitLogRecordDescriptor.crc(buffer, offset + 8, length) != buffer.getInt(offset + 4) ||
                !edit.decode(buffer, offset + 8, length))
            {
                break;
            }
            applyToState(edit);
            offset += 8 + length;
        }
    }

    private void reserveNumbersInUse()
    {
        final String[] names = dir.list();
        if (null == names)
        {
            return;
        }
        for (final String name : names)
        {
            final long number = fileNumberOf(name);
            if (number >= 0)
            {
                reserveFileNumber(number);
            }
        }
    }

    /**
     * Parses the number of a shard file: {@code 000042.log}, {@code 000042.sst} or {@code MANIFEST-000042}.
     *
     * @param name a file name.
     * @return its number, or -1 for any other name.
     */
    public static long fileNumberOf(final String name)
    {
        final String digits;
        if (name.startsWith(PREFIX))
        {
            digits = name.substring(PREFIX.length());
        }
        else if (name.endsWith(".log") || name.endsWith(".sst"))
        {
            digits = name.substring(0, name.length() - 4);
        }
        else
        {
            return -1;
        }
        if (digits.isEmpty() || digits.length() > 18)
        {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++)
        {
            if (!Character.isDigit(digits.charAt(i)))
            {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    private void rewrite() throws IOException
    {
        final long number = nextFileNumber++;
        final File file = new File(dir, PREFIX + String.format("%06d", number));
        log = FileChannel.open(file.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        logNumber = number;
        final VersionEdit snapshot = new VersionEdit().flushedSequence(flushedSequence).nextFileNumber(nextFileNumber);
        final LongHashSet.LongIterator it = liveFiles.iterator();
        while (it.hasNext())
        {
            snapshot.addFile(it.nextValue());
        }
        append(snapshot);

        final File tmp = new File(dir, CURRENT + ".tmp");
        Files.write(tmp.toPath(), (file.getName() + "\n").getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(tmp.toPath(), StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        Files.move(tmp.toPath(), new File(dir, CURRENT).toPath(), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        CommitLogSegment.forceDirectory(dir);
        final String[] names = dir.list();
        if (null != names)
        {
            for (final String name : names)
            {
                if (name.startsWith(PREFIX) && !name.equals(file.getName()))
                {
                    Files.deleteIfExists(new File(dir, name).toPath());
                }
            }
        }
    }

    private void append(final VersionEdit edit) throws IOException
    {
        final int length = edit.encodedLength();
        encodeBuffer.checkLimit(8 + length);
        edit.encode(encodeBuffer, 8);
        encodeBuffer.putInt(0, length);
        encodeBuffer.putInt(4, CommitLogRecordDescriptor.crc(encodeBuffer, 8, length));
        final ByteBuffer bytes = encodeBuffer.byteBuffer().duplicate();
        bytes.limit(8 + length).position(0);
        while (bytes.hasRemaining())
        {
            log.write(bytes);
        }
        log.force(false);
    }

    /**
     * Makes an edit durable, then applies it to the in-memory state.
     *
     * @param edit the edit; its next file number is filled in.
     * @throws IOException if the edit cannot be forced; the state is then unchanged.
     */
    public void apply(final VersionEdit edit) throws IOException
    {
        edit.nextFileNumber(nextFileNumber);
        append(edit);
        applyToState(edit);
    }

    private void applyToState(final VersionEdit edit)
    {
        final LongArrayList added = edit.addedFiles();
        for (int i = 0; i < added.size(); i++)
        {
            liveFiles.add(added.getLong(i));
        }
        final LongArrayList deleted = edit.deletedFiles();
        for (int i = 0; i < deleted.size(); i++)
        {
            liveFiles.remove(deleted.getLong(i));
        }
        if (edit.flushedSequence() > flushedSequence)
        {
            flushedSequence = edit.flushedSequence();
        }
        if (edit.nextFileNumber() > nextFileNumber)
        {
            nextFileNumber = edit.nextFileNumber();
        }
    }

    /**
     * Allocates a file number (SSTable, commit log segment or manifest); durable with the next edit, and files
     * numbered above the recorded next number are never live, so a crash in between is harmless.
     *
     * @return a fresh number.
     */
    public long nextFileNumber()
    {
        return nextFileNumber++;
    }

    /**
     * Makes sure future numbers are above {@code number} (e.g. commit log segments found at recovery).
     *
     * @param number a number in use.
     */
    public void reserveFileNumber(final long number)
    {
        if (number >= nextFileNumber)
        {
            nextFileNumber = number + 1;
        }
    }

    /**
     * @return numbers of live SSTables.
     */
    public LongHashSet liveFiles()
    {
        return liveFiles;
    }

    /**
     * @return highest sequence held by live SSTables, -1 if none.
     */
    public long flushedSequence()
    {
        return flushedSequence;
    }

    /**
     * @return the number of the manifest file in use.
     */
    public long logNumber()
    {
        return logNumber;
    }

    public void close() throws IOException
    {
        if (null != log)
        {
            log.close();
            log = null;
        }
    }
}
