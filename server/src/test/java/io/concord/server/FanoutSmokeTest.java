package io.concord.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code concord bench fanout --smoke}: media driver, core and two edges as child processes, 1,000 real gateway
 * sessions from a load-generator process, a few messages over REST, then the baseline twin. Fails on any lost or
 * duplicated delivery or failed session (the command's exit code) and checks the results directory holds the report
 * files. About 70 s on a quiet 2-core box; 160 s was measured at load average 40 (four CPU hogs beside a parallel
 * build), hence the generous bound, which only guards against a hang.
 */
class FanoutSmokeTest
{
    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void smokeRunDeliversEveryMessageExactlyOnceAndWritesTheReport(@TempDir final Path tmp) throws Exception
    {
        final int exitCode = new CommandLine(new ConcordMain()).execute(
            "bench", "fanout", "--smoke", "--base-port=0", "--results=" + tmp);
        assertEquals(0, exitCode, "fanout --smoke lost, duplicated or failed something: see its output");

        final List<Path> runs;
        try (Stream<Path> dirs = Files.list(tmp))
        {
            runs = dirs.filter((dir) -> dir.getFileName().toString().startsWith("fanout-")).toList();
        }
        assertEquals(1, runs.size(), runs::toString);
        final Path run = runs.get(0);
        final String summary = Files.readString(run.resolve("summary.json"), StandardCharsets.UTF_8);
        assertTrue(summary.contains("\"passed\": true"), summary);
        assertTrue(summary.contains("\"baseline\""), summary);
        final String html = Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<svg") && !html.contains("<script"), "self-contained report with inline SVG");
        assertTrue(Files.exists(run.resolve("concord-client-1.hlog")));
    }
}
