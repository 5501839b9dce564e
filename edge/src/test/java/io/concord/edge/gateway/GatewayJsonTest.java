package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayJsonTest
{
    private static String render(final Consumer<ByteBuf> writer)
    {
        final ByteBuf buf = Unpooled.buffer();
        try
        {
            writer.accept(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            buf.release();
        }
    }

    @Test
    void numbersAndSnowflakes()
    {
        assertEquals("0", render((b) -> GatewayJson.number(b, 0)));
        assertEquals("-42", render((b) -> GatewayJson.number(b, -42)));
        assertEquals(Long.toString(Long.MAX_VALUE), render((b) -> GatewayJson.number(b, Long.MAX_VALUE)));
        assertEquals(Long.toString(Long.MIN_VALUE), render((b) -> GatewayJson.number(b, Long.MIN_VALUE)));
        assertEquals("\"175928847299117063\"", render((b) -> GatewayJson.snowflake(b, 175928847299117063L)));
        assertEquals("\"" + Long.toUnsignedString(-5L) + "\"", render((b) -> GatewayJson.snowflake(b, -5L)));
        assertEquals("null", render((b) -> GatewayJson.snowflake(b, 0)));
        for (long v = 1; v > 0 && v < Long.MAX_VALUE / 10; v *= 10)
        {
            assertEquals(Long.toString(v).length(), GatewayJson.digits(v));
            assertEquals(Long.toString(v - 1).length(), GatewayJson.digits(v - 1));
        }
    }

    @Test
    void timestampsMatchJavaTime()
    {
        final Random random = new Random(7);
        final DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+00:00'")
            .withZone(ZoneOffset.UTC);
        for (int i = 0; i < 10_000; i++)
        {
            final long epochMs = (long)(random.nextDouble() * 4_102_444_800_000L);
            assertEquals("\"" + iso.format(Instant.ofEpochMilli(epochMs)) + "\"",
                render((b) -> GatewayJson.timestamp(b, epochMs)), Long.toString(epochMs));
        }
    }

    @Test
    void stringsAreEscaped()
    {
        final String text = "quote\" backslash\\ nl\n tab\t bell\u0007 é 😀 end";
        final String expected = "\"quote\\\" backslash\\\\ nl\\n tab\\t bell\\u0007 é 😀 end\"";
        assertEquals(expected, render((b) -> GatewayJson.string(b, text)));
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, render((b) -> GatewayJson.utf8String(b, new UnsafeBuffer(utf8), 0, utf8.length)));
        assertEquals("null", render((b) -> GatewayJson.string(b, null)));
    }
}
