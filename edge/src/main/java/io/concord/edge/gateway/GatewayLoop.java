package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.concurrent.Executor;

/**
 * The gateway state of one event loop: its connections, the sessions homed here and the topic to local sessions
 * index. Single writer: every method runs on this loop's thread ({@link #executor()}); other threads reach it only
 * by {@link #execute(Runnable)}. Fan-out gets one task per dispatch per loop, which walks the topic's sessions.
 * A session joins the loop at Identify, held ({@link ReadyHold}): the core link applies its subscriptions as each
 * core shard's part of its READY arrives, and what its topics carry waits until its READY is written.
 */
final class GatewayLoop
{
    private static final long LOOP_INDEX_SHIFT = 48;
    private static final long LOCAL_ID_MASK = (1L << LOOP_INDEX_SHIFT) - 1;
    private static final int HEADER_SLAB_BYTES = 64 * 1024;

    private final int index;
    private final Executor executor;
    private final Gateway gateway;
    private final Long2ObjectHashMap<GatewaySession> sessions = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<TopicSubscribers> topics = new Long2ObjectHashMap<>();
    private final ReplayLog replayLog = new ReplayLog();
    private final SessionSlots slots;
    private final ArrayList<GatewayHandler> connections = new ArrayList<>();
    private final ArrayList<GatewaySession> sweepScratch = new ArrayList<>();
    private final ArrayList<GatewayHandler> zombieScratch = new ArrayList<>();
    private final ArrayList<GatewaySession> overflowScratch = new ArrayList<>();
    private final LongArrayList topicScratch = new LongArrayList();
    private final GatewayLatencies latencies;
    private final AtomicCounter sessionsCounter;
    private final AtomicCounter connectionsCounter;
    private final AtomicCounter framesOut;
    private final AtomicCounter bytesOut;
    private final AtomicCounter resumes;
    private final AtomicCounter zombieCloses;
    private final AtomicCounter slowConsumerCloses;
    private final AtomicCounter identifies;
    private final AtomicCounter dispatchesHeld;
    private final AtomicCounter readyHoldOverflows;
    private ByteBuf headerSlab;
    private int heldSessions;
    private long lastLocalId;
    private long pendingFrames;
    private long pendingBytes;

    GatewayLoop(
        final int index,
        final Executor executor,
        final Gateway gateway,
        final GatewayCounters counters,
        final GatewayLatencies latencies)
    {
        this.latencies = latencies;
        this.index = index;
        this.executor = executor;
        this.gateway = gateway;
        this.slots = new SessionSlots(replayLog, gateway.context().replayBufferSize());
        sessionsCounter = counters.counter(index, GatewayCounters.SESSIONS);
        connectionsCounter = counters.counter(index, GatewayCounters.CONNECTIONS);
        framesOut = counters.counter(index, GatewayCounters.FRAMES_OUT);
        bytesOut = counters.counter(index, GatewayCounters.BYTES_OUT);
        resumes = counters.counter(index, GatewayCounters.RESUMES);
        zombieCloses = counters.counter(index, GatewayCounters.ZOMBIE_CLOSES);
        slowConsumerCloses = counters.counter(index, GatewayCounters.SLOW_CONSUMER_CLOSES);
        identifies = counters.counter(index, GatewayCounters.IDENTIFIES);
        dispatchesHeld = counters.counter(index, GatewayCounters.DISPATCHES_HELD);
        readyHoldOverflows = counters.counter(index, GatewayCounters.READY_HOLD_OVERFLOWS);
    }

    /**
     * @param sessionId a session id issued by {@link #nextSessionId()}.
     * @return the index of the loop that issued it.
     */
    static int loopIndexOf(final long sessionId)
    {
        return (int)(sessionId >>> LOOP_INDEX_SHIFT);
    }

    Executor executor()
    {
        return executor;
    }

    Gateway gateway()
    {
        return gateway;
    }

    void execute(final Runnable task)
    {
        executor.execute(task);
    }

