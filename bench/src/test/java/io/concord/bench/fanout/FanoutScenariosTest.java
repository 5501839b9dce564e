package io.concord.bench.fanout;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces of the chat and reconnect-storm scenarios that need no sockets: storm modes and bookkeeping, the
 * histograms a client hands to the orchestrator, the edges' counters lines, and the Zipf channel draw.
 */
class FanoutScenariosTest
{
    @Test
    void stormModesAreNamedAndAnythingElseIsRefused()
    {
        assertEquals(ReconnectStorm.RESUME, ReconnectStorm.modeOf("resume"));
        assertEquals(ReconnectStorm.IDENTIFY, ReconnectStorm.modeOf("identify"));
        final IllegalArgumentException bad =
            assertThrows(IllegalArgumentException.class, () -> ReconnectStorm.modeOf("reboot"));
        assertTrue(bad.getMessage().contains("reboot"), bad.getMessage());
    }

    @Test
    void stormIsDoneOnceEverySessionIsBackOrFailed()
    {
        final ReconnectStorm storm = new ReconnectStorm();
        assertFalse(storm.done(), "no storm started");
        storm.start(ReconnectStorm.RESUME);
        storm.dropped.add(3);
        storm.onBack(System.nanoTime(), true, null, "token");
        storm.onBack(System.nanoTime(), false, null, "token");
        assertFalse(storm.done());
        storm.failed.increment();
        storm.historyOk.add(2);
        assertTrue(storm.done());
        assertEquals(1, storm.resumed.sum());
        assertEquals(1, storm.reidentified.sum());
        assertEquals(2, storm.readyUs.getTotalCount());
        assertTrue(storm.progressLine().startsWith("storm dropped=3 resumed=1 reidentified=1"));
    }

    @Test
    void histogramsSurviveTheTripThroughAClientSummary()
    {
        final Histogram histogram = new Histogram(3_600_000_000L, 3);
        histogram.recordValue(1_234);
        histogram.recordValue(987_654);
        final Histogram back = ReconnectStorm.decode(ReconnectStorm.encode(histogram));
        assertEquals(2, back.getTotalCount());
        assertEquals(histogram.getMaxValue(), back.getMaxValue());
        assertThrows(IllegalArgumentException.class, () -> ReconnectStorm.decode("bm90IGEgaGlzdG9ncmFt"));
    }

    @Test
    void edgeCountersAreSummedOverTheEdgesLogs(@TempDir final Path dir) throws IOException
    {
        final Path one = dir.resolve("edge-1.log");
        final Path two = dir.resolve("edge-2.log");
        Files.writeString(one, "concord: edge 1 listening on http://127.0.0.1:1 (transport epoll)\n" +
            "concord: edge 1 gateway counters: sessions=5 zombie_closes=2 slow_consumer_closes=0\n" +
            "concord: stopped\n", StandardCharsets.UTF_8);
        Files.writeString(two, "concord: edge 2 gateway counters: sessions=7 zombie_closes=1 slow_consumer_closes=4\n",
            StandardCharsets.UTF_8);
        final PhaseResult result = new PhaseResult("concord", 12, 1);
        result.readEdgeCounters(List.of(one, two));
        assertEquals(12L, result.edgeCounters.get("sessions"));
        assertEquals(3L, result.edgeCounters.get("zombie_closes"));
        assertEquals(4L, result.edgeCounters.get("slow_consumer_closes"));
    }

    @Test
    void zipfPopularityFavoursTheFirstChannelsAndUsesEveryTarget()
    {
        final MessageSender sender = MessageSender.concord("127.0.0.1:9", new long[]{ 1, 2, 3, 4 }, 1.1, "t");
        assertEquals(4, sender.perTarget().length);
        final int[] draws = new int[4];
        for (int i = 0; i < 10_000; i++)
        {
            draws[sender.draw()]++;
        }
        assertTrue(draws[0] > draws[1] && draws[1] > draws[2] && draws[2] > draws[3], Arrays.toString(draws));
        assertTrue(draws[3] > 0);
    }
}
