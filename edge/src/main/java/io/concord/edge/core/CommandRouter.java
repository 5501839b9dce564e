package io.concord.edge.core;

import org.agrona.DirectBuffer;

/**
 * Which core shard a command frame must go to. The core owns the rule (its routing function is wired in by the
 * composition root); the edge only asks. Pure and thread-safe.
 */
@FunctionalInterface
public interface CommandRouter
{
    /**
     * @param buffer holding the command frame, header included.
     * @param offset of the frame.
     * @return the shard, or a negative value when the frame names nothing routable (e.g. a malformed id).
     */
    int shardOf(DirectBuffer buffer, int offset);
}