    /**
     * @return a new session id homed on this loop (its index in the high bits, so the core link can route by id).
     */
    long nextSessionId()
    {
        return ((long)index << LOOP_INDEX_SHIFT) | (++lastLocalId & LOCAL_ID_MASK);
    }

    GatewaySession session(final long sessionId)
    {
        return sessions.get(sessionId);
    }

    /**
     * Takes in a session at Identify, before the core answers: it gets its slot (the fan-out filters on it) and is
     * held until {@link #activate}, so subscriptions the core makes meanwhile already collect its dispatches.
     *
     * @param session    a new session.
     * @param connection the connection that sent the Identify.
     */
    void addHeldSession(final GatewaySession session, final GatewayHandler connection)
    {
        session.bind(slots, slots.allocate(session));
        session.readyHold(new ReadyHold(replayLog, gateway.context().readyHoldDispatches(), connection));
        sessions.put(session.sessionId(), session);
        heldSessions++;
    }

    /**
     * READY is about to be written: the session's topics move to the live fan-out. Call {@link #deliverHeld} once
     * READY and the GUILD_CREATEs are sequenced.
     *
     * @param session a held session homed here.
     * @return what was held for it.
     */
    ReadyHold activate(final GatewaySession session)
    {
        final ReadyHold hold = session.readyHold();
        topicScratch.clear();
        session.topicIndex().forEachLong((topicId, position) -> topicScratch.addLong(topicId));
        for (int i = 0, size = topicScratch.size(); i < size; i++)
        {
            final long topicId = topicScratch.getLong(i);
            final TopicSubscribers subscribers = topics.get(topicId);
            removeHeld(subscribers, topicId, (int)session.topicIndex().get(topicId));
            session.topicIndex().put(topicId, subscribers.add(session.slot()));
        }
        topicScratch.clear();
        session.readyHold(null);
        heldSessions--;
        sessionsCounter.setRelease(sessions.size() - heldSessions);
        identifies.incrementRelease();
        return hold;
    }

    /**
     * Sequences what was held for a session after its READY and GUILD_CREATEs, in arrival order, then drops the hold.
     *
     * @param session the session, live since {@link #activate}.
     * @param hold    what {@link #activate} returned.
     */
    void deliverHeld(final GatewaySession session, final ReadyHold hold)
    {
        final int slot = session.slot();
        for (int i = 0, size = hold.size(); i < size && slot >= 0; i++)
        {
            final int logIndex = hold.logIndex(i);
            slots.deliver(slot, logIndex, replayLog.body(logIndex), false);
        }
        hold.releaseAll();
    }

    void addConnection(final GatewayHandler connection)
    {
        connection.connectionIndex(connections.size());
        connections.add(connection);
        connectionsCounter.setRelease(connections.size());
    }

    void removeConnection(final GatewayHandler connection)
    {
        final int position = connection.connectionIndex();
        if (position < 0 || position >= connections.size() || connections.get(position) != connection)
        {
            return;
        }
        final GatewayHandler last = connections.remove(connections.size() - 1);
        if (last != connection)
        {
            connections.set(position, last);
            last.connectionIndex(position);
        }
        connection.connectionIndex(-1);
        connectionsCounter.setRelease(connections.size());
    }

    /**
     * Adds a session to a topic (idempotent).
     *
     * @param session session homed here.
     * @param topicId topic.
     */
    void subscribe(final GatewaySession session, final long topicId)
    {
        if (session.isTerminated() || session.topicIndex().get(topicId) != GatewaySession.NOT_SUBSCRIBED)
        {
            return;
        }
        TopicSubscribers subscribers = topics.get(topicId);
        if (null == subscribers)
        {
            subscribers = new TopicSubscribers();
            topics.put(topicId, subscribers);
        }
        session.topicIndex().put(
            topicId, session.isHeld() ? subscribers.addHeld(session.slot()) : subscribers.add(session.slot()));
    }

