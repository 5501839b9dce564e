package io.concord.server;

import io.aeron.Aeron;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.EdgeConfiguration;
import io.concord.edge.EdgeServer;
import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CommandRouter;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.gateway.GatewayCounters;
import io.concord.edge.http.RestApi;
import io.concord.edge.rest.RestConfiguration;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The edge role as a process runs it: the token key under the data dir, the Aeron link to the core (commands routed
 * by the core's own routing rule), the REST API and the gateway wired to that link, the Netty server serving both,
 * and the link's poller agent. The server starts listening only once every core shard answered the link's probe, so
 * no client reaches an edge whose core cannot answer it yet. Started and closed by the thread that wires the process;
 * closing stops accepting clients before the link.
 */
final class EdgeRole implements AutoCloseable
{
    /**
     * This edge's id: unique per edge process, and named in the core's {@code concord.core.edges}.
     */
    static final String EDGE_ID_PROP_NAME = "concord.edge.id";
    static final int EDGE_ID_DEFAULT = 1;

    /**
     * Idle strategy of the agent polling the core's frames.
     */
    static final String LINK_IDLE_STRATEGY_PROP_NAME = "concord.edge.link.idle.strategy";

    /**
     * Longest the edge waits at start for every core shard to answer its link probe before it gives up; it accepts
     * no client before that.
     */
    static final String LINK_TIMEOUT_MS_PROP_NAME = "concord.edge.core.link.timeout.ms";
    static final long LINK_TIMEOUT_MS_DEFAULT = 120_000;

    private static final int EDGE_COUNTER_TYPE_ID = 4201;

    private final AtomicCounter commandsRefused;
    private final AeronCoreLink link;
    private final RestApi restApi;
    private final EdgeServer server;
    private final InetSocketAddress address;
    private final AgentRunner pollerRunner;

    private EdgeRole(
        final AtomicCounter commandsRefused,
        final AeronCoreLink link,
        final RestApi restApi,
        final EdgeServer server,
        final InetSocketAddress address,
        final AgentRunner pollerRunner)
    {
        this.commandsRefused = commandsRefused;
        this.link = link;
        this.restApi = restApi;
        this.server = server;
        this.address = address;
        this.pollerRunner = pollerRunner;
    }

    static EdgeRole start(
        final Path dataDir,
        final EdgeConfiguration.Context edgeCtx,
        final Aeron aeron,
        final CoreConfiguration.Context coreCtx,
        final ErrorHandler errorHandler) throws InterruptedException
    {
        final int edgeId = Integer.getInteger(EDGE_ID_PROP_NAME, EDGE_ID_DEFAULT);
        final TokenVerifier tokens = new TokenVerifier(TokenKeys.loadOrCreate(dataDir.resolve("secrets/token.key")));
        final int shards = coreCtx.shards();

        AtomicCounter refused = null;
        AeronCoreLink link = null;
        RestApi restApi = null;
        EdgeServer server = null;
        AgentRunner pollerRunner = null;
        try
        {
            refused = aeron.addCounter(EDGE_COUNTER_TYPE_ID, "edge " + edgeId + ": commands refused");
            final CommandRouter router = (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shards);
            link = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shards,
                coreCtx.edgeStreamBase(), edgeId, router, coreCtx.offerMaxRetries(), refused);
            restApi = new RestApi(new RestConfiguration.Context().conclude(), link, tokens, SystemEpochClock.INSTANCE);
            restApi.commandRouter(router);
            server = new EdgeServer(edgeCtx, link, tokens::authenticate, restApi);
            pollerRunner = new AgentRunner(CommonConfiguration.newIdleStrategy(LINK_IDLE_STRATEGY_PROP_NAME),
                errorHandler, null, new CoreLinkPoller(link, server.gateway(), tokens::onTokensRevoked));
            AgentRunner.startOnThread(pollerRunner);
            final long linkTimeoutMs = Long.getLong(LINK_TIMEOUT_MS_PROP_NAME, LINK_TIMEOUT_MS_DEFAULT);
            if (!link.awaitLinked(linkTimeoutMs))
            {
                throw new IllegalStateException("edge " + edgeId + ": the core did not answer on all " + shards +
                    " shard(s) within " + linkTimeoutMs + " ms (" + LINK_TIMEOUT_MS_PROP_NAME + "): is a core with " +
                    shards + " shard(s) running on this media driver and channel " + coreCtx.channel() + "?");
            }
            final InetSocketAddress address = server.start();
            return new EdgeRole(refused, link, restApi, server, address, pollerRunner);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            CloseHelper.closeAll(pollerRunner, server, restApi, link, refused);
            throw ex;
        }
    }

    InetSocketAddress address()
    {
        return address;
    }

    String transportName()
    {
        return server.transportName();
    }

    /**
     * @return the gateway's counters summed over its event loops, one line of {@code name=value} pairs (the fan-out
     *         harness reads it from an edge's output when the edge stops).
     */
    String gatewayCountersLine()
    {
        final GatewayCounters counters = server.gateway().counters();
        return "gateway counters: sessions=" + counters.total(GatewayCounters.SESSIONS) +
            " identifies=" + counters.total(GatewayCounters.IDENTIFIES) +
            " resumes=" + counters.total(GatewayCounters.RESUMES) +
            " zombie_closes=" + counters.total(GatewayCounters.ZOMBIE_CLOSES) +
            " slow_consumer_closes=" + counters.total(GatewayCounters.SLOW_CONSUMER_CLOSES) +
            " dispatches_held=" + counters.total(GatewayCounters.DISPATCHES_HELD) +
            " ready_hold_overflows=" + counters.total(GatewayCounters.READY_HOLD_OVERFLOWS) +
            " frames_out=" + counters.total(GatewayCounters.FRAMES_OUT) +
            " commands_refused=" + commandsRefused.get();
    }

    public void close()
    {
        // The poller first: it hands core frames to the gateway's event loops, which the server then shuts down.
        CloseHelper.closeAll(pollerRunner, server, restApi, link, commandsRefused);
    }
}
