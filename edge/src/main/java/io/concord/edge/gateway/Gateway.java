package io.concord.edge.gateway;

import io.concord.common.PresenceTopics;
import io.concord.edge.EdgeConfiguration;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The edge's gateway: one {@link GatewayLoop} per Netty event loop, the link to the core and the token check.
 * It is the {@link GatewayCoreListener} the core link calls (from one thread): each dispatch is rendered once into a
 * pooled buffer (copied once per further event loop, so reference counts stay core-local) and every loop gets one
 * task that delivers it to that loop's subscribed sessions.
 */
public final class Gateway implements GatewayCoreListener
{
    private final EdgeConfiguration.Context ctx;
    private final GatewayCore core;
    private final IdentifyAuthenticator authenticator;
    private final EpochClock clock;
    private final GatewayLoop[] loops;
    private final Map<Executor, GatewayLoop> loopByExecutor = new IdentityHashMap<>();
    private final GatewayCounters counters;
    private final GatewayLatencies latencies;
    private final IdentifyLimiter identifyLimiter;
    private final AtomicCounter dispatchesIn;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
    private final byte[] helloPayload;
    private final MemberChunkRenderer memberChunkRenderer = new MemberChunkRenderer();

    /**
     * @param ctx           concluded edge settings.
     * @param core          the core link.
     * @param authenticator token check for Identify and Resume.
     * @param clock         time source (injected so tests control zombies and resume windows).
     * @param executors     one executor per loop: the Netty event loops, or direct executors in tests.
     */
    public Gateway(
        final EdgeConfiguration.Context ctx,
        final GatewayCore core,
        final IdentifyAuthenticator authenticator,
        final EpochClock clock,
        final List<? extends Executor> executors)
    {
        this.ctx = ctx;
        this.core = core;
        this.authenticator = authenticator;
        this.clock = clock;
        this.counters = new GatewayCounters(executors.size());
        this.latencies = new GatewayLatencies(executors.size());
        this.identifyLimiter = new IdentifyLimiter(ctx.identifyMaxConcurrency(), ctx.identifyWindowMs());
        this.dispatchesIn = counters.counter(executors.size(), GatewayCounters.DISPATCHES_IN);
        this.helloPayload = GatewayFrames.helloPayload(ctx.heartbeatIntervalMs());
        loops = new GatewayLoop[executors.size()];
        for (int i = 0; i < loops.length; i++)
        {
            loops[i] = new GatewayLoop(i, executors.get(i), this, counters, latencies);
            loopByExecutor.put(executors.get(i), loops[i]);
        }
    }

    /**
     * A gateway over every event loop of a Netty group.
     *
     * @param ctx           concluded edge settings.
     * @param core          the core link.
     * @param authenticator token check.
     * @param clock         time source.
     * @param group         the worker group serving connections.
     * @return the gateway; call {@link #startSweeps()} once the loops run.
     */
    public static Gateway forGroup(
        final EdgeConfiguration.Context ctx,
        final GatewayCore core,
        final IdentifyAuthenticator authenticator,
        final EpochClock clock,
        final EventLoopGroup group)
    {
        final List<EventLoop> executors = new ArrayList<>();
        for (final EventExecutor executor : group)
        {
            executors.add((EventLoop)executor);
        }
        return new Gateway(ctx, core, authenticator, clock, executors);
    }

    /**
     * Schedules the zombie/resume-window sweep on every loop whose executor is a Netty event loop.
     */
    public void startSweeps()
    {
        for (final GatewayLoop loop : loops)
        {
            if (loop.executor() instanceof EventLoop)
            {
                final EventLoop eventLoop = (EventLoop)loop.executor();
                sweeps.add(eventLoop.scheduleAtFixedRate(
                    () -> loop.sweep(clock.time()), ctx.sweepIntervalMs(), ctx.sweepIntervalMs(),
                    TimeUnit.MILLISECONDS));
            }
        }
    }

