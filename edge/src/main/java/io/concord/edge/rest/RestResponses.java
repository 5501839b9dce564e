package io.concord.edge.rest;

import io.concord.edge.http.JsonResponses;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Locale;
import java.util.Map;

/**
 * Discord-shaped REST responses: errors (simple, and 50035 Invalid Form Body with the nested {@code errors} tree
 * naming each field), rate-limit headers and 429s exactly as discord.js and JDA parse them. Stateless; any event
 * loop may call it.
 */
public final class RestResponses
{
    private static final String VIA = "1.1 concord";

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
            json.writeObjectFieldStart("errors");
            for (final Map.Entry<String, String[]> entry : fieldErrors.entrySet())
            {
                final String[] path = entry.getKey().split("\\.");
                for (final String segment : path)
                {
                    json.writeObjectFieldStart(segment);
                }
                json.writeArrayFieldStart("_errors");
                json.writeStartObject();
                json.writeStringField("code", entry.getValue()[0]);
                json.writeStringField("message", entry.getValue()[1]);
                json.writeEndObject();
                json.writeEndArray();
                for (int i = 0; i < path.length; i++)
                {
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
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

    private static String seconds(final long ms)
    {
        return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }
}
