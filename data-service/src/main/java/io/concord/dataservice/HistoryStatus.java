package io.concord.dataservice;

/**
 * Outcome codes of a history request, carried in completions to the core (which routes them to the edge that
 * asked). The suggested HTTP mapping is what the edge should answer; any thread may use these constants.
 */
public final class HistoryStatus
{
    /**
     * A page follows. HTTP 200.
     */
    public static final int OK = 0;

    /**
     * The request itself is malformed (limit outside 1..100, unknown direction, negative or maximal anchor).
     * HTTP 400 with Discord's 50035 Invalid Form Body.
     */
    public static final int INVALID_REQUEST = 1;

    /**
     * A bound was hit (in-flight storage reads, waiters per key, waiters in total, storage back-pressure, repeated
     * re-reads): the caller should retry later. HTTP 503 with {@code Retry-After}.
     */
    public static final int OVERLOADED = 2;

    /**
     * Storage failed the read or returned a page that breaks the port's contract. HTTP 500.
     */
    public static final int STORAGE_ERROR = 3;

    /**
     * Storage did not answer within {@code concord.dataservice.read.timeout.ms}. HTTP 503 with {@code Retry-After}.
     */
    public static final int TIMEOUT = 4;

    private HistoryStatus()
    {
    }

    /**
     * Name of a status code for messages and reports.
     *
     * @param status the code.
     * @return its name, or {@code "UNKNOWN(n)"}.
     */
    public static String name(final int status)
    {
        switch (status)
        {
            case OK:
                return "OK";
            case INVALID_REQUEST:
                return "INVALID_REQUEST";
            case OVERLOADED:
                return "OVERLOADED";
            case STORAGE_ERROR:
                return "STORAGE_ERROR";
            case TIMEOUT:
                return "TIMEOUT";
            default:
                return "UNKNOWN(" + status + ")";
        }
    }
}
