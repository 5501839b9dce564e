package io.concord.bench.fanout.virtual;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreNode;
import io.concord.core.CoreRouting;
import io.concord.core.MessageStoreFactory;
import io.concord.core.shard.GuildShard;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.GatewayLatencies;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One virtual fan-out run in this JVM: an embedded media driver (Aeron IPC), the real core ({@link CoreNode}: command
 * pollers, Disruptor rings, {@link GuildShard}s, the in-memory message store with its real completion path), a
 * control edge that plays the author's REST edge, and E {@link VirtualEdge}s holding N virtual sessions. It seeds
 * one guild of N members (all online), sends warm-up and then measured messages one at a time from the guild's owner
 * (each waits until every sink got it), and measures per message the time from the command's offer to the core to
 * the last sink write, split at the first edge's arrival; CPU, allocation and GC over the measured phase; heap per
 * recipient after seeding; and whether every session got every message exactly once and in order.
 * <p>
 * Used from one thread.
 */
final class VirtualFanoutHarness
{
    /**
     * The same property {@code concord media-driver} reads for its agents' idle strategy.
     */
    static final String DRIVER_IDLE_STRATEGY_PROP_NAME = "concord.driver.idle.strategy";
    private static final int CONTROL_COUNTER_TYPE_ID = 9_102;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final long SETUP_TIMEOUT_MS = 30_000;
    /**
     * Seeding a million sessions on a shared 2-core box can stall the Aeron client's conductor thread for seconds
     * (young collections copying the new sessions while other processes hold the cores); the default 10 s
     * liveness timeout then closes the client under the core's pollers. A virtual run tolerates long stalls.
     */
    private static final long LIVENESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);

    /**
     * What to run.
     *
     * @param recipients     online virtual sessions (one member each).
     * @param edges          virtual edges.
     * @param loopsPerEdge   event loops per edge.
     * @param shards         core shards.
     * @param messages       measured messages.
     * @param warmup         warm-up messages before them.
     * @param contentBytes   message content bytes.
     * @param verifyIds      whether sinks also check message ids (slower per recipient).
     * @param messageTimeoutMs how long one message may take to reach every sink before the run fails.
     */
    record Settings(
        int recipients,
        int edges,
        int loopsPerEdge,
        int shards,
        int messages,
        int warmup,
        int contentBytes,
        boolean verifyIds,
        long messageTimeoutMs)
    {
        Settings
        {
            if (recipients < 1 || edges < 1 || loopsPerEdge < 1 || shards < 1 || shards > CoreRouting.MAX_SHARDS ||
                messages < 1 || warmup < 0 || contentBytes < 1 || contentBytes > 2_000 || messageTimeoutMs < 1)
            {
                throw new IllegalArgumentException("virtual fan-out settings out of range: recipients >= 1, " +
                    "edges >= 1, loops >= 1, 1 <= shards <= " + CoreRouting.MAX_SHARDS + ", messages >= 1, " +
                    "warm-up >= 0, 1 <= content bytes <= 2000, timeout >= 1 ms");
            }
            if (recipients > 1 << 22)
            {
                throw new IllegalArgumentException("at most " + (1 << 22) + " recipients, got " + recipients);
            }
        }

        int totalMessages()
        {
            return warmup + messages;
        }
    }

    private VirtualFanoutHarness()
    {
    }

    /**
     * @param settings what to run.
     * @param progress where progress lines go.
     * @return the measurements.
     * @throws Exception when set-up fails or a message does not reach every sink in time.
     */
    static VirtualFanoutResult run(final Settings settings, final PrintStream progress) throws Exception
    {
        final AtomicLong agentErrors = new AtomicLong();
        final ErrorHandler errorHandler = (throwable) ->
        {
            if (agentErrors.incrementAndGet() <= 5)
            {
                throwable.printStackTrace(progress);
            }
        };
        MediaDriver driver = null;
        Aeron aeron = null;
        CoreNode core = null;
        AtomicCounter controlRefused = null;
        AeronCoreLink control = null;
        AgentRunner controlPoller = null;
        final DefaultEventExecutor replies = new DefaultEventExecutor();
        final List<VirtualEdge> edges = new ArrayList<>();
        try
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .threadingMode(ThreadingMode.SHARED)
                .clientLivenessTimeoutNs(LIVENESS_TIMEOUT_NS)
                .publicationUnblockTimeoutNs(2 * LIVENESS_TIMEOUT_NS)
                .sharedIdleStrategy(CommonConfiguration.newIdleStrategy(DRIVER_IDLE_STRATEGY_PROP_NAME))
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true));
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .driverTimeoutMs(TimeUnit.NANOSECONDS.toMillis(LIVENESS_TIMEOUT_NS)));

            final int controlEdgeId = settings.edges() + 1;
            final int[] edgeIds = new int[settings.edges() + 1];
            for (int i = 0; i < edgeIds.length; i++)
            {
                edgeIds[i] = i + 1;
            }
            final CoreConfiguration.Context coreCtx = new CoreConfiguration.Context()
                .shards(settings.shards())
                .edges(edgeIds)
                .dataDir(null)
                .conclude();
            core = CoreNode.start(coreCtx, aeron, MessageStoreFactory.IN_MEMORY, errorHandler);

            controlRefused = aeron.addCounter(CONTROL_COUNTER_TYPE_ID, "virtual control edge: commands refused");
            final int shardCount = coreCtx.shards();
            control = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shardCount,
                coreCtx.edgeStreamBase(), controlEdgeId,
                (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shardCount), coreCtx.offerMaxRetries(),
                controlRefused);
            controlPoller = new AgentRunner(
                CommonConfiguration.newIdleStrategy(VirtualEdge.LINK_IDLE_STRATEGY_PROP_NAME), errorHandler, null,
                new CoreLinkPoller(control, ignoredDispatches(), (userId, generation) -> { }));
            AgentRunner.startOnThread(controlPoller);

            final VirtualGuild guild = createGuild(control, controlEdgeId, replies, core.shards(), settings);
            progress.printf("guild %d (channel %d) owned by %d; seeding %,d members over %d edge(s) x %d loop(s)%n",
                guild.guildId(), guild.channelId(), guild.ownerId(), settings.recipients(), settings.edges(),
                settings.loopsPerEdge());

            final long heapBefore = usedHeapAfterGc();
            final long[] sessionIds = new long[settings.recipients()];
            final VirtualSessionCore sessionCore = new VirtualSessionCore(guild, sessionIds);
            for (int e = 1; e <= settings.edges(); e++)
            {
                edges.add(new VirtualEdge(
                    e, settings.loopsPerEdge(), aeron, coreCtx, sessionCore, settings.verifyIds(), errorHandler));
            }
            final long seedEdgeStartNs = System.nanoTime();
            final List<CompletableFuture<Void>> opening = new ArrayList<>();
            final int[] perEdge = new int[settings.edges()];
            for (final VirtualEdge edge : edges)
            {
                final long[] userIds = usersOf(guild, edge.edgeId(), settings);
                perEdge[edge.edgeId() - 1] = userIds.length;
                opening.add(edge.openSessions(userIds));
            }
            final long seedTimeoutMs = Math.max(SETUP_TIMEOUT_MS, settings.recipients() / 5L);
            CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]))
                .get(seedTimeoutMs, TimeUnit.MILLISECONDS);
            for (final VirtualEdge edge : edges)
            {
                edge.awaitSessions(perEdge[edge.edgeId() - 1], seedTimeoutMs);
            }
            final long seedEdgeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seedEdgeStartNs);

            final long seedCoreStartNs = System.nanoTime();
            guild.seedCore(core.shards(), sessionIds);
            final long seedCoreMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seedCoreStartNs);
            progress.printf("seeded: %,d sessions opened by Identify on the edges in %,d ms; core members, " +
                "sessions and routes in %,d ms%n", settings.recipients(), seedEdgeMs, seedCoreMs);

            final long heapUsed = usedHeapAfterGc();
            final double heapPerRecipient = (double)(heapUsed - heapBefore) / settings.recipients();
            progress.printf("heap used %,d MiB (%.0f B per recipient), limit %,d MiB%n",
                heapUsed >> 20, heapPerRecipient, Runtime.getRuntime().maxMemory() >> 20);

            return measure(settings, core, control, controlEdgeId, replies, guild, edges, seedEdgeMs, seedCoreMs,
                heapUsed, heapPerRecipient, agentErrors, progress);
        }
        finally
        {
            for (final VirtualEdge edge : edges)
            {
                CloseHelper.quietClose(edge);
            }
            CloseHelper.closeAll(controlPoller, control, controlRefused, core, aeron, driver);
            replies.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static VirtualFanoutResult measure(
        final Settings settings,
        final CoreNode core,
        final AeronCoreLink control,
        final int controlEdgeId,
        final DefaultEventExecutor replies,
        final VirtualGuild guild,
        final List<VirtualEdge> edges,
        final long seedEdgeMs,
        final long seedCoreMs,
        final long heapUsed,
        final double heapPerRecipient,
        final AtomicLong agentErrors,
        final PrintStream progress) throws Exception
    {
        final int total = settings.totalMessages();
        for (final VirtualEdge edge : edges)
        {
            edge.arm(total, SETUP_TIMEOUT_MS);
        }
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[HEADER + 64 + settings.contentBytes()]);
        final CreateMessageEncoder encoder = new CreateMessageEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final AtomicLong okReplies = new AtomicLong();
        final CoreReplyHandler handler = new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
            {
                if (MessageCreatedDecoder.TEMPLATE_ID == templateId)
                {
                    okReplies.incrementAndGet();
                }
            }

            public void onTimeout()
            {
            }
        };
        final byte[] content = new byte[settings.contentBytes()];
        final long[] sentNs = new long[total];
        ThreadUsage before = null;
        long gcCountBefore = 0;
        long gcMsBefore = 0;
        for (int k = 0; k < total; k++)
        {
            if (k == settings.warmup())
            {
                for (final VirtualEdge edge : edges)
                {
                    edge.gateway().latencies().snapshot(GatewayLatencies.FANOUT);
                }
                gcCountBefore = gcCount();
                gcMsBefore = gcMs();
                before = ThreadUsage.snapshot();
                progress.printf("warm-up done (%d messages); measuring %d messages%n", settings.warmup(),
                    settings.messages());
            }
            fillContent(content, k);
            final long correlationId = control.nextCorrelationId();
            final int length = HEADER + encoder.wrapAndApplyHeader(frame, 0, header)
                .edgeId(controlEdgeId)
                .correlationId(correlationId)
                .userId(guild.ownerId())
                .channelId(guild.channelId())
                .referencedMessageId(0)
                .enforceNonce(BooleanType.FALSE)
                .nonce("")
                .putContent(content, 0, content.length)
                .encodedLength();
            sentNs[k] = System.nanoTime();
            if (!control.request(correlationId, frame, 0, length, replies, handler,
                settings.messageTimeoutMs()))
            {
                throw new IllegalStateException("message " + k + ": the core's command stream refused the offer");
            }
            awaitDelivered(edges, k, settings.messageTimeoutMs());
        }
        final ThreadUsage after = ThreadUsage.snapshot();
        final long gcCountDelta = gcCount() - gcCountBefore;
        final long gcMsDelta = gcMs() - gcMsBefore;
        double fanoutTaskNs = 0;
        for (final VirtualEdge edge : edges)
        {
            final Histogram fanout = edge.gateway().latencies().snapshot(GatewayLatencies.FANOUT);
            fanoutTaskNs += fanout.getMean() * fanout.getTotalCount();
        }

        final Histogram totalNs = new Histogram(3);
        final Histogram coreNs = new Histogram(3);
        final Histogram edgeNs = new Histogram(3);
        for (int k = settings.warmup(); k < total; k++)
        {
            long firstArrival = Long.MAX_VALUE;
            long lastWrite = Long.MIN_VALUE;
            for (final VirtualEdge edge : edges)
            {
                firstArrival = Math.min(firstArrival, edge.arrivalNs(k));
                lastWrite = Math.max(lastWrite, edge.lastWriteNs(k));
            }
            totalNs.recordValue(Math.max(0, lastWrite - sentNs[k]));
            coreNs.recordValue(Math.max(0, firstArrival - sentNs[k]));
            edgeNs.recordValue(Math.max(0, lastWrite - firstArrival));
        }

        long deliveries = 0;
        long orderErrors = 0;
        long wrongCount = 0;
        for (final VirtualEdge edge : edges)
        {
            for (final VirtualEdge.LoopReport report : edge.report(total, SETUP_TIMEOUT_MS))
            {
                deliveries += report.deliveries();
                orderErrors += report.errors();
                wrongCount += report.wrongCount();
            }
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (okReplies.get() < total && System.nanoTime() < deadlineNs)
        {
            Thread.sleep(1);
        }
        if (okReplies.get() < total)
        {
            throw new IllegalStateException(
                "the author's edge got " + okReplies.get() + " of " + total + " MESSAGE_CREATE replies");
        }

        final long measuredDeliveries = (long)settings.recipients() * settings.messages();
        final ThreadUsage.Usage edgeUsage = after.since(before, List.of(VirtualEdge.LOOP_THREAD_PREFIX));
        final ThreadUsage.Usage linkUsage = after.since(before, List.of(VirtualEdge.LINK_THREAD_NAME));
        final ThreadUsage.Usage coreUsage = after.since(before, List.of("core-"));
        final ThreadUsage.Usage all = after.since(before, List.of());
        return new VirtualFanoutResult(
            settings.recipients(), settings.edges(), settings.loopsPerEdge(), settings.shards(), settings.messages(),
            settings.warmup(), settings.contentBytes(), seedEdgeMs, seedCoreMs, heapUsed, heapPerRecipient,
            Runtime.getRuntime().maxMemory(),
            ms(totalNs, 50), ms(totalNs, 99), totalNs.getMaxValue() / 1e6,
            ms(coreNs, 50), ms(coreNs, 99), ms(edgeNs, 50), ms(edgeNs, 99),
            (double)edgeUsage.cpuNs() / measuredDeliveries,
            fanoutTaskNs / measuredDeliveries,
            linkUsage.cpuNs() / 1e3 / settings.messages(),
            coreUsage.cpuNs() / 1e3 / settings.messages(),
            (double)all.cpuNs() / measuredDeliveries,
            (double)all.allocatedBytes() / measuredDeliveries,
            (double)edgeUsage.allocatedBytes() / measuredDeliveries,
            gcCountDelta, gcMsDelta, deliveries, (long)settings.recipients() * total, orderErrors, wrongCount,
            core.errorCount() + agentErrors.get());
    }

    /**
     * Waits until message k reached every sink of every edge.
     */
    private static void awaitDelivered(final List<VirtualEdge> edges, final int k, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final VirtualEdge edge : edges)
        {
            while (edge.completed() <= k)
            {
                if (System.nanoTime() > deadlineNs)
                {
                    throw new IllegalStateException("message " + k + " did not reach every session of edge " +
                        edge.edgeId() + " within " + timeoutMs + " ms (lost deliveries, or the box is overloaded)");
                }
                LockSupport.parkNanos(20_000);
            }
        }
    }

    private static void fillContent(final byte[] content, final int k)
    {
        final byte[] prefix = ("virtual fan-out message " + k + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < content.length; i++)
        {
            content[i] = i < prefix.length ? prefix[i] : (byte)('a' + i % 26);
        }
    }

    private static long[] usersOf(final VirtualGuild guild, final int edgeId, final Settings settings)
    {
        final int count = settings.recipients() / settings.edges() +
            (edgeId - 1 < settings.recipients() % settings.edges() ? 1 : 0);
        final long[] userIds = new long[count];
        int n = 0;
        for (int i = edgeId - 1; i < settings.recipients(); i += settings.edges())
        {
            userIds[n++] = VirtualGuild.userId(i);
        }
        return userIds;
    }

    /**
     * Registers the author and creates the guild through the real core, then reads the guild's text channel and
     * {@code @everyone} permissions from its shard (the reply ordered those writes before this read).
     */
    private static VirtualGuild createGuild(
        final AeronCoreLink control,
        final int controlEdgeId,
        final DefaultEventExecutor replies,
        final List<GuildShard> shards,
        final Settings settings) throws Exception
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[512]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        final long registerId = control.nextCorrelationId();
        final int registerLength = HEADER + new RegisterUserEncoder().wrapAndApplyHeader(frame, 0, header)
            .edgeId(controlEdgeId)
            .correlationId(registerId)
            .bot(BooleanType.FALSE)
            .username("virtual-author-" + System.nanoTime())
            .passwordHash("virtual")
            .encodedLength();
        final UnsafeBuffer account = call(control, registerId, frame, registerLength, replies,
            AccountReplyDecoder.TEMPLATE_ID);
        final AccountReplyDecoder accountReply = new AccountReplyDecoder()
            .wrapAndApplyHeader(account, 0, headerDecoder);
        accountReply.edgeId();
        accountReply.correlationId();
        if (ReplyStatus.OK != accountReply.status())
        {
            throw new IllegalStateException("the core refused to register the author: " + accountReply.errorCode());
        }
        accountReply.errorCode();
        final long ownerId = accountReply.userId();

        final long createId = control.nextCorrelationId();
        final int createLength = HEADER + new CreateGuildEncoder().wrapAndApplyHeader(frame, 0, header)
            .edgeId(controlEdgeId)
            .correlationId(createId)
            .userId(ownerId)
            .guildId(0)
            .ownerBot(BooleanType.FALSE)
            .name(VirtualGuild.GUILD_NAME)
            .ownerName("")
            .encodedLength();
        final UnsafeBuffer snapshot = call(control, createId, frame, createLength, replies,
            GuildSnapshotDecoder.TEMPLATE_ID);
        final GuildSnapshotDecoder snapshotDecoder = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(snapshot, 0, headerDecoder);
        snapshotDecoder.edgeId();
        snapshotDecoder.correlationId();
        snapshotDecoder.sessionId();
        final long guildId = snapshotDecoder.guildId();

        final GuildShard shard = shards.get(CoreRouting.shardOfGuild(guildId, shards.size()));
        final Guild guild = shard.guild(guildId);
        long channelId = 0;
        for (final Channel channel : guild.channels())
        {
            if (Channel.GUILD_TEXT == channel.channelType())
            {
                channelId = channel.id();
                break;
            }
        }
        if (0 == channelId)
        {
            throw new IllegalStateException("the new guild " + guildId + " has no text channel");
        }
        return new VirtualGuild(guildId, channelId, ownerId, settings.recipients(), settings.edges(),
            guild.role(guildId).permissions());
    }

    /**
     * Sends a request and waits for its reply.
     *
     * @return a copy of the reply frame.
     */
    private static UnsafeBuffer call(
        final AeronCoreLink link,
        final long correlationId,
        final UnsafeBuffer frame,
        final int length,
        final DefaultEventExecutor executor,
        final int expectedTemplateId) throws Exception
    {
        final CompletableFuture<UnsafeBuffer> reply = new CompletableFuture<>();
        final CoreReplyHandler handler = new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
            {
                if (templateId != expectedTemplateId)
                {
                    reply.completeExceptionally(new IllegalStateException(
                        "the core answered template " + templateId + ", expected " + expectedTemplateId));
                    return;
                }
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                reply.complete(new UnsafeBuffer(copy));
            }

            public void onTimeout()
            {
                reply.completeExceptionally(new IllegalStateException("the core did not answer in time"));
            }
        };
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETUP_TIMEOUT_MS);
        while (!link.request(correlationId, frame, 0, length, executor, handler, SETUP_TIMEOUT_MS))
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the core's command stream did not accept set-up commands");
            }
            Thread.sleep(10);
        }
        return reply.get(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The control edge opens no gateway session: a listener that drops every call keeps it independent of the
     * listener interface, which grows with the gateway.
     */
    private static GatewayCoreListener ignoredDispatches()
    {
        return (GatewayCoreListener)Proxy.newProxyInstance(GatewayCoreListener.class.getClassLoader(),
            new Class<?>[]{ GatewayCoreListener.class }, (proxy, method, args) -> null);
    }

    private static long usedHeapAfterGc() throws InterruptedException
    {
        for (int i = 0; i < 2; i++)
        {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcMs()
    {
        long ms = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    private static double ms(final Histogram histogram, final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
