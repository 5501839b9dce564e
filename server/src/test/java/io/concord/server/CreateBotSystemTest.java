package io.concord.server;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code concord admin create-bot} against a real {@code concord serve} child process: the printed token works on
 * {@code GET /users/@me}; a taken name, a missing media driver, a driver with no core, a data dir without the token
 * key and a bad name each fail with one line and a non-zero exit code.
 */
class CreateBotSystemTest
{
    private static final Pattern CREATED = Pattern.compile("^\\{\"user_id\":\"(\\d+)\",\"token\":\"([^\"]+)\"}$");

    /**
     * Exit code and output of one in-process run of the CLI.
     */
    private record Run(int exitCode, String out, String err)
    {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void createdBotAuthenticatesWithThePrintedTokenAndFailuresAreOneLine(@TempDir final Path tmp) throws Exception
    {
        final Path dataDir = tmp.resolve("data");
        try (ServeProcess serve = ServeProcess.start(dataDir))
        {
            final String address = serve.address();
            final String aeronDir = serve.aeronDir();

            final Run created = createBot("ops-bot", "--aeron-dir=" + aeronDir, "--data-dir=" + dataDir);
            assertEquals(0, created.exitCode(), created::err);
            final Matcher printed = CREATED.matcher(created.out().strip());
            assertTrue(printed.matches(), created::out);

            final HttpResponse<String> me = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("http://" + address + "/api/v10/users/@me"))
                    .header("Authorization", "Bot " + printed.group(2))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me::body);
            assertTrue(me.body().contains("\"id\":\"" + printed.group(1) + "\""), me::body);
            assertTrue(me.body().contains("\"username\":\"ops-bot\""), me::body);
            assertTrue(me.body().contains("\"bot\":true"), me::body);

            final Run taken = createBot("ops-bot", "--aeron-dir=" + aeronDir, "--data-dir=" + dataDir);
            assertOneLineFailure(taken, CreateBotCommand.FAILED_EXIT_CODE, "already taken");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noDriverNoCoreNoTokenKeyAndABadNameAreOneLineErrors(@TempDir final Path tmp) throws Exception
    {
        final Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir.resolve("secrets"));
        Files.write(dataDir.resolve("secrets/token.key"), new byte[32]);

        final Run noDriver = createBot("ops-bot", "--aeron-dir=" + tmp.resolve("no-driver"),
            "--data-dir=" + dataDir, "--timeout-ms=1000");
        assertOneLineFailure(noDriver, CreateBotCommand.FAILED_EXIT_CODE, "no media driver");

        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)))
        {
            final Run silentCore = createBot("ops-bot", "--aeron-dir=" + driver.aeronDirectoryName(),
                "--data-dir=" + dataDir, "--timeout-ms=1500");
            assertOneLineFailure(silentCore, CreateBotCommand.FAILED_EXIT_CODE, "no core answered within 1500 ms");
        }

        final Run noKey = createBot("ops-bot", "--aeron-dir=" + tmp.resolve("no-driver"),
            "--data-dir=" + tmp.resolve("elsewhere"));
        assertOneLineFailure(noKey, ConcordMain.CONFIGURATION_ERROR_EXIT_CODE, "no token key");

        final Run badName = createBot(" x", "--data-dir=" + dataDir);
        assertOneLineFailure(badName, ConcordMain.CONFIGURATION_ERROR_EXIT_CODE, "NAME must be");
    }

    private static void assertOneLineFailure(final Run run, final int exitCode, final String text)
    {
        assertEquals(exitCode, run.exitCode(), () -> run.out() + run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run::err);
        assertTrue(run.err().contains(text), run::err);
    }

    private static Run createBot(final String... args)
    {
        final String[] argv = new String[args.length + 2];
        argv[0] = "admin";
        argv[1] = "create-bot";
        System.arraycopy(args, 0, argv, 2, args.length);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = new CommandLine(new ConcordMain())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(argv);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
