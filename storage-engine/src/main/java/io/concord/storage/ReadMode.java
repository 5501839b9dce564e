package io.concord.storage;

/**
 * Read modes of {@link StorageClient#read(long, long, int, long, int)}, with Discord's
 * {@code GET /channels/{id}/messages} semantics. Every mode returns rows newest first.
 */
public final class ReadMode
{
    /** The newest {@code limit} messages; the cursor is ignored. */
    public static final int LATEST = 0;
    /** The newest {@code limit} messages with an id strictly below the cursor. */
    public static final int BEFORE = 1;
    /** The {@code limit} messages with an id strictly above the cursor that are closest to it. */
    public static final int AFTER = 2;
    /**
     * Messages around the cursor: up to {@code limit - limit / 2} newest messages with an id at or below the cursor
     * (so the cursor itself when it exists) and up to {@code limit / 2} messages above it, closest to it. A side that
     * runs short is not filled from the other, so a short side proves there is nothing more in that direction.
     */
    public static final int AROUND = 3;

    private ReadMode()
    {
    }

    /**
     * @param mode a candidate mode.
     * @return true when it is one of this class's modes.
     */
    public static boolean isValid(final int mode)
    {
        return mode >= LATEST && mode <= AROUND;
    }
}
