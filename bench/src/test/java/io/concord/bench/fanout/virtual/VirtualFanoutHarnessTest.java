package io.concord.bench.fanout.virtual;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualFanoutHarnessTest
{
    @Test
    void everyVirtualSessionGetsEveryMessageExactlyOnceAndInOrder() throws Exception
    {
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final VirtualFanoutHarness.Settings settings =
            new VirtualFanoutHarness.Settings(2_000, 2, 2, 1, 6, 2, 200, true, 60_000);

        final VirtualFanoutResult result =
            VirtualFanoutHarness.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));

        final String log = progress.toString(StandardCharsets.UTF_8);
        assertEquals(2_000L * 8, result.expectedDeliveries(), log);
        assertEquals(result.expectedDeliveries(), result.deliveries(), log);
        assertEquals(0, result.orderErrors(), log);
        assertEquals(0, result.wrongCountSessions(), log);
        assertEquals(0, result.coreErrors(), log);
        assertTrue(result.exact(), log);
        assertTrue(result.summaryLine().startsWith("fanout-virtual N=2000 p50_ms="), result.summaryLine());
        assertTrue(result.toJson(null, "0 0 0").contains("\"exact\": true"));
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirRange()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new VirtualFanoutHarness.Settings(0, 2, 1, 1, 1, 0, 200, false, 1_000));
        assertTrue(ex.getMessage().contains("recipients >= 1"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new VirtualFanoutHarness.Settings(5_000_000, 2, 1, 1, 1, 0, 200, false, 1_000));
    }
}
