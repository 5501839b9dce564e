package io.concord.bench.fanout;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load-generator process of {@code bench fanout}: opens {@code --count} real WebSocket gateway sessions (tokens
 * {@code --first} .. of the tokens file, session i to URL i mod the URL count), at most {@code --connect-window}
 * handshakes/identifies in flight, on a Netty client with one event loop per core (epoll when available). Prints
 * {@code progress ...} lines every second and {@code ready N failed F} once every session is ready or failed; on the
 * line {@code finish} from standard input (or when the input closes, or after {@code --max-seconds}) it writes its
 * HdrHistogram log, per-message and timeline files and a summary into {@code --out} and exits. The line
 * {@code storm resume} or {@code storm identify} starts a {@link ReconnectStorm} of every ready session; its
 * progress ({@code storm dropped=...}) follows each second, then {@code storm done}.
 * <p>
 * Threads: main (connects, then waits for input), a progress reporter, the event loops, which run the sessions, and
 * the HTTP client's threads (storm history fetches).
 */
@Command(name = "fanout-client", mixinStandardHelpOptions = true, description = "bench fanout load generator")
public final class LoadClient implements Callable<Integer>
{
    /**
     * Sessions one process holds at most: the per-process open-file limit here is 20,000.
     */
    static final int MAX_SESSIONS_PER_PROCESS = 19_000;

    @Option(names = "--urls", required = true, split = ",", description = "Gateway URLs, sessions spread over them.")
    private List<URI> urls;

    @Option(names = "--tokens", required = true, description = "Tokens file (line 1: owner, line 2+i: member i).")
    private Path tokensFile;

    @Option(names = "--first", required = true, description = "First member index.")
    private int first;

    @Option(names = "--count", required = true, description = "Sessions to open.")
    private int count;

    @Option(names = "--messages", required = true, description = "Measured messages.")
    private int messages;

    @Option(names = "--timeline-origin-ms", required = true, description = "Wall-clock origin of the timeline.")
    private long timelineOriginMs;

    @Option(names = "--out", required = true, description = "Results directory.")
    private Path outDir;

    @Option(names = "--name", required = true, description = "File name prefix.")
    private String name;

    @Option(names = "--threads", description = "Event loops (default: available processors).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--connect-window", description = "Handshakes in flight at most (default 1000).")
    private int connectWindow = 1000;

    @Option(names = "--max-seconds", description = "Exit after this long whatever happens (default 1800).")
    private long maxSeconds = 1800;

    @Option(names = "--channel-id", description = "Channel whose history sessions fetch after a storm (0: none).")
    private long channelId;

    private final ReconnectStorm storm = new ReconnectStorm();
    private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
    private Bootstrap bootstrap;

    /**
     * Session counters shared by the event loops.
     */
    static final class Stats
    {
        final LongAdder connected = new LongAdder();
        final LongAdder readyCount = new LongAdder();
        final LongAdder failedCount = new LongAdder();
        final LongAdder closedAfterReady = new LongAdder();
        final LongAdder frames = new LongAdder();
        final LongAdder bytes = new LongAdder();
        final LongAdder parseErrors = new LongAdder();
        final LongAdder heartbeats = new LongAdder();
        final LongAdder heartbeatAcks = new LongAdder();
        final LongAdder readyFrames = new LongAdder();
        final LongAdder otherMessages = new LongAdder();
        final LongAdder reidentifies = new LongAdder();
        final Map<String, Integer> failureReasons = new ConcurrentHashMap<>();
        final Map<String, Integer> closeReasons = new ConcurrentHashMap<>();
        volatile boolean closing;
        private Semaphore window;

        void onReady()
        {
            readyCount.increment();
            window.release();
        }

        void onClose(final String reason)
        {
            if (!closing)
            {
                closeReasons.merge(reason, 1, Integer::sum);
            }
        }

