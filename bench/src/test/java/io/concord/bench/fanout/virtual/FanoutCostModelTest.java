package io.concord.bench.fanout.virtual;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanoutCostModelTest
{
    @Test
    void edgesAreTheLargestOfCpuLatencyAndSessionBounds()
    {
        // 500k online, 10 msgs/s, 2 us per delivery: 10 busy cores; 16 cores at 50% -> 2 edges for CPU.
        // One message: 500k x 2 us = 1 core-second; 16 cores and 900 ms left after the core -> 1 edge.
        // 100k sessions per edge -> 5 edges.
        final FanoutCostModel model = new FanoutCostModel(500_000, 10, 2_000, 1_000, 100, 16, 0.5, 100_000, 1_000);

        assertEquals(10.0, model.busyCores(), 1e-9);
        assertEquals(2, model.edgesForCpu());
        assertEquals(1, model.edgesForLatency());
        assertEquals(5, model.edgesForSessions());
        assertEquals(5, model.edges());
        assertEquals(100 + 100_000 * 2_000 / 16 / 1e6, model.lastRecipientMs(5), 1e-9);
        assertTrue(model.describe().get(model.describe().size() - 1).contains("1000 ns (50%)"));
    }

    @Test
    void aCoreSlowerThanTheTargetMakesTheLatencyBoundUnreachable()
    {
        final FanoutCostModel model = new FanoutCostModel(1_000, 1, 2_000, 1_000, 1_500, 16, 0.5, 100_000, 1_000);

        assertEquals(FanoutCostModel.UNREACHABLE, model.edgesForLatency());
        assertTrue(String.join("\n", model.describe()).contains("unreachable"));
    }

    @Test
    void inputsOutOfRangeAreRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new FanoutCostModel(1_000, 1, 2_000, 1_000, 10, 16, 1.5, 100_000, 1_000));
        assertThrows(IllegalArgumentException.class,
            () -> new FanoutCostModel(0, 1, 2_000, 1_000, 10, 16, 0.5, 100_000, 1_000));
    }
}
