package io.concord.bench.fanout;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.SeedMembersEncoder;
import io.concord.codecs.SeedMembersReplyDecoder;
import io.concord.codecs.SeedUsersEncoder;
import io.concord.common.CommonConfiguration;
import io.concord.core.CoreConfiguration;
import io.concord.core.CoreRouting;
import io.concord.edge.auth.PasswordHasher;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Seeds the guild of a fan-out run through the core's own commands, as an edge of its own ({@link #SEEDER_EDGE_ID})
 * on the core's media driver: registers the owner (one password hash, of a random password nobody knows: the owner
 * posts with a token), creates the guild, then adds the members in batches of {@link #BATCH}: {@code SeedMembers} to
 * the guild shard mints the users and makes them members, and its reply's user ids go, grouped by user shard, as
 * {@code SeedUsers} to their user shards, which store the user records and memberships. Up to {@link #WINDOW}
 * batches are in flight. No password is hashed per member and nothing goes through REST.
 * <p>
 * Used by one thread; polls the replies itself with the configured idle strategy.
 */
final class GuildSeeder implements AutoCloseable
{
    static final int SEEDER_EDGE_ID = 950;
    static final int BATCH = 1000;
    static final int WINDOW = 8;
    static final String IDLE_STRATEGY_PROP_NAME = "concord.bench.fanout.idle.strategy";

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int CORRELATION_OFFSET = HEADER + 4;

    private final int shards;
    private final long timeoutMs;
    private final Aeron aeron;
    private final Publication[] toShards;
    private final Subscription fromCore;
    private final FragmentHandler assembler;
    private final IdleStrategy idle = CommonConfiguration.newIdleStrategy(IDLE_STRATEGY_PROP_NAME);
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final long correlationBase = (new SecureRandom().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 1L;
    private long nextCorrelation;
    private long awaitedCorrelation;
    private byte[] awaitedReply;
    private ReplyListener listener;

    /**
     * The seeded guild.
     *
     * @param ownerId   the owner, who posts the measured messages.
     * @param guildId   the guild.
     * @param channelId its text channel ("general").
     * @param memberIds the members in index order (member i is named prefix + i).
     * @param seedMs    how long the bulk member seeding took (not counting owner and guild).
     */
    record SeededGuild(long ownerId, long guildId, long channelId, long[] memberIds, long seedMs)
    {
    }

    /**
     * Receives every reply frame while batches are in flight.
     */
    @FunctionalInterface
    private interface ReplyListener
    {
        void onReply(long correlationId, int templateId, DirectBuffer buffer, int offset, int length);
    }

    /**
     * @param aeronDir  the core's media driver directory.
     * @param shards    the core's shard count.
     * @param timeoutMs bound on every wait.
     */
    GuildSeeder(final String aeronDir, final int shards, final long timeoutMs)
    {
        this.shards = shards;
        this.timeoutMs = timeoutMs;
        final CoreConfiguration.Context core = new CoreConfiguration.Context();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
            .driverTimeoutMs(CommonConfiguration.aeronDriverTimeoutMs()));
        toShards = new Publication[shards];
        try
        {
            for (int i = 0; i < shards; i++)
            {
                toShards[i] = aeron.addPublication(core.channel(), core.commandStreamBase() + i);
            }
            fromCore = aeron.addSubscription(core.channel(), core.edgeStreamBase() + SEEDER_EDGE_ID);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(toShards);
            aeron.close();
            throw ex;
        }
        assembler = new FragmentAssembler((buffer, offset, length, header) -> onReply(buffer, offset, length));
    }

    /**
     * Registers the owner, creates the guild and seeds its members.
     *
     * @param runId      distinguishes this run's names from earlier runs' in the same data dir.
     * @param members    members to add besides the owner.
     * @param namePrefix member name prefix (member i is prefix + i), at most 20 characters.
     * @param progress   called with the number of members seeded so far, now and then.
     * @return the guild.
     * @throws IllegalStateException when the core refuses or does not answer in time.
     */
    SeededGuild seed(final String runId, final int members, final String namePrefix, final IntConsumer progress)
    {
        final long ownerId = registerOwner("fanout-owner-" + runId);
        final GuildSnapshotDecoder snapshot = createGuild(ownerId, "fanout " + runId);
        final long guildId = snapshot.guildId();
        long channelId = 0;
        for (final GuildSnapshotDecoder.RolesDecoder role : snapshot.roles())
        {
            role.name();
        }
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : snapshot.channels())
        {
            final boolean text = ChannelKind.GUILD_TEXT == channel.channelType();
            if (0 == channelId && text)
            {
                channelId = channel.channelId();
            }
            for (final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder overwrite : channel.overwrites())
            {
                overwrite.targetId();
            }
            channel.name();
            channel.topic();
        }
        if (0 == channelId)
        {
            throw new IllegalStateException("the new guild has no text channel");
        }

        final long startNs = System.nanoTime();
        final long[] memberIds = seedMembers(ownerId, guildId, members, namePrefix, progress);
        final long seedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        return new SeededGuild(ownerId, guildId, channelId, memberIds, seedMs);
    }

    /**
     * Progress callback.
     */
    @FunctionalInterface
    interface IntConsumer
    {
        void accept(int value);
    }

    private long registerOwner(final String username)
    {
        final byte[] password = new byte[32];
        new SecureRandom().nextBytes(password);
        final String hash = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS)
            .hash(Base64.getUrlEncoder().withoutPadding().encodeToString(password));
        final long correlationId = nextCorrelationId();
        final RegisterUserEncoder encoder = new RegisterUserEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(SEEDER_EDGE_ID).correlationId(correlationId).bot(BooleanType.TRUE)
            .username(username).passwordHash(hash);
        final UnsafeBuffer reply = request(correlationId, HEADER + encoder.encodedLength());
        headerDecoder.wrap(reply, 0);
        if (AccountReplyDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            throw refused("registering the owner", reply);
        }
        final AccountReplyDecoder account = new AccountReplyDecoder().wrapAndApplyHeader(reply, 0, headerDecoder);
        account.edgeId();
        account.correlationId();
        final ReplyStatus status = account.status();
        account.errorCode();
        if (ReplyStatus.OK != status)
        {
            throw new IllegalStateException("the core refused the owner '" + username + "': " + status);
        }
        return account.userId();
    }

    private GuildSnapshotDecoder createGuild(final long ownerId, final String name)
    {
        final long correlationId = nextCorrelationId();
        final CreateGuildEncoder encoder = new CreateGuildEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .edgeId(SEEDER_EDGE_ID).correlationId(correlationId).userId(ownerId).guildId(0)
            .ownerBot(BooleanType.TRUE).name(name).ownerName("");
        final UnsafeBuffer reply = request(correlationId, HEADER + encoder.encodedLength());
        headerDecoder.wrap(reply, 0);
        if (GuildSnapshotDecoder.TEMPLATE_ID != headerDecoder.templateId())
        {
            throw refused("creating the guild", reply);
        }
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(reply, 0, headerDecoder);
        snapshot.edgeId();
        snapshot.correlationId();
        snapshot.sessionId();
        return snapshot;
    }

    private long[] seedMembers(
        final long ownerId, final long guildId, final int members, final String prefix, final IntConsumer progress)
    {
        final long[] memberIds = new long[members];
        final int batches = (members + BATCH - 1) / BATCH;
        final long firstBatchCorrelation = nextCorrelation + correlationBase + 1;
        for (int b = 0; b < batches; b++)
        {
            nextCorrelationId();
        }
        final IntArrayList answeredBatches = new IntArrayList();
        final String[] failure = { null };
        final int[] userRepliesOk = { 0 };
        final SeedMembersReplyDecoder seedReply = new SeedMembersReplyDecoder();
        final CommandReplyDecoder commandReply = new CommandReplyDecoder();
        final MessageHeaderDecoder replyHeader = new MessageHeaderDecoder();
        final Int2ObjectHashMap<LongArrayList> byShardIds = new Int2ObjectHashMap<>();
        final Int2ObjectHashMap<IntArrayList> byShardIndex = new Int2ObjectHashMap<>();

        listener = (correlationId, templateId, buffer, offset, length) ->
        {
            final long relative = correlationId - firstBatchCorrelation;
            if (SeedMembersReplyDecoder.TEMPLATE_ID == templateId && relative >= 0 && relative < batches)
            {
                final int batch = (int)relative;
                seedReply.wrapAndApplyHeader(buffer, offset, replyHeader);
                seedReply.edgeId();
                seedReply.correlationId();
                seedReply.status();
                seedReply.errorCode();
                int index = batch * BATCH;
                for (final SeedMembersReplyDecoder.UsersDecoder user : seedReply.users())
                {
                    memberIds[index++] = user.userId();
                }
                answeredBatches.addInt(batch);
            }
            else if (CommandReplyDecoder.TEMPLATE_ID == templateId && relative >= 0)
            {
                commandReply.wrapAndApplyHeader(buffer, offset, replyHeader);
                commandReply.edgeId();
                commandReply.correlationId();
                final ReplyStatus status = commandReply.status();
                final long code = commandReply.errorCode();
                if (ReplyStatus.OK != status)
                {
                    failure[0] = "the core refused a seeding batch: " + status + " (code " + code + ")";
                }
                else if (relative >= batches)
                {
                    userRepliesOk[0]++;
                }
            }
        };
        try
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + members);
            long lastProgressNs = System.nanoTime();
            int sentBatches = 0;
            int membersDone = 0;
            int userRequests = 0;
            while (null == failure[0] && (membersDone < batches || userRepliesOk[0] < userRequests))
            {
                int work = 0;
                while (sentBatches < batches && sentBatches - membersDone < WINDOW)
                {
                    final int first = sentBatches * BATCH;
                    final SeedMembersEncoder encoder = new SeedMembersEncoder()
                        .wrapAndApplyHeader(frame, 0, headerEncoder)
                        .edgeId(SEEDER_EDGE_ID).correlationId(firstBatchCorrelation + sentBatches).guildId(guildId)
                        .ownerId(ownerId).firstIndex(first).count(Math.min(BATCH, members - first)).namePrefix(prefix);
                    offer(CoreRouting.shardOfGuild(guildId, shards), HEADER + encoder.encodedLength(), deadlineNs);
                    sentBatches++;
                    work++;
                }
                work += fromCore.poll(assembler, 16);
                while (!answeredBatches.isEmpty())
                {
                    // Sending may poll (back-pressure), which may append more answered batches: take from the end.
                    final int batch = answeredBatches.removeAt(answeredBatches.size() - 1);
                    final int from = batch * BATCH;
                    userRequests += sendSeedUsers(guildId, memberIds, from, Math.min(members, from + BATCH), prefix,
                        byShardIds, byShardIndex, deadlineNs);
                    membersDone++;
                    work++;
                }
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("seeding did not finish in time: " + membersDone + " of " +
                        batches + " member batches answered");
                }
                if (System.nanoTime() - lastProgressNs > TimeUnit.SECONDS.toNanos(2))
                {
                    lastProgressNs = System.nanoTime();
                    progress.accept(Math.min(members, membersDone * BATCH));
                }
                idle.idle(work);
            }
            if (null != failure[0])
            {
                throw new IllegalStateException(failure[0]);
            }
            return memberIds;
        }
        finally
        {
            listener = null;
        }
    }

    /**
     * Sends the user records of members [from, to) to their user shards, one SeedUsers per shard.
     *
     * @return requests sent.
     */
    private int sendSeedUsers(
        final long guildId,
        final long[] memberIds,
        final int from,
        final int to,
        final String prefix,
        final Int2ObjectHashMap<LongArrayList> byShardIds,
        final Int2ObjectHashMap<IntArrayList> byShardIndex,
        final long deadlineNs)
    {
        byShardIds.values().forEach(LongArrayList::clear);
        byShardIndex.values().forEach(IntArrayList::clear);
        for (int i = from; i < to; i++)
        {
            final int shard = CoreRouting.shardOfUser(memberIds[i], shards);
            byShardIds.computeIfAbsent(shard, (s) -> new LongArrayList()).addLong(memberIds[i]);
            byShardIndex.computeIfAbsent(shard, (s) -> new IntArrayList()).addInt(i);
        }
        int sent = 0;
        for (int shard = 0; shard < shards; shard++)
        {
            final LongArrayList ids = byShardIds.get(shard);
            if (null == ids || ids.isEmpty())
            {
                continue;
            }
            final IntArrayList indexes = byShardIndex.get(shard);
            final SeedUsersEncoder encoder = new SeedUsersEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
                .edgeId(SEEDER_EDGE_ID).correlationId(nextCorrelationId()).routingUserId(ids.getLong(0))
                .guildId(guildId);
            final SeedUsersEncoder.UsersEncoder group = encoder.usersCount(ids.size());
            for (int i = 0, n = ids.size(); i < n; i++)
            {
                group.next().userId(ids.getLong(i)).index(indexes.getInt(i));
            }
            encoder.namePrefix(prefix);
            offer(shard, HEADER + encoder.encodedLength(), deadlineNs);
            sent++;
        }
        return sent;
    }

    private long nextCorrelationId()
    {
        return correlationBase + ++nextCorrelation;
    }

    /**
     * Sends one command and waits for the frame that answers it.
     */
    private UnsafeBuffer request(final long correlationId, final int length)
    {
        final int shard = CoreRouting.shardOf(frame, 0, shards);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        offer(shard, length, deadlineNs);
        awaitedCorrelation = correlationId;
        awaitedReply = null;
        while (null == awaitedReply)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("the core did not answer within " + timeoutMs + " ms (is it running " +
                    "with " + shards + " shard(s) on this media driver?)");
            }
            idle.idle(fromCore.poll(assembler, 16));
        }
        return new UnsafeBuffer(awaitedReply);
    }

    private void offer(final int shard, final int length, final long deadlineNs)
    {
        while (true)
        {
            final long result = toShards[shard].offer(frame, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.CLOSED == result || Publication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("the publication to core shard " + shard + " is closed");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("core shard " + shard + " did not take a command in time (" +
                    (Publication.NOT_CONNECTED == result ? "not connected" : "back-pressured") + ")");
            }
            // Replies must keep flowing while the command stream is back-pressured, or the core could stall on us.
            idle.idle(fromCore.poll(assembler, 16));
        }
    }

    private void onReply(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < CORRELATION_OFFSET + 8)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int templateId = headerDecoder.templateId();
        final long correlationId = buffer.getLong(offset + CORRELATION_OFFSET, MessageHeaderDecoder.BYTE_ORDER);
        if (null != listener)
        {
            listener.onReply(correlationId, templateId, buffer, offset, length);
        }
        else if (correlationId == awaitedCorrelation)
        {
            awaitedReply = new byte[length];
            buffer.getBytes(offset, awaitedReply);
        }
    }

    private static IllegalStateException refused(final String what, final DirectBuffer reply)
    {
        final CommandReplyDecoder decoder = new CommandReplyDecoder()
            .wrapAndApplyHeader(reply, 0, new MessageHeaderDecoder());
        decoder.edgeId();
        decoder.correlationId();
        return new IllegalStateException("the core refused " + what + ": " + decoder.status() + " (code " +
            decoder.errorCode() + ")");
    }

    public void close()
    {
        CloseHelper.closeAll(fromCore);
        CloseHelper.closeAll(toShards);
        CloseHelper.close(aeron);
    }
}
