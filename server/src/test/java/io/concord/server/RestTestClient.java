package io.concord.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small REST v10 client for system tests: JSON in, status and body out, {@code Authorization: Bot} when a token is
 * given. Thread-safe (the JDK client is).
 */
final class RestTestClient
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STRING_FIELD = "\"%s\":\"([^\"]*)\"";

    /**
     * One answer: HTTP status and the body as sent.
     *
     * @param status HTTP status.
     * @param body   the body, empty for 204.
     */
    record Response(int status, String body)
    {
        /**
         * @return the parsed body, a missing node when there is none.
         */
        JsonNode json()
        {
            try
            {
                return body.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(body);
            }
            catch (final JsonProcessingException ex)
            {
                throw new UncheckedIOException("not JSON: " + body, ex);
            }
        }

        /**
         * @param field a top-level field.
         * @return its value as text.
         */
        String text(final String field)
        {
            return json().path(field).asText();
        }

        /**
         * @param name a field name.
         * @return the value of the first string field of that name anywhere in the body, in document order.
         */
        String field(final String name)
        {
            final Matcher matcher = Pattern.compile(String.format(STRING_FIELD, Pattern.quote(name))).matcher(body);
            assertTrue(matcher.find(), () -> name + " in " + body);
            return matcher.group(1);
        }

        /**
         * @return this, after asserting a 2xx status.
         */
        Response ok()
        {
            assertTrue(status / 100 == 2, () -> status + " " + body);
            return this;
        }

        /**
         * Asserts a Discord error: the HTTP status and the JSON error code.
         *
         * @param expectedStatus HTTP status.
         * @param code           Discord JSON error code.
         */
        void assertError(final int expectedStatus, final int code)
        {
            assertEquals(expectedStatus, status, body);
            assertEquals(code, json().path("code").asInt(-1), body);
        }
    }

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

    /**
     * Registers a user (not a bot).
     *
     * @param username name.
     * @return its token.
     */
    String token(final String username) throws IOException, InterruptedException
    {
        return register(username, false).ok().text("token");
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
        return new Response(response.statusCode(), null == response.body() ? "" : response.body());
    }
}
