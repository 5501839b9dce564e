package io.concord.edge.http;

import io.concord.edge.rest.InvalidRequestLimiter;
import io.concord.edge.rest.RateLimitDecision;
import io.concord.edge.rest.RestConfiguration;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discord's invalid-request limit: too many 401/403/429 answers to one address ban it (429, global) for a while;
 * other statuses do not count, counts restart each window, and the ban's own 429s do not extend it.
 */
class InvalidRequestLimitTest
{
    private static final String API = "/api/v10";

    private RestHarness harness;

    @AfterEach
    void tearDown()
    {
        System.clearProperty(RestConfiguration.INVALID_REQUEST_LIMIT_PROP_NAME);
        System.clearProperty(RestConfiguration.INVALID_REQUEST_BAN_MS_PROP_NAME);
        if (null != harness)
        {
            harness.close();
        }
    }

    @Test
    void tooManyUnauthorizedAnswersBanTheAddressUntilTheBanEnds()
    {
        System.setProperty(RestConfiguration.INVALID_REQUEST_LIMIT_PROP_NAME, "3");
        System.setProperty(RestConfiguration.INVALID_REQUEST_BAN_MS_PROP_NAME, "60000");
        harness = new RestHarness();
        final RestHarness.User alice = harness.register("alice", false);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(HttpResponseStatus.OK, harness.get(alice, API + "/users/@me").status(), "200s never count");
        }
        for (int i = 0; i < 4; i++)
        {
            assertEquals(HttpResponseStatus.UNAUTHORIZED,
                harness.exchange(HttpMethod.GET, API + "/users/@me", "Bot not-a-token", null).status());
        }
        for (int i = 0; i < 3; i++)
        {
            final RestHarness.Reply banned = harness.get(alice, API + "/users/@me");
            assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, banned.status(), "a valid token does not help");
            assertEquals("true", banned.header("X-RateLimit-Global"));
            assertEquals(Boolean.TRUE, banned.json().get("global"));
            assertEquals("60", banned.header("Retry-After"));
        }
        harness.core.advanceClock(60_001);
        assertEquals(HttpResponseStatus.OK, harness.get(alice, API + "/users/@me").status(),
            "the ban's own 429s did not extend it");
    }

    @Test
    void countsRestartEachWindowAndZeroDisables()
    {
        final InvalidRequestLimiter limiter = new InvalidRequestLimiter(2, 1_000, 500);
        final RateLimitDecision decision = new RateLimitDecision();
        limiter.onResponse(42, HttpResponseStatus.FORBIDDEN, 100);
        limiter.onResponse(42, HttpResponseStatus.TOO_MANY_REQUESTS, 200);
        limiter.onResponse(42, HttpResponseStatus.NOT_FOUND, 300);
        limiter.onResponse(42, HttpResponseStatus.UNAUTHORIZED, 1_100);
        assertFalse(limiter.isBanned(42, 1_200, decision), "the third invalid answer fell in the next window");
        limiter.onResponse(42, HttpResponseStatus.UNAUTHORIZED, 1_300);
        limiter.onResponse(42, HttpResponseStatus.UNAUTHORIZED, 1_400);
        assertTrue(limiter.isBanned(42, 1_500, decision));
        assertTrue(decision.global());
        assertEquals(400, decision.retryAfterMs());
        assertFalse(limiter.isBanned(7, 1_500, decision), "another address is not banned");
        assertFalse(limiter.isBanned(42, 1_900, decision));

        final InvalidRequestLimiter disabled = new InvalidRequestLimiter(0, 1_000, 500);
        for (int i = 0; i < 100; i++)
        {
            disabled.onResponse(42, HttpResponseStatus.UNAUTHORIZED, 10);
        }
        assertFalse(disabled.isBanned(42, 10, decision));
    }
}
