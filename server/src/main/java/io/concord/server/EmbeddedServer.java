package io.concord.server;

import io.concord.core.CoreConfiguration;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;

/**
 * Every role in one JVM: an embedded Aeron media driver, the core (guild shards over an Aeron client of that driver,
 * metadata and the LSM message store under the data dir, the data service in front of the store) and the edge's
 * HTTP/gateway server. Owns their lifecycle: {@link #launch} starts them in dependency order and
 * {@link #close()} stops them in reverse, deleting the driver's directory. Created and closed by one thread.
 */
final class EmbeddedServer implements AutoCloseable
{
    private final MediaDriver mediaDriver;
    private final Aeron aeron;
    private final CoreRole core;
    private final EdgeRole edge;

    private EmbeddedServer(
        final MediaDriver mediaDriver,
        final Aeron aeron,
        final CoreRole core,
        final EdgeRole edge)
    {
        this.mediaDriver = mediaDriver;
        this.aeron = aeron;
        this.core = core;
        this.edge = edge;
    }

    static EmbeddedServer launch(final ServerConfiguration.Context ctx) throws IOException, InterruptedException
    {
        Files.createDirectories(ctx.dataDir());

        MediaDriver mediaDriver = null;
        Aeron aeron = null;
        CoreRole core = null;
        EdgeRole edge = null;
        try
        {
            mediaDriver = MediaDrivers.launch(ctx.aeronDirectoryName());
            aeron = AeronClients.connect(mediaDriver.aeronDirectoryName());

            final CoreConfiguration.Context coreCtx = new CoreConfiguration.Context();
            if (null == coreCtx.dataDir())
            {
                coreCtx.dataDir(ctx.dataDir());
            }
            coreCtx.conclude();
            core = CoreRole.start(ctx.dataDir(), aeron, coreCtx, Throwable::printStackTrace);
            edge = EdgeRole.start(ctx.dataDir(), ctx.edge(), aeron, coreCtx, Throwable::printStackTrace);
            return new EmbeddedServer(mediaDriver, aeron, core, edge);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            CloseHelper.closeAll(edge, core, aeron, mediaDriver);
            throw ex;
        }
    }

    String aeronDirectoryName()
    {
        return mediaDriver.aeronDirectoryName();
    }

    String httpAddress()
    {
        final InetSocketAddress address = edge.address();
        final String host = address.getAddress().isAnyLocalAddress() ? "0.0.0.0" : address.getHostString();
        return host + ":" + address.getPort();
    }

    String edgeTransport()
    {
        return edge.transportName();
    }

    int coreShards()
    {
        return core.core().shards().size();
    }

    public void close()
    {
        CloseHelper.closeAll(edge, core, aeron, mediaDriver);
    }
}
