package io.concord.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts {@code concord serve} as a real child process on loopback, talks to it over HTTP, stops it with SIGTERM and
 * checks it shut down cleanly: exit status of a terminated JVM, "stopped" printed by the shutdown hook, and the
 * embedded media driver's directory gone.
 */
class ServeSystemTest
{
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^ ]+) ");
    private static final Pattern AERON_DIR = Pattern.compile("aeron dir (\\S+)");

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serveAnswersGatewayAndStopsCleanlyOnSigterm(@TempDir final Path dataDir) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptionsConsistencyTest.jvmOptionsFile());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ConcordMain.class.getName());
        command.add("serve");
        command.add("--host=127.0.0.1");
        command.add("--port=0");
        command.add("--data-dir=" + dataDir.resolve("data"));

        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String address = null;
            String aeronDir = null;
            String line;
            while (null == address && null != (line = reader.readLine()))
            {
                output.add(line);
                final Matcher aeron = AERON_DIR.matcher(line);
                if (aeron.find())
                {
                    aeronDir = aeron.group(1);
                }
                final Matcher listening = LISTENING.matcher(line);
                if (listening.find())
                {
                    address = listening.group(1);
                }
            }
            assertNotNull(address, () -> "server never said where it listens: " + output);
            assertNotNull(aeronDir, () -> "server never named its aeron dir: " + output);
            assertTrue(Files.isDirectory(Paths.get(aeronDir)));
            assertTrue(Files.isDirectory(dataDir.resolve("data")));
            assertTrue(Files.isDirectory(dataDir.resolve("data/storage")), "the LSM store lives under the data dir");

            final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/api/v10/gateway"))
                    .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("{\"url\":\"ws://" + address + "/gateway\"}", response.body());

            // Process.destroy() would also close our end of its output; kill(1) sends only the signal.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "server did not stop within 30 s of SIGTERM");
            while (null != (line = reader.readLine()))
            {
                output.add(line);
            }
            assertEquals(143, process.exitValue(), () -> "exit status after SIGTERM: " + output);
            assertTrue(output.contains("concord: stopped"), () -> "shutdown hook did not finish: " + output);
            assertFalse(Files.exists(Paths.get(aeronDir)), "media driver directory left behind: " + aeronDir);
        }
        finally
        {
            process.destroyForcibly();
        }
    }
}
