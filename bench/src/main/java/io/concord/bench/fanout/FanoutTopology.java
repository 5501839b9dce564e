package io.concord.bench.fanout;

import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Concord processes of a fan-out run on this host: one media driver, one core and E edges (edge ids 1..E, edge i
 * on {@code basePort + i - 1}), each a {@link ChildProcess} with its own log in the results directory, all sharing
 * one Aeron directory and one data directory (the edges' common token key lives there). An edge counts as up once it
 * says it listens with its core link up (every core shard answered its link probe, so no session can identify
 * before the edge can reach the core). REST rate limits of the
 * edges are raised for the run: the harness posts from one user faster than Discord's per-channel limit allows.
 * Started and closed by the orchestrating thread; closing stops the edges, then the core, then the driver.
 */
final class FanoutTopology implements AutoCloseable
{
    static final String SERVER_MAIN = "io.concord.server.ConcordMain";
    private static final Pattern DRIVER_READY = Pattern.compile("media driver running");
    private static final Pattern CORE_READY = Pattern.compile("core running");
    private static final Pattern EDGE_READY = Pattern.compile("listening on http://[^ :]+:(\\d+) .*core link up");
    private static final long START_TIMEOUT_MS = 120_000;
    private static final List<String> RAISED_LIMITS = List.of(
        "-Dconcord.edge.rest.rate.limit.global=1000000/1000",
        "-Dconcord.edge.rest.rate.limit.messages.post=1000000/1000");

    private final List<ChildProcess> edges = new ArrayList<>();
    private final List<Integer> edgePorts = new ArrayList<>();
    private final List<Path> edgeLogs = new ArrayList<>();
    private final String aeronDir;
    private final Path dataDir;
    private ChildProcess driver;
    private ChildProcess core;

    private FanoutTopology(final String aeronDir, final Path dataDir)
    {
        this.aeronDir = aeronDir;
        this.dataDir = dataDir;
    }

    /**
     * Starts driver, core and edges, each once the previous one is ready.
     *
     * @param aeronDir     Aeron directory (e.g. under /dev/shm), created by the driver.
     * @param dataDir      data directory of the core and the edges.
     * @param logDir       where each process's output goes.
     * @param edgeCount    edges to start.
     * @param basePort     port of edge 1, or 0 for ephemeral ports.
     * @param shards       core shards.
     * @param members      guild members to be seeded (sizes the core's metadata maps).
     * @param edgeHeapMb   heap of each edge JVM.
     * @param coreHeapMb   heap of the core JVM.
     * @param edgeOptions  further {@code -D} options of every edge.
     * @param progress     where progress lines go.
     * @return the running topology.
     * @throws IOException          when a process cannot be started.
     * @throws InterruptedException when interrupted while waiting.
     */
    static FanoutTopology start(
        final String aeronDir,
        final Path dataDir,
        final Path logDir,
        final int edgeCount,
        final int basePort,
        final int shards,
        final int members,
        final int edgeHeapMb,
        final int coreHeapMb,
        final List<String> edgeOptions,
        final PrintStream progress) throws IOException, InterruptedException
    {
        Files.createDirectories(dataDir);
        final FanoutTopology topology = new FanoutTopology(aeronDir, dataDir);
        try
        {
            final String aeronDirArg = "--aeron-dir=" + aeronDir;
            topology.driver = ChildProcess.start("media-driver", List.of("-Xms64m", "-Xmx256m"), SERVER_MAIN,
                List.of("media-driver", aeronDirArg), logDir.resolve("media-driver.log"), null);
            topology.driver.awaitLine(DRIVER_READY, START_TIMEOUT_MS);
            progress.println("fanout: media driver up (pid " + topology.driver.pid() + ", " + aeronDir + ")");

            final StringBuilder edgeIds = new StringBuilder();
            for (int i = 1; i <= edgeCount; i++)
            {
                edgeIds.append(i == 1 ? "" : ",").append(i);
            }
            // Three records per seeded member (guild member, user, membership) plus room for everything else.
            final long metadataEntries = 3L * members + 100_000;
            topology.core = ChildProcess.start("core", List.of("-Xms" + coreHeapMb + "m", "-Xmx" + coreHeapMb + "m",
                "-Dconcord.core.edges=" + edgeIds, "-Dconcord.core.metadata.entries=" + metadataEntries),
                SERVER_MAIN, List.of("core", aeronDirArg, "--shards=" + shards, "--data-dir=" + dataDir),
                logDir.resolve("core.log"), null);
            topology.core.awaitLine(CORE_READY, START_TIMEOUT_MS);
            progress.println("fanout: core up (pid " + topology.core.pid() + ", " + shards + " shard(s))");

            for (int i = 1; i <= edgeCount; i++)
            {
                final List<String> jvm = new ArrayList<>(List.of("-Xms" + edgeHeapMb + "m", "-Xmx" + edgeHeapMb + "m",
                    "-Dconcord.core.shards=" + shards));
                jvm.addAll(RAISED_LIMITS);
                jvm.addAll(edgeOptions);
                final int port = 0 == basePort ? 0 : basePort + i - 1;
                final ChildProcess edge = ChildProcess.start("edge-" + i, jvm, SERVER_MAIN, List.of("edge",
                    "--edge-id=" + i, "--host=127.0.0.1", "--port=" + port, aeronDirArg, "--data-dir=" + dataDir),
                    logDir.resolve("edge-" + i + ".log"), null);
                topology.edges.add(edge);
                topology.edgeLogs.add(logDir.resolve("edge-" + i + ".log"));
            }
            for (final ChildProcess edge : topology.edges)
            {
                final int port = Integer.parseInt(edge.awaitLine(EDGE_READY, START_TIMEOUT_MS).group(1));
                topology.edgePorts.add(port);
                progress.println("fanout: " + edge.name() + " up (pid " + edge.pid() + ", port " + port + ")");
            }
            return topology;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            topology.close();
            throw ex;
        }
    }

    String aeronDir()
    {
        return aeronDir;
    }

    Path dataDir()
    {
        return dataDir;
    }

    /**
     * @return the edges' log files; each ends with the edge's gateway counters once it stopped.
     */
    List<Path> edgeLogs()
    {
        return Collections.unmodifiableList(edgeLogs);
    }

    List<Integer> edgePorts()
    {
        return Collections.unmodifiableList(edgePorts);
    }

    /**
     * @return every server process of the topology, driver first.
     */
    List<ChildProcess> processes()
    {
        final List<ChildProcess> all = new ArrayList<>();
        if (null != driver)
        {
            all.add(driver);
        }
        if (null != core)
        {
            all.add(core);
        }
        all.addAll(edges);
        return all;
    }

    /**
     * @return a process of the topology that exited, or null while all run.
     */
    ChildProcess firstDead()
    {
        for (final ChildProcess process : processes())
        {
            if (!process.isAlive())
            {
                return process;
            }
        }
        return null;
    }

    public void close()
    {
        for (final ChildProcess edge : edges)
        {
            edge.signalStop();
        }
        CloseHelper.closeAll(edges);
        for (final ChildProcess edge : edges)
        {
            edge.awaitOutputEnd(ChildProcess.STOP_TIMEOUT_MS);
        }
        CloseHelper.closeAll(core, driver);
    }
}