    /**
     * Runs the sweep of every loop now, on the calling thread: for tests with direct executors.
     */
    public void sweepNow()
    {
        for (final GatewayLoop loop : loops)
        {
            loop.sweep(clock.time());
        }
    }

    /**
     * Graceful shutdown: every connection gets Reconnect (op 7) and is closed, every session ends (the core is told);
     * waits until every loop did it.
     *
     * @param timeoutMs how long to wait for the loops.
     * @throws InterruptedException if interrupted while waiting.
     */
    public void shutdown(final long timeoutMs) throws InterruptedException
    {
        for (final ScheduledFuture<?> sweep : sweeps)
        {
            sweep.cancel(false);
        }
        final CountDownLatch done = new CountDownLatch(loops.length);
        for (final GatewayLoop loop : loops)
        {
            loop.execute(() ->
            {
                try
                {
                    loop.shutdown();
                }
                finally
                {
                    done.countDown();
                }
            });
        }
        done.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * A handler for one upgraded WebSocket connection (placed after the WebSocket codec and frame aggregator). It
     * sends Hello when added. Called on the connection's event loop.
     *
     * @param eventLoop        the connection's event loop.
     * @param resumeGatewayUrl the {@code resume_gateway_url} READY announces.
     * @param zlibStream       whether to compress with {@code zlib-stream}.
     * @return a new, non-sharable handler.
     */
    public ChannelHandler newConnectionHandler(
        final Executor eventLoop, final String resumeGatewayUrl, final boolean zlibStream)
    {
        return new GatewayHandler(loopFor(eventLoop), resumeGatewayUrl, zlibStream);
    }

    /**
     * @param executor a connection's event loop.
     * @return the gateway loop of that event loop; with a single loop (tests) always that one.
     */
    GatewayLoop loopFor(final Executor executor)
    {
        final GatewayLoop loop = loopByExecutor.get(executor);
        if (null == loop && 1 == loops.length)
        {
            return loops[0];
        }
        if (null == loop)
        {
            throw new IllegalStateException("connection on an event loop the gateway does not serve: " + executor);
        }
        return loop;
    }

    /**
     * @param index loop index from a session id.
     * @return that loop, or null when out of range.
     */
    GatewayLoop loop(final int index)
    {
        return index >= 0 && index < loops.length ? loops[index] : null;
    }

    public EdgeConfiguration.Context context()
    {
        return ctx;
    }

    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * @return per-stage fan-out latency histograms.
     */
    public GatewayLatencies latencies()
    {
        return latencies;
    }

    GatewayCore core()
    {
        return core;
    }

    IdentifyAuthenticator authenticator()
    {
        return authenticator;
    }

    EpochClock clock()
    {
        return clock;
    }

    IdentifyLimiter identifyLimiter()
    {
        return identifyLimiter;
    }

    byte[] helloPayload()
    {
        return helloPayload;
    }

    public void onSubscriptionChanged(final long sessionId, final boolean subscribed, final long topicId)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null != loop)
        {
            loop.execute(() -> loop.onSubscriptionChanged(sessionId, subscribed, topicId));
        }
    }

    public void onMessageCreated(final MessageEvent event)
    {
        publishMessage(DispatchRenderer.MESSAGE_CREATE, event);
    }

    public void onMessageUpdated(final MessageEvent event)
    {
        publishMessage(DispatchRenderer.MESSAGE_UPDATE, event);
    }

    public void onMessageDeleted(final long guildId, final long channelId, final long messageId)
    {
        final long startNs = System.nanoTime();
        final ByteBuf tail = DispatchRenderer.messageDeleteTail(alloc, guildId, channelId, messageId);
        publish(new RenderedDispatch(
            RenderedDispatch.KIND_MESSAGE, channelId, guildId, 0, new long[0], tail, null), startNs);
    }

    public void onTypingStarted(final long channelId, final long timestampMs, final MemberEvent member)
    {
        final long startNs = System.nanoTime();
        final ByteBuf tail = DispatchRenderer.typingTail(alloc, channelId, timestampMs, member);
        publish(new RenderedDispatch(RenderedDispatch.KIND_TYPING, channelId, member.guildId(), member.userId(),
            new long[0], tail, null), startNs);
    }

    public void onReactionChanged(final ReactionEvent reaction)
    {
        final long startNs = System.nanoTime();
        final ByteBuf tail = ReactionDispatchRenderer.reactionTail(alloc, reaction);
        publish(new RenderedDispatch(RenderedDispatch.KIND_REACTION, reaction.channelId(), reaction.guildId(),
            reaction.userId(), new long[0], tail, null), startNs);
    }

    public void onGuildCreated(final long sessionId, final GuildSnapshot guild)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null != loop)
        {
            loop.execute(() -> loop.onGuildCreated(sessionId, guild));
        }
    }

    public void onPrivateChannelCreated(final long sessionId, final PrivateChannelSnapshot channel)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null != loop)
        {
            loop.execute(() -> loop.onPrivateChannelCreated(sessionId, channel));
        }
    }

    public void onPrivateChannelDeleted(final long sessionId, final PrivateChannelSnapshot channel)
    {
        sessionDispatch(sessionId, DispatchRenderer.privateChannelDeleteTail(alloc, channel));
    }

    public void onInviteChanged(
        final boolean created, final InviteSnapshot invite, final long[] sessionIds, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sessionDispatch(sessionIds[i], InviteDispatchRenderer.inviteTail(alloc, created, invite));
        }
    }

    /**
     * Hands a tail rendered for one session to that session's loop, which releases it.
     */
    private void sessionDispatch(final long sessionId, final ByteBuf tail)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null == loop)
        {
            tail.release();
            return;
        }
        try
        {
            loop.execute(() -> loop.onSessionDispatch(sessionId, tail));
        }
        catch (final RejectedExecutionException ex)
        {
            tail.release();
        }
    }

    public void onGuildRemoved(final long sessionId, final long guildId)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null != loop)
        {
            loop.execute(() -> loop.onGuildRemoved(sessionId, guildId));
        }
    }

    public void onGuildUpdated(final long guildId, final long ownerId, final String name)
    {
        final long startNs = System.nanoTime();
        publish(guildDispatch(RenderedDispatch.KIND_GUILD, guildId, 0,
            DispatchRenderer.guildUpdateTail(alloc, guildId, ownerId, name)), startNs);
    }

    public void onChannelChanged(final int change, final long guildId, final ChannelSnapshot channel)
    {
        final long startNs = System.nanoTime();
        publish(new RenderedDispatch(RenderedDispatch.KIND_GUILD, channel.id(), guildId, 0, new long[0],
            DispatchRenderer.channelTail(alloc, change, guildId, channel), null), startNs);
    }

    public void onChannelVisibilityChanged(
        final boolean visible,
        final long guildId,
        final ChannelSnapshot channel,
        final long[] sessionIds,
        final int count)
    {
        final int change = visible ? CHANGE_CREATED : CHANGE_DELETED;
        for (int i = 0; i < loops.length; i++)
        {
            int homed = 0;
            for (int j = 0; j < count; j++)
            {
                homed += GatewayLoop.loopIndexOf(sessionIds[j]) == i ? 1 : 0;
            }
            if (0 == homed)
            {
                continue;
            }
            final long[] loopSessionIds = new long[homed];
            for (int j = 0, k = 0; j < count; j++)
            {
                if (GatewayLoop.loopIndexOf(sessionIds[j]) == i)
                {
                    loopSessionIds[k++] = sessionIds[j];
                }
            }
            final GatewayLoop loop = loops[i];
            final ByteBuf tail = DispatchRenderer.channelTail(alloc, change, guildId, channel);
            try
            {
                loop.execute(() ->
                    loop.onChannelVisibilityChanged(visible, guildId, channel.id(), loopSessionIds, tail));
            }
            catch (final RejectedExecutionException ex)
            {
                tail.release();
            }
        }
    }

    public void onRoleChanged(final int change, final long guildId, final RoleSnapshot role)
    {
        final long startNs = System.nanoTime();
        publish(guildDispatch(RenderedDispatch.KIND_GUILD, guildId, 0,
            DispatchRenderer.roleTail(alloc, change, guildId, role)), startNs);
    }

    public void onMemberChanged(final int change, final MemberEvent member)
    {
        final long startNs = System.nanoTime();
        final int kind = CHANGE_UPDATED == change ? RenderedDispatch.KIND_MEMBER_UPDATE : RenderedDispatch.KIND_MEMBER;
        publish(guildDispatch(kind, member.guildId(), member.userId(),
            DispatchRenderer.memberTail(alloc, change, member)), startNs);
    }

    public void onMessagesBulkDeleted(
        final long guildId, final long channelId, final long[] messageIds, final int count)
    {
        final long startNs = System.nanoTime();
        final ByteBuf tail = DispatchRenderer.messagesBulkDeleteTail(alloc, guildId, channelId, messageIds, count);
        publish(new RenderedDispatch(
            RenderedDispatch.KIND_MESSAGE, channelId, guildId, 0, new long[0], tail, null), startNs);
    }

    public void onPresenceUpdated(final PresenceEvent presence)
    {
        final long startNs = System.nanoTime();
        // The guild's presence topic: only the sessions the core subscribed (GUILD_PRESENCES in a guild that is not
        // large for them, or an op 8 with presences) receive it.
        publish(new RenderedDispatch(RenderedDispatch.KIND_PRESENCE, PresenceTopics.presenceTopicOf(presence.guildId()),
            presence.guildId(), presence.userId(), new long[0], DispatchRenderer.presenceTail(alloc, presence), null),
            startNs);
    }

    public void onGuildMembersChunk(
        final long sessionId, final org.agrona.DirectBuffer chunk, final int offset, final int length)
    {
        final GatewayLoop loop = loop(GatewayLoop.loopIndexOf(sessionId));
        if (null != loop)
        {
            final ByteBuf tail = memberChunkRenderer.chunkTail(alloc, chunk, offset);
            try
            {
                loop.execute(() -> loop.onSessionDispatch(sessionId, tail));
            }
            catch (final RejectedExecutionException ex)
            {
                tail.release();
            }
        }
    }

    private static RenderedDispatch guildDispatch(
        final int kind, final long guildId, final long userId, final ByteBuf tail)
    {
        return new RenderedDispatch(kind, guildId, guildId, userId, new long[0], tail, null);
    }

    private void publishMessage(final byte[] eventName, final MessageEvent event)
    {
        final long startNs = System.nanoTime();
        final ByteBuf full = DispatchRenderer.messageTail(alloc, eventName, event, true);
        // Guild messages with content also get a content-less rendering for sessions without MESSAGE_CONTENT.
        final ByteBuf stripped = 0 != event.guildId() && event.content().capacity() > 0 ?
            DispatchRenderer.messageTail(alloc, eventName, event, false) : null;
        final long[] mentionIds = new long[event.mentionCount()];
        for (int i = 0; i < mentionIds.length; i++)
        {
            mentionIds[i] = event.mentionId(i);
        }
        publish(new RenderedDispatch(
            RenderedDispatch.KIND_MESSAGE, event.channelId(), event.guildId(), event.authorId(), mentionIds,
            full, stripped), startNs);
    }

    private void publish(final RenderedDispatch dispatch, final long renderStartNs)
    {
        dispatch.publishedNs = System.nanoTime();
        latencies.recordRender(dispatch.publishedNs - renderStartNs);
        dispatchesIn.incrementRelease();
        for (int i = loops.length - 1; i >= 0; i--)
        {
            final GatewayLoop loop = loops[i];
            final RenderedDispatch forLoop = 0 == i ? dispatch : dispatch.copyForAnotherLoop();
            try
            {
                loop.execute(() -> loop.fanout(forLoop));
            }
            catch (final RejectedExecutionException ex)
            {
                // The loop is shutting down: its sessions are being ended, nothing to deliver.
                forLoop.release();
            }
        }
    }
}
