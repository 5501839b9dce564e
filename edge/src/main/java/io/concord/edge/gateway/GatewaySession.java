package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import org.agrona.collections.Long2LongHashMap;

/**
 * One gateway session: identity, intents and shard, its own sequence numbers, its replay buffer and its topics. It
 * outlives its connection for the resume window (detached, still sequencing and buffering dispatches). Owned by
 * its home event loop: only that thread reads or writes it.
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
    private final ReplayBuffer replay;
    private final Long2LongHashMap topicIndex = new Long2LongHashMap(NOT_SUBSCRIBED);
    private final MemberRequestLimiter memberRequests = new MemberRequestLimiter();
    private GatewayHandler connection;
    private long seq;
    private long detachedAtMs;
    private boolean terminated;

    GatewaySession(
        final long sessionId,
        final long nonce,
        final IdentifyRequest request,
        final int replayCapacity)
    {
        this.sessionId = sessionId;
        this.sessionIdText = sessionIdText(sessionId, nonce);
        this.userId = request.userId();
        this.intents = request.intents();
        this.shardId = request.shardId();
        this.shardCount = request.shardCount();
        this.largeThreshold = request.largeThreshold();
        this.replay = new ReplayBuffer(replayCapacity);
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
     * Sequences a dispatch for this session: keeps a reference in the replay buffer and writes it when connected.
     *
     * @param tail shared tail; the caller keeps its own reference.
     * @param flush whether to flush the connection after the write.
     */
    void dispatch(final ByteBuf tail, final boolean flush)
    {
        final long next = ++seq;
        replay.add(next, tail.retain());
        if (null != connection)
        {
            connection.writeDispatch(next, tail, flush);
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
        return seq;
    }

    ReplayBuffer replay()
    {
        return replay;
    }

    Long2LongHashMap topicIndex()
    {
        return topicIndex;
    }

    GatewayHandler connection()
    {
        return connection;
    }

    void attach(final GatewayHandler connection)
    {
        this.connection = connection;
    }

    void detach(final long nowMs)
    {
        connection = null;
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

    void terminate()
    {
        terminated = true;
        connection = null;
        replay.clear();
    }

    /**
     * @return the rate limit of this session's full member list requests.
     */
    MemberRequestLimiter memberRequests()
    {
        return memberRequests;
    }
}
