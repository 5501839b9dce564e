package io.concord.server;

import io.concord.edge.EdgeServer;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;

/**
 * Every role in one JVM: an embedded Aeron media driver and the edge's HTTP/gateway server (the core and storage
 * join as their issues land). Owns their lifecycle: {@link #launch} starts them in dependency order and
 * {@link #close()} stops them in reverse, deleting the driver's directory. Created and closed by one thread.
 */
final class EmbeddedServer implements AutoCloseable
{
    private final MediaDriver mediaDriver;
    private final EdgeServer edgeServer;
    private final InetSocketAddress httpAddress;

    private EmbeddedServer(
        final MediaDriver mediaDriver, final EdgeServer edgeServer, final InetSocketAddress httpAddress)
    {
        this.mediaDriver = mediaDriver;
        this.edgeServer = edgeServer;
        this.httpAddress = httpAddress;
    }

    static EmbeddedServer launch(final ServerConfiguration.Context ctx) throws IOException, InterruptedException
    {
        Files.createDirectories(ctx.dataDir());

        MediaDriver mediaDriver = null;
        EdgeServer edgeServer = null;
        try
        {
            mediaDriver = MediaDrivers.launch(ctx.aeronDirectoryName());

            edgeServer = new EdgeServer(ctx.edge());
            final InetSocketAddress httpAddress = edgeServer.start();
            return new EmbeddedServer(mediaDriver, edgeServer, httpAddress);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            CloseHelper.closeAll(edgeServer, mediaDriver);
            throw ex;
        }
    }

    String aeronDirectoryName()
    {
        return mediaDriver.aeronDirectoryName();
    }

    String httpAddress()
    {
        final String host = httpAddress.getAddress().isAnyLocalAddress() ? "0.0.0.0" : httpAddress.getHostString();
        return host + ":" + httpAddress.getPort();
    }

    String edgeTransport()
    {
        return edgeServer.transportName();
    }

    public void close()
    {
        CloseHelper.closeAll(edgeServer, mediaDriver);
    }
}
