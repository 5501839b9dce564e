package io.concord.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the system tests' gateway clients ({@link GatewayFrameClient}, {@link GatewayTestClient}) share: the
 * connection to {@code /gateway?v=10&encoding=json}, the Identify payload, and a listener that joins a text frame's
 * parts and hands each whole frame to {@link #onFrame(String)}. Callbacks run on the HttpClient's threads, one at a
 * time (each asks for the next message only when done).
 */
abstract class GatewayTextListener implements WebSocket.Listener
{
    private final StringBuilder partial = new StringBuilder();

    /**
     * @param httpAddress server {@code host:port}.
     * @param listener    receives the frames.
     * @return the WebSocket, once connected.
     */
    static CompletableFuture<WebSocket> connect(final String httpAddress, final WebSocket.Listener listener)
    {
        return HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + httpAddress + "/gateway?v=10&encoding=json"), listener);
    }

    /**
     * @param token         the user's token.
     * @param intents       gateway intents.
     * @param identifyExtra more Identify fields, each starting with a comma, or empty.
     * @return the Identify (op 2) payload.
     */
    static String identifyPayload(final String token, final long intents, final String identifyExtra)
    {
        return "{\"op\":2,\"d\":{\"token\":\"" + token + "\",\"intents\":" + intents + identifyExtra +
            ",\"properties\":{\"os\":\"linux\",\"browser\":\"test\",\"device\":\"test\"}}}";
    }

    /**
     * @param frame one whole text frame, as the server sent it.
     */
    abstract void onFrame(String frame);

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            onFrame(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }
}
