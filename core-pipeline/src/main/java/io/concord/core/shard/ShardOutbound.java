package io.concord.core.shard;

import org.agrona.DirectBuffer;

/**
 * Where a shard sends SBE frames: to an edge (replies, dispatches, subscription changes) or to another shard (user
 * shard to guild shard hops). Called only from the shard's thread. Implementations retry back-pressure within a bound
 * and count every give-up; they never block for long and never drop silently.
 */
public interface ShardOutbound
{
    /**
     * @param edgeId destination edge.
     * @param buffer holding the frame (header included).
     * @param offset of the frame.
     * @param length of the frame.
     * @return true when the frame was handed to the transport, false when it was given up (and counted).
     */
    boolean toEdge(int edgeId, DirectBuffer buffer, int offset, int length);

    /**
     * @param shardId destination shard (may be the sender itself).
     * @param buffer  holding the frame (header included).
     * @param offset  of the frame.
     * @param length  of the frame.
     * @return true when the frame was handed to the transport, false when it was given up (and counted).
     */
    boolean toShard(int shardId, DirectBuffer buffer, int offset, int length);
}
