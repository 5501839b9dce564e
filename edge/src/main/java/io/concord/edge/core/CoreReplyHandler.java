package io.concord.edge.core;

import org.agrona.DirectBuffer;

/**
 * Receives the core's answer to one request, on the event loop the request was made from.
 */
public interface CoreReplyHandler
{
    /**
     * The core answered.
     *
     * @param templateId SBE template id of the reply ({@code CommandReply}, {@code AccountReply},
     *                   {@code HistoryResponse}, {@code GuildSnapshot}, {@code MessageCreated}, ...).
     * @param buffer     the reply frame, header included; valid only during this call.
     * @param offset     of the frame.
     * @param length     of the frame.
     */
    void onReply(int templateId, DirectBuffer buffer, int offset, int length);

    /**
     * The core did not answer within the request's timeout (or the link closed): answer the client 503.
     */
    void onTimeout();
}
