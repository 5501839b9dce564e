package io.concord.bench.fanout;

import io.concord.bench.fanout.virtual.VirtualFanoutCommand;
import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code concord bench fanout}: one message to every online member of a big guild, measured end to end over real
 * sockets on this host. Starts (or attaches to, {@code --target}) media driver + core + E edges, seeds the guild in
 * bulk, opens M gateway sessions from K load-generator processes, posts X messages at rate R over REST and reports
 * time to first/last recipient and delivery latency percentiles, lost and duplicated deliveries (the run fails on
 * any), CPU seconds and peak RSS per process; {@code --baseline} repeats the delivery phase against a bare Netty
 * broadcast server. {@code --scenario chat} spreads a sustained rate over many channels by Zipf popularity;
 * {@code --scenario reconnect-storm} drops every session and resumes (or re-identifies) it, then fetches history.
 * {@code --target} attaches to running edges instead of starting a topology. Runs on the calling thread; every child
 * process is stopped on exit, failure and Ctrl-C.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "End-to-end fan-out SLO harness: real gateway sessions over several edge processes.")
public final class FanoutCommand implements Callable<Integer>
{
    static final int EXIT_FAILED = 1;
    static final String NAME_PREFIX = "fo-";
    static final String SCENARIO_FANOUT = "fanout";
    static final String SCENARIO_CHAT = "chat";
    static final String SCENARIO_STORM = "reconnect-storm";
    private static final long STALL_SECONDS = 10;
    private static final Pattern BASELINE_READY = Pattern.compile("baseline listening on http://[^ :]+:(\\d+)");

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
        description = "Port of edge 1; edge i listens on PORT + i - 1; 0: any free ports " +
            "(default ${DEFAULT-VALUE}).",
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

    @Option(names = "--messages", paramLabel = "X", description = "Measured messages (default ${DEFAULT-VALUE}).",
        defaultValue = "10")
    int messages;

    @Option(names = "--rate", paramLabel = "R",
        description = "Messages per second (default ${DEFAULT-VALUE}: one message's fan-out at a time).",
        defaultValue = "0.5")
    double rate;

    @Option(names = "--warmup", paramLabel = "W",
        description = "Unmeasured messages sent first, same rate (default ${DEFAULT-VALUE}).", defaultValue = "5")
    int warmup;

    @Option(names = "--content-length", paramLabel = "C",
        description = "Content length of each message (default ${DEFAULT-VALUE}).", defaultValue = "64")
    int contentLength;

    @Option(names = "--compress", description = "Sessions ask for zlib-stream and inflate every frame.")
    boolean compress;

    @Option(names = "--baseline", description = "Repeat the delivery phase against bare Netty broadcast servers.")
    boolean baseline;

    @Option(names = "--baseline-port", paramLabel = "PORT",
        description = "Port of baseline server 1; server i on PORT + i - 1 (default ${DEFAULT-VALUE}).",
        defaultValue = "19500")
    int baselinePort;

    @Option(names = "--client-heap-mb", paramLabel = "MB",
        description = "Heap of each load generator (default ${DEFAULT-VALUE}).", defaultValue = "1024")
    int clientHeapMb;

    @Option(names = "--settle-ms", paramLabel = "MS",
        description = "Longest wait for deliveries after the last send; the wait also ends after 10 s without " +
            "progress (default ${DEFAULT-VALUE}).", defaultValue = "120000")
    long settleMs;

    @Option(names = "--smoke", description = "Small quick run: 1,000 sessions, 5 messages, with baseline (< 60 s).")
    boolean smoke;

    @Option(names = "--seed-only", description = "Start the topology, seed the guild, report seeding, stop.")
    boolean seedOnly;

    @Option(names = "--virtual", description = "Virtual-session mode: core and --edges edges in this JVM, --online " +
        "in-process sinks instead of sockets (as concord bench fanout-virtual --recipients M; more options there).")
    boolean virtual;

