package io.concord.bench.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code concord serve} as a child JVM on loopback with a fresh data directory: the same jar and JVM options as this
 * process ({@code --add-*} and {@code -D} flags), plus the given system properties. {@link #start} returns once the
 * server printed its "listening on" line; {@link #close} stops it (SIGTERM, then SIGKILL after a bound), also from a
 * shutdown hook if this JVM is interrupted, and deletes the data directory. Used by one thread.
 */
public final class ServerProcess implements AutoCloseable
{
    private static final String MAIN_CLASS = "io.concord.server.ConcordMain";
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^ :]+):(\\d+) ");
    private static final long STOP_TIMEOUT_MS = 20_000;
    private static final int OUTPUT_LINES_KEPT = 40;

    private final Process process;
    private final Path dataDir;
    private final Thread shutdownHook;
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(final Process process, final Path dataDir)
    {
        this.process = process;
        this.dataDir = dataDir;
        shutdownHook = new Thread(process::destroyForcibly, "rest-bench-server-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        final Thread reader = new Thread(this::readOutput, "rest-bench-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param systemProperties extra {@code -Dname=value} settings of the server.
     * @param startTimeoutMs   how long the server may take to listen.
     * @return the running server.
     * @throws IOException          when the child cannot be started.
     * @throws InterruptedException when interrupted while waiting.
     * @throws IllegalStateException when the server exits or does not listen in time (with its last output).
     */
    public static ServerProcess start(final List<String> systemProperties, final long startTimeoutMs)
        throws IOException, InterruptedException
    {
        final Path dataDir = Files.createTempDirectory("concord-rest-bench");
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        command.add("-Dchronicle.analytics.disable=true");
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("serve");
        command.add("--host=127.0.0.1");
        command.add("--port=0");
        command.add("--data-dir=" + dataDir);

        final ServerProcess server = new ServerProcess(
            new ProcessBuilder(command).redirectErrorStream(true).start(), dataDir);
        try
        {
            server.port.get(startTimeoutMs, TimeUnit.MILLISECONDS);
            return server;
        }
        catch (final TimeoutException | java.util.concurrent.ExecutionException ex)
        {
            server.close();
            throw new IllegalStateException("concord serve did not listen within " + startTimeoutMs + " ms; " +
                "its last output: " + server.lastOutput(), ex);
        }
    }

    /**
     * @return the HTTP port the server listens on.
     */
    public int port()
    {
        return port.getNow(-1);
    }

    /**
     * @return the last lines the server printed.
     */
    String lastOutput()
    {
        synchronized (lastLines)
        {
            return String.join(" | ", lastLines);
        }
    }

    private void readOutput()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                synchronized (lastLines)
                {
                    if (lastLines.size() == OUTPUT_LINES_KEPT)
                    {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                final Matcher listening = LISTENING.matcher(line);
                if (listening.find())
                {
                    port.complete(Integer.parseInt(listening.group(2)));
                }
            }
        }
        catch (final IOException ex)
        {
            port.completeExceptionally(ex);
        }
        port.completeExceptionally(new IllegalStateException("concord serve exited"));
    }

    public void close()
    {
        try
        {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
            removeShutdownHook();
            deleteDataDir();
        }
    }

    private void removeShutdownHook()
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException alreadyShuttingDown)
        {
            // The hook is running or ran: the child is being killed either way.
        }
    }

    private void deleteDataDir()
    {
        try (Stream<Path> paths = Files.walk(dataDir))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("rest bench: could not delete " + dataDir + ": " + ex.getMessage());
        }
    }
}
