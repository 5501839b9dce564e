package io.concord.bench.gateway;

import io.concord.edge.EdgeConfiguration;
import io.concord.edge.EdgeServer;
import io.concord.edge.gateway.GatewayIntents;
import io.concord.edge.gateway.MessageEvent;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Loopback latency of a real gateway ({@link EdgeServer}, 2 event loops) with real WebSocket clients
 * ({@code java.net.http}): heartbeat → ACK round trip at one session, and core dispatch of a MESSAGE_CREATE → its
 * arrival at another session (render, fan-out task, write, client decode). One request in flight at a time; the
 * command rate limit is lifted for the run. Runs on the calling thread, which also plays the core link.
 */
final class GatewayLatencyHarness
{
    private static final long TIMEOUT_MS = 10_000;
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);

    private final Histogram heartbeatNs = new Histogram(MAX_LATENCY_NS, 3);
    private final Histogram messageNs = new Histogram(MAX_LATENCY_NS, 3);

    Histogram heartbeatNs()
    {
        return heartbeatNs;
    }

    Histogram messageNs()
    {
        return messageNs;
    }

    /**
     * @param warmup  round trips discarded first, per measurement.
     * @param samples round trips recorded, per measurement.
     * @return this.
     * @throws Exception when the server or a client fails, or a reply times out.
     */
    GatewayLatencyHarness run(final int warmup, final int samples) throws Exception
    {
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .host("127.0.0.1")
            .port(0)
            .eventLoopThreads(2)
            .rateLimitCommands(Integer.MAX_VALUE)
            .identifyMaxConcurrency(100)
            .conclude();
        final EdgeServer server = new EdgeServer(
            ctx, new BenchGatewayCore(), (token) -> "sender".equals(token) ? 1 : 2);
        try
        {
            final InetSocketAddress address = server.start();
            final String url = "ws://127.0.0.1:" + address.getPort() + "/gateway?v=10&encoding=json";
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final Client sender = Client.connect(http, url, "sender");
            final Client receiver = Client.connect(http, url, "receiver");

            for (int i = 0; i < warmup + samples; i++)
            {
                final long start = System.nanoTime();
                sender.webSocket.sendText("{\"op\":1,\"d\":null}", true);
                final long arrived = sender.await(sender.acks);
                if (i >= warmup)
                {
                    heartbeatNs.recordValue(Math.min(arrived - start, MAX_LATENCY_NS));
                }
            }

            final MessageEvent event = new MessageEvent().reset().texts("sender", "latency probe");
            for (int i = 0; i < warmup + samples; i++)
            {
                event.ids(BenchGatewayCore.GUILD_ID, BenchGatewayCore.CHANNEL_ID, (1L << 40) + i, 1);
                final long start = System.nanoTime();
                server.gateway().onMessageCreated(event);
                final long arrived = receiver.await(receiver.messages);
                sender.await(sender.messages);
                if (i >= warmup)
                {
                    messageNs.recordValue(Math.min(arrived - start, MAX_LATENCY_NS));
                }
            }
            sender.webSocket.abort();
            receiver.webSocket.abort();
        }
        finally
        {
            server.close();
        }
        return this;
    }

    /**
     * A gateway client that timestamps ACKs and MESSAGE_CREATEs as they arrive.
     */
    static final class Client implements WebSocket.Listener
    {
        final LinkedBlockingQueue<Long> acks = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Long> messages = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Long> ready = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket webSocket;

        static Client connect(final HttpClient http, final String url, final String token) throws Exception
        {
            final Client client = new Client();
            client.webSocket = http.newWebSocketBuilder().buildAsync(URI.create(url), client)
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            client.webSocket.sendText("{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" +
                (GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES | GatewayIntents.MESSAGE_CONTENT) +
                ",\"properties\":{\"os\":\"linux\",\"browser\":\"bench\",\"device\":\"bench\"}}}", true);
            client.await(client.ready);
            return client;
        }

        long await(final LinkedBlockingQueue<Long> queue) throws InterruptedException
        {
            final Long arrived = queue.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (null == arrived)
            {
                throw new IllegalStateException("no reply from the gateway within " + TIMEOUT_MS + " ms");
            }
            return arrived;
        }

        public void onOpen(final WebSocket webSocket)
        {
            webSocket.request(Long.MAX_VALUE);
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            final long now = System.nanoTime();
            partial.append(data);
            if (last)
            {
                final String payload = partial.toString();
                partial.setLength(0);
                if (payload.startsWith("{\"op\":11"))
                {
                    acks.add(now);
                }
                else if (payload.contains("\"t\":\"MESSAGE_CREATE\""))
                {
                    messages.add(now);
                }
                else if (payload.contains("\"t\":\"GUILD_CREATE\""))
                {
                    ready.add(now);
                }
            }
            return null;
        }
    }
}
