package io.concord.dataservice;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects completions as plain objects (tests only: allocation does not matter here).
 */
final class CompletionCollector implements HistoryCompletionHandler
{
    final List<Completion> completions = new ArrayList<>();

    public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
    {
        final List<ReferenceHistory.Message> messages = new ArrayList<>();
        while (page.next())
        {
            final byte[] record = new byte[page.recordLength()];
            page.buffer().getBytes(page.recordOffset(), record);
            messages.add(new ReferenceHistory.Message(page.messageId(), record));
        }
        completions.add(new Completion(correlationId, edgeId, HistoryStatus.OK, messages));
    }

    public void onHistoryError(final long correlationId, final int edgeId, final int status)
    {
        completions.add(new Completion(correlationId, edgeId, status, List.of()));
    }

    int drain(final DataService service)
    {
        int total = 0;
        int n;
        while ((n = service.completionPoller().poll(this, Integer.MAX_VALUE)) > 0)
        {
            total += n;
        }
        return total;
    }

    /**
     * One completion.
     */
    static final class Completion
    {
        final long correlationId;
        final int edgeId;
        final int status;
        final List<ReferenceHistory.Message> messages;

        Completion(
            final long correlationId, final int edgeId, final int status, final List<ReferenceHistory.Message> messages)
        {
            this.correlationId = correlationId;
            this.edgeId = edgeId;
            this.status = status;
            this.messages = messages;
        }

        public String toString()
        {
            return "#" + correlationId + "@" + edgeId + " " + HistoryStatus.name(status) + " " + messages;
        }
    }
}
