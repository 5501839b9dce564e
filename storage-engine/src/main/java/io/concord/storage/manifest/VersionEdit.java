package io.concord.storage.manifest;

import org.agrona.MutableDirectBuffer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

/**
 * One change to a shard's set of live files, applied atomically: SSTables added and deleted, the highest sequence
 * the SSTables now hold (commit log records at or below it need no replay), and the next free file number.
 * <pre>
 *   flushedSequence (8) | nextFileNumber (8) | addedCount (4) | deletedCount (4) | added (8 each) | deleted (8 each)
 * </pre>
 * Built and applied on the shard thread.
 */
public final class VersionEdit
{
    private final LongArrayList addedFiles = new LongArrayList();
    private final LongArrayList deletedFiles = new LongArrayList();
    private long flushedSequence = -1;
    private long nextFileNumber = -1;

    /**
     * Clears the edit for reuse.
     *
     * @return this.
     */
    public VersionEdit reset()
    {
        addedFiles.clear();
        deletedFiles.clear();
        flushedSequence = -1;
        nextFileNumber = -1;
        return this;
    }

    public VersionEdit addFile(final long fileNumber)
    {
        addedFiles.addLong(fileNumber);
        return this;
    }

    public VersionEdit deleteFile(final long fileNumber)
    {
        deletedFiles.addLong(fileNumber);
        return this;
    }

    public VersionEdit flushedSequence(final long flushedSequence)
    {
        this.flushedSequence = flushedSequence;
        return this;
    }

    public VersionEdit nextFileNumber(final long nextFileNumber)
    {
        this.nextFileNumber = nextFileNumber;
        return this;
    }

    public LongArrayList addedFiles()
    {
        return addedFiles;
    }

    public LongArrayList deletedFiles()
    {
        return deletedFiles;
    }

    /**
     * @return highest sequence held by SSTables after this edit, -1 if unchanged.
     */
    public long flushedSequence()
    {
        return flushedSequence;
    }

    /**
     * @return next free file number after this edit, -1 if unchanged.
     */
    public long nextFileNumber()
    {
        return nextFileNumber;
    }

    /**
     * @return encoded length.
     */
    public int encodedLength()
    {
        return 24 + 8 * (addedFiles.size() + deletedFiles.size());
    }

    /**
     * @return encoded length.
     */
    public int encode(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, flushedSequence);
        buffer.putLong(offset + 8, nextFileNumber);
        buffer.putInt(offset + 16, addedFiles.size());
        buffer.putInt(offset + 20, deletedFiles.size());
        int position = offset + 24;
        for (int i = 0; i < addedFiles.size(); i++)
        {
            buffer.putLong(position, addedFiles.getLong(i));
            position += 8;
        }
        for (int i = 0; i < deletedFiles.size(); i++)
        {
            buffer.putLong(position, deletedFiles.getLong(i));
            position += 8;
        }
        return position - offset;
    }

    /**
     * Decodes an edit written by {@link #encode(MutableDirectBuffer, int)}.
     *
     * @return false if the lengths are inconsistent.
     */
    public boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        reset();
        if (length < 24)
        {
            return false;
        }
        flushedSequence = buffer.getLong(offset);
        nextFileNumber = buffer.getLong(offset + 8);
        final int added = buffer.getInt(offset + 16);
        final int deleted = buffer.getInt(offset + 20);
        if (added < 0 || deleted < 0 || 24L + 8L * ((long)added + deleted) != length)
        {
            return false;
        }
        int position = offset + 24;
        for (int i = 0; i < added; i++)
        {
            addedFiles.addLong(buffer.getLong(position));
            position += 8;
        }
        for (int i = 0; i < deleted; i++)
        {
            deletedFiles.addLong(buffer.getLong(position));
            position += 8;
        }
        return true;
    }
}
