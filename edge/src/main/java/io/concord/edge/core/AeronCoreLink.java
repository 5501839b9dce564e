package io.concord.edge.core;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.concord.codecs.LinkProbeEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdateEncoder;
import io.concord.codecs.RequestGuildMembersEncoder;
import io.concord.codecs.SessionClosedEncoder;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.IdentifyRequest;
import io.concord.edge.gateway.MemberRequest;
import io.concord.edge.gateway.PresenceRequest;
import io.concord.edge.gateway.SessionRejection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The edge's link to the core over Aeron: commands go out on the owning shard's command stream
 * ({@code commandStreamBase + shard}, concurrent publications any event loop may offer to), the core's frames come
 * back on this edge's stream ({@code edgeStreamBase + edgeId}), polled by a {@link CoreLinkPoller} on its own agent
 * thread, which completes requests and sessions registered here and hands dispatches to the gateway.
 * <p>
 * Thread-safe entry points ({@link CoreRequests}, {@link GatewayCore}); per-request state lives in concurrent maps
 * keyed by correlation or session id, removed exactly once by whichever of reply or timeout comes first. Offers that
 * meet back-pressure are retried a bounded number of times, then refused and counted (the REST caller answers 503).
 * <p>
 * The link is <em>up</em> once every shard answered a {@code LinkProbe}: each probe proves that shard subscribes to
 * the command stream and that its answers reach this edge's stream (the shard opens that stream on the first
 * answer). The poller thread sends the probes ({@link #probe(long)}) until then; {@link #awaitLinked} lets the
 * process start serving clients only once the link is up, so that no Identify meets a core that cannot answer.
 */
public final class AeronCoreLink implements CoreRequests, GatewayCore, AutoCloseable
{
    /**
     * Longest a gateway session waits for the core's READY and guild snapshots.
     */
    static final long SESSION_OPEN_TIMEOUT_MS = 60_000;

    /**
     * How often unanswered link probes are sent again.
     */
    static final long PROBE_INTERVAL_MS = 100;

    private static final int SCRATCH_BYTES = 256;
    private static final long ANSWERED = -1;
    private static final int LARGE_SCRATCH_BYTES = 8192;

    private final int edgeId;
    private final CommandRouter router;
    private final Publication[] shards;
    private final Subscription fromCore;
    private final int offerMaxRetries;
    private final AtomicCounter offersRefused;
    /**
     * Starts from the clock (ms << 20, about a million ids per ms of uptime before it could overlap the next start),
     * so an edge restarted with the same id never takes a reply meant for its previous process for one of its own.
     */
    private final AtomicLong correlationIds = new AtomicLong(System.currentTimeMillis() << 20);
    private final ConcurrentHashMap<Long, PendingReply> pendingReplies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, PendingSession> pendingSessions = new ConcurrentHashMap<>();
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);
    /**
     * Correlation id of the last probe sent to each shard (ids are positive), {@link #ANSWERED} once the shard
     * answered; poller thread only.
     */
    private final long[] probeCorrelationIds;
    private final UnsafeBuffer probeBuffer = new UnsafeBuffer(new byte[SCRATCH_BYTES]);
    private final LinkProbeEncoder probeEncoder = new LinkProbeEncoder();
    private final MessageHeaderEncoder probeHeader = new MessageHeaderEncoder();
    private int unansweredShards;
    private long lastProbeNs;
    private volatile boolean linked;

    /**
     * A request waiting for its reply.
     */
    record PendingReply(EventExecutor executor, CoreReplyHandler handler, ScheduledFuture<?> timeout)
    {
    }

    private static final class Encoders
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SCRATCH_BYTES]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final SessionOpenedEncoder sessionOpened = new SessionOpenedEncoder();
        private final SessionClosedEncoder sessionClosed = new SessionClosedEncoder();
        private final PresenceUpdateEncoder presence = new PresenceUpdateEncoder();
        private final RequestGuildMembersEncoder requestMembers = new RequestGuildMembersEncoder();
        private final UnsafeBuffer large = new UnsafeBuffer(new byte[LARGE_SCRATCH_BYTES]);
    }

    /**
     * @param aeron             client of the media driver the core uses.
     * @param channel           channel of every stream (e.g. {@code aeron:ipc}).
     * @param commandStreamBase stream of core shard 0's commands.
     * @param shardCount        core shards.
     * @param edgeStreamBase    stream of edge 0.
     * @param edgeId            this edge.
     * @param router            the core's routing rule.
     * @param offerMaxRetries   back-pressure retries before a command is refused.
     * @param offersRefused     counts refused commands.
     */
    public AeronCoreLink(
        final Aeron aeron,
        final String channel,
        final int commandStreamBase,
        final int shardCount,
        final int edgeStreamBase,
        final int edgeId,
        final CommandRouter router,
        final int offerMaxRetries,
        final AtomicCounter offersRefused)
    {
        this.edgeId = edgeId;
        this.router = router;
        this.offerMaxRetries = offerMaxRetries;
        this.offersRefused = offersRefused;
        shards = new Publication[shardCount];
        probeCorrelationIds = new long[shardCount];
        unansweredShards = shardCount;
        lastProbeNs = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MS);
        try
        {
            for (int i = 0; i < shardCount; i++)
            {
                shards[i] = aeron.addPublication(channel, commandStreamBase + i);
            }
            fromCore = aeron.addSubscription(channel, edgeStreamBase + edgeId);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(shards);
            throw ex;
        }
    }

    /**
     * @return true once every core shard answered a link probe.
     */
    public boolean isLinked()
    {
        return linked;
    }

    /**
     * Waits until the link is up, sleeping between checks (the poller thread must be running).
     *
     * @param timeoutMs longest wait.
     * @return true when linked, false when the time ran out.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitLinked(final long timeoutMs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!linked)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * Sends a probe to every shard that has not answered yet, at most every {@link #PROBE_INTERVAL_MS}; a no-op once
     * linked. Poller thread only.
     *
     * @param nowNs current {@link System#nanoTime()}.
     * @return probes sent.
     */
    int probe(final long nowNs)
    {
        if (linked || nowNs - lastProbeNs < TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MS))
        {
            return 0;
        }
        lastProbeNs = nowNs;
        int sent = 0;
        for (int shard = 0; shard < shards.length; shard++)
        {
            if (ANSWERED == probeCorrelationIds[shard])
            {
                continue;
            }
            final long correlationId = nextCorrelationId();
            probeEncoder.wrapAndApplyHeader(probeBuffer, 0, probeHeader)
                .edgeId(edgeId).correlationId(correlationId).shardId(shard);
            probeCorrelationIds[shard] = correlationId;
            // One attempt: a shard not subscribed yet answers NOT_CONNECTED, and the next round tries again.
            if (shards[shard].offer(probeBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + probeEncoder.encodedLength())
                > 0)
            {
                sent++;
            }
        }
        return sent;
    }

    /**
     * Takes a reply that answers the latest probe of a shard. Poller thread only.
     *
     * @param correlationId of a {@code CommandReply}.
     * @return true when it was a probe's answer (consumed here).
     */
    boolean onProbeReply(final long correlationId)
    {
        if (linked || correlationId <= 0)
        {
            return false;
        }
        for (int shard = 0; shard < probeCorrelationIds.length; shard++)
        {
            if (correlationId == probeCorrelationIds[shard])
            {
                probeCorrelationIds[shard] = ANSWERED;
                if (0 == --unansweredShards)
                {
                    linked = true;
                }
                return true;
            }
        }
        return false;
    }

    public int edgeId()
    {
        return edgeId;
    }

    public long nextCorrelationId()
    {
        return correlationIds.incrementAndGet();
    }

    public boolean request(
        final long correlationId,
        final DirectBuffer frame,
        final int offset,
        final int length,
        final EventExecutor executor,
        final CoreReplyHandler handler,
        final long timeoutMs)
    {
        final ScheduledFuture<?> timeout = executor.schedule(() ->
        {
            if (null != pendingReplies.remove(correlationId))
            {
                handler.onTimeout();
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        pendingReplies.put(correlationId, new PendingReply(executor, handler, timeout));

        if (!send(frame, offset, length))
        {
            pendingReplies.remove(correlationId);
            timeout.cancel(false);
            return false;
        }
        return true;
    }

    public boolean send(final DirectBuffer frame, final int offset, final int length)
    {
        final int shard = router.shardOf(frame, offset);
        if (shard < 0 || shard >= shards.length)
        {
            offersRefused.incrementRelease();
            return false;
        }
        final Publication publication = shards[shard];
        for (int attempt = 0; attempt <= offerMaxRetries; attempt++)
        {
            final long result = publication.offer(frame, offset, length);
            if (result > 0)
            {
                return true;
            }
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                break;
            }
            Thread.onSpinWait();
        }
        offersRefused.incrementRelease();
        return false;
    }

    public void openSession(final long sessionId, final IdentifyRequest request, final SessionOpenListener listener)
    {
        final PendingSession pending =
            new PendingSession(sessionId, request.userId(), listener, System.currentTimeMillis());
        pendingSessions.put(sessionId, pending);

        final Encoders e = encoders.get();
        e.sessionOpened.wrapAndApplyHeader(e.buffer, 0, e.header)
            .edgeId(edgeId)
            .sessionId(sessionId)
            .userId(request.userId())
            .intents(request.intents())
            .shardId(request.shardId())
            .shardCount(request.shardCount())
            .largeThreshold(request.largeThreshold())
            .status(presenceStatus(request.status()));
        if (!send(e.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.sessionOpened.encodedLength()))
        {
            pendingSessions.remove(sessionId);
            listener.onRejected(SessionRejection.UNAVAILABLE);
        }
    }

    public void closeSession(final long sessionId, final long userId)
    {
        pendingSessions.remove(sessionId);
        final Encoders e = encoders.get();
        e.sessionClosed.wrapAndApplyHeader(e.buffer, 0, e.header).edgeId(edgeId).sessionId(sessionId).userId(userId);
        send(e.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.sessionClosed.encodedLength());
    }

    public void updatePresence(final long sessionId, final long userId, final String status)
    {
        final Encoders e = encoders.get();
        final PresenceUpdateEncoder encoder = e.presence.wrapAndApplyHeader(e.buffer, 0, e.header)
            .edgeId(edgeId)
            .sessionId(sessionId)
            .userId(userId)
            .status(presenceStatus(status))
            .sinceMs(0)
            .afk(io.concord.codecs.BooleanType.FALSE);
        encoder.activitiesCount(0);
        send(e.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    public void updatePresence(final long sessionId, final long userId, final PresenceRequest request)
    {
        final Encoders e = encoders.get();
        final PresenceUpdateEncoder encoder = e.presence.wrapAndApplyHeader(e.large, 0, e.header)
            .edgeId(edgeId)
            .sessionId(sessionId)
            .userId(userId)
            .status(presenceStatus(request.status()))
            .sinceMs(request.sinceMs())
            .afk(request.afk() ? io.concord.codecs.BooleanType.TRUE : io.concord.codecs.BooleanType.FALSE);
        final PresenceUpdateEncoder.ActivitiesEncoder activities =
            encoder.activitiesCount(request.activities().size());
        for (final PresenceRequest.Activity activity : request.activities())
        {
            activities.next().activityType((short)activity.type()).name(activity.name()).state(activity.state());
        }
        send(e.large, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    public void requestGuildMembers(final long sessionId, final long userId, final MemberRequest request)
    {
        final Encoders e = encoders.get();
        final RequestGuildMembersEncoder encoder = e.requestMembers.wrapAndApplyHeader(e.large, 0, e.header)
            .edgeId(edgeId)
            .sessionId(sessionId)
            .userId(userId)
            .guildId(request.guildId())
            .memberLimit(request.limit())
            .presences(request.presences() ? io.concord.codecs.BooleanType.TRUE : io.concord.codecs.BooleanType.FALSE);
        final RequestGuildMembersEncoder.UserIdsEncoder ids = encoder.userIdsCount(request.userIds().length);
        for (final long id : request.userIds())
        {
            ids.next().userId(id);
        }
        encoder.query(null == request.query() ? "" : request.query());
        encoder.nonce(null == request.nonce() ? "" : request.nonce());
        send(e.large, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * @return the subscription to this edge's stream, for the {@link CoreLinkPoller}.
     */
    Subscription fromCore()
    {
        return fromCore;
    }

    /**
     * Claims the pending request a reply answers; null when it already timed out or was never made here.
     */
    PendingReply takeReply(final long correlationId)
    {
        final PendingReply pending = pendingReplies.remove(correlationId);
        if (null != pending)
        {
            pending.timeout().cancel(false);
        }
        return pending;
    }

    /**
     * Gives up on sessions the core has not finished opening within {@link #SESSION_OPEN_TIMEOUT_MS} (an answer lost,
     * e.g. to a core that restarted): each is told UNAVAILABLE (the client gets op 9 and may identify again) and the
     * core is told it closed, in case it did open it. Poller thread only.
     *
     * @param nowMs current {@link System#currentTimeMillis()}.
     * @return sessions given up.
     */
    int expireSessions(final long nowMs)
    {
        if (pendingSessions.isEmpty())
        {
            return 0;
        }
        int expired = 0;
        for (final PendingSession pending : pendingSessions.values())
        {
            if (nowMs - pending.openedAtMs() >= SESSION_OPEN_TIMEOUT_MS &&
                pendingSessions.remove(pending.sessionId(), pending))
            {
                expired++;
                closeSession(pending.sessionId(), pending.userId());
                pending.listener().onRejected(SessionRejection.UNAVAILABLE);
            }
        }
        return expired;
    }

    PendingSession pendingSession(final long sessionId)
    {
        return pendingSessions.get(sessionId);
    }

    void sessionDone(final long sessionId)
    {
        pendingSessions.remove(sessionId);
    }

    /**
     * @return requests waiting for a reply, for tests and counters.
     */
    public int pendingRequests()
    {
        return pendingReplies.size();
    }

    static PresenceStatus presenceStatus(final String status)
    {
        if (null == status)
        {
            return PresenceStatus.ONLINE;
        }
        switch (status)
        {
            case "idle":
                return PresenceStatus.IDLE;
            case "dnd":
                return PresenceStatus.DND;
            case "invisible":
                return PresenceStatus.INVISIBLE;
            case "offline":
                return PresenceStatus.OFFLINE;
            default:
                return PresenceStatus.ONLINE;
        }
    }

    public void close()
    {
        CloseHelper.quietClose(fromCore);
        CloseHelper.closeAll(shards);
        pendingReplies.clear();
        pendingSessions.clear();
    }
}
