package io.concord.dataservice;

/**
 * Receives history completions from {@link HistoryCompletionPoller#poll}, on the polling (core) thread.
 */
public interface HistoryCompletionHandler
{
    /**
     * A request is answered with a page (possibly empty), newest first.
     *
     * @param correlationId of the request.
     * @param edgeId        edge that asked.
     * @param page          the messages; valid only during this call.
     */
    void onHistoryPage(long correlationId, int edgeId, HistoryPageFlyweight page);

    /**
     * A request failed; see {@link HistoryStatus} for the HTTP status the edge should answer.
     *
     * @param correlationId of the request.
     * @param edgeId        edge that asked.
     * @param status        a {@link HistoryStatus} code other than OK.
     */
    void onHistoryError(long correlationId, int edgeId, int status);
}
