package io.concord.core.shard;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A storage operation in flight: who asked, and the dispatch to publish once storage says it is durable. Pre-allocated
 * in a pool; the token is {@code generation << 16 | slot} so that a stale completion is recognised.
 */
final class PendingOp
{
    static final int CREATE = 1;
    static final int EDIT = 2;
    static final int DELETE = 3;
    static final int BULK_DELETE = 4;

    final int slot;
    final UnsafeBuffer frame;
    int generation;
    int kind;
    int edgeId;
    long correlationId;
    long channelId;
    int frameLength;
    int remaining;
    int failures;
    boolean inUse;

    PendingOp(final int slot, final int frameCapacity)
    {
        this.slot = slot;
        this.frame = new UnsafeBuffer(ByteBuffer.allocateDirect(frameCapacity));
    }

    long token()
    {
        return ((long)generation << 16) | slot;
    }
}
