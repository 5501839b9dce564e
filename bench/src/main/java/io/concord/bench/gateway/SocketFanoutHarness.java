package io.concord.bench.gateway;

import io.concord.edge.EdgeConfiguration;
import io.concord.edge.EdgeServer;
import io.concord.edge.gateway.GatewayCounters;
import io.concord.edge.gateway.GatewayIntents;
import io.concord.edge.gateway.GatewayLatencies;
import io.concord.edge.gateway.MessageEvent;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fan-out over real loopback sockets: N raw WebSocket clients (one NIO reader thread that drains and discards) are
 * subscribed to one channel, then dispatches are published one at a time. The edge's own per-loop fan-out task time
 * (from {@link GatewayLatencies#FANOUT}) divided by the recipients is the server-side CPU cost per delivery,
 * including the gathering write syscall of each recipient. Bounded in clients, dispatches and time.
 */
final class SocketFanoutHarness
{
    private static final long TIMEOUT_MS = 60_000;

    private SocketFanoutHarness()
    {
    }

    /**
     * @param transport  {@code epoll} or {@code io_uring}.
     * @param clients    number of connected sessions.
     * @param dispatches number of dispatches measured (as many again are published first to warm up).
     * @return fan-out task nanoseconds per recipient (mean), or NaN when the transport is unavailable.
     * @throws Exception when the server or the clients fail.
     */
    static double nsPerRecipient(final String transport, final int clients, final int dispatches) throws Exception
    {
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .host("127.0.0.1")
            .port(0)
            .eventLoopThreads(2)
            .transport(transport)
            .identifyMaxConcurrency(Integer.MAX_VALUE)
            .conclude();
        final EdgeServer server = new EdgeServer(ctx, new BenchGatewayCore(), (token) -> 2);
        if (!transport.equals(server.transportName()))
        {
            server.close();
            return Double.NaN;
        }
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<SocketChannel> sockets = new ArrayList<>();
        final Selector selector = Selector.open();
        Thread reader = null;
        try
        {
            final InetSocketAddress address = server.start();
            final byte[] upgrade = ("GET /gateway?v=10&encoding=json HTTP/1.1\r\nHost: 127.0.0.1:" +
                address.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
            final byte[] identify = maskedTextFrame("{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":" +
                (GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES | GatewayIntents.MESSAGE_CONTENT) + "}}");
            for (int i = 0; i < clients; i++)
            {
                final SocketChannel socket = SocketChannel.open(address);
                sockets.add(socket);
                socket.write(ByteBuffer.wrap(upgrade));
                awaitUpgrade(socket);
                socket.write(ByteBuffer.wrap(identify));
                socket.configureBlocking(false);
                socket.register(selector, SelectionKey.OP_READ);
            }
            reader = new Thread(() -> drain(selector, running), "socket-fanout-reader");
            reader.start();

            final long deadlineMs = System.currentTimeMillis() + TIMEOUT_MS;
            while (server.gateway().counters().total(GatewayCounters.SESSIONS) < clients)
            {
                if (System.currentTimeMillis() > deadlineMs)
                {
                    throw new IllegalStateException("sessions did not identify in time");
                }
                Thread.sleep(10);
            }

            final MessageEvent event = new MessageEvent().reset().texts("sender", "x".repeat(200));
            publish(server, event, 0, dispatches, clients);
            Thread.sleep(200);
            server.gateway().latencies().snapshot(GatewayLatencies.FANOUT);
            publish(server, event, dispatches, dispatches, clients);
            Thread.sleep(200);
            final Histogram fanout = server.gateway().latencies().snapshot(GatewayLatencies.FANOUT);
            final double totalTaskNs = fanout.getMean() * fanout.getTotalCount();
            return totalTaskNs / ((double)dispatches * clients);
        }
        finally
        {
            running.set(false);
            if (null != reader)
            {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            }
            selector.close();
            for (final SocketChannel socket : sockets)
            {
                socket.close();
            }
            server.close();
        }
    }

    /**
     * Publishes dispatches one at a time (a pause after each lets the loops finish, so tasks do not queue).
     */
    private static void publish(
        final EdgeServer server, final MessageEvent event, final int first, final int count, final int clients)
        throws InterruptedException
    {
        for (int i = first; i < first + count; i++)
        {
            event.ids(BenchGatewayCore.GUILD_ID, BenchGatewayCore.CHANNEL_ID, (1L << 40) + i, 1);
            server.gateway().onMessageCreated(event);
            Thread.sleep(Math.max(1, clients / 2_000));
        }
    }

    private static void awaitUpgrade(final SocketChannel socket) throws IOException
    {
        final ByteBuffer response = ByteBuffer.allocate(1024);
        final StringBuilder text = new StringBuilder();
        while (text.indexOf("\r\n\r\n") < 0)
        {
            response.clear();
            response.limit(1);
            if (socket.read(response) < 0)
            {
                throw new IOException("connection closed during the upgrade");
            }
            text.append((char)response.get(0));
        }
        if (!text.toString().startsWith("HTTP/1.1 101"))
        {
            throw new IOException("upgrade refused: " + text);
        }
    }

    private static void drain(final Selector selector, final AtomicBoolean running)
    {
        final ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
        try
        {
            while (running.get())
            {
                if (0 == selector.select(100))
                {
                    continue;
                }
                final Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext())
                {
                    final SelectionKey key = keys.next();
                    keys.remove();
                    sink.clear();
                    if (((SocketChannel)key.channel()).read(sink) < 0)
                    {
                        key.cancel();
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("reader failed", ex);
        }
    }

    private static byte[] maskedTextFrame(final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final boolean extended = payload.length >= 126;
        final int headerLength = extended ? 8 : 6;
        final byte[] frame = new byte[headerLength + payload.length];
        frame[0] = (byte)0x81;
        if (extended)
        {
            frame[1] = (byte)(0x80 | 126);
            frame[2] = (byte)(payload.length >> 8);
            frame[3] = (byte)payload.length;
        }
        else
        {
            frame[1] = (byte)(0x80 | payload.length);
        }
        // Mask key 0 (the four bytes before the payload): any key is valid.
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        return frame;
    }
}
