package io.concord.edge.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.edge.http.JsonResponses;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discord-shaped REST responses: errors (simple, and 50035 Invalid Form Body with the nested {@code errors} tree
 * naming each field), rate-limit headers and 429s exactly as discord.js and JDA parse them. Stateless; any event
 * loop may call it.
 */
public final class RestResponses
{
    /**
     * Sent on every REST response: JDA takes a 429 without {@code Via} (and without {@code X-RateLimit-Global}) for
     * a Cloudflare ban.
     */
    public static final String VIA = "1.1 concord";

    private static final String ERRORS = "_errors";

    private RestResponses()
    {
    }

    /**
     * @param alloc allocator of the connection.
     * @param error the error.
     * @return {@code {"message", "code"}} with the error's HTTP status.
     */
    public static FullHttpResponse error(final ByteBufAllocator alloc, final DiscordError error)
    {
        return JsonResponses.error(alloc, error.status(), error.code(), error.message());
    }

    /**
     * 400 + 50035 Invalid Form Body with {@code errors: {field: {_errors: [{code, message}]}}}. A field path with
     * dots ({@code message_reference.message_id}) nests, as Discord's tree mirrors the request body.
     *
     * @param alloc       allocator of the connection.
     * @param fieldErrors field path to {@code [code, message]}, in the order to report them.
     * @return the response.
     */
    public static FullHttpResponse invalidFormBody(
        final ByteBufAllocator alloc, final Map<String, String[]> fieldErrors)
    {
        final DiscordError error = DiscordError.INVALID_FORM_BODY;
        return JsonResponses.json(alloc, error.status(), (json) ->
        {
            json.writeStartObject();
            json.writeNumberField("code", error.code());
            json.writeStringField("message", error.message());
            json.writeFieldName("errors");
            writeTree(json, tree(fieldErrors));
            json.writeEndObject();
        });
    }

    /**
     * Adds the headers of an allowed request: limit, remaining, reset (epoch seconds), reset-after (seconds) and
     * bucket. JDA needs an integer remaining and a decimal reset-after.
     *
     * @param headers  response headers.
     * @param decision an allowed decision.
     * @param nowMs    current epoch time.
     */
    public static void applyRateLimitHeaders(
        final HttpHeaders headers, final RateLimitDecision decision, final long nowMs)
    {
        headers
            .set("X-RateLimit-Limit", Integer.toString(decision.bucket().limit()))
            .set("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
            .set("X-RateLimit-Reset", seconds(decision.resetAtMs()))
            .set("X-RateLimit-Reset-After", seconds(Math.max(0, decision.resetAtMs() - nowMs)))
            .set("X-RateLimit-Bucket", decision.bucket().id());
    }

    /**
     * A 429: body {@code {"message", "retry_after", "global"}}, {@code Retry-After} in whole seconds (rounded up:
     * JDA parses it as an integer), {@code X-RateLimit-Global}/{@code -Scope}, and a {@code Via} header, without
     * which JDA takes a 429 for a Cloudflare ban and pauses every route.
     *
     * @param alloc    allocator of the connection.
     * @param decision a denied decision.
     * @param nowMs    current epoch time.
     * @return the response.
     */
    public static FullHttpResponse rateLimited(
        final ByteBufAllocator alloc, final RateLimitDecision decision, final long nowMs)
    {
        final double retryAfterSeconds = decision.retryAfterMs() / 1000.0;
        final FullHttpResponse response = JsonResponses.json(alloc, HttpResponseStatus.TOO_MANY_REQUESTS, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("message", "You are being rate limited.");
            json.writeNumberField("retry_after", retryAfterSeconds);
            json.writeBooleanField("global", decision.global());
            json.writeEndObject();
        });

        final HttpHeaders headers = response.headers();
        headers
            .set(HttpHeaderNames.RETRY_AFTER, Long.toString((decision.retryAfterMs() + 999) / 1000))
            .set(HttpHeaderNames.VIA, VIA)
            .set("X-RateLimit-Scope", decision.global() ? "global" : "user");
        if (decision.global())
        {
            headers.set("X-RateLimit-Global", "true");
        }
        else
        {
            headers
                .set("X-RateLimit-Limit", Integer.toString(decision.bucket().limit()))
                .set("X-RateLimit-Remaining", "0")
                .set("X-RateLimit-Reset", seconds(decision.resetAtMs()))
                .set("X-RateLimit-Reset-After", seconds(decision.retryAfterMs()))
                .set("X-RateLimit-Bucket", decision.bucket().id());
        }
        return response;
    }

    private static Map<String, Object> tree(final Map<String, String[]> fieldErrors)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        for (final Map.Entry<String, String[]> entry : fieldErrors.entrySet())
        {
            Map<String, Object> node = root;
            if (!entry.getKey().isEmpty())
            {
                for (final String segment : entry.getKey().split("\\."))
                {
                    @SuppressWarnings("unchecked") // the tree holds only maps below field names
                    final Map<String, Object> child = (Map<String, Object>)node.computeIfAbsent(
                        segment, (key) -> new LinkedHashMap<String, Object>());
                    node = child;
                }
            }
            node.put(ERRORS, entry.getValue());
        }
        return root;
    }

    private static void writeTree(final JsonGenerator json, final Map<String, Object> node) throws IOException
    {
        json.writeStartObject();
        for (final Map.Entry<String, Object> entry : node.entrySet())
        {
            if (entry.getValue() instanceof String[])
            {
                final String[] error = (String[])entry.getValue();
                json.writeArrayFieldStart(ERRORS);
                json.writeStartObject();
                json.writeStringField("code", error[0]);
                json.writeStringField("message", error[1]);
                json.writeEndObject();
                json.writeEndArray();
            }
            else
            {
                json.writeFieldName(entry.getKey());
                @SuppressWarnings("unchecked") // the tree holds only maps below field names
                final Map<String, Object> child = (Map<String, Object>)entry.getValue();
                writeTree(json, child);
            }
        }
        json.writeEndObject();
    }

    static String seconds(final long ms)
    {
        // Built by hand: String.format costs a formatter and its garbage on every response.
        final long fraction = ms % 1000;
        final StringBuilder text = new StringBuilder(24).append(ms / 1000).append('.');
        if (fraction < 100)
        {
            text.append(fraction < 10 ? "00" : "0");
        }
        return text.append(fraction).toString();
    }
}