        void onFailed(final String reason)
        {
            failedCount.increment();
            failureReasons.merge(reason, 1, Integer::sum);
            window.release();
        }
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadClient()).execute(args));
    }

    public Integer call() throws Exception
    {
        final List<String> tokens = readTokens();
        Files.createDirectories(outDir);
        final Stats stats = new Stats();
        stats.window = new Semaphore(connectWindow);
        final DeliveryRecorder recorder = new DeliveryRecorder(messages, timelineOriginMs);
        recorder.openLog(outDir.resolve(name + ".hlog"));
        final boolean epoll = Epoll.isAvailable();
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final List<GatewaySessionHandler> sessions = new ArrayList<>(count);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        final Thread reporter = new Thread(() -> report(stats, recorder, deadlineNs), name + "-progress");
        reporter.setDaemon(true);
        reporter.start();
        try
        {
            bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
            for (int i = 0; i < count; i++)
            {
                if (!stats.window.tryAcquire(Math.max(1, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS))
                {
                    break;
                }
                final URI uri = urls.get((first + i) % urls.size());
                final boolean compress = null != uri.getQuery() && uri.getQuery().contains("compress=zlib-stream");
                final URI history = 0 == channelId ? null : URI.create("http://" + uri.getHost() + ":" +
                    uri.getPort() + "/api/v10/channels/" + channelId + "/messages?limit=50");
                final GatewaySessionHandler session = new GatewaySessionHandler(tokens.get(i), stats, recorder,
                    compress, storm, history);
                session.reconnector((again) -> connect(again, uri).addListener((future) ->
                {
                    if (!future.isSuccess())
                    {
                        storm.failed.increment();
                    }
                }));
                sessions.add(session);
                connect(session, uri).addListener((future) ->
                {
                    if (!future.isSuccess())
                    {
                        stats.onFailed("connect: " + future.cause().getMessage());
                    }
                });
            }
            awaitFinish(deadlineNs, sessions);
            stats.closing = true;
            recorder.finish(outDir.resolve(name + "-messages.csv"), outDir.resolve(name + "-timeline.csv"));
            writeSummary(stats, recorder, sessions);
            System.out.println("done");
            System.out.flush();
            return 0;
        }
        finally
        {
            stats.closing = true;
            for (final Channel channel : channels)
            {
                channel.close();
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Opens one WebSocket connection for a session (its first, or the next one in a storm). No close frame is sent
     * when a connection is closed from here: a storm's drop must look like a lost network, which leaves the session
     * resumable, and at the end the process exits anyway.
     */
    private ChannelFuture connect(final GatewaySessionHandler session, final URI uri)
    {
        final ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>()
        {
            protected void initChannel(final SocketChannel ch)
            {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                    new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                        .webSocketUri(uri)
                        .version(WebSocketVersion.V13)
                        .maxFramePayloadLength(4 * 1024 * 1024)
                        .handshakeTimeoutMillis(60_000)
                        .dropPongFrames(true)
                        .handleCloseFrames(false)
                        .sendCloseFrame(null)
                        .build()),
                    session);
            }
        }).connect(uri.getHost(), uri.getPort());
        channels.add(connect.channel());
        return connect;
    }

    private List<String> readTokens() throws IOException
    {
        final List<String> all = Files.readAllLines(tokensFile, StandardCharsets.US_ASCII);
        if (first < 0 || count < 1 || 1 + first + count > all.size())
        {
            throw new IllegalArgumentException("tokens file has " + (all.size() - 1) + " member tokens; asked for " +
                count + " from " + first);
        }
        return all.subList(1 + first, 1 + first + count);
    }

    /**
     * Waits for {@code finish} on standard input; input closing (the orchestrator died) or the deadline end it too.
     * {@code storm resume} / {@code storm identify} start a reconnect storm of every ready session.
     */
    private void awaitFinish(final long deadlineNs, final List<GatewaySessionHandler> sessions)
        throws IOException
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        final Thread reader = Thread.currentThread();
        final Thread watchdog = new Thread(() ->
        {
            try
            {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
                reader.interrupt();
                System.in.close();
            }
            catch (final InterruptedException | IOException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "fanout-client-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        String line;
        while (null != (line = in.readLine()))
        {
            final String command = line.trim();
            if ("finish".equals(command))
            {
                break;
            }
            if (command.startsWith("storm "))
            {
                final int mode = ReconnectStorm.modeOf(command.substring("storm ".length()).trim());
                storm.start(mode);
                int joined = 0;
                for (final GatewaySessionHandler session : sessions)
                {
                    if (session.isReady() && session.storm(mode))
                    {
                        joined++;
                    }
                }
                System.out.println("storm started " + joined);
                System.out.flush();
            }
        }
        watchdog.interrupt();
    }

    private void report(final Stats stats, final DeliveryRecorder recorder, final long deadlineNs)
    {
        boolean announcedReady = false;
        boolean announcedStormDone = false;
        while (System.nanoTime() - deadlineNs < 0 && !stats.closing)
        {
            try
            {
                Thread.sleep(1000);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (stats.closing)
            {
                return;
            }
            recorder.logInterval();
            final long ready = stats.readyCount.sum();
            final long failed = stats.failedCount.sum();
            System.out.println("progress connected=" + stats.connected.sum() + " ready=" + ready + " failed=" +
                failed + " received=" + recorder.deliveries() + " duplicates=" + recorder.duplicates() +
                " closed=" + stats.closedAfterReady.sum());
            if (!announcedReady && ready + failed >= count)
            {
                announcedReady = true;
                System.out.println("ready " + ready + " failed " + failed);
            }
            if (ReconnectStorm.NONE != storm.mode())
            {
                System.out.println(storm.progressLine());
                if (!announcedStormDone && storm.done())
                {
                    announcedStormDone = true;
                    System.out.println("storm done");
                }
            }
            System.out.flush();
        }
    }

    /**
     * One line per reason, {@code prefix + reason = count}, the reason escaped for a properties file.
     */
    private static void reasons(final PrintWriter out, final String prefix, final Map<String, Integer> reasons)
    {
        for (final Map.Entry<String, Integer> entry : reasons.entrySet())
        {
            final String key = (prefix + entry.getKey()).replaceAll("[^A-Za-z0-9_.\\-]+", "_");
            out.println(key + "=" + entry.getValue());
        }
    }

    private void writeSummary(final Stats stats, final DeliveryRecorder recorder,
        final List<GatewaySessionHandler> sessions) throws IOException
    {
        long readySessions = 0;
        long unique = 0;
        for (final GatewaySessionHandler session : sessions)
        {
            if (session.isReady())
            {
                readySessions++;
                unique += session.received();
            }
        }
        try (PrintWriter out = new PrintWriter(
            Files.newBufferedWriter(outDir.resolve(name + "-summary.properties"), StandardCharsets.US_ASCII)))
        {
            out.println("sessions=" + count);
            out.println("ready=" + readySessions);
            out.println("failed=" + stats.failedCount.sum());
            out.println("closed_after_ready=" + stats.closedAfterReady.sum());
            out.println("expected=" + readySessions * messages);
            out.println("deliveries=" + recorder.deliveries());
            out.println("unique=" + unique);
            out.println("lost=" + (readySessions * messages - unique));
            out.println("duplicates=" + recorder.duplicates());
            out.println("unexpected=" + recorder.unexpected());
            out.println("frames=" + stats.frames.sum());
            out.println("bytes=" + stats.bytes.sum());
            out.println("parse_errors=" + stats.parseErrors.sum());
            out.println("heartbeats=" + stats.heartbeats.sum());
            out.println("heartbeat_acks=" + stats.heartbeatAcks.sum());
            out.println("other_messages=" + stats.otherMessages.sum());
            out.println("reidentifies=" + stats.reidentifies.sum());
            if (ReconnectStorm.NONE != storm.mode())
            {
                storm.write(out);
            }
            reasons(out, "failure_reason.", stats.failureReasons);
            reasons(out, "close_reason.", stats.closeReasons);
        }
    }
}