    /**
     * Removes a session from a topic (no-op when not subscribed).
     *
     * @param session session homed here.
     * @param topicId topic.
     */
    void unsubscribe(final GatewaySession session, final long topicId)
    {
        final long position = session.topicIndex().remove(topicId);
        if (GatewaySession.NOT_SUBSCRIBED == position)
        {
            return;
        }
        final TopicSubscribers subscribers = topics.get(topicId);
        if (session.isHeld())
        {
            removeHeld(subscribers, topicId, (int)position);
            session.readyHold().dropTopic(topicId);
        }
        else
        {
            final int moved = subscribers.removeAt((int)position);
            if (TopicSubscribers.NONE != moved)
            {
                slots.session(moved).topicIndex().put(topicId, position);
            }
        }
        if (subscribers.isEmpty())
        {
            topics.remove(topicId);
        }
    }

    private void removeHeld(final TopicSubscribers subscribers, final long topicId, final int position)
    {
        final int moved = subscribers.removeHeldAt(position);
        if (TopicSubscribers.NONE != moved)
        {
            slots.session(moved).topicIndex().put(topicId, position);
        }
    }

    /**
     * Called by the core link through {@link #execute}: applies a subscription delta in order with dispatches.
     *
     * @param sessionId  session.
     * @param subscribed join or leave.
     * @param topicId    topic.
     */
    void onSubscriptionChanged(final long sessionId, final boolean subscribed, final long topicId)
    {
        final GatewaySession session = sessions.get(sessionId);
        if (null == session)
        {
            return;
        }
        if (subscribed)
        {
            subscribe(session, topicId);
        }
        else
        {
            unsubscribe(session, topicId);
        }
    }

    /**
     * Called by the core link through {@link #execute}: GUILD_CREATE for a guild the session's user joined after
     * READY, rendered for this session alone (its intents, shard and {@code large_threshold}).
     *
     * @param sessionId session.
     * @param guild     the guild; its {@code joinedAtMs} is taken from the session user's own member.
     */
    void onGuildCreated(final long sessionId, final GuildSnapshot guild)
    {
        final GatewaySession session = sessions.get(sessionId);
        if (null == session || session.isTerminated() || (session.intents() & GatewayIntents.GUILDS) == 0 ||
            !GatewayIntents.isOnShard(guild.id(), session.shardId(), session.shardCount()))
        {
            return;
        }
        long joinedAtMs = guild.joinedAtMs();
        for (final MemberSnapshot member : guild.members())
        {
            if (member.user().id() == session.userId())
            {
                joinedAtMs = member.joinedAtMs();
            }
        }
        final GuildSnapshot forSession = guild.with(joinedAtMs, guild.channels());
        dispatchToSession(session, DispatchRenderer.guildCreateTail(
            PooledByteBufAllocator.DEFAULT, forSession, session.userId(), session.largeThreshold(),
            session.intents()));
    }

    /**
     * Called by the core link through {@link #execute}, after the session left the guild's topics: GUILD_DELETE.
     *
     * @param sessionId session.
     * @param guildId   the guild it is no longer in.
     */
    void onGuildRemoved(final long sessionId, final long guildId)
    {
        final GatewaySession session = sessions.get(sessionId);
        if (null == session || session.isTerminated() || (session.intents() & GatewayIntents.GUILDS) == 0 ||
            !GatewayIntents.isOnShard(guildId, session.shardId(), session.shardCount()))
        {
            return;
        }
        dispatchToSession(session, DispatchRenderer.guildDeleteTail(PooledByteBufAllocator.DEFAULT, guildId));
    }

