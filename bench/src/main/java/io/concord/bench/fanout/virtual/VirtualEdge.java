package io.concord.bench.fanout.virtual;

import io.aeron.Aeron;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.EdgeConfiguration;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.gateway.Gateway;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.GatewayCounters;
import io.concord.edge.gateway.GatewayIntents;
import io.concord.edge.gateway.IdentifyAuthenticator;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One virtual edge: the real {@link AeronCoreLink} and {@link CoreLinkPoller} (its own agent thread, as in
 * {@code concord edge}), the real {@link Gateway} over L Netty event loops (NIO I/O handler; no sockets are
 * registered), and per virtual session a {@link SinkChannel} on its loop carrying the production pipeline tail
 * (WebSocket encoder, then the gateway's connection handler) that identified with a real Identify payload.
 * <p>
 * Between the poller and the gateway sits a recorder that notes when each {@code MESSAGE_CREATE} reached this edge
 * (a {@link Proxy}, so it keeps up with the listener interface as it grows; it costs once per dispatch, not per
 * recipient). Built, seeded and closed by the harness thread.
 */
final class VirtualEdge implements AutoCloseable
{
    /**
     * The same property {@code concord edge} reads for its core-link poller's idle strategy.
     */
    static final String LINK_IDLE_STRATEGY_PROP_NAME = "concord.edge.link.idle.strategy";
    static final int COUNTER_TYPE_ID = 9_101;
    /**
     * Name prefix of every virtual edge's event loop threads (they block in their selector when idle, so their CPU
     * time is fan-out work).
     */
    static final String LOOP_THREAD_PREFIX = "virtual-edge-";
    /**
     * Name of the core-link poller threads (the agent's role name): dispatch decoding and rendering, plus the
     * idle strategy's polling while it waits.
     */
    static final String LINK_THREAD_NAME = "edge-core-link";
    static final long INTENTS = GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES | GatewayIntents.MESSAGE_CONTENT;

    private final int edgeId;
    private final boolean verifyMessageIds;
    private final AtomicCounter refused;
    private final AeronCoreLink link;
    private final MultiThreadIoEventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final LoopProbe[] probes;
    private final List<List<SinkChannel>> sinks = new ArrayList<>();
    private final Gateway gateway;
    private final AgentRunner pollerRunner;
    private long[] arrivalNs = new long[0];
    private volatile int arrivals;

    /**
     * Per-loop totals after a run, read on the loop.
     *
     * @param sessions         sessions on the loop.
     * @param deliveries       dispatches delivered since armed.
     * @param errors           ordering errors.
     * @param wrongCount       sessions whose delivered count differs from the messages sent.
     * @param bytes            bytes written to the loop's sinks since they were made.
     */
    record LoopReport(int sessions, long deliveries, long errors, long wrongCount, long bytes)
    {
    }

    /**
     * @param edgeId           this edge's id (its stream from the core is {@code edgeStreamBase + edgeId}).
     * @param loopCount        event loops.
     * @param aeron            client of the media driver the core uses.
     * @param coreCtx          the core's configuration (channel, streams, shards).
     * @param sessionCore      answers Identify.
     * @param verifyMessageIds whether sinks check message ids (see {@link SinkChannel}).
     * @param errorHandler     for the poller agent.
     */
    VirtualEdge(
        final int edgeId,
        final int loopCount,
        final Aeron aeron,
        final CoreConfiguration.Context coreCtx,
        final VirtualSessionCore sessionCore,
        final boolean verifyMessageIds,
        final ErrorHandler errorHandler)
    {
        this.edgeId = edgeId;
        this.verifyMessageIds = verifyMessageIds;
        final int shards = coreCtx.shards();
        refused = aeron.addCounter(COUNTER_TYPE_ID, "virtual edge " + edgeId + ": commands refused");
        link = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shards,
            coreCtx.edgeStreamBase(), edgeId, (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shards),
            coreCtx.offerMaxRetries(), refused);
        group = new MultiThreadIoEventLoopGroup(
            loopCount, new DefaultThreadFactory(LOOP_THREAD_PREFIX + edgeId), NioIoHandler.newFactory());
        probes = new LoopProbe[loopCount];
        for (int i = 0; i < loopCount; i++)
        {
            loops.add((EventLoop)group.next());
            probes[i] = new LoopProbe();
            sinks.add(new ArrayList<>());
        }
        final EdgeConfiguration.Context edgeCtx = new EdgeConfiguration.Context()
            .identifyMaxConcurrency(Integer.MAX_VALUE)
            .rateLimitCommands(Integer.MAX_VALUE)
            .conclude();
        gateway = new Gateway(edgeCtx, sessionCore, VirtualEdge::authenticate, SystemEpochClock.INSTANCE, loops);
        pollerRunner = new AgentRunner(CommonConfiguration.newIdleStrategy(LINK_IDLE_STRATEGY_PROP_NAME),
            errorHandler, null, new CoreLinkPoller(link, recorder(gateway), (userId, generation) -> { }));
        AgentRunner.startOnThread(pollerRunner);
    }

    /**
     * Virtual sessions present their user id as token; real token verification belongs to Identify, not fan-out.
     */
    private static long authenticate(final String token)
    {
        try
        {
            return Long.parseLong(token);
        }
        catch (final NumberFormatException ex)
        {
            return IdentifyAuthenticator.UNAUTHENTICATED;
        }
    }

    private GatewayCoreListener recorder(final Gateway target)
    {
        return (GatewayCoreListener)Proxy.newProxyInstance(GatewayCoreListener.class.getClassLoader(),
            new Class<?>[]{ GatewayCoreListener.class }, (proxy, method, args) ->
            {
                if ("onMessageCreated".equals(method.getName()))
                {
                    final int index = arrivals;
                    if (index < arrivalNs.length)
                    {
                        arrivalNs[index] = System.nanoTime();
                    }
                    arrivals = index + 1;
                }
                try
                {
                    return method.invoke(target, args);
                }
                catch (final InvocationTargetException ex)
                {
                    throw ex.getCause();
                }
            });
    }

    int edgeId()
    {
        return edgeId;
    }

    int loopCount()
    {
        return loops.size();
    }

    Gateway gateway()
    {
        return gateway;
    }

    AeronCoreLink link()
    {
        return link;
    }

    /**
     * Starts opening one virtual session per user, round robin over the loops, each with a real Identify on its
     * loop; {@link #awaitSessions} waits until the gateway counts them.
     *
     * @param userIds users of this edge's sessions.
     * @return completes when every loop has sent its Identifies.
     */
    CompletableFuture<Void> openSessions(final long[] userIds)
    {
        final int loopCount = loops.size();
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int l = 0; l < loopCount; l++)
        {
            final int loopIndex = l;
            final CompletableFuture<Void> loopDone = new CompletableFuture<>();
            done.add(loopDone);
            loops.get(l).execute(() ->
            {
                try
                {
                    for (int i = loopIndex; i < userIds.length; i += loopCount)
                    {
                        openSession(loopIndex, userIds[i]);
                    }
                    loopDone.complete(null);
                }
                catch (final RuntimeException ex)
                {
                    loopDone.completeExceptionally(ex);
                }
            });
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }

    /**
     * @param expected  sessions this edge should hold.
     * @param timeoutMs how long to wait.
     * @throws InterruptedException when interrupted.
     */
    void awaitSessions(final int expected, final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (gateway.counters().total(GatewayCounters.SESSIONS) < expected)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("edge " + edgeId + ": " +
                    gateway.counters().total(GatewayCounters.SESSIONS) + " of " + expected +
                    " virtual sessions identified in " + timeoutMs + " ms");
            }
            Thread.sleep(5);
        }
    }

    private void openSession(final int loopIndex, final long userId)
    {
        final EventLoop loop = loops.get(loopIndex);
        final SinkChannel channel = new SinkChannel(probes[loopIndex], verifyMessageIds);
        channel.pipeline().addLast(new WebSocket13FrameEncoder(false));
        channel.pipeline().addLast(gateway.newConnectionHandler(loop, "ws://virtual/gateway", false));
        loop.register(channel);
        channel.pipeline().fireChannelRead(new TextWebSocketFrame("{\"op\":2,\"d\":{\"token\":\"" + userId +
            "\",\"intents\":" + INTENTS + ",\"properties\":{\"os\":\"linux\",\"browser\":\"virtual\"," +
            "\"device\":\"virtual\"}}}"));
        channel.pipeline().fireChannelReadComplete();
        sinks.get(loopIndex).add(channel);
    }

    /**
     * Arms every loop's probe and the arrival recorder for a run of messages.
     *
     * @param messages  messages that will be sent.
     * @param timeoutMs how long to wait for the loops.
     * @throws Exception when a loop does not answer in time.
     */
    void arm(final int messages, final long timeoutMs) throws Exception
    {
        arrivalNs = new long[messages];
        arrivals = 0;
        final List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int l = 0; l < loops.size(); l++)
        {
            final int loopIndex = l;
            final CompletableFuture<Void> loopDone = new CompletableFuture<>();
            done.add(loopDone);
            loops.get(l).execute(() ->
            {
                probes[loopIndex].arm(sinks.get(loopIndex).size(), messages);
                loopDone.complete(null);
            });
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @return messages fully written to every session of this edge.
     */
    int completed()
    {
        int completed = Integer.MAX_VALUE;
        for (final LoopProbe probe : probes)
        {
            completed = Math.min(completed, probe.completed());
        }
        return completed;
    }

    /**
     * @param message a completed message.
     * @return when it reached this edge's core-link poller.
     */
    long arrivalNs(final int message)
    {
        return arrivalNs[message];
    }

    /**
     * @param message a completed message.
     * @return when its last recipient on this edge was written.
     */
    long lastWriteNs(final int message)
    {
        long last = Long.MIN_VALUE;
        for (int l = 0; l < probes.length; l++)
        {
            if (!sinks.get(l).isEmpty())
            {
                last = Math.max(last, probes[l].lastWriteNs(message));
            }
        }
        return last;
    }

    /**
     * Collects what each loop's sinks saw, on the loops.
     *
     * @param messages  messages every session should have got.
     * @param timeoutMs how long to wait for the loops.
     * @return one report per loop.
     * @throws Exception when a loop does not answer in time.
     */
    List<LoopReport> report(final int messages, final long timeoutMs) throws Exception
    {
        final List<CompletableFuture<LoopReport>> reports = new ArrayList<>();
        for (int l = 0; l < loops.size(); l++)
        {
            final int loopIndex = l;
            final CompletableFuture<LoopReport> report = new CompletableFuture<>();
            reports.add(report);
            loops.get(l).execute(() ->
            {
                long wrong = 0;
                long bytes = 0;
                for (final SinkChannel sink : sinks.get(loopIndex))
                {
                    wrong += sink.delivered() == messages ? 0 : 1;
                    bytes += sink.bytes();
                }
                final LoopProbe probe = probes[loopIndex];
                report.complete(new LoopReport(
                    sinks.get(loopIndex).size(), probe.deliveries(), probe.errors(), wrong, bytes));
            });
        }
        final List<LoopReport> result = new ArrayList<>();
        for (final CompletableFuture<LoopReport> report : reports)
        {
            result.add(report.get(timeoutMs, TimeUnit.MILLISECONDS));
        }
        return result;
    }

    public void close()
    {
        try
        {
            gateway.shutdown(30_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.closeAll(pollerRunner, link, refused);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
