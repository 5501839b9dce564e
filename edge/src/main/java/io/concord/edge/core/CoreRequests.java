package io.concord.edge.core;

import io.netty.util.concurrent.EventExecutor;
import org.agrona.DirectBuffer;

/**
 * Request/reply with the core for the edge's REST handlers. Thread-safe: any event loop may call it. The caller
 * encodes the SBE command (header included) with {@link #edgeId()} and a correlation id from
 * {@link #nextCorrelationId()}, then {@link #request}s it; the reply arrives exactly once on the given executor,
 * either {@link CoreReplyHandler#onReply} or, after the timeout, {@link CoreReplyHandler#onTimeout}.
 */
public interface CoreRequests
{
    /**
     * @return this edge's id, to put in every command's {@code edgeId} field.
     */
    int edgeId();

    /**
     * @return a correlation id unique on this edge.
     */
    long nextCorrelationId();

    /**
     * Sends a command to the core shard that owns it and registers the handler for its reply.
     *
     * @param correlationId the id encoded in the command.
     * @param frame         the command frame, header included; copied before returning.
     * @param offset        of the frame.
     * @param length        of the frame.
     * @param executor      event loop on which the handler is called.
     * @param handler       receives the reply or the timeout.
     * @param timeoutMs     how long to wait for the reply.
     * @return false when the core cannot take the command now (back-pressure, not connected): nothing was
     * registered and the caller answers 503 at once.
     */
    boolean request(
        long correlationId,
        DirectBuffer frame,
        int offset,
        int length,
        EventExecutor executor,
        CoreReplyHandler handler,
        long timeoutMs);

    /**
     * Sends a command that has no reply (e.g. a session closing).
     *
     * @param frame  the command frame, header included.
     * @param offset of the frame.
     * @param length of the frame.
     * @return false when the core cannot take it now.
     */
    boolean send(DirectBuffer frame, int offset, int length);
}