    /**
     * Called by the core link through {@link #execute}: sessions homed here gained view of a channel (join its topic,
     * then CHANNEL_CREATE) or lost it (CHANNEL_DELETE, then leave the topic). The CHANNEL_* event goes only to
     * sessions with the GUILDS intent on the guild's shard, as every CHANNEL_* dispatch.
     *
     * @param visible    gained (true) or lost (false).
     * @param guildId    the channel's guild.
     * @param channelId  the channel (topic).
     * @param sessionIds sessions homed on this loop.
     * @param tail       the rendered CHANNEL_CREATE or CHANNEL_DELETE; released here.
     */
    void onChannelVisibilityChanged(
        final boolean visible, final long guildId, final long channelId, final long[] sessionIds, final ByteBuf tail)
    {
        try
        {
            for (final long sessionId : sessionIds)
            {
                final GatewaySession session = sessions.get(sessionId);
                if (null == session || session.isTerminated())
                {
                    continue;
                }
                if (visible)
                {
                    subscribe(session, channelId);
                }
                if ((session.intents() & GatewayIntents.GUILDS) != 0 &&
                    GatewayIntents.isOnShard(guildId, session.shardId(), session.shardCount()))
                {
                    dispatchOrHold(session, tail);
                }
                if (!visible)
                {
                    unsubscribe(session, channelId);
                }
            }
        }
        finally
        {
            tail.release();
            closeOverflowed();
            publishOutCounters();
        }
    }

    /**
     * Called by the core link through {@link #execute}: CHANNEL_CREATE of a DM for this session alone (DMs live on
     * gateway shard 0; Discord gates DM channel events by no intent).
     *
     * @param sessionId session.
     * @param channel   the DM as the session's user sees it.
     */
    void onPrivateChannelCreated(final long sessionId, final PrivateChannelSnapshot channel)
    {
        final GatewaySession session = sessions.get(sessionId);
        if (null == session || session.isTerminated() ||
            !GatewayIntents.isOnShard(0, session.shardId(), session.shardCount()))
        {
            return;
        }
        dispatchToSession(session, DispatchRenderer.privateChannelCreateTail(PooledByteBufAllocator.DEFAULT, channel));
    }

    /**
     * Called by the core link through {@link #execute}: a dispatch rendered for one session (GUILD_MEMBERS_CHUNK).
     *
     * @param sessionId session.
     * @param tail      the tail; this loop owns it and releases it.
     */
    void onSessionDispatch(final long sessionId, final ByteBuf tail)
    {
        final GatewaySession session = sessions.get(sessionId);
        if (null == session || session.isTerminated())
        {
            tail.release();
            return;
        }
        dispatchToSession(session, tail);
    }

    private void dispatchToSession(final GatewaySession session, final ByteBuf tail)
    {
        try
        {
            dispatchOrHold(session, tail);
        }
        finally
        {
            tail.release();
            closeOverflowed();
            publishOutCounters();
        }
    }

    /**
     * A dispatch rendered for one session: sequenced, or held while its READY is not written.
     *
     * @param session the recipient.
     * @param tail    the tail; the caller keeps its reference.
     */
    private void dispatchOrHold(final GatewaySession session, final ByteBuf tail)
    {
        if (!session.isHeld())
        {
            session.dispatch(tail, true);
            return;
        }
        final int logIndex = replayLog.add(tail.retain());
        hold(session, logIndex, 0);
        replayLog.release(logIndex);
    }

    private void hold(final GatewaySession session, final int logIndex, final long topicId)
    {
        if (session.readyHold().hold(logIndex, topicId))
        {
            dispatchesHeld.incrementRelease();
        }
        else if (!overflowScratch.contains(session))
        {
            overflowScratch.add(session);
        }
    }

    /**
     * Sessions whose hold filled up before their READY: their connections close with 4000 (reconnect and identify
     * again; there is no session to resume yet) and what was held is dropped. Run after a delivery, never while it
     * walks a topic.
     */
    private void closeOverflowed()
    {
        for (int i = 0, size = overflowScratch.size(); i < size; i++)
        {
            final GatewaySession session = overflowScratch.get(i);
            readyHoldOverflows.incrementRelease();
            final GatewayHandler connection = session.isHeld() ? session.readyHold().connection() : null;
            discard(session);
            if (null != connection)
            {
                connection.close(GatewayCloseCodes.UNKNOWN_ERROR,
                    "too many events before READY: identify again");
            }
        }
        overflowScratch.clear();
    }

