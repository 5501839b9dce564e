package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Appends JSON fragments straight into a {@link ByteBuf}, without intermediate strings: numbers, snowflakes as
 * strings, ISO-8601 timestamps and escaped UTF-8 strings. Stateless; any thread may call it on a buffer it owns.
 */
public final class GatewayJson
{
    /**
     * Discord's epoch (2015-01-01T00:00:00Z) that snowflake timestamps count from.
     */
    public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private GatewayJson()
    {
    }

    /**
     * @param text ASCII text, typically a constant JSON fragment.
     * @return its bytes.
     */
    public static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param value a non-negative number.
     * @return how many decimal digits it takes.
     */
    public static int digits(final long value)
    {
        int digits = 1;
        while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits])
        {
            digits++;
        }
        return digits;
    }

    /**
     * Writes a decimal integer.
     *
     * @param buf   destination.
     * @param value any value.
     */
    public static void number(final ByteBuf buf, final long value)
    {
        if (value < 0)
        {
            if (Long.MIN_VALUE == value)
            {
                buf.writeBytes(ascii(Long.toString(value)));
                return;
            }
            buf.writeByte('-');
            unsigned(buf, -value);
        }
        else
        {
            unsigned(buf, value);
        }
    }

    /**
     * Writes a snowflake as a JSON string ({@code "123"}), as Discord does; 0 (no id) is written as {@code null}.
     *
     * @param buf destination.
     * @param id  snowflake, 0 for none.
     */
    public static void snowflake(final ByteBuf buf, final long id)
    {
        if (0 == id)
        {
            buf.writeBytes(NULL);
            return;
        }
        buf.writeByte('"');
        unsignedLong(buf, id);
        buf.writeByte('"');
    }

    /**
     * @param buf   destination.
     * @param value boolean literal to write.
     */
    public static void bool(final ByteBuf buf, final boolean value)
    {
        buf.writeBytes(value ? TRUE : FALSE);
    }

    /**
     * @param buf destination for {@code null}.
     */
    public static void nullValue(final ByteBuf buf)
    {
        buf.writeBytes(NULL);
    }

    /**
     * Writes a JSON string from text, escaping as RFC 8259 requires; null text is written as {@code null}.
     *
     * @param buf  destination.
     * @param text text or null.
     */
    public static void string(final ByteBuf buf, final CharSequence text)
    {
        if (null == text)
        {
            buf.writeBytes(NULL);
            return;
        }
        buf.writeByte('"');
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                asciiChar(buf, c);
            }
            else if (c < 0x800)
            {
                buf.writeByte(0xC0 | (c >> 6));
                buf.writeByte(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int codePoint = Character.toCodePoint(c, text.charAt(++i));
                buf.writeByte(0xF0 | (codePoint >> 18));
                buf.writeByte(0x80 | ((codePoint >> 12) & 0x3F));
                buf.writeByte(0x80 | ((codePoint >> 6) & 0x3F));
                buf.writeByte(0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                unicodeEscape(buf, 0xFFFD);
            }
            else
            {
                buf.writeByte(0xE0 | (c >> 12));
                buf.writeByte(0x80 | ((c >> 6) & 0x3F));
                buf.writeByte(0x80 | (c & 0x3F));
            }
        }
        buf.writeByte('"');
    }

    /**
     * Writes a JSON string from UTF-8 bytes (as they come off the wire from the core), escaping quote, backslash and
     * control characters; other bytes are copied as they are.
     *
     * @param buf    destination.
     * @param src    UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     */
    public static void utf8String(final ByteBuf buf, final DirectBuffer src, final int offset, final int length)
    {
        buf.writeByte('"');
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final byte b = src.getByte(i);
            if (b < 0)
            {
                buf.writeByte(b);
            }
            else
            {
                asciiChar(buf, (char)b);
            }
        }
        buf.writeByte('"');
    }

    /**
     * Writes an ISO-8601 UTC timestamp string with milliseconds, e.g. {@code "2026-11-27T22:14:48.123+00:00"}.
     *
     * @param buf     destination.
     * @param epochMs milliseconds since 1970.
     */
    public static void timestamp(final ByteBuf buf, final long epochMs)
    {
        final long days = Math.floorDiv(epochMs, 86_400_000L);
        final long msOfDay = Math.floorMod(epochMs, 86_400_000L);

        // Civil-from-days (Howard Hinnant's algorithm): no Calendar or java.time objects on the hot path.
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        buf.writeByte('"');
        padded(buf, year, 4);
        buf.writeByte('-');
        padded(buf, month, 2);
        buf.writeByte('-');
        padded(buf, day, 2);
        buf.writeByte('T');
        padded(buf, msOfDay / 3_600_000, 2);
        buf.writeByte(':');
        padded(buf, (msOfDay / 60_000) % 60, 2);
        buf.writeByte(':');
        padded(buf, (msOfDay / 1000) % 60, 2);
        buf.writeByte('.');
        padded(buf, msOfDay % 1000, 3);
        buf.writeByte('+');
        buf.writeByte('0');
        buf.writeByte('0');
        buf.writeByte(':');
        buf.writeByte('0');
        buf.writeByte('0');
        buf.writeByte('"');
    }

    /**
     * @param snowflakeId a Discord-layout snowflake.
     * @return the creation time it encodes, in ms since 1970.
     */
    public static long snowflakeTimestampMs(final long snowflakeId)
    {
        return (snowflakeId >>> 22) + DISCORD_EPOCH_MS;
    }

    private static void asciiChar(final ByteBuf buf, final char c)
    {
        switch (c)
        {
            case '"':
                buf.writeByte('\\');
                buf.writeByte('"');
                break;
            case '\\':
                buf.writeByte('\\');
                buf.writeByte('\\');
                break;
            case '\n':
                buf.writeByte('\\');
                buf.writeByte('n');
                break;
            case '\r':
                buf.writeByte('\\');
                buf.writeByte('r');
                break;
            case '\t':
                buf.writeByte('\\');
                buf.writeByte('t');
                break;
            default:
                if (c < 0x20 || c == 0x7F)
                {
                    unicodeEscape(buf, c);
                }
                else
                {
                    buf.writeByte(c);
                }
        }
    }

    private static void unicodeEscape(final ByteBuf buf, final int c)
    {
        buf.writeByte('\\');
        buf.writeByte('u');
        buf.writeByte(HEX[(c >> 12) & 0xF]);
        buf.writeByte(HEX[(c >> 8) & 0xF]);
        buf.writeByte(HEX[(c >> 4) & 0xF]);
        buf.writeByte(HEX[c & 0xF]);
    }

    private static void padded(final ByteBuf buf, final long value, final int width)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            buf.writeByte((int)('0' + (value / POWERS_OF_TEN[i]) % 10));
        }
    }

    private static void unsigned(final ByteBuf buf, final long value)
    {
        final int digits = digits(value);
        final int index = buf.writerIndex();
        buf.ensureWritable(digits);
        long remaining = value;
        for (int i = digits - 1; i >= 0; i--)
        {
            buf.setByte(index + i, (int)('0' + remaining % 10));
            remaining /= 10;
        }
        buf.writerIndex(index + digits);
    }

    private static void unsignedLong(final ByteBuf buf, final long value)
    {
        if (value >= 0)
        {
            unsigned(buf, value);
        }
        else
        {
            // Snowflakes are unsigned 64-bit; the top bit is only set ~140 years after Discord's epoch.
            final long quotient = (value >>> 1) / 5;
            unsigned(buf, quotient);
            buf.writeByte((int)('0' + (value - quotient * 10)));
        }
    }
}
