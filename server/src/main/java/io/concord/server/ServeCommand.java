package io.concord.server;

import io.concord.edge.EdgeConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code concord serve}: every role in one JVM with an embedded Aeron media driver. Runs until SIGTERM/SIGINT, then
 * shuts down cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run every role in one JVM with an embedded Aeron media driver.")
final class ServeCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default ${DEFAULT-VALUE}).",
        defaultValue = EdgeConfiguration.HOST_DEFAULT)
    private String host;

    @Option(names = "--port", paramLabel = "PORT",
        description = "HTTP and gateway port; 0 picks a free one (default ${DEFAULT-VALUE}).",
        defaultValue = "" + EdgeConfiguration.PORT_DEFAULT)
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data lives (default ${DEFAULT-VALUE}).",
        defaultValue = ServerConfiguration.DATA_DIR_DEFAULT)
    private Path dataDir;

    public Integer call() throws Exception
    {
        configOptions.apply();
        System.setProperty(EdgeConfiguration.HOST_PROP_NAME, host);
        System.setProperty(EdgeConfiguration.PORT_PROP_NAME, Integer.toString(port));
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());

        final ServerConfiguration.Context ctx = new ServerConfiguration.Context().conclude();
        final EmbeddedServer server = EmbeddedServer.launch(ctx);
        ProcessLifecycle.closeOnShutdown(server);
        System.out.println("concord: data dir " + ctx.dataDir().toAbsolutePath());
        System.out.println("concord: aeron dir " + server.aeronDirectoryName());
        System.out.println("concord: core running with " + server.coreShards() + " shard(s)");
        System.out.println("concord: listening on http://" + server.httpAddress() + " (gateway ws://" +
            server.httpAddress() + "/gateway, transport " + server.edgeTransport() + ")");
        System.out.flush();

        ProcessLifecycle.awaitShutdown();
        return 0;
    }
}
