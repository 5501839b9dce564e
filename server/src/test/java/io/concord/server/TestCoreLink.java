package io.concord.server;

import io.aeron.Aeron;
import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.core.AeronCoreLink;
import io.concord.edge.core.CoreLinkPoller;
import io.concord.edge.core.CoreReplyHandler;
import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.MemberEvent;
import io.concord.edge.gateway.MessageEvent;
import io.concord.edge.gateway.PresenceEvent;
import io.concord.edge.gateway.RoleSnapshot;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second edge link into a running embedded server's core, as a REST edge would have, for tests that speak the SBE
 * protocol directly: encode a command into {@link #frame()}, then {@link #request(long, int)} waits for its reply.
 * Core dispatches to this edge are ignored. Used from the test thread only.
 */
final class TestCoreLink implements AutoCloseable
{
    private static final long REPLY_TIMEOUT_MS = 20_000;

    /**
     * A registered account.
     *
     * @param userId     its id.
     * @param generation its token generation.
     */
    record Account(long userId, int generation)
    {
    }

    private final int edgeId;
    private final Aeron aeron;
    private final AeronCoreLink link;
    private final Thread pollerThread;
    private final EventExecutor executor = new DefaultEventExecutor();
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private volatile boolean polling = true;

    /**
     * @param server the running server.
     * @param edgeId an edge id no real edge of the server uses.
     */
    TestCoreLink(final EmbeddedServer server, final int edgeId)
    {
        this.edgeId = edgeId;
        final CoreConfiguration.Context coreCtx = new CoreConfiguration.Context().conclude();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
        final AtomicCounter refused = new CountersManager(
            new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024])).newCounter("refused");
        final int shards = coreCtx.shards();
        link = new AeronCoreLink(aeron, coreCtx.channel(), coreCtx.commandStreamBase(), shards,
            coreCtx.edgeStreamBase(), edgeId, (buffer, offset) -> CoreRouting.shardOf(buffer, offset, shards),
            coreCtx.offerMaxRetries(), refused);
        final CoreLinkPoller poller = new CoreLinkPoller(link, new IgnoringGateway(), (userId, generation) -> { });
        pollerThread = new Thread(() ->
        {
            while (polling)
            {
                if (0 == poller.doWork())
                {
                    Thread.onSpinWait();
                }
            }
        }, "test-link-poller");
        pollerThread.start();
    }

    int edgeId()
    {
        return edgeId;
    }

    /**
     * @return the buffer a command is encoded into, at offset 0, header first.
     */
    UnsafeBuffer frame()
    {
        return frame;
    }

    MessageHeaderEncoder headerEncoder()
    {
        return headerEncoder;
    }

    long nextCorrelationId()
    {
        return link.nextCorrelationId();
    }

    /**
     * Sends the command in {@link #frame()} and waits for its reply.
     *
     * @param correlationId the command's correlation id.
     * @param bodyLength    the command's encoded length, header excluded.
     * @return a copy of the reply frame, header included.
     */
    DirectBuffer request(final long correlationId, final int bodyLength) throws Exception
    {
        final CompletableFuture<DirectBuffer> reply = new CompletableFuture<>();
        assertTrue(link.request(correlationId, frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength, executor,
            new CoreReplyHandler()
            {
                public void onReply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy);
                    reply.complete(new UnsafeBuffer(copy));
                }

                public void onTimeout()
                {
                    reply.completeExceptionally(new AssertionError("no reply from the core"));
                }
            }, REPLY_TIMEOUT_MS));
        return reply.get(REPLY_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a bot account directly in the core (no password hashing).
     *
     * @param name user name.
     * @return the account.
     */
    Account register(final String name) throws Exception
    {
        final long id = nextCorrelationId();
        final RegisterUserEncoder register = new RegisterUserEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(edgeId).correlationId(id).bot(BooleanType.TRUE)
            .username(name).passwordHash("$pbkdf2-sha512$i=1000$AAAA$AAAA");
        final DirectBuffer account = request(id, register.encodedLength());
        final AccountReplyDecoder reply = new AccountReplyDecoder()
            .wrapAndApplyHeader(account, 0, new MessageHeaderDecoder().wrap(account, 0));
        assertEquals(ReplyStatus.OK, reply.status());
        return new Account(reply.userId(), reply.tokenGeneration());
    }

    /**
     * Creates a guild owned by a bot.
     *
     * @param ownerId the owner.
     * @param name    guild name.
     * @return guild id and its first text channel (0 if it has none).
     */
    long[] createGuild(final long ownerId, final String name) throws Exception
    {
        final long id = nextCorrelationId();
        final CreateGuildEncoder create = new CreateGuildEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(edgeId).correlationId(id).userId(ownerId).guildId(0)
            .ownerBot(BooleanType.TRUE).name(name).ownerName("");
        final DirectBuffer guild = request(id, create.encodedLength());
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(guild, 0, new MessageHeaderDecoder().wrap(guild, 0));
        final long guildId = snapshot.guildId();
        snapshot.roles().forEach(GuildSnapshotDecoder.RolesDecoder::name);
        long textChannelId = 0;
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : snapshot.channels())
        {
            final long channelId = channel.channelId();
            final boolean text = 0 == channel.channelType().value();
            channel.overwrites().forEach(GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder::targetId);
            channel.name();
            channel.topic();
            if (text && 0 == textChannelId)
            {
                textChannelId = channelId;
            }
        }
        return new long[]{ guildId, textChannelId };
    }

    String createInvite(final long userId, final long channelId) throws Exception
    {
        final long id = nextCorrelationId();
        final CreateInviteEncoder create = new CreateInviteEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(edgeId).correlationId(id).userId(userId).channelId(channelId).maxAgeSeconds(0).maxUses(0);
        final DirectBuffer reply = request(id, create.encodedLength());
        return new InviteInfoDecoder()
            .wrapAndApplyHeader(reply, 0, new MessageHeaderDecoder().wrap(reply, 0)).code();
    }

    void acceptInvite(final long userId, final String code) throws Exception
    {
        final long id = nextCorrelationId();
        final AcceptInviteEncoder accept = new AcceptInviteEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(edgeId).correlationId(id).userId(userId).code(code);
        request(id, accept.encodedLength());
    }

    public void close()
    {
        polling = false;
        try
        {
            pollerThread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CloseHelper.closeAll(link, aeron);
    }

    private static final class IgnoringGateway implements GatewayCoreListener
    {
        public void onSubscriptionChanged(final long sessionId, final boolean subscribed, final long topicId)
        {
        }

        public void onMessageCreated(final MessageEvent event)
        {
        }

        public void onMessageUpdated(final MessageEvent event)
        {
        }

        public void onMessageDeleted(final long guildId, final long channelId, final long messageId)
        {
        }

        public void onTypingStarted(final long channelId, final long timestampMs, final MemberEvent member)
        {
        }

        public void onGuildCreated(final long sessionId, final GuildSnapshot guild)
        {
        }

        public void onGuildRemoved(final long sessionId, final long guildId)
        {
        }

        public void onGuildUpdated(final long guildId, final long ownerId, final String name)
        {
        }

        public void onChannelChanged(final int change, final long guildId, final ChannelSnapshot channel)
        {
        }

        public void onChannelVisibilityChanged(
            final boolean visible, final long guildId, final ChannelSnapshot channel, final long[] sessionIds,
            final int count)
        {
        }

        public void onRoleChanged(final int change, final long guildId, final RoleSnapshot role)
        {
        }

        public void onMemberChanged(final int change, final MemberEvent member)
        {
        }

        public void onMessagesBulkDeleted(
            final long guildId, final long channelId, final long[] messageIds, final int count)
        {
        }

        public void onPresenceUpdated(final PresenceEvent presence)
        {
        }
    }
}
