package io.concord.edge.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client over loopback ({@code java.net.http}) that queues every text payload it receives.
 */
final class WsTestClient implements WebSocket.Listener
{
    static final long TIMEOUT_MS = 10_000;

    private final LinkedBlockingQueue<ServerPayload> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket webSocket;
    private volatile String sessionId;

    static WsTestClient connect(final HttpClient http, final String url) throws Exception
    {
        final WsTestClient client = new WsTestClient();
        client.webSocket = http.newWebSocketBuilder()
            .connectTimeout(Duration.ofMillis(TIMEOUT_MS))
            .buildAsync(URI.create(url), client)
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return client;
    }

    void send(final String json) throws Exception
    {
        webSocket.sendText(json, true).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    void abort()
    {
        webSocket.abort();
    }

    ServerPayload next() throws InterruptedException
    {
        final ServerPayload payload = received.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (null == payload)
        {
            throw new AssertionError("no payload within " + TIMEOUT_MS + " ms (closed: " + closed + ")");
        }
        return payload;
    }

    /**
     * @param type dispatch name.
     * @return the next dispatch of that type, skipping others (heartbeat ACKs, other events).
     */
    ServerPayload nextDispatch(final String type) throws InterruptedException
    {
        while (true)
        {
            final ServerPayload payload = next();
            if (type.equals(payload.t()))
            {
                return payload;
            }
        }
    }

    int awaitCloseCode() throws Exception
    {
        return closed.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * @return the session_id of the last READY received.
     */
    String sessionId()
    {
        return sessionId;
    }

    boolean isClosed()
    {
        return closed.isDone();
    }

    int pending()
    {
        return received.size();
    }

    public void onOpen(final WebSocket webSocket)
    {
        webSocket.request(Long.MAX_VALUE);
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            final ServerPayload payload = new ServerPayload(partial.toString());
            if ("READY".equals(payload.t()))
            {
                sessionId = (String)payload.dObject().get("session_id");
            }
            received.add(payload);
            partial.setLength(0);
        }
        return null;
    }

    public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
    {
        return null;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closed.complete(statusCode);
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closed.complete(-1);
    }
}
