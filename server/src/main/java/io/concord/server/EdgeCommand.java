package io.concord.server;

import io.aeron.Aeron;
import io.concord.core.CoreConfiguration;
import io.concord.edge.EdgeConfiguration;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code concord edge}: one edge process (HTTP, gateway) talking to a core through a media driver already running on
 * this host. Several edges, each with its own {@code --edge-id} and {@code --port}, can serve one core; the core must
 * list their ids in {@code concord.core.edges} (or learns them as sessions open). It listens only once every core
 * shard answered its link probe ({@code concord.edge.core.link.timeout.ms}), and says so on its "listening" line.
 * Runs until SIGTERM/SIGINT.
 */
@Command(name = "edge", mixinStandardHelpOptions = true,
    description = "Run an edge (HTTP + gateway) against a running media driver and core.")
final class EdgeCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--edge-id", paramLabel = "ID", description = "This edge's id (default ${DEFAULT-VALUE}).",
        defaultValue = "" + EdgeRole.EDGE_ID_DEFAULT)
    private int edgeId;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default ${DEFAULT-VALUE}).",
        defaultValue = EdgeConfiguration.HOST_DEFAULT)
    private String host;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP and gateway port (default ${DEFAULT-VALUE}).",
        defaultValue = "" + EdgeConfiguration.PORT_DEFAULT)
    private int port;

    @Mixin
    private AeronDirOption aeronDirOption;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Where the token key lives; every edge of a deployment must share it (default ${DEFAULT-VALUE}).",
        defaultValue = ServerConfiguration.DATA_DIR_DEFAULT)
    private Path dataDir;

    public Integer call() throws Exception
    {
        configOptions.apply();
        System.setProperty(EdgeRole.EDGE_ID_PROP_NAME, Integer.toString(edgeId));
        System.setProperty(EdgeConfiguration.HOST_PROP_NAME, host);
        System.setProperty(EdgeConfiguration.PORT_PROP_NAME, Integer.toString(port));
        final EdgeConfiguration.Context edgeCtx = new EdgeConfiguration.Context().conclude();
        final CoreConfiguration.Context coreCtx = new CoreConfiguration.Context().conclude();
        final String dir = aeronDirOption.resolve();

        final Aeron aeron = AeronClients.connect(dir);
        final EdgeRole edge;
        try
        {
            edge = EdgeRole.start(dataDir, edgeCtx, aeron, coreCtx, Throwable::printStackTrace);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
        ProcessLifecycle.closeOnShutdown(() ->
        {
            System.out.println("concord: edge " + edgeId + " " + edge.gatewayCountersLine());
            System.out.flush();
            CloseHelper.closeAll(edge, aeron);
        });
        System.out.println("concord: edge " + edgeId + " listening on http://" + host + ":" + edge.address().getPort() +
            " (transport " + edge.transportName() + "), core link up (" + coreCtx.shards() + " shard(s)), aeron dir " +
            dir);
        System.out.flush();
        ProcessLifecycle.awaitShutdown();
        return 0;
    }
}
