package io.concord.bench.fanout;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The K load-generator processes ({@link LoadClient}) of one delivery phase: member tokens split in contiguous
 * ranges, each client's latest progress line kept, readiness and completion awaited with progress printed. Used by
 * the orchestrating thread; progress arrives on the children's output reader threads.
 */
final class ClientFleet implements AutoCloseable
{
    private static final Pattern PROGRESS = Pattern.compile(
        "progress connected=(\\d+) ready=(\\d+) failed=(\\d+) received=(\\d+) duplicates=(\\d+) closed=(\\d+)");
    private static final Pattern READY = Pattern.compile("^ready (\\d+) failed (\\d+)");
    private static final Pattern DONE = Pattern.compile("^done");
    private static final Pattern STORM = Pattern.compile("^storm dropped=(\\d+) resumed=(\\d+) reidentified=(\\d+) " +
        "refused=(\\d+) failed=(\\d+) history_ok=(\\d+) history_failed=(\\d+)");
    private static final Pattern STORM_DONE = Pattern.compile("^storm done");
    private static final int STORM_FIELDS = 7;
    private static final int FIELDS = 6;
    private static final int CONNECTED = 0;
    private static final int READY_FIELD = 1;
    private static final int FAILED = 2;
    private static final int RECEIVED = 3;
    private static final int DUPLICATES = 4;
    private static final int CLOSED = 5;

    private final String phase;
    private final List<ChildProcess> clients = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final AtomicLongArray progress;
    private final AtomicIntegerArray readyFlags;
    private final AtomicLongArray stormProgress;
    private final AtomicIntegerArray stormDone;
    private final int sessions;

    private ClientFleet(final String phase, final int clientCount, final int sessions)
    {
        this.phase = phase;
        this.sessions = sessions;
        progress = new AtomicLongArray(clientCount * FIELDS);
        readyFlags = new AtomicIntegerArray(clientCount);
        stormProgress = new AtomicLongArray(clientCount * STORM_FIELDS);
        stormDone = new AtomicIntegerArray(clientCount);
    }

    /**
     * Starts the clients of a phase.
     *
     * @param phase            {@code concord} or {@code baseline}.
     * @param urls             gateway URLs the sessions spread over.
     * @param tokens           tokens file.
     * @param sessions         sessions in all.
     * @param clientCount      processes.
     * @param messages         measured messages.
     * @param timelineOriginMs wall-clock origin of the delivery timelines.
     * @param outDir           where the clients write their results.
     * @param heapMb           heap of each client.
     * @param channelId        channel whose history sessions fetch after a storm, 0 for none.
     * @return the started fleet.
     * @throws IOException when a client cannot be started.
     */
    static ClientFleet start(
        final String phase,
        final List<URI> urls,
        final Path tokens,
        final int sessions,
        final int clientCount,
        final int messages,
        final long timelineOriginMs,
        final Path outDir,
        final int heapMb,
        final long channelId) throws IOException
    {
        final ClientFleet fleet = new ClientFleet(phase, clientCount, sessions);
        final int perClient = (sessions + clientCount - 1) / clientCount;
        final StringBuilder urlList = new StringBuilder();
        for (final URI url : urls)
        {
            urlList.append(urlList.length() == 0 ? "" : ",").append(url);
        }
        try
        {
            for (int k = 0; k < clientCount; k++)
            {
                final int first = k * perClient;
                final int count = Math.min(perClient, sessions - first);
                if (count <= 0)
                {
                    break;
                }
                final String name = phase + "-client-" + (k + 1);
                final int index = k;
                fleet.names.add(name);
                fleet.clients.add(ChildProcess.start(name, List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m"),
                    LoadClient.class.getName(), List.of("--urls=" + urlList, "--tokens=" + tokens,
                    "--first=" + first, "--count=" + count, "--messages=" + messages,
                    "--timeline-origin-ms=" + timelineOriginMs, "--out=" + outDir, "--name=" + name,
                    "--channel-id=" + channelId),
                    outDir.resolve(name + ".log"), (line) -> fleet.onLine(index, line)));
            }
            return fleet;
        }
        catch (final IOException | RuntimeException ex)
        {
            fleet.close();
            throw ex;
        }
    }

    private void onLine(final int client, final String line)
    {
        final Matcher matcher = PROGRESS.matcher(line);
        if (matcher.find())
        {
            for (int i = 0; i < FIELDS; i++)
            {
                progress.set(client * FIELDS + i, Long.parseLong(matcher.group(i + 1)));
            }
        }
        else if (READY.matcher(line).find())
        {
            readyFlags.set(client, 1);
        }
        else if (STORM_DONE.matcher(line).find())
        {
            stormDone.set(client, 1);
        }
        else
        {
            final Matcher storm = STORM.matcher(line);
            if (storm.find())
            {
                for (int i = 0; i < STORM_FIELDS; i++)
                {
                    stormProgress.set(client * STORM_FIELDS + i, Long.parseLong(storm.group(i + 1)));
                }
            }
        }
    }

    List<String> names()
    {
        return names;
    }

    List<ChildProcess> processes()
    {
        return clients;
    }

