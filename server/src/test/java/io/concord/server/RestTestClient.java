package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small REST v10 client for system tests: JSON in, status and parsed JSON out, {@code Authorization: Bot} when a
 * token is given. Thread-safe (the JDK client is).
 */
final class RestTestClient
{
    /**
     * One answer: HTTP status and the parsed body (a missing node for 204).
     *
     * @param status HTTP status.
     * @param json   parsed body.
     */
    record Response(int status, JsonNode json)
    {
        String text(final String field)
        {
            return json.path(field).asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /**
     * @param httpAddress {@code host:port} of the server.
     */
    RestTestClient(final String httpAddress)
    {
        this.base = "http://" + httpAddress + "/api/v10/";
    }

    String base()
    {
        return base;
    }

    /**
     * Registers an account.
     *
     * @param username name.
     * @param bot      whether it is a bot.
     * @return {@code {user_id, token}}.
     */
    Response register(final String username, final boolean bot) throws IOException, InterruptedException
    {
        return call("POST", "auth/register", null,
            "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\",\"bot\":" + bot + "}");
    }

    Response call(final String method, final String path, final String token, final String body)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, null == body ?
                HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (null != body)
        {
            builder.header("Content-Type", "application/json");
        }
        if (null != token)
        {
            builder.header("Authorization", "Bot " + token);
        }
        final HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        final String text = response.body();
        return new Response(response.statusCode(),
            null == text || text.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(text));
    }
}
