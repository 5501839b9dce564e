package io.concord.edge.rest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonBodyTest
{
    private static JsonBody parse(final String text)
    {
        final ByteBuf buffer = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try
        {
            final JsonBody body = JsonBody.parse(buffer);
            assertEquals(0, buffer.readerIndex(), "the request's buffer is not consumed");
            return body;
        }
        finally
        {
            buffer.release();
        }
    }

    @Test
    void malformedInputIsMalformedNeverAnException()
    {
        for (final String text : new String[]{ "{", "}", "{\"a\":}", "nul", "{\"a\":1}x", "{\"a\":1} {}", "\"\\u12\"",
            "[".repeat(100) + "]".repeat(100), "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}" })
        {
            assertEquals(JsonBody.Status.MALFORMED, parse(text).status(), text);
        }
        assertEquals(JsonBody.Status.NOT_OBJECT, parse("[]").status());
        assertEquals(JsonBody.Status.NOT_OBJECT, parse("42").status());
        assertEquals(JsonBody.Status.OK, parse("").status(), "an empty body reads as {}");
    }

    @Test
    void typedAccessorsValidateAndCollectErrors()
    {
        final JsonBody body = parse("{\"s\":\"abc\",\"n\":7,\"big\":123456789012345678901234567890,\"b\":true," +
            "\"id\":\"175928847299117063\",\"nid\":175928847299117063,\"bad\":\"12a\",\"nil\":null," +
            "\"list\":[1,\"2\"],\"obj\":{\"inner\":\"x\",\"deep\":{\"id\":\"no\"}}}");
        assertEquals(JsonBody.Status.OK, body.status());
        assertEquals("abc", body.string("s", true, 1, 3));
        assertEquals(7, body.integer("n", 0, 10, -1));
        assertTrue(body.bool("b", false));
        assertEquals(175928847299117063L, body.snowflake("id", true));
        assertEquals(175928847299117063L, body.snowflake("nid", true));
        assertNull(body.string("nil", false, 0, 10));
        assertEquals(List.of(1L, "2"), body.array("list", true));
        assertTrue(body.valid());

        assertNull(body.string("s", true, 4, 10));
        assertEquals(-1, body.integer("big", 0, 10, -1));
        assertEquals(-1, body.integer("s", 0, 10, -1));
        assertEquals(0, body.snowflake("bad", true));
        assertNull(body.string("missing", true, 0, 1));
        assertFalse(body.bool("n", false));
        final JsonBody obj = body.object("obj");
        assertEquals("x", obj.string("inner", true, 1, 1));
        assertEquals(0, obj.object("deep").snowflake("id", true));
        assertNull(body.object("s"));

        assertArrayEquals(new String[]{ "BASE_TYPE_BAD_LENGTH", "Must be between 4 and 10 in length." },
            body.errors().get("s"));
        assertEquals("NUMBER_TYPE_COERCE", body.errors().get("big")[0]);
        assertEquals("NUMBER_TYPE_COERCE", body.errors().get("bad")[0]);
        assertEquals("BASE_TYPE_REQUIRED", body.errors().get("missing")[0]);
        assertEquals("BOOLEAN_TYPE_COERCE", body.errors().get("n")[0]);
        assertEquals("NUMBER_TYPE_COERCE", body.errors().get("obj.deep.id")[0], "nested errors carry their path");
        assertFalse(body.valid());
    }

    @Test
    void idsAreDecimalDigitsThatFitALong()
    {
        assertEquals(0, JsonBody.parseId("0"));
        assertEquals(Long.MAX_VALUE, JsonBody.parseId(Long.toString(Long.MAX_VALUE)));
        assertEquals(-1, JsonBody.parseId("9223372036854775808"));
        assertEquals(-1, JsonBody.parseId("-1"));
        assertEquals(-1, JsonBody.parseId(""));
        assertEquals(-1, JsonBody.parseId("1e3"));
    }
}
