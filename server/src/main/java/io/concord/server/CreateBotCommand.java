package io.concord.server;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.auth.PasswordHasher;
import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.gateway.GatewayCoreListener;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code concord admin create-bot NAME}: registers a bot account with a running core and prints its user id and a
 * token. It joins the core's media driver ({@code --aeron-dir}) as an edge of its own ({@code --edge-id}, 900 by
 * default, so it never takes a serving edge's replies), sends one {@code RegisterUser} with the hash of a random
 * password nobody knows (the bot logs in by token), waits for the {@code AccountReply}, and signs a token with the
 * deployment's key ({@code <data-dir>/secrets/token.key}, the one the edges verify with). Every failure is one line on
 * stderr and a non-zero exit code: {@link #FAILED_EXIT_CODE} for a missing driver, a silent core or a taken name,
 * {@link ConcordMain#CONFIGURATION_ERROR_EXIT_CODE} for bad arguments or a missing key. Runs on the calling thread.
 */
@Command(name = "create-bot", mixinStandardHelpOptions = true,
    description = "Register a bot with a running core; prints {\"user_id\":…,\"token\":…}.")
final class CreateBotCommand implements Callable<Integer>
{
    static final int FAILED_EXIT_CODE = 1;
    static final int ADMIN_EDGE_ID_DEFAULT = 900;
    static final long TIMEOUT_MS_DEFAULT = 10_000;

    private static final int ADMIN_COUNTER_TYPE_ID = 4202;
    private static final int MIN_NAME_LENGTH = 2;
    private static final int MAX_NAME_LENGTH = 32;
    private static final long RETRY_PAUSE_MS = 10;

    @Mixin
    private ConfigOptions configOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The bot's username (2..32 characters).")
    private String name;

    @Mixin
    private AeronDirOption aeronDirOption;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Data dir holding the edges' token key, secrets/token.key (default ${DEFAULT-VALUE}).",
        defaultValue = ServerConfiguration.DATA_DIR_DEFAULT)
    private Path dataDir;

    @Option(names = "--edge-id", paramLabel = "ID",
        description = "Edge id this tool answers on; unused by any serving edge (default ${DEFAULT-VALUE}).",
        defaultValue = "" + ADMIN_EDGE_ID_DEFAULT)
    private int edgeId;

    @Option(names = "--shards", paramLabel = "S",
        description = "The core's shard count (default: concord.core.shards, else 1).")
    private Integer shards;

    @Option(names = "--timeout-ms", paramLabel = "MS",
        description = "How long to wait for the driver and the core (default ${DEFAULT-VALUE}).",
        defaultValue = "" + TIMEOUT_MS_DEFAULT)
    private long timeoutMs;

    /**
     * The core's answer, reduced to what this tool prints.
     */
    private record Account(ReplyStatus status, long errorCode, long userId, int tokenGeneration)
    {
    }

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final byte[] key;
        final CoreConfiguration.Context coreCtx;
        final String dir;
        try
        {
            configOptions.apply();
            if (null != shards)
            {
                System.setProperty(CoreConfiguration.SHARDS_PROP_NAME, Integer.toString(shards));
            }
            coreCtx = new CoreConfiguration.Context().conclude();
            checkName(name);
            if (edgeId < 0 || timeoutMs < 1)
            {
                throw new IllegalArgumentException("--edge-id must be >= 0 and --timeout-ms >= 1");
            }
            final Path keyFile = dataDir.resolve("secrets/token.key");
            if (!Files.isRegularFile(keyFile))
            {
                throw new IllegalArgumentException("no token key at " + keyFile.toAbsolutePath() +
                    ": --data-dir must name the data dir the edges use");
            }
            key = TokenKeys.loadOrCreate(keyFile);
            dir = aeronDirOption.resolve();
        }
        catch (final RuntimeException ex)
        {
            err.println("concord: create-bot: " + ex.getMessage());
            err.flush();
            return ConcordMain.CONFIGURATION_ERROR_EXIT_CODE;
        }

        if (!Files.exists(Paths.get(dir, CncFileDescriptor.CNC_FILE)))
        {
            return fail(err, "no media driver at " + dir + " (start concord serve, or concord media-driver and " +
                "concord core, and pass their --aeron-dir)");
        }
        final Aeron aeron;
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).driverTimeoutMs(timeoutMs));
        }
        catch (final RuntimeException ex)
        {
            return fail(err, "cannot reach the media driver at " + dir + ": " + ex.getMessage());
        }
        try
        {
            final Account account = register(aeron, coreCtx, passwordHash());
            if (null == account)
            {
                return fail(err, "no core answered within " + timeoutMs + " ms on " + dir +
                    " (is concord core or serve running there, with " + coreCtx.shards() + " shard(s)?)");
            }
            if (ReplyStatus.CONFLICT == account.status())
            {
                return fail(err, "the name '" + name + "' is already taken");
            }
            if (ReplyStatus.OK != account.status())
            {
                return fail(err, "the core refused the bot: " + account.status() + " (code " +
                    account.errorCode() + ")");
            }
            final String token = new TokenVerifier(key)
                .issue(account.userId(), account.tokenGeneration(), System.currentTimeMillis() / 1000);
            final PrintWriter out = spec.commandLine().getOut();
            out.println("{\"user_id\":\"" + Long.toUnsignedString(account.userId()) + "\",\"token\":\"" + token +
                "\"}");
            out.flush();
            return 0;
        }
        finally
        {
            aeron.close();
        }
    }

    private static void checkName(final String name)
    {
        if (name.length() < MIN_NAME_LENGTH || name.length() > MAX_NAME_LENGTH || !name.equals(name.strip()))
        {
            throw new IllegalArgumentException("NAME must be " + MIN_NAME_LENGTH + ".." + MAX_NAME_LENGTH +
                " characters without leading or trailing whitespace, was '" + name + "'");
        }
    }

    private static String passwordHash()
    {
        final byte[] password = new byte[32];
        new SecureRandom().nextBytes(password);
        return new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS)
            .hash(Base64.getUrlEncoder().withoutPadding().encodeToString(password));
    }

    /**
     * Sends the registration (retrying while the core's command stream is not connected) and polls for the reply.
     *
     * @return the core's answer, or null when none came within the timeout.
     */
    private Account register(final Aeron aeron, final CoreConfiguration.Context coreCtx, final String passwordHash)
    {
        final int shardCount = coreCtx.shards();
        final CompletableFuture<Account> reply = new CompletableFuture<>();
        final CoreReplyHandler handler = new CoreReplyHandler()
        {
            public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
            {
                if (AccountReplyDecoder.TEMPLATE_ID != templateId)
                {
                    reply.complete(new Account(ReplyStatus.NULL_VAL, templateId, 0, 0));
                    return;
                }
                final AccountReplyDecoder decoder = new AccountReplyDecoder()
                    .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
                decoder.edgeId();
                decoder.correlationId();
                final ReplyStatus status = decoder.status();
                final long errorCode = decoder.errorCode();
                final long userId = decoder.userId();
                final int generation = decoder.tokenGeneration();
                reply.complete(new Account(status, errorCode, userId, generation));
            }

            public void onTimeout()
            {
                reply.complete(null);
            }
        };

        final DefaultEventExecutor executor = new DefaultEventExecutor();
        AtomicCounter refused = null;
        AeronCoreLink link = null;
        try
        {
            refused = aeron.addCounter(ADMIN_COUNTER_TYPE_ID, "admin " + edgeId + ": commands refused");
            link = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shardCount,
                coreCtx.edgeStreamBase(), edgeId, (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shardCount),
                0, refused);
            final CoreLinkPoller poller = new CoreLinkPoller(link, ignoredDispatches(), (userId, gen) -> { });
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[1024]);
            // Not the link's counter (1, 2, ...): every run of this tool reuses the edge id, and a new subscriber to
            // the core's stream for it can start before a reply an earlier run had already read; a random id never
            // mistakes that stale reply for this run's.
            final long correlationId = (new SecureRandom().nextLong() & Long.MAX_VALUE) | 1L;
            final RegisterUserEncoder encoder = new RegisterUserEncoder()
                .wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
                .edgeId(edgeId)
                .correlationId(correlationId)
                .bot(BooleanType.TRUE)
                .username(name)
                .passwordHash(passwordHash);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

            final IdleStrategy idle = CommonConfiguration.newIdleStrategy(EdgeRole.LINK_IDLE_STRATEGY_PROP_NAME);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            long nextSendNs = System.nanoTime();
            boolean sent = false;
            while (!reply.isDone() && System.nanoTime() - deadlineNs < 0)
            {
                if (!sent && System.nanoTime() - nextSendNs >= 0)
                {
                    final long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
                    sent = link.request(correlationId, frame, 0, length, executor, handler, remainingMs);
                    nextSendNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS);
                }
                idle.idle(poller.doWork());
            }
            // The reply is handed to the executor by the poller: give it a moment to land after the last poll.
            return reply.completeOnTimeout(null, RETRY_PAUSE_MS, TimeUnit.MILLISECONDS).join();
        }
        finally
        {
            CloseHelper.closeAll(link, refused);
            executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * This tool opens no gateway session, so no dispatch is ever addressed to it: a proxy that drops every call keeps
     * it independent of the listener interface, which grows with the gateway.
     */
    private static GatewayCoreListener ignoredDispatches()
    {
        return (GatewayCoreListener)Proxy.newProxyInstance(GatewayCoreListener.class.getClassLoader(),
            new Class<?>[]{ GatewayCoreListener.class }, (proxy, method, args) -> null);
    }

    private static int fail(final PrintWriter err, final String message)
    {
        err.println("concord: create-bot: " + message);
        err.flush();
        return FAILED_EXIT_CODE;
    }
}
