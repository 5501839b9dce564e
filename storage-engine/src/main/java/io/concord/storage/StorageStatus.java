package io.concord.storage;

/**
 * Status codes returned by {@link StorageClient} submit calls and carried by completions. {@link #OK} is zero,
 * every failure is negative and has a message from {@link #describe(int)}.
 */
public final class StorageStatus
{
    /** Accepted (submit) or done (completion). */
    public static final int OK = 0;
    /** The shard's request queue is full: nothing was queued, try again later. */
    public static final int BACK_PRESSURED = -1;
    /** A read limit outside 1..100. */
    public static final int INVALID_LIMIT = -2;
    /** A channel id that is not a positive snowflake. */
    public static final int INVALID_CHANNEL_ID = -3;
    /** A message id that is not a positive snowflake (before the Discord epoch or negative as a signed long). */
    public static final int INVALID_MESSAGE_ID = -4;
    /** A written message id whose timestamp is further in the future than the allowed clock skew. */
    public static final int MESSAGE_ID_FROM_FUTURE = -5;
    /** A value longer than {@code concord.storage.max.value.length}, or a negative length. */
    public static final int VALUE_TOO_LARGE = -6;
    /** The engine is closed. */
    public static final int CLOSED = -7;
    /** The shard could not write or force its commit log: the write is not durable and the shard refuses writes. */
    public static final int IO_ERROR = -8;
    /** A checksum failed on a block the read needed: no data is returned rather than wrong data. */
    public static final int CORRUPTED = -9;
    /** A read mode that is not one of {@link ReadMode}. */
    public static final int INVALID_READ_MODE = -10;

    private StorageStatus()
    {
    }

    /**
     * Human readable meaning of a status code.
     *
     * @param status a code from this class.
     * @return its description.
     */
    public static String describe(final int status)
    {
        switch (status)
        {
            case OK:
                return "ok";
            case BACK_PRESSURED:
                return "back pressured: the shard's request queue is full, retry later";
            case INVALID_LIMIT:
                return "invalid limit: must be in 1..100";
            case INVALID_CHANNEL_ID:
                return "invalid channel id: must be a positive snowflake";
            case INVALID_MESSAGE_ID:
                return "invalid message id: must be a positive snowflake (not before the Discord epoch)";
            case MESSAGE_ID_FROM_FUTURE:
                return "invalid message id: its timestamp is in the future beyond the allowed clock skew";
            case VALUE_TOO_LARGE:
                return "value too large: exceeds concord.storage.max.value.length";
            case CLOSED:
                return "storage engine closed";
            case IO_ERROR:
                return "I/O error: the commit log could not be written or forced; the shard refuses writes";
            case CORRUPTED:
                return "corrupted: a checksum failed on data this read needed";
            case INVALID_READ_MODE:
                return "invalid read mode";
            default:
                return "unknown status " + status;
        }
    }
}
