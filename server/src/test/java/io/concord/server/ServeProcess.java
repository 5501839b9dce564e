package io.concord.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code concord serve} as a real child process for system tests: started with the launcher's JVM options on the
 * test classpath, on loopback with a free port, read until it says where it listens. {@link #close()} stops it with
 * SIGTERM (so its shutdown hook runs and removes its media driver directory), forcibly only if that hangs.
 */
final class ServeProcess implements AutoCloseable
{
    private static final Pattern LISTENING = Pattern.compile("listening on http://([^ ]+) ");
    private static final Pattern AERON_DIR = Pattern.compile("aeron dir (\\S+)");

    private final Process process;
    private final BufferedReader reader;
    private final List<String> output = new ArrayList<>();
    private String address;
    private String aeronDir;

    private ServeProcess(final Process process)
    {
        this.process = process;
        this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ServeProcess start(final Path dataDir) throws IOException
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
        command.add("--data-dir=" + dataDir);

        final ServeProcess serve = new ServeProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        try
        {
            serve.awaitListening();
            return serve;
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            serve.close();
            throw ex;
        }
    }

    private void awaitListening() throws IOException
    {
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
    }

    /**
     * @return host:port of the HTTP and gateway listener.
     */
    String address()
    {
        return address;
    }

    String aeronDir()
    {
        return aeronDir;
    }

    Process process()
    {
        return process;
    }

    /**
     * @return every line the server printed so far; {@link #drainOutput()} reads the rest once it has exited.
     */
    List<String> output()
    {
        return output;
    }

    /**
     * Sends SIGTERM only (Process.destroy() would also close our end of its output).
     */
    void terminate() throws IOException, InterruptedException
    {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    }

    void drainOutput() throws IOException
    {
        String line;
        while (null != (line = reader.readLine()))
        {
            output.add(line);
        }
    }

    public void close()
    {
        try
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            reader.close();
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