    @Option(names = "--heartbeat-tolerance-ms", paramLabel = "MS", defaultValue = "60000",
        description = "Slack the edges give a heartbeat before closing a session as a zombie (4009), raised from " +
            "the product's 10 s: a CPU-starved load generator runs its heartbeats late, and the run measures " +
            "fan-out, not the generators' scheduling (default ${DEFAULT-VALUE}; close reasons are reported " +
            "either way).")
    long heartbeatToleranceMs;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = SCENARIO_FANOUT,
        description = "fanout (default): one channel, every message to every session; chat: --channels channels, " +
            "each message to one drawn by Zipf popularity, sustained --rate (default 500 online, 300 messages at " +
            "10/s); reconnect-storm: every session drops and resumes (--storm-mode) while --messages are sent, then " +
            "fetches the channel's history over REST (default 1,000 online, 5 messages).")
    String scenario;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "20",
        description = "chat: text channels, created over REST (default ${DEFAULT-VALUE}).")
    int channelCount;

    @Option(names = "--zipf", paramLabel = "S", defaultValue = "1.1",
        description = "chat: Zipf exponent of channel popularity (default ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--storm-mode", paramLabel = "MODE", defaultValue = "resume",
        description = "reconnect-storm: resume (op 6; messages sent meanwhile are replayed) or identify (a fresh " +
            "session; messages are sent before the storm) (default ${DEFAULT-VALUE}).")
    String stormMode;

    @Option(names = "--target", paramLabel = "HOST:PORT", split = ",",
        description = "Attach to these running edges instead of starting a topology. The guild is seeded through " +
            "the core's media driver (--aeron-dir, same host) and tokens are minted with the deployment's key " +
            "(--data-dir); no REST seeding. Server CPU/RSS are not measured; REST rate limits are the deployment's.")
    List<String> targets;

    @Option(names = "--aeron-dir", paramLabel = "DIR", description = "--target: the core's Aeron directory.")
    String targetAeronDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "--target: the deployment's data directory (holds secrets/token.key).")
    Path targetDataDir;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;

    public Integer call() throws Exception
    {
        if (smoke)
        {
            members = 2_000;
            online = 1_000;
            clients = 1;
            messages = 5;
            rate = 5;
            warmup = 2;
            baseline = SCENARIO_FANOUT.equals(scenario);
            settleMs = 60_000;
            edgeHeapMb = Math.min(edgeHeapMb, 512);
            coreHeapMb = Math.min(coreHeapMb, 512);
            clientHeapMb = Math.min(clientHeapMb, 512);
        }
        if (virtual)
        {
            return VirtualFanoutCommand.of(online, edges, shards, messages, warmup, contentLength, resultsParent)
                .run(out);
        }
        applyScenarioDefaults();
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
            out.println("fanout: results in " + resultsDir.toAbsolutePath() + " (scenario " + scenario + ")");
            final boolean attach = null != targets && !targets.isEmpty();
            final FanoutTopology topology;
            final List<String> edgeAddresses = new ArrayList<>();
            final String seedAeronDir;
            final Path keyDir;
            if (attach)
            {
                topology = null;
                seedAeronDir = targetAeronDir;
                keyDir = targetDataDir;
                edgeAddresses.addAll(targets);
                edges = targets.size();
                checkTargets();
            }
            else
            {
                topology = teardown.add(FanoutTopology.start(aeronDir, workDir.resolve("data"), resultsDir, edges,
                    basePort, shards, members, edgeHeapMb, coreHeapMb,
                    List.of("-Dconcord.edge.gateway.heartbeat.tolerance.ms=" + heartbeatToleranceMs), out));
                seedAeronDir = aeronDir;
                keyDir = topology.dataDir();
                for (final int port : topology.edgePorts())
                {
                    edgeAddresses.add("127.0.0.1:" + port);
                }
            }

            out.println("fanout: seeding " + members + " members...");
            final GuildSeeder.SeededGuild guild;
            try (GuildSeeder seeder = new GuildSeeder(seedAeronDir, shards, 60_000))
            {
                guild = seeder.seed(runId.replace("-", ""), members, NAME_PREFIX,
                    (done) -> out.println("fanout: seeded " + done + "/" + members));
            }
            out.printf("fanout: seeded %d members in %d ms (%.0f members/s)%n", members, guild.seedMs(),
                members * 1000.0 / Math.max(1, guild.seedMs()));
            final Path tokens = writeTokens(keyDir, guild, workDir.resolve("tokens.txt"));
            if (seedOnly)
            {
                return 0;
            }
            final long[] channelIds = SCENARIO_CHAT.equals(scenario) ?
                ChatChannels.create(edgeAddresses.get(0), guild, ownerToken(tokens), channelCount, out) :
                new long[]{ guild.channelId() };

            final List<URI> concordUrls = new ArrayList<>();
            for (final String edge : edgeAddresses)
            {
                concordUrls.add(URI.create("ws://" + edge + "/?v=10&encoding=json" +
                    (compress ? "&compress=zlib-stream" : "")));
            }
            final MessageSender concordSender =
                MessageSender.concord(edgeAddresses.get(0), channelIds, zipf, ownerToken(tokens));
            final PhaseResult concord = runPhase("concord", concordUrls, tokens, resultsDir,
                attach ? List.of() : topology.processes(), concordSender, teardown, guild.channelId());
            if (!attach)
            {
                teardown.closeNow(topology);
                concord.readEdgeCounters(topology.edgeLogs());
            }
            concord.messagesPerChannel = concordSender.perTarget();

            PhaseResult twin = null;
            if (baseline)
            {
                final List<ChildProcess> servers = new ArrayList<>();
                final List<Integer> ports = new ArrayList<>();
                final List<URI> urls = new ArrayList<>();
                for (int i = 0; i < edges; i++)
                {
                    final ChildProcess server = teardown.add(ChildProcess.start("baseline-" + (i + 1),
                        List.of("-Xms" + edgeHeapMb + "m", "-Xmx" + edgeHeapMb + "m"), BaselineServer.class.getName(),
                        List.of("--port=" + (0 == basePort ? 0 : baselinePort + i)),
                        resultsDir.resolve("baseline-" + (i + 1) + ".log"), null));
                    servers.add(server);
                }
                for (final ChildProcess server : servers)
                {
                    final int port = Integer.parseInt(server.awaitLine(BASELINE_READY, 60_000).group(1));
                    ports.add(port);
                    urls.add(URI.create("ws://127.0.0.1:" + port + "/?v=10&encoding=json"));
                }
                twin = runPhase("baseline", urls, tokens, resultsDir, servers, MessageSender.baseline(ports),
                    teardown, 0);
                for (final ChildProcess server : servers)
                {
                    teardown.closeNow(server);
                }
            }
            final FanoutReport report = new FanoutReport(this, guild, concord, twin);
            report.write(resultsDir);
            report.print(out);
            return report.passed() ? 0 : EXIT_FAILED;
        }
        finally
        {
            teardown.closeAll();
            removeHook(hook);
            deleteRecursively(workDir);
        }
    }

    /**
     * One delivery phase: clients connect and get ready, warm-up messages, then the measured messages; CPU of the
     * server processes is sampled around the measured part only.
     */
    private PhaseResult runPhase(
        final String phase,
        final List<URI> urls,
        final Path tokens,
        final Path resultsDir,
        final List<ChildProcess> servers,
        final MessageSender sender,
        final Teardown teardown,
        final long historyChannelId) throws IOException, InterruptedException
    {
        final long originMs = System.currentTimeMillis();
        final boolean storm = SCENARIO_STORM.equals(scenario);
        final ClientFleet fleet = teardown.add(ClientFleet.start(phase, urls, tokens, online, clients, messages,
            originMs, resultsDir, clientHeapMb, storm ? historyChannelId : 0));
        fleet.awaitReady(120_000 + online * 10L, out, servers);

        if (warmup > 0)
        {
            out.printf("fanout[%s]: %d warm-up messages at %.1f/s%n", phase, warmup, rate);
            sender.send(warmup, rate, contentLength, false);
            Thread.sleep(1000);
        }
        final List<ChildProcess> measured = new ArrayList<>(servers);
        measured.addAll(fleet.processes());
        final Map<String, ProcStats.Sample> before = sample(measured);
        out.printf("fanout[%s]: sending %d messages at %.1f/s to %d sessions%n", phase, messages, rate, fleet.ready());
        final boolean stormFirst = storm && "resume".equals(stormMode);
        if (stormFirst)
        {
            // Resume: the probes leave while the sessions are down or coming back; replay must deliver them.
            out.printf("fanout[%s]: reconnect storm (%s) while sending%n", phase, stormMode);
            fleet.storm(stormMode);
        }
        final long[] intended = sender.send(messages, rate, contentLength, true);
        if (storm)
        {
            if (!stormFirst)
            {
                out.printf("fanout[%s]: reconnect storm (%s)%n", phase, stormMode);
                fleet.storm(stormMode);
            }
            if (!fleet.awaitStorm(settleMs + online * 10L, out, servers))
            {
                out.printf("fanout[%s]: the storm did not finish within %d ms%n", phase, settleMs + online * 10L);
            }
        }
        final long expected = fleet.ready() * messages;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
        long lastPrintNs = System.nanoTime();
        long lastProgressNs = System.nanoTime();
        long lastReceived = -1;
        while (fleet.received() + fleet.duplicates() < expected && System.nanoTime() - deadlineNs < 0 &&
            System.nanoTime() - lastProgressNs < TimeUnit.SECONDS.toNanos(STALL_SECONDS))
        {
            fleet.checkAlive(servers);
            if (fleet.received() != lastReceived)
            {
                lastReceived = fleet.received();
                lastProgressNs = System.nanoTime();
            }
            if (System.nanoTime() - lastPrintNs > TimeUnit.SECONDS.toNanos(2))
            {
                lastPrintNs = System.nanoTime();
                out.printf("fanout[%s]: received %d/%d%n", phase, fleet.received(), expected);
            }
            Thread.sleep(100);
        }
        // Progress lines come once a second: let the last deliveries reach the files before sampling.
        Thread.sleep(1200);
        final Map<String, ProcStats.Sample> after = sample(measured);
        fleet.finish(60_000);
        teardown.closeNow(fleet);

        final PhaseResult result = new PhaseResult(phase, online, messages);
        result.read(resultsDir, fleet.names(), intended);
        result.sendErrors = sender.errors();
        if (sender.errors() > 0)
        {
            out.println("fanout[" + phase + "]: " + sender.errors() + " sends failed, last: " + sender.lastError());
        }
        for (final ChildProcess process : measured)
        {
            final ProcStats.Sample start = before.get(process.name());
            final ProcStats.Sample end = after.get(process.name());
            if (null == start || null == end)
            {
                continue;
            }
            final double cpuDelta = end.cpuSeconds() - start.cpuSeconds();
            result.processes.put(process.name(), new double[]{ end.cpuSeconds(), cpuDelta, end.peakRssKb() / 1024.0 });
            if (servers.contains(process))
            {
                result.serverCpuSeconds += cpuDelta;
            }
        }
        out.printf("fanout[%s]: %d deliveries, lost %d, duplicated %d, last recipient p99 %.1f ms%n", phase,
            result.count("deliveries"), result.lost(), result.duplicates(), result.lastRecipientMs(99));
        return result;
    }

    private static Map<String, ProcStats.Sample> sample(final List<ChildProcess> processes)
    {
        final Map<String, ProcStats.Sample> samples = new LinkedHashMap<>();
        for (final ChildProcess process : processes)
        {
            final ProcStats.Sample sample = ProcStats.read(process.pid());
            if (null != sample)
            {
                samples.put(process.name(), sample);
            }
        }
        return samples;
    }

    private static String ownerToken(final Path tokens) throws IOException
    {
        try (Stream<String> lines = Files.lines(tokens, StandardCharsets.US_ASCII))
        {
            return lines.findFirst().orElseThrow();
        }
    }

    /**
     * Sizes of the chat and reconnect-storm scenarios where the command line leaves them unset.
     */
    private void applyScenarioDefaults()
    {
        if (SCENARIO_CHAT.equals(scenario))
        {
            defaultOf("--members", () -> members = 2_000);
            defaultOf("--online", () -> online = 500);
            defaultOf("--clients", () -> clients = 1);
            defaultOf("--messages", () -> messages = 300);
            defaultOf("--rate", () -> rate = 10);
        }
        else if (SCENARIO_STORM.equals(scenario))
        {
            defaultOf("--members", () -> members = 2_000);
            defaultOf("--online", () -> online = 1_000);
            defaultOf("--clients", () -> clients = 1);
            defaultOf("--messages", () -> messages = 5);
            defaultOf("--rate", () -> rate = 5);
            defaultOf("--warmup", () -> warmup = 2);
        }
    }

    private void defaultOf(final String option, final Runnable apply)
    {
        if (!smoke && (null == spec || !spec.commandLine().getParseResult().hasMatchedOption(option)))
        {
            apply.run();
        }
    }

    private void checkTargets() throws IOException, InterruptedException
    {
        if (null == targetAeronDir || null == targetDataDir)
        {
            throw new IllegalArgumentException("--target needs --aeron-dir (the core's media driver, on this host) " +
                "and --data-dir (the deployment's data directory, for its token key)");
        }
        if (!Files.isDirectory(Path.of(targetAeronDir)))
        {
            throw new IllegalArgumentException("--aeron-dir " + targetAeronDir + " is not a directory");
        }
        if (!Files.isRegularFile(targetDataDir.resolve("secrets/token.key")))
        {
            throw new IllegalArgumentException("--data-dir " + targetDataDir + " holds no secrets/token.key");
        }
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (final String target : targets)
        {
            if (!target.matches("[^:/\\s]+:\\d{1,5}"))
            {
                throw new IllegalArgumentException("--target wants host:port[,host:port...], got '" + target + "'");
            }
            final HttpResponse<String> answer;
            try
            {
                answer = http.send(HttpRequest.newBuilder(URI.create("http://" + target + "/api/v10/gateway"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("--target " + target + " does not answer: " + ex, ex);
            }
            if (200 != answer.statusCode())
            {
                throw new IllegalArgumentException("--target " + target + " answered GET /api/v10/gateway with " +
                    answer.statusCode() + ": not a Concord edge?");
            }
            out.println("fanout: attached to edge " + target + " (" + answer.body() + ")");
        }
    }

    private void validate()
    {
        if (!SCENARIO_FANOUT.equals(scenario) && !SCENARIO_CHAT.equals(scenario) && !SCENARIO_STORM.equals(scenario))
        {
            throw new IllegalArgumentException("--scenario must be fanout, chat or reconnect-storm, was '" +
                scenario + "'");
        }
        if (baseline && !SCENARIO_FANOUT.equals(scenario))
        {
            throw new IllegalArgumentException("--baseline is for the fanout scenario only");
        }
        if (SCENARIO_CHAT.equals(scenario) && (channelCount < 1 || channelCount > 400 || zipf < 0))
        {
            throw new IllegalArgumentException("chat needs --channels 1..400 and --zipf >= 0");
        }
        ReconnectStorm.modeOf(stormMode);
        if (members < 1 || online < 1 || online > members)
        {
            throw new IllegalArgumentException("need 1 <= --online <= --members, was " + online + " of " + members);
        }
        if (edges < 1 || clients < 1 || shards < 1)
        {
            throw new IllegalArgumentException("--edges, --clients and --shards must be >= 1");
        }
        if (messages < 1 || rate <= 0 || warmup < 0 || contentLength < 48 || contentLength > 2000)
        {
            throw new IllegalArgumentException("need --messages >= 1, --rate > 0, --warmup >= 0 and " +
                "--content-length 48..2000");
        }
        if ((online + clients - 1) / clients > LoadClient.MAX_SESSIONS_PER_PROCESS)
        {
            throw new IllegalArgumentException("at most " + LoadClient.MAX_SESSIONS_PER_PROCESS + " sessions per " +
                "client process (open-file limit): raise --clients");
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
