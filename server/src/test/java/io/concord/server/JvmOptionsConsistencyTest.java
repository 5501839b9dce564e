package io.concord.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher reads config/jvm.options; Maven's surefire (and the JMH forks, which inherit from the launcher) take
 * the root pom's concord.jvm.args. This test runs inside surefire, so it sees the pom's flags as its own JVM input
 * arguments and can check the two sources agree.
 */
class JvmOptionsConsistencyTest
{
    static Path rootDir()
    {
        return Paths.get(System.getProperty("concord.root.dir", ".."));
    }

    static List<String> jvmOptionsFile() throws IOException
    {
        return Files.readAllLines(rootDir().resolve("config/jvm.options")).stream()
            .map(String::trim)
            .filter((line) -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toList());
    }

    @Test
    void surefireRunsWithEveryLauncherOption() throws IOException
    {
        final List<String> fileOptions = jvmOptionsFile();
        final List<String> inputArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();

        assertFalse(fileOptions.isEmpty());
        for (final String option : fileOptions)
        {
            assertTrue(inputArguments.contains(option), option + " is in config/jvm.options but not in the pom");
        }
    }

    @Test
    void launcherUsesTheOptionsFile() throws IOException
    {
        final String launcher = Files.readString(rootDir().resolve("concord"));
        assertTrue(launcher.contains("config/jvm.options"), "./concord must pass config/jvm.options to java");
    }

    @Test
    void chronicleAnalyticsIsDisabledInThisJvm()
    {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"));
    }
}
