package io.concord.storage.sstable;

/**
 * A checksum or structural check failed on SSTable data: the data is reported as an error, never returned.
 */
public final class SSTableCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the file.
     */
    public SSTableCorruptedException(final String message)
    {
        super(message);
    }
}
