package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway v10 client for system tests over a real WebSocket: identifies with a token and intents, waits for READY,
 * and hands out dispatches in the order they arrived. Tests read it from one thread.
 */
final class GatewayTestClient implements AutoCloseable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long WAIT_MS = 20_000;

    private final BlockingQueue<JsonNode> payloads = new LinkedBlockingQueue<>();
    private final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private JsonNode ready;

    private GatewayTestClient(final String httpAddress)
    {
        socket = GatewayTextListener.connect(httpAddress, new Listener()).join();
    }

    /**
     * Connects, identifies and waits for READY.
     *
     * @param httpAddress server {@code host:port}.
     * @param token       the user's token.
     * @param intents     gateway intents.
     * @return the identified client.
     */
    static GatewayTestClient identify(final String httpAddress, final String token, final long intents)
        throws InterruptedException
    {
        final GatewayTestClient client = new GatewayTestClient(httpAddress);
        client.socket.sendText(GatewayTextListener.identifyPayload(token, intents, ""), true).join();
        client.ready = client.await("READY");
        return client;
    }

    JsonNode ready()
    {
        return ready;
    }

    /**
     * @param event dispatch name.
     * @return the next dispatch of that name ({@code d}), skipping others.
     * @throws AssertionError when none arrives in time.
     */
    JsonNode await(final String event) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadlineNs)
        {
            final JsonNode payload = payloads.poll(100, TimeUnit.MILLISECONDS);
            if (null != payload && event.equals(payload.path("t").asText()))
            {
                return payload.path("d");
            }
        }
        throw new AssertionError("no " + event + " within " + WAIT_MS + " ms; received " + seen);
    }

    /**
     * @param event dispatch name.
     * @return true when a dispatch of that name is among those received so far (consumes nothing).
     */
    boolean received(final String event)
    {
        for (final JsonNode payload : payloads)
        {
            if (event.equals(payload.path("t").asText()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param event dispatch name.
     * @return true when a dispatch of that name arrived at any time, even one {@link #await} skipped.
     */
    boolean seen(final String event)
    {
        return seen.contains("0:" + event);
    }

    public void close()
    {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private final class Listener extends GatewayTextListener
    {
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            seen.add("close " + statusCode + " " + reason);
            return null;
        }

        void onFrame(final String frame)
        {
            try
            {
                final JsonNode payload = MAPPER.readTree(frame);
                seen.add(payload.path("op").asText() + ":" + payload.path("t").asText());
                payloads.add(payload);
            }
            catch (final java.io.IOException ex)
            {
                throw new IllegalStateException("gateway sent invalid JSON: " + frame, ex);
            }
        }
    }
}
