package io.concord.bench.fanout;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The measured message's content and the clock it carries. Content is {@code fanout <seq> <intendedSendEpochNs>}
 * padded with {@code x} to the requested length. Send and receive times are wall-clock nanoseconds
 * ({@code CLOCK_REALTIME} through {@link Instant#now()}): on one Linux host that clock is the same for every process,
 * unlike {@link System#nanoTime()}, whose origin is per JVM. The send time is the intended one (start + seq / rate),
 * not the moment the request left, so a stalled sender shows up as latency (coordinated omission). Also the small
 * byte scanners the load generator parses frames with. Stateless; any thread.
 */
final class FanoutContent
{
    static final String PREFIX = "fanout ";
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    private FanoutContent()
    {
    }

    /**
     * @return wall-clock time in nanoseconds since the epoch.
     */
    static long epochNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * @param seq                 message sequence (0-based).
     * @param intendedSendEpochNs when the message was meant to leave.
     * @param length              total content length (padded with {@code x}); at least the unpadded length.
     * @return the content.
     */
    static String content(final int seq, final long intendedSendEpochNs, final int length)
    {
        final StringBuilder text = new StringBuilder(Math.max(length, 48))
            .append(PREFIX).append(seq).append(' ').append(intendedSendEpochNs);
        while (text.length() < length)
        {
            text.append('x');
        }
        return text.toString();
    }

    /**
     * @param buf    frame payload.
     * @param needle ASCII bytes to find.
     * @param from   first index to look at.
     * @return index just past the first occurrence, or -1.
     */
    static int indexAfter(final ByteBuf buf, final byte[] needle, final int from)
    {
        final int end = buf.writerIndex() - needle.length;
        outer:
        for (int i = Math.max(from, buf.readerIndex()); i <= end; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (buf.getByte(i + j) != needle[j])
                {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        return -1;
    }

    /**
     * Reads a non-negative decimal number.
     *
     * @param buf frame payload.
     * @param at  index of the first digit.
     * @return the number, or -1 when there is no digit at {@code at} (e.g. {@code null}).
     */
    static long number(final ByteBuf buf, final int at)
    {
        long value = 0;
        int i = at;
        final int end = buf.writerIndex();
        while (i < end)
        {
            final byte b = buf.getByte(i);
            if (b < '0' || b > '9')
            {
                break;
            }
            value = value * 10 + (b - '0');
            i++;
        }
        return i == at ? -1 : value;
    }

    /**
     * @param buf frame payload.
     * @param at  index of the first digit.
     * @return index of the first byte after the digits.
     */
    static int skipDigits(final ByteBuf buf, final int at)
    {
        int i = at;
        final int end = buf.writerIndex();
        while (i < end && buf.getByte(i) >= '0' && buf.getByte(i) <= '9')
        {
            i++;
        }
        return i;
    }

    /**
     * Parses the content at {@code at} (just after {@code "content":"}).
     *
     * @param buf frame payload.
     * @param at  start of the content value.
     * @param out receives {@code [seq, intendedSendEpochNs]}.
     * @return true when the content is a fan-out probe.
     */
    static boolean parse(final ByteBuf buf, final int at, final long[] out)
    {
        if (at + PREFIX_BYTES.length > buf.writerIndex())
        {
            return false;
        }
        for (int j = 0; j < PREFIX_BYTES.length; j++)
        {
            if (buf.getByte(at + j) != PREFIX_BYTES[j])
            {
                return false;
            }
        }
        final int seqAt = at + PREFIX_BYTES.length;
        final long seq = number(buf, seqAt);
        final int spaceAt = skipDigits(buf, seqAt);
        if (seq < 0 || spaceAt >= buf.writerIndex() || buf.getByte(spaceAt) != ' ')
        {
            return false;
        }
        final long sentNs = number(buf, spaceAt + 1);
        if (sentNs < 0)
        {
            return false;
        }
        out[0] = seq;
        out[1] = sentNs;
        return true;
    }
}
