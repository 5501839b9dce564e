package io.concord.dataservice;

/**
 * Which slice of a channel's history a read asks for, as plain {@code int} codes so that requests travel through
 * ring buffers and ports without objects. Every mode returns messages newest first (Discord's order, see
 * {@code spec/snowflake.md}), including {@link #AFTER}.
 * <ul>
 *     <li>{@link #LATEST}: the newest {@code limit} messages; the anchor is ignored.</li>
 *     <li>{@link #BEFORE}: the newest {@code limit} messages with {@code id < anchor}.</li>
 *     <li>{@link #AFTER}: the {@code limit} messages closest to the anchor with {@code id > anchor}.</li>
 *     <li>{@link #AROUND}: the {@code limit - limit / 2} newest messages with {@code id <= anchor} (so the anchor
 *     itself when it exists) and the {@code limit / 2} closest messages with {@code id > anchor}. Neither side is
 *     back-filled from the other when it runs short.</li>
 * </ul>
 * Any thread may use these constants.
 */
public final class HistoryDirection
{
    public static final int LATEST = 0;
    public static final int BEFORE = 1;
    public static final int AFTER = 2;
    public static final int AROUND = 3;

    /**
     * Smallest {@code limit} a history read accepts (Discord: 1..100).
     */
    public static final int MIN_LIMIT = 1;

    /**
     * Largest {@code limit} a history read accepts (Discord: 1..100).
     */
    public static final int MAX_LIMIT = 100;

    private HistoryDirection()
    {
    }

    /**
     * Whether a code names a direction.
     *
     * @param direction the code.
     * @return true for {@link #LATEST}, {@link #BEFORE}, {@link #AFTER} or {@link #AROUND}.
     */
    public static boolean isValid(final int direction)
    {
        return direction >= LATEST && direction <= AROUND;
    }

    /**
     * How many messages an {@link #AROUND} read takes from the newer side ({@code id > anchor}).
     *
     * @param limit the read's limit.
     * @return {@code limit / 2}.
     */
    public static int aroundNewerCount(final int limit)
    {
        return limit / 2;
    }

    /**
     * How many messages an {@link #AROUND} read takes from the older side ({@code id <= anchor}).
     *
     * @param limit the read's limit.
     * @return {@code limit - limit / 2}.
     */
    public static int aroundOlderCount(final int limit)
    {
        return limit - limit / 2;
    }

    /**
     * Name of a direction code for messages and reports.
     *
     * @param direction the code.
     * @return its name, or {@code "UNKNOWN(n)"}.
     */
    public static String name(final int direction)
    {
        switch (direction)
        {
            case LATEST:
                return "LATEST";
            case BEFORE:
                return "BEFORE";
            case AFTER:
                return "AFTER";
            case AROUND:
                return "AROUND";
            default:
                return "UNKNOWN(" + direction + ")";
        }
    }
}
