package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import org.agrona.collections.Long2LongHashMap;

/**
 * One gateway session: identity, intents and shard, its topics, and its slot in the loop's {@link SessionSlots},
 * which hold its sequence number, connection and replay window (the fan-out's hot state, kept dense). It outlives
 * its connection for the resume window (detached, still sequencing and buffering dispatches). From Identify until its
 * READY is written it is held: its topics' dispatches wait in its {@link ReadyHold} instead of being sequenced. Owned
 * by its home event loop: only that thread reads or writes it.
 */
final class GatewaySession
{
    static final long NOT_SUBSCRIBED = -1;

    private final long sessionId;
    private final String sessionIdText;
    private final long userId;
    private final long intents;
    private final int shardId;
    private final int shardCount;
    private final int largeThreshold;
    private final Long2LongHashMap topicIndex = new Long2LongHashMap(NOT_SUBSCRIBED);
    private final MemberRequestLimiter memberRequests = new MemberRequestLimiter();
    private SessionSlots slots;
    private int slot = -1;
    private long endSeq;
    private long detachedAtMs;
    private boolean terminated;
    private ReadyHold readyHold;

    GatewaySession(
        final long sessionId,
        final long nonce,
        final IdentifyRequest request)
    {
        this.sessionId = sessionId;
        this.sessionIdText = sessionIdText(sessionId, nonce);
        this.userId = request.userId();
        this.intents = request.intents();
        this.shardId = request.shardId();
        this.shardCount = request.shardCount();
        this.largeThreshold = request.largeThreshold();
    }

    /**
     * @param sessionId edge session id.
     * @param nonce     random part.
     * @return the 32-hex-digit {@code session_id} clients resume with.
     */
    static String sessionIdText(final long sessionId, final long nonce)
    {
        return String.format("%016x%016x", sessionId, nonce);
    }

    /**
     * Called once by the home loop when it takes the session in.
     *
     * @param slots the loop's session slots.
     * @param slot  this session's slot there.
     */
    void bind(final SessionSlots slots, final int slot)
    {
        this.slots = slots;
        this.slot = slot;
    }

    /**
     * @return this session's slot in its loop's {@link SessionSlots}, or -1 when not bound or terminated.
     */
    int slot()
    {
        return slot;
    }

    /**
     * Sequences a dispatch rendered for this session: it enters the replay window and is written when connected.
     * No-op once terminated.
     *
     * @param tail  the tail; the caller keeps its own reference.
     * @param flush whether to flush the connection after the write.
     */
    void dispatch(final ByteBuf tail, final boolean flush)
    {
        if (slot >= 0)
        {
            slots.dispatch(slot, tail, flush);
        }
    }

    long sessionId()
    {
        return sessionId;
    }

    String sessionIdText()
    {
        return sessionIdText;
    }

    long userId()
    {
        return userId;
    }

    long intents()
    {
        return intents;
    }

    int shardId()
    {
        return shardId;
    }

    int shardCount()
    {
        return shardCount;
    }

    int largeThreshold()
    {
        return largeThreshold;
    }

    long seq()
    {
        return slot >= 0 ? slots.seq(slot) : endSeq;
    }

    /**
     * @return the oldest sequence number the replay window holds (0 when none was dispatched).
     */
    long oldestReplayableSeq()
    {
        return slot >= 0 ? slots.oldestSeq(slot) : 0;
    }

    /**
     * @param seq a sequence number in {@code [oldestReplayableSeq(), seq()]}.
     * @return that dispatch's tail, still owned by the loop's replay log.
     */
    ByteBuf replayTail(final long seq)
    {
        return slots.body(slot, seq);
    }

    Long2LongHashMap topicIndex()
    {
        return topicIndex;
    }

    GatewayHandler connection()
    {
        return slot >= 0 ? slots.connection(slot) : null;
    }

    void attach(final GatewayHandler connection)
    {
        slots.connection(slot, connection);
    }

    void detach(final long nowMs)
    {
        if (slot >= 0)
        {
            slots.connection(slot, null);
        }
        detachedAtMs = nowMs;
    }

    long detachedAtMs()
    {
        return detachedAtMs;
    }

    boolean isTerminated()
    {
        return terminated;
    }

    /**
     * Ends the session: gives its slot back, which drops its replay window.
     */
    void terminate()
    {
        terminated = true;
        if (slot >= 0)
        {
            endSeq = slots.seq(slot);
            slots.free(slot);
            slot = -1;
        }
    }

    /**
     * @return the dispatches waiting for READY, or null once READY is written (or for a session opened without one).
     */
    ReadyHold readyHold()
    {
        return readyHold;
    }

    void readyHold(final ReadyHold readyHold)
    {
        this.readyHold = readyHold;
    }

    boolean isHeld()
    {
        return null != readyHold;
    }

    /**
     * @return the rate limit of this session's full member list requests.
     */
    MemberRequestLimiter memberRequests()
    {
        return memberRequests;
    }
}
