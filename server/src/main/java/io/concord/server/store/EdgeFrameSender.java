package io.concord.server.store;

import org.agrona.DirectBuffer;

/**
 * Sends an SBE frame to an edge from the bridge thread. Implementations retry back-pressure within a bound and
 * count what they give up; they never block for long.
 */
@FunctionalInterface
interface EdgeFrameSender
{
    /**
     * @param edgeId destination.
     * @param buffer frame (header included).
     * @param offset of the frame.
     * @param length of the frame.
     * @return whether it was handed to the transport.
     */
    boolean send(int edgeId, DirectBuffer buffer, int offset, int length);
}
