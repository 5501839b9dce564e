package io.concord.common;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommonConfigurationTest
{
    private static final String AGENT_PROP = "concord.test.idle.strategy";
    private static final String FILE_PROP = "concord.test.from.file";

    @AfterEach
    void clearProperties()
    {
        System.clearProperty(CommonConfiguration.PROFILE_PROP_NAME);
        System.clearProperty(CommonConfiguration.IDLE_STRATEGY_PROP_NAME);
        System.clearProperty(AGENT_PROP);
        System.clearProperty(FILE_PROP);
        System.clearProperty(CommonConfiguration.AERON_CLIENT_LIVENESS_TIMEOUT_MS_PROP_NAME);
        System.clearProperty(CommonConfiguration.AERON_DRIVER_TIMEOUT_MS_PROP_NAME);
    }

    @Test
    void aeronTimeoutsDefaultGenerouslyAndRejectBadValues()
    {
        assertEquals(CommonConfiguration.AERON_CLIENT_LIVENESS_TIMEOUT_MS_DEFAULT,
            CommonConfiguration.aeronClientLivenessTimeoutMs());
        assertEquals(CommonConfiguration.AERON_DRIVER_TIMEOUT_MS_DEFAULT, CommonConfiguration.aeronDriverTimeoutMs());

        System.setProperty(CommonConfiguration.AERON_CLIENT_LIVENESS_TIMEOUT_MS_PROP_NAME, " 30000 ");
        assertEquals(30_000, CommonConfiguration.aeronClientLivenessTimeoutMs());

        System.setProperty(CommonConfiguration.AERON_DRIVER_TIMEOUT_MS_PROP_NAME, "ten seconds");
        final IllegalArgumentException notNumber =
            assertThrows(IllegalArgumentException.class, CommonConfiguration::aeronDriverTimeoutMs);
        assertTrue(notNumber.getMessage().contains(CommonConfiguration.AERON_DRIVER_TIMEOUT_MS_PROP_NAME));

        System.setProperty(CommonConfiguration.AERON_DRIVER_TIMEOUT_MS_PROP_NAME, "10");
        assertThrows(IllegalArgumentException.class, CommonConfiguration::aeronDriverTimeoutMs);
    }

    @Test
    void defaultProfileBacksOff()
    {
        assertEquals(IdleStrategies.BACKOFF, CommonConfiguration.idleStrategyName(AGENT_PROP));
        assertInstanceOf(BackoffIdleStrategy.class, CommonConfiguration.newIdleStrategy(AGENT_PROP));
    }

    @Test
    void lowLatencyProfileSpins()
    {
        System.setProperty(CommonConfiguration.PROFILE_PROP_NAME, CommonConfiguration.PROFILE_LOW_LATENCY);
        assertInstanceOf(BusySpinIdleStrategy.class, CommonConfiguration.newIdleStrategy(AGENT_PROP));
    }

    @Test
    void agentPropertyWinsOverGlobalWhichWinsOverProfile()
    {
        System.setProperty(CommonConfiguration.PROFILE_PROP_NAME, CommonConfiguration.PROFILE_LOW_LATENCY);
        System.setProperty(CommonConfiguration.IDLE_STRATEGY_PROP_NAME, IdleStrategies.YIELDING);
        assertEquals(IdleStrategies.YIELDING, CommonConfiguration.idleStrategyName(AGENT_PROP));

        System.setProperty(AGENT_PROP, IdleStrategies.SLEEPING);
        assertInstanceOf(SleepingMillisIdleStrategy.class, CommonConfiguration.newIdleStrategy(AGENT_PROP));
    }

    @Test
    void eachAgentGetsItsOwnStatefulStrategy()
    {
        assertNotSame(CommonConfiguration.newIdleStrategy(AGENT_PROP), CommonConfiguration.newIdleStrategy(AGENT_PROP));
    }

    @Test
    void unknownNamesAreRejectedWithTheAcceptedOnes()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> IdleStrategies.newIdleStrategy("spinny"));
        assertTrue(ex.getMessage().contains("busy-spin"), ex.getMessage());

        System.setProperty(CommonConfiguration.PROFILE_PROP_NAME, "fast");
        assertThrows(IllegalArgumentException.class, CommonConfiguration::profile);
    }

    @Test
    void fileDoesNotOverrideCommandLine(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("concord.properties");
        Files.writeString(file, FILE_PROP + "=from-file\n" + AGENT_PROP + " = sleeping \n");
        System.setProperty(FILE_PROP, "from-command-line");

        CommonConfiguration.loadFile(file);

        assertEquals("from-command-line", System.getProperty(FILE_PROP));
        assertEquals(IdleStrategies.SLEEPING, System.getProperty(AGENT_PROP));
    }

    @Test
    void missingFileIsNamedInTheError(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("nope.properties");
        final UncheckedIOException ex = assertThrows(
            UncheckedIOException.class, () -> CommonConfiguration.loadFile(missing));
        assertTrue(ex.getMessage().contains(missing.toString()));
    }
}
