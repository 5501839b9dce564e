package io.concord.server;

import io.aeron.Aeron;
import io.concord.core.CoreConfiguration;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code concord core}: the core role alone, as a client of a media driver already running on this host
 * ({@code concord media-driver}). Runs until SIGTERM/SIGINT.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
    description = "Run the core (guild shards) against a running media driver (concord media-driver).")
final class CoreCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Option(names = "--shards", paramLabel = "S", description = "Guild shards (default ${DEFAULT-VALUE}).",
        defaultValue = "" + CoreConfiguration.SHARDS_DEFAULT)
    private int shards;

    @Option(names = "--node-id", paramLabel = "N", description = "Core node id, 0..31 (default ${DEFAULT-VALUE}).",
        defaultValue = "" + CoreConfiguration.NODE_ID_DEFAULT)
    private int nodeId;

    @Mixin
    private AeronDirOption aeronDirOption;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data lives (default ${DEFAULT-VALUE}).",
        defaultValue = ServerConfiguration.DATA_DIR_DEFAULT)
    private Path dataDir;

    public Integer call() throws Exception
    {
        configOptions.apply();
        System.setProperty(CoreConfiguration.SHARDS_PROP_NAME, Integer.toString(shards));
        System.setProperty(CoreConfiguration.NODE_ID_PROP_NAME, Integer.toString(nodeId));
        final CoreConfiguration.Context ctx = new CoreConfiguration.Context();
        if (null == ctx.dataDir())
        {
            ctx.dataDir(dataDir);
        }
        ctx.conclude();
        final String dir = aeronDirOption.resolve();

        final Aeron aeron = AeronClients.connect(dir);
        final CoreRole core;
        try
        {
            core = CoreRole.start(dataDir, aeron, ctx, Throwable::printStackTrace);
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
        ProcessLifecycle.closeOnShutdown(() -> CloseHelper.closeAll(core, aeron));
        System.out.println("concord: core running, " + ctx.shards() + " shard(s), node " + ctx.nodeId() +
            ", aeron dir " + dir + ", channel " + ctx.channel() + ", data dir " + ctx.dataDir().toAbsolutePath());
        System.out.flush();
        ProcessLifecycle.awaitShutdown();
        return 0;
    }
}
