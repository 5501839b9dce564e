package io.concord.edge.rest;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RestResponsesTest
{
    private static final long NOW_MS = 1_790_000_000_250L;
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final RateLimitBucket bucket = new RateLimitBucket("messages", 5, 5_000);

    @Test
    void secondsHaveExactlyThreeDecimals()
    {
        assertEquals("0.000", RestResponses.seconds(0));
        assertEquals("0.007", RestResponses.seconds(7));
        assertEquals("0.070", RestResponses.seconds(70));
        assertEquals("1.700", RestResponses.seconds(1700));
        assertEquals("1700000005.123", RestResponses.seconds(1_700_000_005_123L));
    }

    @Test
    void topLevelAndSiblingFieldErrorsShareOneTree()
    {
        final Map<String, String[]> errors = new LinkedHashMap<>();
        errors.put("", new String[]{ "DICT_TYPE_CONVERT", "top" });
        errors.put("a.b", new String[]{ "X", "b" });
        errors.put("a.c", new String[]{ "Y", "c" });
        final FullHttpResponse response = RestResponses.invalidFormBody(alloc, errors);
        try
        {
            assertEquals("{\"code\":50035,\"message\":\"Invalid Form Body\",\"errors\":{" +
                "\"_errors\":[{\"code\":\"DICT_TYPE_CONVERT\",\"message\":\"top\"}]," +
                "\"a\":{\"b\":{\"_errors\":[{\"code\":\"X\",\"message\":\"b\"}]}," +
                "\"c\":{\"_errors\":[{\"code\":\"Y\",\"message\":\"c\"}]}}}}",
                response.content().toString(StandardCharsets.UTF_8));
        }
        finally
        {
            response.release();
        }
    }

    @Test
    void simpleErrorHasDiscordShape()
    {
        final FullHttpResponse response = RestResponses.error(alloc, DiscordError.MISSING_PERMISSIONS);
        assertEquals(HttpResponseStatus.FORBIDDEN, response.status());
        assertEquals("{\"message\":\"Missing Permissions\",\"code\":50013}", bodyOf(response));
    }

    @Test
    void invalidFormBodyNestsFieldPaths()
    {
        final Map<String, String[]> errors = new LinkedHashMap<>();
        errors.put("content", new String[]{ "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length." });
        errors.put("message_reference.message_id", new String[]{ "NUMBER_TYPE_COERCE", "Value is not snowflake." });

        final FullHttpResponse response = RestResponses.invalidFormBody(alloc, errors);
        assertEquals(HttpResponseStatus.BAD_REQUEST, response.status());
        assertEquals("{\"code\":50035,\"message\":\"Invalid Form Body\",\"errors\":{" +
            "\"content\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\"," +
            "\"message\":\"Must be 2000 or fewer in length.\"}]}," +
            "\"message_reference\":{\"message_id\":{\"_errors\":[{\"code\":\"NUMBER_TYPE_COERCE\"," +
            "\"message\":\"Value is not snowflake.\"}]}}}}", bodyOf(response));
    }

    @Test
    void allowedRequestCarriesBucketHeaders()
    {
        final RateLimitDecision decision = new RateLimitDecision();
        decision.allow(bucket, 3, NOW_MS + 4_500);
        final HttpHeaders headers = new DefaultHttpHeaders();

        RestResponses.applyRateLimitHeaders(headers, decision, NOW_MS);

        assertEquals("5", headers.get("X-RateLimit-Limit"));
        assertEquals("3", headers.get("X-RateLimit-Remaining"));
        assertEquals("1790000004.750", headers.get("X-RateLimit-Reset"));
        assertEquals("4.500", headers.get("X-RateLimit-Reset-After"));
        assertEquals("messages", headers.get("X-RateLimit-Bucket"));
    }

    @Test
    void routeLimited429IsWhatJdaAndDiscordJsParse()
    {
        final RateLimitDecision decision = new RateLimitDecision();
        decision.deny(bucket, false, NOW_MS + 1_234, 1_234);

        final FullHttpResponse response = RestResponses.rateLimited(alloc, decision, NOW_MS);
        assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, response.status());
        assertEquals("2", response.headers().get("Retry-After"));
        assertEquals("1.1 concord", response.headers().get("Via"));
        assertEquals("user", response.headers().get("X-RateLimit-Scope"));
        assertNull(response.headers().get("X-RateLimit-Global"));
        assertEquals("0", response.headers().get("X-RateLimit-Remaining"));
        assertEquals("1.234", response.headers().get("X-RateLimit-Reset-After"));
        assertEquals("{\"message\":\"You are being rate limited.\",\"retry_after\":1.234,\"global\":false}",
            bodyOf(response));
    }

    @Test
    void global429SaysSo()
    {
        final RateLimitDecision decision = new RateLimitDecision();
        decision.deny(new RateLimitBucket("global", 50, 1_000), true, NOW_MS + 400, 400);

        final FullHttpResponse response = RestResponses.rateLimited(alloc, decision, NOW_MS);
        assertEquals("true", response.headers().get("X-RateLimit-Global"));
        assertEquals("global", response.headers().get("X-RateLimit-Scope"));
        assertEquals("1", response.headers().get("Retry-After"));
        assertEquals("{\"message\":\"You are being rate limited.\",\"retry_after\":0.4,\"global\":true}",
            bodyOf(response));
    }

    private static String bodyOf(final FullHttpResponse response)
    {
        try
        {
            return response.content().toString(StandardCharsets.UTF_8);
        }
        finally
        {
            response.release();
        }
    }
}