    /**
     * Delivers one rendered dispatch to every session of this loop subscribed to its topic. Its tails enter the
     * loop's replay log (taking over this loop's reference), so per recipient there is only the filter over the
     * slot's dense fields, the sequence and window update in dense arrays, a plain count on the log entry, and the
     * write: a pooled header slice and a retained duplicate of the shared tail; no copies, no tasks, no garbage.
     *
     * @param dispatch the dispatch; this loop owns one reference to its tails.
     */
    void fanout(final RenderedDispatch dispatch)
    {
        final long startNs = System.nanoTime();
        latencies.recordQueue(index, startNs - dispatch.publishedNs);
        final TopicSubscribers subscribers = topics.get(dispatch.topicId);
        if (null == subscribers)
        {
            dispatch.release();
            latencies.recordFanout(index, System.nanoTime() - startNs);
            return;
        }
        final ByteBuf fullTail = dispatch.fullTail;
        final ByteBuf strippedTail = dispatch.strippedTail;
        final int fullIndex = replayLog.add(fullTail);
        final int strippedIndex = null == strippedTail ? -1 : replayLog.add(strippedTail);
        try
        {
            final SessionSlots slots = this.slots;
            for (int i = 0, size = subscribers.size(); i < size; i++)
            {
                final int slot = subscribers.slot(i);
                final ByteBuf tail = dispatch.tailFor(slots, slot);
                if (null != tail)
                {
                    slots.deliver(slot, tail == fullTail ? fullIndex : strippedIndex, tail, true);
                }
            }
            if (0 != subscribers.heldSize())
            {
                holdFanout(subscribers, dispatch, fullIndex, strippedIndex);
            }
        }
        finally
        {
            replayLog.release(fullIndex);
            if (strippedIndex >= 0)
            {
                replayLog.release(strippedIndex);
            }
            publishOutCounters();
            latencies.recordFanout(index, System.nanoTime() - startNs);
        }
    }

    /**
     * The part of a fan-out for sessions whose READY is not written yet: each keeps the tail it would get.
     */
    private void holdFanout(
        final TopicSubscribers subscribers,
        final RenderedDispatch dispatch,
        final int fullIndex,
        final int strippedIndex)
    {
        for (int i = 0, size = subscribers.heldSize(); i < size; i++)
        {
            final int slot = subscribers.heldSlot(i);
            final ByteBuf tail = dispatch.tailFor(slots, slot);
            if (null != tail)
            {
                hold(slots.session(slot), tail == dispatch.fullTail ? fullIndex : strippedIndex, dispatch.topicId);
            }
        }
        closeOverflowed();
    }

    /**
     * @return dispatch bodies this loop's replay windows hold (for tests).
     */
    int replayBodies()
    {
        return replayLog.liveBodies();
    }

    /**
     * A pooled buffer that per-session frame headers are appended to; each write takes a retained slice of it, so a
     * recipient costs a recycled slice object instead of an allocator call. Only this loop's thread uses it.
     *
     * @param minWritableBytes bytes the caller is about to append.
     * @return the slab with at least that much room at its writer index.
     */
    ByteBuf headerSlab(final int minWritableBytes)
    {
        if (null == headerSlab || headerSlab.writableBytes() < minWritableBytes)
        {
            if (null != headerSlab)
            {
                headerSlab.release();
            }
            headerSlab = PooledByteBufAllocator.DEFAULT.directBuffer(
                Math.max(HEADER_SLAB_BYTES, minWritableBytes), Math.max(HEADER_SLAB_BYTES, minWritableBytes));
        }
        return headerSlab;
    }

    /**
     * Counts a frame written by a connection of this loop; published to the counters once per task.
     *
     * @param bytes frame bytes.
     */
    void onFrameOut(final int bytes)
    {
        pendingFrames++;
        pendingBytes += bytes;
    }

