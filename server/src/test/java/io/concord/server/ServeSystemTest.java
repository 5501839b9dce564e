package io.concord.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts {@code concord serve} as a real child process on loopback, talks to it over HTTP, stops it with SIGTERM and
 * checks it shut down cleanly: exit status of a terminated JVM, "stopped" printed by the shutdown hook, and the
 * embedded media driver's directory gone.
 */
class ServeSystemTest
{
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void serveAnswersGatewayAndStopsCleanlyOnSigterm(@TempDir final Path dataDir) throws Exception
    {
        try (ServeProcess serve = ServeProcess.start(dataDir.resolve("data")))
        {
            final String address = serve.address();
            final List<String> output = serve.output();
            assertTrue(Files.isDirectory(Paths.get(serve.aeronDir())));
            assertTrue(Files.isDirectory(dataDir.resolve("data")));
            assertTrue(Files.isDirectory(dataDir.resolve("data/storage")), "the LSM store lives under the data dir");

            final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/api/v10/gateway"))
                    .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("{\"url\":\"ws://" + address + "/gateway\"}", response.body());

            serve.terminate();
            assertTrue(serve.process().waitFor(30, TimeUnit.SECONDS), "server did not stop within 30 s of SIGTERM");
            serve.drainOutput();
            assertEquals(143, serve.process().exitValue(), () -> "exit status after SIGTERM: " + output);
            assertTrue(output.contains("concord: stopped"), () -> "shutdown hook did not finish: " + output);
            assertFalse(Files.exists(Paths.get(serve.aeronDir())),
                "media driver directory left behind: " + serve.aeronDir());
        }
    }
}