    private long sum(final int field)
    {
        long total = 0;
        for (int k = 0; k < clients.size(); k++)
        {
            total += progress.get(k * FIELDS + field);
        }
        return total;
    }

    long ready()
    {
        return sum(READY_FIELD);
    }

    long failed()
    {
        return sum(FAILED);
    }

    long received()
    {
        return sum(RECEIVED);
    }

    long duplicates()
    {
        return sum(DUPLICATES);
    }

    long closed()
    {
        return sum(CLOSED);
    }

    /**
     * Waits until every client said all its sessions are ready or failed.
     *
     * @param timeoutMs bound.
     * @param out       progress lines.
     * @param servers   processes that must stay alive meanwhile.
     * @throws InterruptedException  when interrupted.
     * @throws IllegalStateException when a process dies or time runs out.
     */
    void awaitReady(final long timeoutMs, final PrintStream out, final List<ChildProcess> servers)
        throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int readyClients = 0;
        long lastPrintNs = startNs;
        final boolean[] announced = new boolean[clients.size()];
        while (readyClients < clients.size())
        {
            for (int k = 0; k < clients.size(); k++)
            {
                if (!announced[k] && clientSaidReady(k))
                {
                    announced[k] = true;
                    readyClients++;
                }
            }
            checkAlive(servers);
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException(phase + ": sessions not ready within " + timeoutMs + " ms: ready " +
                    ready() + ", failed " + failed() + " of " + sessions);
            }
            if (System.nanoTime() - lastPrintNs > TimeUnit.SECONDS.toNanos(2))
            {
                lastPrintNs = System.nanoTime();
                out.printf("fanout[%s]: sessions connected %d, ready %d/%d, failed %d (%.0f s)%n", phase,
                    sum(CONNECTED), ready(), sessions, failed(), (System.nanoTime() - startNs) / 1e9);
            }
            Thread.sleep(100);
        }
        out.printf("fanout[%s]: %d/%d sessions ready, %d failed, in %.1f s%n", phase, ready(), sessions, failed(),
            (System.nanoTime() - startNs) / 1e9);
    }

    private boolean clientSaidReady(final int k)
    {
        return 1 == readyFlags.get(k);
    }

    /**
     * @param servers processes that must be alive, with the clients.
     * @throws IllegalStateException naming the first dead one.
     */
    void checkAlive(final List<ChildProcess> servers)
    {
        for (final ChildProcess process : clients)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException(process.name() + " exited: " + process.lastOutput());
            }
        }
        for (final ChildProcess process : servers)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException(process.name() + " exited: " + process.lastOutput());
            }
        }
    }

    /**
     * Starts a reconnect storm in every client.
     *
     * @param mode {@code resume} or {@code identify}.
     */
    void storm(final String mode)
    {
        for (final ChildProcess client : clients)
        {
            client.send("storm " + mode);
        }
    }

    /**
     * Waits until every client's storm is over (each dropped session back or failed, each history fetch answered).
     *
     * @param timeoutMs bound.
     * @param out       progress lines.
     * @param servers   processes that must stay alive meanwhile.
     * @return true when every client finished its storm in time.
     * @throws InterruptedException when interrupted.
     */
    boolean awaitStorm(final long timeoutMs, final PrintStream out, final List<ChildProcess> servers)
        throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long lastPrintNs = startNs;
        while (System.nanoTime() - deadlineNs < 0)
        {
            checkAlive(servers);
            boolean all = true;
            for (int k = 0; k < clients.size(); k++)
            {
                all &= 1 == stormDone.get(k);
            }
            if (all)
            {
                return true;
            }
            if (System.nanoTime() - lastPrintNs > TimeUnit.SECONDS.toNanos(2))
            {
                lastPrintNs = System.nanoTime();
                final long[] s = new long[STORM_FIELDS];
                for (int k = 0; k < clients.size(); k++)
                {
                    for (int i = 0; i < STORM_FIELDS; i++)
                    {
                        s[i] += stormProgress.get(k * STORM_FIELDS + i);
                    }
                }
                out.printf("fanout[%s]: storm dropped %d, resumed %d, re-identified %d (resume refused %d), " +
                    "failed %d, history %d ok / %d failed (%.0f s)%n", phase, s[0], s[1], s[2], s[3], s[4], s[5], s[6],
                    (System.nanoTime() - startNs) / 1e9);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Tells every client to write its results and exit, and waits for them.
     *
     * @param timeoutMs bound per client.
     * @throws InterruptedException  when interrupted.
     * @throws IllegalStateException when a client fails to finish.
     */
    void finish(final long timeoutMs) throws InterruptedException
    {
        for (final ChildProcess client : clients)
        {
            client.send("finish");
        }
        for (final ChildProcess client : clients)
        {
            client.awaitLine(DONE, timeoutMs);
            if (!client.awaitExit(timeoutMs))
            {
                throw new IllegalStateException(client.name() + " did not exit after finishing");
            }
        }
    }

    public void close()
    {
        for (final ChildProcess client : clients)
        {
            client.signalStop();
        }
        CloseHelper.closeAll(clients);
    }
}
