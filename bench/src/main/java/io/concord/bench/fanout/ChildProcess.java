package io.concord.bench.fanout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child JVM of a fan-out run (media driver, core, edge, load generator, baseline server): the same class path and
 * JVM flags as this process ({@code --add-*} and {@code -D}, minus test-only checks), plus per-child heap and
 * properties. Its output goes to
 * a log file, line by line, and to an optional listener; {@link #awaitLine} waits for a line that says it is ready.
 * {@link #close()} stops it and every process it started: SIGTERM to the whole tree, then SIGKILL after a bound.
 * Created and closed by the orchestrating thread; the output reader is a daemon thread of its own.
 */
final class ChildProcess implements AutoCloseable
{
    static final long STOP_TIMEOUT_MS = 15_000;
    private static final int OUTPUT_LINES_KEPT = 30;

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Consumer<String> listener;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();

    private record Waiter(Pattern pattern, CompletableFuture<Matcher> match)
    {
    }

    private ChildProcess(final String name, final Process process, final Path log, final Consumer<String> listener)
        throws IOException
    {
        this.name = name;
        this.process = process;
        this.listener = listener;
        this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        final Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        final Thread reader = new Thread(() -> readOutput(logWriter), "fanout-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child JVM.
     *
     * @param name       short name for logs and errors ({@code edge-1}).
     * @param jvmOptions heap and {@code -D} options of this child.
     * @param mainClass  class to run.
     * @param args       its arguments.
     * @param log        file that receives its output.
     * @param listener   called with each output line on the reader thread, or null.
     * @return the running child.
     * @throws IOException when it cannot be started.
     */
    static ChildProcess start(
        final String name,
        final List<String> jvmOptions,
        final String mainClass,
        final List<String> args,
        final Path log,
        final Consumer<String> listener) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // Test-only checks (paranoid leak detection, SBE precedence checks) would measure the checks instead.
            if ((arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("-XX:")) &&
                !arg.startsWith("-Dio.netty.leakDetection") && !arg.startsWith("-Dsbe.enable.precedence.checks"))
            {
                command.add(arg);
            }
        }
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-Dsbe.enable.precedence.checks=false");
        command.add("-Dio.netty.leakDetection.level=disabled");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ChildProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start(), log, listener);
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return completes when the child's output ends (it exited).
     */
    CompletableFuture<Void> exited()
    {
        return exited;
    }

    /**
     * Waits, bounded, until the child's last output line is in its log (the reader drains after the exit).
     *
     * @param timeoutMs bound.
     */
    void awaitOutputEnd(final long timeoutMs)
    {
        try
        {
            exited.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            // The log stays as far as it got; the caller reads what is there.
        }
    }

    /**
     * Sends one line to the child's standard input.
     *
     * @param line text without the newline.
     */
    void send(final String line)
    {
        stdin.println(line);
    }

    /**
     * Waits for an output line matching a pattern (lines printed before this call count too only if they are among
     * the last few kept).
     *
     * @param pattern   what to find in a line.
     * @param timeoutMs how long to wait.
     * @return the match.
     * @throws IllegalStateException when the child exits first or the time runs out, with its last output.
     * @throws InterruptedException  when interrupted.
     */
    Matcher awaitLine(final Pattern pattern, final long timeoutMs) throws InterruptedException
    {
        final CompletableFuture<Matcher> match = new CompletableFuture<>();
        synchronized (lastLines)
        {
            for (final String line : lastLines)
            {
                final Matcher matcher = pattern.matcher(line);
                if (matcher.find())
                {
                    return matcher;
                }
            }
            if (exited.isDone())
            {
                throw new IllegalStateException(name + " exited; its last output: " + lastOutput());
            }
            waiters.add(new Waiter(pattern, match));
        }
        try
        {
            return match.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException(name + " did not print /" + pattern + "/ within " + timeoutMs +
                " ms; its last output: " + lastOutput(), ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException(name + " exited; its last output: " + lastOutput(), ex);
        }
    }

    /**
     * @return the last lines the child printed, joined.
     */
    String lastOutput()
    {
        synchronized (lastLines)
        {
            return String.join(" | ", lastLines);
        }
    }

    private void readOutput(final Writer log)
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); Writer out = log)
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                out.write(line);
                out.write('\n');
                out.flush();
                onLine(line);
            }
        }
        catch (final IOException ex)
        {
            onLine(name + ": output lost: " + ex.getMessage());
        }
        synchronized (lastLines)
        {
            exited.complete(null);
            for (final Waiter waiter : waiters)
            {
                waiter.match().completeExceptionally(new IllegalStateException(name + " exited"));
            }
            waiters.clear();
        }
    }

    private void onLine(final String line)
    {
        synchronized (lastLines)
        {
            if (lastLines.size() == OUTPUT_LINES_KEPT)
            {
                lastLines.removeFirst();
            }
            lastLines.addLast(line);
            waiters.removeIf((waiter) ->
            {
                final Matcher matcher = waiter.pattern().matcher(line);
                return matcher.find() && waiter.match().complete(matcher);
            });
        }
        if (null != listener)
        {
            listener.accept(line);
        }
    }

    /**
     * Waits for the child to exit by itself.
     *
     * @param timeoutMs bound.
     * @return true when it exited.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitExit(final long timeoutMs) throws InterruptedException
    {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @return the child's exit code (it must have exited).
     */
    int exitValue()
    {
        return process.exitValue();
    }

    /**
     * SIGTERM to the child and its descendants, without waiting (several children then stop in parallel).
     */
    void signalStop()
    {
        process.descendants().forEach(ProcessHandle::destroy);
        // Through the handle: Process.destroy() also closes our end of the child's output, which would lose what it
        // prints while stopping (the edges' gateway counters).
        process.toHandle().destroy();
    }

    /**
     * SIGTERM to the child and its descendants, SIGKILL to whatever is left after {@link #STOP_TIMEOUT_MS}.
     */
    public void close()
    {
        final List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        for (final ProcessHandle handle : tree)
        {
            handle.destroy();
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MS);
        for (final ProcessHandle handle : tree)
        {
            try
            {
                final long remainingNs = Math.max(1, deadlineNs - System.nanoTime());
                handle.onExit().get(remainingNs, TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException | ExecutionException ex)
            {
                handle.destroyForcibly();
            }
            catch (final InterruptedException ex)
            {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        stdin.close();
    }
}
