package io.concord.bench.gateway;

import io.concord.bench.rest.ServerProcess;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.concord.bench.rest.RestSetup.ID;
import static io.concord.bench.rest.RestSetup.TEXT_CHANNEL_ID;
import static io.concord.bench.rest.RestSetup.TOKEN;
import static io.concord.bench.rest.RestSetup.callOk;
import static io.concord.bench.rest.RestSetup.group;

/**
 * The whole path a chat message takes, over loopback: {@code POST /channels/{id}/messages} from one user to a real
 * {@code concord serve} child process (core, edge and the durable store, fresh data directory), through the core's
 * permission check and durable append, back as a MESSAGE_CREATE dispatch to the edge, and out to another user's
 * gateway session over its WebSocket. Records, per message, REST request → MESSAGE_CREATE at the other session, and
 * REST request → 200. One message in flight at a time (closed loop, one keep-alive connection); the receiver
 * heartbeats so it is never closed as a zombie. Runs on the calling thread.
 */
final class RestToGatewayHarness
{
    private static final long SERVER_START_TIMEOUT_MS = 60_000;
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long HEARTBEAT_EVERY_NS = TimeUnit.SECONDS.toNanos(5);
    private static final String API = "/api/v10";
    private static final Pattern CODE = Pattern.compile("\"code\":\"([^\"]+)\"");
    private static final List<String> RAISED_LIMITS = List.of(
        "-Dconcord.edge.rest.rate.limit.global=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.messages.post=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.messages=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.guilds=1000/1000");

    private final Histogram messageNs = new Histogram(MAX_LATENCY_NS, 3);
    private final Histogram restNs = new Histogram(MAX_LATENCY_NS, 3);

    /**
     * @return REST request sent → MESSAGE_CREATE received by the other user's session.
     */
    Histogram messageNs()
    {
        return messageNs;
    }

    /**
     * @return REST request sent → its 200 (durable) received.
     */
    Histogram restNs()
    {
        return restNs;
    }

    /**
     * @param warmup  messages sent and discarded first.
     * @param samples messages recorded.
     * @return this.
     * @throws Exception when the server or a client fails, or a reply times out.
     */
    RestToGatewayHarness run(final int warmup, final int samples) throws Exception
    {
        try (ServerProcess server = ServerProcess.start(RAISED_LIMITS, SERVER_START_TIMEOUT_MS))
        {
            final String base = "http://127.0.0.1:" + server.port() + API;
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final String sender = "Bot " + group(TOKEN, callOk(http, "POST", base + "/auth/register", null,
                "{\"username\":\"sender\",\"password\":\"sender-password\",\"bot\":true}"), "token");
            final String receiverToken = group(TOKEN, callOk(http, "POST", base + "/auth/register", null,
                "{\"username\":\"receiver\",\"password\":\"receiver-password\",\"bot\":true}"), "token");
            final String guildId = group(ID, callOk(http, "POST", base + "/guilds", sender, "{\"name\":\"Bench\"}"),
                "guild id");
            final String channelId = group(TEXT_CHANNEL_ID,
                callOk(http, "GET", base + "/guilds/" + guildId + "/channels", sender, null), "text channel id");
            final String code = group(CODE,
                callOk(http, "POST", base + "/channels/" + channelId + "/invites", sender, "{}"), "invite code");
            callOk(http, "POST", base + "/invites/" + code, "Bot " + receiverToken, null);

            final GatewayLatencyHarness.Client receiver = GatewayLatencyHarness.Client.connect(
                http, "ws://127.0.0.1:" + server.port() + "/gateway?v=10&encoding=json", receiverToken);
            final HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/channels/" + channelId + "/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("authorization", sender)
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"latency probe\",\"tts\":false}"))
                .build();
            long lastHeartbeatNs = System.nanoTime();
            for (int i = 0; i < warmup + samples; i++)
            {
                final long start = System.nanoTime();
                final HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
                final long answered = System.nanoTime();
                if (200 != response.statusCode())
                {
                    throw new IllegalStateException("POST message answered " + response.statusCode() + ": " +
                        response.body());
                }
                final long arrived = receiver.await(receiver.messages);
                if (i >= warmup)
                {
                    messageNs.recordValue(Math.min(arrived - start, MAX_LATENCY_NS));
                    restNs.recordValue(Math.min(answered - start, MAX_LATENCY_NS));
                }
                if (answered - lastHeartbeatNs > HEARTBEAT_EVERY_NS)
                {
                    receiver.webSocket.sendText("{\"op\":1,\"d\":null}", true);
                    receiver.await(receiver.acks);
                    lastHeartbeatNs = answered;
                }
            }
            receiver.webSocket.abort();
        }
        return this;
    }
}
