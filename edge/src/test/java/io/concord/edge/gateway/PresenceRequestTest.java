package io.concord.edge.gateway;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Op 3 payload validation: {@code since} and {@code afk} are carried, bad values close with 4002 and a reason.
 */
class PresenceRequestTest
{
    private static Map<String, Object> op3(final Object since, final Object afk)
    {
        final Map<String, Object> d = new HashMap<>();
        d.put("status", "idle");
        d.put("since", since);
        d.put("afk", afk);
        d.put("activities", List.of());
        return d;
    }

    @Test
    void sinceAndAfkAreCarried() throws Exception
    {
        final PresenceRequest request = PresenceRequest.parse(op3(1_700_000_000_000L, true));
        assertEquals("idle", request.status());
        assertEquals(1_700_000_000_000L, request.sinceMs());
        assertTrue(request.afk());
    }

    @Test
    void nullSinceAndAfkAreZeroAndFalse() throws Exception
    {
        final PresenceRequest request = PresenceRequest.parse(op3(null, null));
        assertEquals(0, request.sinceMs());
        assertFalse(request.afk());
    }

    @Test
    void badSinceOrAfkCloseWithDecodeError()
    {
        final PresenceRequest.InvalidPresenceException negative = assertThrows(
            PresenceRequest.InvalidPresenceException.class, () -> PresenceRequest.parse(op3(-1L, false)));
        assertEquals(GatewayCloseCodes.DECODE_ERROR, negative.closeCode());
        assertTrue(negative.getMessage().contains("since"), negative.getMessage());
        final PresenceRequest.InvalidPresenceException text = assertThrows(
            PresenceRequest.InvalidPresenceException.class, () -> PresenceRequest.parse(op3("yesterday", false)));
        assertEquals(GatewayCloseCodes.DECODE_ERROR, text.closeCode());
        final PresenceRequest.InvalidPresenceException afk = assertThrows(
            PresenceRequest.InvalidPresenceException.class, () -> PresenceRequest.parse(op3(null, "no")));
        assertEquals(GatewayCloseCodes.DECODE_ERROR, afk.closeCode());
    }
}
