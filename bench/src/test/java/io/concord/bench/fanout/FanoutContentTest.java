package io.concord.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe content round trip through a MESSAGE_CREATE frame, the scanners on malformed input, /proc stat parsing
 * and the SVG chart's well-formedness basics.
 */
class FanoutContentTest
{
    @Test
    void probeRoundTripsThroughADispatchFrame()
    {
        final String content = FanoutContent.content(17, 1_764_000_000_123_456_789L, 80);
        assertEquals(80, content.length());
        final ByteBuf frame = ascii("{\"op\":0,\"s\":42,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"1\",\"content\":\"" +
            content + "\",\"tts\":false}}");
        final int at = FanoutContent.indexAfter(frame, "\"content\":\"".getBytes(StandardCharsets.US_ASCII), 0);
        final long[] probe = new long[2];
        assertTrue(FanoutContent.parse(frame, at, probe));
        assertEquals(17, probe[0]);
        assertEquals(1_764_000_000_123_456_789L, probe[1]);
        assertEquals(42, FanoutContent.number(frame, FanoutContent.indexAfter(frame,
            "\"s\":".getBytes(StandardCharsets.US_ASCII), 0)));
    }

    @Test
    void malformedProbesAreNotParsed()
    {
        final long[] probe = new long[2];
        assertFalse(FanoutContent.parse(ascii("fanout x 12"), 0, probe));
        assertFalse(FanoutContent.parse(ascii("fanout 12"), 0, probe));
        assertFalse(FanoutContent.parse(ascii("warmup 3"), 0, probe));
        assertFalse(FanoutContent.parse(ascii("fan"), 0, probe));
        assertEquals(-1, FanoutContent.number(ascii("null"), 0));
        assertEquals(-1, FanoutContent.indexAfter(ascii("{\"op\":1}"), "\"t\":\"".getBytes(StandardCharsets.US_ASCII),
            0));
    }

    @Test
    void cpuSecondsComeFromUtimeAndStimeEvenWithSpacesInTheName()
    {
        final String stat = "4242 (java main) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 1000 " +
            "5000000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(3.25, ProcStats.cpuSecondsOf(stat), 1e-9);
        assertTrue(null != ProcStats.read(ProcessHandle.current().pid()) || !java.nio.file.Files.exists(
            java.nio.file.Paths.get("/proc/self/stat")));
    }

    @Test
    void chartIsInlineSvgWithEscapedText()
    {
        final String svg = new SvgChart("a < b", "x", "y", true)
            .add("s&p", new double[][]{ { 0, 1 }, { 50, 2 }, { 99, Double.NaN }, { 99.9, 5 } })
            .render();
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains("a &lt; b"));
        assertTrue(svg.contains("s&amp;p"));
        assertFalse(svg.contains("NaN"));
    }

    private static ByteBuf ascii(final String text)
    {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