    void publishOutCounters()
    {
        if (0 != pendingFrames)
        {
            framesOut.getAndAddRelease(pendingFrames);
            bytesOut.getAndAddRelease(pendingBytes);
            pendingFrames = 0;
            pendingBytes = 0;
        }
    }

    void onResumed()
    {
        resumes.incrementRelease();
    }

    void onSlowConsumerClosed()
    {
        slowConsumerCloses.incrementRelease();
    }

    /**
     * Ends a session for good: leaves its topics, releases its replay buffer and tells the core.
     *
     * @param session session homed here.
     */
    void terminate(final GatewaySession session)
    {
        if (discard(session))
        {
            gateway.core().closeSession(session.sessionId(), session.userId());
        }
    }

    /**
     * Ends a session here without telling the core: for a held session whose Identify the core still answers (the
     * answer then finds the connection closed and tells the core) or already refused.
     *
     * @param session session homed here.
     * @return false when it had already ended.
     */
    boolean discard(final GatewaySession session)
    {
        if (session.isTerminated())
        {
            return false;
        }
        if (session.isHeld())
        {
            session.readyHold().releaseAll();
        }
        topicScratch.clear();
        session.topicIndex().forEachLong((topicId, position) -> topicScratch.addLong(topicId));
        for (int i = 0, size = topicScratch.size(); i < size; i++)
        {
            unsubscribe(session, topicScratch.getLong(i));
        }
        if (session.isHeld())
        {
            session.readyHold(null);
            heldSessions--;
        }
        session.terminate();
        sessions.remove(session.sessionId());
        sessionsCounter.setRelease(sessions.size() - heldSessions);
        return true;
    }

    /**
     * Periodic duty on this loop: closes connections that missed their heartbeats (zombies, close 4009; their
     * sessions stay resumable) and ends detached sessions whose resume window passed.
     *
     * @param nowMs current time.
     */
    void sweep(final long nowMs)
    {
        final long zombieAfterMs = gateway.context().heartbeatIntervalMs() + gateway.context().heartbeatToleranceMs();
        zombieScratch.clear();
        for (int i = 0, size = connections.size(); i < size; i++)
        {
            final GatewayHandler connection = connections.get(i);
            if (nowMs - connection.lastHeartbeatMs() > zombieAfterMs)
            {
                zombieScratch.add(connection);
            }
        }
        for (int i = 0, size = zombieScratch.size(); i < size; i++)
        {
            zombieCloses.incrementRelease();
            zombieScratch.get(i).close(GatewayCloseCodes.SESSION_TIMED_OUT, "no heartbeat received in time");
        }
        zombieScratch.clear();

        final long resumeWindowMs = gateway.context().resumeWindowMs();
        sweepScratch.clear();
        for (final GatewaySession session : sessions.values())
        {
            // A held session has no connection yet: the connection that identified it ends it when it closes.
            if (null == session.connection() && !session.isHeld() &&
                nowMs - session.detachedAtMs() > resumeWindowMs)
            {
                sweepScratch.add(session);
            }
        }
        for (int i = 0, size = sweepScratch.size(); i < size; i++)
        {
            terminate(sweepScratch.get(i));
        }
        sweepScratch.clear();
    }

    /**
     * Graceful shutdown on this loop: Reconnect (op 7) to every connection and close it (clients reconnect and
     * resume elsewhere or re-identify), then end every session here, releasing its replay buffer.
     */
    void shutdown()
    {
        final ArrayList<GatewayHandler> all = new ArrayList<>(connections);
        for (final GatewayHandler connection : all)
        {
            connection.reconnect();
        }
        final ArrayList<GatewaySession> remaining = new ArrayList<>(sessions.values());
        for (final GatewaySession session : remaining)
        {
            terminate(session);
        }
        if (null != headerSlab)
        {
            headerSlab.release();
            headerSlab = null;
        }
    }
}
