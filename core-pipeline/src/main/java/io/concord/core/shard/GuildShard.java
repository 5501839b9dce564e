package io.concord.core.shard;

import io.concord.codecs.AcceptInviteDecoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.AccountReplyEncoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.BulkDeleteMessagesDecoder;
import io.concord.codecs.ChangeMemberRoleDecoder;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelChangedEncoder;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.CommandReplyEncoder;
import io.concord.codecs.CreateChannelDecoder;
import io.concord.codecs.CreateGuildDecoder;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteDecoder;
import io.concord.codecs.CreateMessageDecoder;
import io.concord.codecs.CreateRoleDecoder;
import io.concord.codecs.CredentialsFoundDecoder;
import io.concord.codecs.CredentialsFoundEncoder;
import io.concord.codecs.DeleteChannelDecoder;
import io.concord.codecs.DeleteGuildDecoder;
import io.concord.codecs.DeleteInviteDecoder;
import io.concord.codecs.DeleteMessageDecoder;
import io.concord.codecs.DeleteOverwriteDecoder;
import io.concord.codecs.DeleteRoleDecoder;
import io.concord.codecs.DmOpenDecoder;
import io.concord.codecs.DmRecipientAddedDecoder;
import io.concord.codecs.EditMessageDecoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.GetChannelDecoder;
import io.concord.codecs.GetGuildDecoder;
import io.concord.codecs.GetMessageReactionsDecoder;
import io.concord.codecs.GetReactionUsersDecoder;
import io.concord.codecs.GetUserDecoder;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildChangedEncoder;
import io.concord.codecs.GuildSnapshotEncoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryRequestDecoder;
import io.concord.codecs.HistoryResponseEncoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.InviteInfoEncoder;
import io.concord.codecs.JoinGuildDecoder;
import io.concord.codecs.JoinGuildEncoder;
import io.concord.codecs.LinkProbeDecoder;
import io.concord.codecs.ListUserGuildsDecoder;
import io.concord.codecs.LookupCredentialsDecoder;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MemberChangedEncoder;
import io.concord.codecs.MembershipChangedDecoder;
import io.concord.codecs.MembershipChangedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessagesBulkDeletedEncoder;
import io.concord.codecs.OpenDmDecoder;
import io.concord.codecs.OverwriteKind;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.RequestGuildMembersDecoder;
import io.concord.codecs.PresenceUpdateDecoder;
import io.concord.codecs.PresenceUpdatedDecoder;
import io.concord.codecs.PresenceUpdatedEncoder;
import io.concord.codecs.PutOverwriteDecoder;
import io.concord.codecs.ReactToMessageDecoder;
import io.concord.codecs.ReadyEncoder;
import io.concord.codecs.RegisterUserDecoder;
import io.concord.codecs.RemoveMemberDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.ResolveInviteDecoder;
import io.concord.codecs.SeedMembersDecoder;
import io.concord.codecs.SeedMembersReplyEncoder;
import io.concord.codecs.SeedUsersDecoder;
import io.concord.codecs.RevokeTokensDecoder;
import io.concord.codecs.RoleChangedDecoder;
import io.concord.codecs.RoleChangedEncoder;
import io.concord.codecs.SessionClosedDecoder;
import io.concord.codecs.SessionDmDecoder;
import io.concord.codecs.SessionGuildDecoder;
import io.concord.codecs.SessionGuildEncoder;
import io.concord.codecs.SessionOpenedDecoder;
import io.concord.codecs.StorageCompletedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedEncoder;
import io.concord.codecs.TokensRevokedEncoder;
import io.concord.codecs.TopicKind;
import io.concord.codecs.TriggerTypingDecoder;
import io.concord.codecs.TypingStartedEncoder;
import io.concord.codecs.UpdateChannelDecoder;
import io.concord.codecs.UpdateGuildDecoder;
import io.concord.codecs.UpdateMemberDecoder;
import io.concord.codecs.UpdateRoleDecoder;
import io.concord.codecs.UserCreatedDecoder;
import io.concord.codecs.UserGuildsHopDecoder;
import io.concord.codecs.UserCreatedEncoder;
import io.concord.core.CoreRouting;
import io.concord.core.presence.GuildPresences;
import io.concord.core.presence.MemberChunker;
import io.concord.common.PresenceTopics;
import io.concord.core.presence.ShardTimerWheel;
import io.concord.core.presence.TypingTimers;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.Account;
import io.concord.core.state.Channel;
import io.concord.core.state.DmChannel;
import io.concord.core.state.Guild;
import io.concord.core.state.GuildSession;
import io.concord.core.state.Invite;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import io.concord.core.state.Role;
import io.concord.core.state.User;
import io.concord.core.storage.MessageStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SnowflakeIdGenerator;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * The single writer of one shard: the guilds whose {@code (guildId >> 22) % shards} is this shard (with their roles,
 * channels, overwrites, members, invites, subscribed sessions and topic routes), the users whose
 * {@code (userId >> 22) % shards} is this shard (records, guild lists, open sessions, token generations), and the
 * accounts whose username hashes here. Commands that span a user and a guild hop between shards as SBE messages.
 * <p>
 * Input: {@link #onFrame(DirectBuffer, int, int)} with any SBE frame of the protocol (edge command, shard hop, storage
 * completion). Output: {@link ShardOutbound}. Time comes only from the injected {@link EpochClock}, so a shard fed
 * the same frames with the same clock produces the same ids and output.
 * <p>
 * Only the shard's thread may call any method. Message commands allocate nothing in steady state; metadata
 * commands (guild/channel/role/member/invite/account changes) may allocate.
 * <p>
 * Persisted records (key: SBE message): {@code u:<userId>} AccountReply (no hash), {@code a:<login>} AccountReply
 * (with hash), {@code ug:<userId>:<guildId>} MembershipChanged, {@code g:<guildId>} GuildChanged,
 * {@code r:<guildId>:<roleId>} RoleChanged, {@code c:<channelId>} ChannelChanged, {@code m:<guildId>:<userId>}
 * MemberChanged, {@code i:<inviteId>} InviteInfo, {@code x:<channelId>:<messageId>:<userId>:<emoji>} ReactionRecord
 * (see {@link ReactionHandler}); direct messages add theirs (see {@link DirectMessages}).
 */
public final class GuildShard
{
    /**
     * Discord error codes used in replies.
     */
    public static final int UNKNOWN_CHANNEL = 10003;
    public static final int UNKNOWN_GUILD = 10004;
    public static final int UNKNOWN_INVITE = 10006;
    public static final int UNKNOWN_MEMBER = 10007;
    public static final int UNKNOWN_MESSAGE = 10008;
    public static final int UNKNOWN_ROLE = 10011;
    public static final int UNKNOWN_USER = 10013;
    public static final int SLOWMODE_RATE_LIMITED = 20016;
    public static final int MAX_CHANNELS_REACHED = 30013;
    public static final int MISSING_ACCESS = 50001;
    public static final int NOT_AUTHOR = 50005;
    public static final int EMPTY_MESSAGE = 50006;
    public static final int NOT_TEXT_CHANNEL = 50008;
    public static final int MISSING_PERMISSIONS = 50013;
    public static final int BULK_DELETE_COUNT = 50016;
    public static final int INVALID_FORM_BODY = 50035;
    public static final int INVALID_GUILD = 50055;
    public static final int USERNAME_TAKEN = 50035;
    public static final int OVERLOADED = 0;

    public static final int MAX_CONTENT_UTF16 = 2000;
    public static final int MAX_CHANNELS = 500;
    public static final int DEFAULT_LARGE_THRESHOLD = 250;
    public static final long TYPING_TTL_MS = 10_000;
    public static final long PRESENCE_WINDOW_MS = 1_000;
    public static final long GUILD_PRESENCES_INTENT = 1L << 8;
    public static final int MAX_ONLINE_MEMBERS_IN_SNAPSHOT = 100;
    public static final int LARGE_GUILD_ONLINE_LIMIT = 75_000;
    public static final int MAX_MENTIONS = 20;
    /**
     * Most members one SeedMembers may add (its reply carries one user id each).
     */
    public static final int SEED_BATCH_MAX = 1000;
    public static final int SEED_PREFIX_MAX = 20;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int EDGE_ID_OFFSET = HEADER;
    private static final int CORRELATION_OFFSET = HEADER + 4;
    private static final ByteOrder ORDER = MessageHeaderEncoder.BYTE_ORDER;
    private static final int UPDATE_NAME = 1;
    private static final int UPDATE_TOPIC = 2;
    private static final int UPDATE_POSITION = 4;
    private static final int UPDATE_PARENT = 8;
    private static final int UPDATE_RATE_LIMIT = 16;
    private static final int ROLE_NAME = 1;
    private static final int ROLE_PERMISSIONS = 2;
    private static final int ROLE_COLOR = 4;
    private static final int ROLE_POSITION = 8;
    private static final int ROLE_HOIST = 16;
    private static final int ROLE_MENTIONABLE = 32;

    private final int shardId;
    private final int shardCount;
    private final EpochClock clock;
    private final SnowflakeIdGenerator ids;
    private final ShardOutbound outbound;
    private final MessageStore messageStore;
    private final MetadataStore metadata;
    private final ShardCounters counters;

    private final Long2ObjectHashMap<Guild> guilds = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Channel> channels = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Invite> invites = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<User> users = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ArrayList<UserSession>> userSessions = new Long2ObjectHashMap<>();
    private final HashMap<String, Account> accounts = new HashMap<>();
    private final IntHashSet knownEdges = new IntHashSet();
    private final TopicRoutes routes = new TopicRoutes();
    private final ChannelVisibility visibility = new ChannelVisibility(routes, this::send);
    private final ReactionHandler reactions;
    private final DirectMessages dms;
    private final UserGuildLists userGuildLists;
    private final MemberUpdates memberUpdates;
    private final InviteDispatches inviteDispatches;
    private final PresenceAggregator presenceAggregator;
    private final GuildPresences guildPresences = new GuildPresences();
    private final TypingTimers typingTimers;
    private final MemberChunker memberChunker;

    private final PendingOp[] pendingOps;
    private final int[] freeSlots;
    private int freeCount;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(64 * 1024);
    private final ExpandableDirectByteBuffer aux = new ExpandableDirectByteBuffer(8 * 1024);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer view2 = new UnsafeBuffer(0, 0);
    private final LongArrayList added = new LongArrayList();
    private final LongArrayList removed = new LongArrayList();

    private final CreateMessageDecoder createMessage = new CreateMessageDecoder();
    private final EditMessageDecoder editMessage = new EditMessageDecoder();
    private final DeleteMessageDecoder deleteMessage = new DeleteMessageDecoder();
    private final BulkDeleteMessagesDecoder bulkDelete = new BulkDeleteMessagesDecoder();
    private final HistoryRequestDecoder historyRequest = new HistoryRequestDecoder();
    private final TriggerTypingDecoder triggerTyping = new TriggerTypingDecoder();
    private final StorageCompletedDecoder storageCompleted = new StorageCompletedDecoder();
    private final SessionOpenedDecoder sessionOpened = new SessionOpenedDecoder();
    private final SessionClosedDecoder sessionClosed = new SessionClosedDecoder();
    private final SessionGuildDecoder sessionGuild = new SessionGuildDecoder();
    private final CreateGuildDecoder createGuild = new CreateGuildDecoder();
    private final GetGuildDecoder getGuild = new GetGuildDecoder();
    private final DeleteGuildDecoder deleteGuild = new DeleteGuildDecoder();
    private final UpdateGuildDecoder updateGuild = new UpdateGuildDecoder();
    private final CreateChannelDecoder createChannel = new CreateChannelDecoder();
    private final UpdateChannelDecoder updateChannel = new UpdateChannelDecoder();
    private final DeleteChannelDecoder deleteChannel = new DeleteChannelDecoder();
    private final GetChannelDecoder getChannel = new GetChannelDecoder();
    private final PutOverwriteDecoder putOverwrite = new PutOverwriteDecoder();
    private final DeleteOverwriteDecoder deleteOverwrite = new DeleteOverwriteDecoder();
    private final CreateRoleDecoder createRole = new CreateRoleDecoder();
    private final UpdateRoleDecoder updateRole = new UpdateRoleDecoder();
    private final DeleteRoleDecoder deleteRole = new DeleteRoleDecoder();
    private final ChangeMemberRoleDecoder changeMemberRole = new ChangeMemberRoleDecoder();
    private final UpdateMemberDecoder updateMember = new UpdateMemberDecoder();
    private final RemoveMemberDecoder removeMember = new RemoveMemberDecoder();
    private final CreateInviteDecoder createInvite = new CreateInviteDecoder();
    private final ResolveInviteDecoder resolveInvite = new ResolveInviteDecoder();
    private final DeleteInviteDecoder deleteInvite = new DeleteInviteDecoder();
    private final AcceptInviteDecoder acceptInvite = new AcceptInviteDecoder();
    private final JoinGuildDecoder joinGuild = new JoinGuildDecoder();
    private final MembershipChangedDecoder membershipChanged = new MembershipChangedDecoder();
    private final RegisterUserDecoder registerUser = new RegisterUserDecoder();
    private final UserCreatedDecoder userCreated = new UserCreatedDecoder();
    private final LookupCredentialsDecoder lookupCredentials = new LookupCredentialsDecoder();
    private final CredentialsFoundDecoder credentialsFound = new CredentialsFoundDecoder();
    private final RevokeTokensDecoder revokeTokens = new RevokeTokensDecoder();
    private final GetUserDecoder getUser = new GetUserDecoder();
    private final PresenceUpdateDecoder presenceUpdate = new PresenceUpdateDecoder();
    private final SeedMembersDecoder seedMembers = new SeedMembersDecoder();
    private final SeedUsersDecoder seedUsers = new SeedUsersDecoder();
    private final SeedMembersReplyEncoder seedMembersReplyEncoder = new SeedMembersReplyEncoder();
    private final RequestGuildMembersDecoder requestGuildMembers = new RequestGuildMembersDecoder();
    private final LinkProbeDecoder linkProbe = new LinkProbeDecoder();
    private final AccountReplyDecoder accountRecord = new AccountReplyDecoder();
    private final GuildChangedDecoder guildRecord = new GuildChangedDecoder();
    private final RoleChangedDecoder roleRecord = new RoleChangedDecoder();
    private final ChannelChangedDecoder channelRecord = new ChannelChangedDecoder();
    private final MemberChangedDecoder memberRecord = new MemberChangedDecoder();
    private final InviteInfoDecoder inviteRecord = new InviteInfoDecoder();
    private final OpenDmDecoder openDm = new OpenDmDecoder();
    private final DmOpenDecoder dmOpen = new DmOpenDecoder();
    private final DmRecipientAddedDecoder dmRecipientAdded = new DmRecipientAddedDecoder();
    private final SessionDmDecoder sessionDm = new SessionDmDecoder();
    private final ListUserGuildsDecoder listUserGuilds = new ListUserGuildsDecoder();
    private final UserGuildsHopDecoder userGuildsHop = new UserGuildsHopDecoder();

    private final MessageRecords messageRecords = new MessageRecords();
    private final MessagesBulkDeletedEncoder bulkDeletedEncoder = new MessagesBulkDeletedEncoder();
    private final HistoryResponseEncoder historyResponseEncoder = new HistoryResponseEncoder();
    private final TypingStartedEncoder typingStartedEncoder = new TypingStartedEncoder();
    private final CommandReplyEncoder commandReplyEncoder = new CommandReplyEncoder();
    private final SubscriptionChangedEncoder subscriptionEncoder = new SubscriptionChangedEncoder();
    private final ReadyEncoder readyEncoder = new ReadyEncoder();
    private final GuildSnapshotEncoder snapshotEncoder = new GuildSnapshotEncoder();
    private final GuildChangedEncoder guildChangedEncoder = new GuildChangedEncoder();
    private final ChannelChangedEncoder channelChangedEncoder = new ChannelChangedEncoder();
    private final RoleChangedEncoder roleChangedEncoder = new RoleChangedEncoder();
    private final MemberChangedEncoder memberChangedEncoder = new MemberChangedEncoder();
    private final InviteInfoEncoder inviteInfoEncoder = new InviteInfoEncoder();
    private final AccountReplyEncoder accountReplyEncoder = new AccountReplyEncoder();
    private final TokensRevokedEncoder tokensRevokedEncoder = new TokensRevokedEncoder();
    private final CreateGuildEncoder createGuildEncoder = new CreateGuildEncoder();
    private final JoinGuildEncoder joinGuildEncoder = new JoinGuildEncoder();
    private final MembershipChangedEncoder membershipChangedEncoder = new MembershipChangedEncoder();
    private final SessionGuildEncoder sessionGuildEncoder = new SessionGuildEncoder();
    private final UserCreatedEncoder userCreatedEncoder = new UserCreatedEncoder();
    private final CredentialsFoundEncoder credentialsFoundEncoder = new CredentialsFoundEncoder();

    /**
     * @param shardId        this shard, {@code [0, shardCount)}.
     * @param shardCount     shards in the deployment, at most {@link CoreRouting#MAX_SHARDS}.
     * @param nodeId         core node, at most {@link CoreRouting#MAX_NODES} - 1.
     * @param clock          the only source of time.
     * @param outbound       where frames go.
     * @param messageStore   message storage port.
     * @param metadata       durable metadata; restored from in the constructor.
     * @param counters       this shard's counters.
     * @param pendingOpLimit storage operations in flight at most; more are refused with OVERLOADED.
     * @param maxFrameLength largest frame accepted (bounds the pending dispatch buffers).
     */
    public GuildShard(
        final int shardId,
        final int shardCount,
        final int nodeId,
        final EpochClock clock,
        final ShardOutbound outbound,
        final MessageStore messageStore,
        final MetadataStore metadata,
        final ShardCounters counters,
        final int pendingOpLimit,
        final int maxFrameLength)
    {
        this(shardId, shardCount, nodeId, clock, outbound, messageStore, metadata, counters, pendingOpLimit,
            maxFrameLength, PRESENCE_WINDOW_MS, TYPING_TTL_MS);
    }

    /**
     * @param shardId          this shard, {@code [0, shardCount)}.
     * @param shardCount       shards in the deployment, at most {@link CoreRouting#MAX_SHARDS}.
     * @param nodeId           core node, at most {@link CoreRouting#MAX_NODES} - 1.
     * @param clock            the only source of time.
     * @param outbound         where frames go.
     * @param messageStore     message storage port.
     * @param metadata         durable metadata; restored from in the constructor.
     * @param counters         this shard's counters.
     * @param pendingOpLimit   storage operations in flight at most; more are refused with OVERLOADED.
     * @param maxFrameLength   largest frame accepted (bounds the pending dispatch buffers).
     * @param presenceWindowMs presence coalescing window per user, 0 for none.
     * @param typingTtlMs      how long a TYPING_START lasts (repeats inside it are not fanned out).
     */
    public GuildShard(
        final int shardId,
        final int shardCount,
        final int nodeId,
        final EpochClock clock,
        final ShardOutbound outbound,
        final MessageStore messageStore,
        final MetadataStore metadata,
        final ShardCounters counters,
        final int pendingOpLimit,
        final int maxFrameLength,
        final long presenceWindowMs,
        final long typingTtlMs)
    {
        if (shardCount < 1 || shardCount > CoreRouting.MAX_SHARDS || shardId < 0 || shardId >= shardCount)
        {
            throw new IllegalArgumentException("shard " + shardId + " of " + shardCount + " is out of range (1.." +
                CoreRouting.MAX_SHARDS + " shards)");
        }
        if (nodeId < 0 || nodeId >= CoreRouting.MAX_NODES)
        {
            throw new IllegalArgumentException("node id " + nodeId + " must be in [0, " + CoreRouting.MAX_NODES + ")");
        }
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.clock = clock;
        this.ids = new SnowflakeIdGenerator(
            10, 12, CoreRouting.workerId(nodeId, shardId), CoreRouting.DISCORD_EPOCH_MS, clock);
        this.outbound = outbound;
        this.messageStore = messageStore;
        this.metadata = metadata;
        this.counters = counters;
        this.presenceAggregator = new PresenceAggregator(
            shardCount, outbound, presenceWindowMs, clock.time(), users, userSessions);
        this.typingTimers = new TypingTimers(typingTtlMs, new ShardTimerWheel(clock.time()));
        this.memberChunker = new MemberChunker(maxFrameLength, this::send);

        pendingOps = new PendingOp[pendingOpLimit];
        freeSlots = new int[pendingOpLimit];
        for (int i = 0; i < pendingOpLimit; i++)
        {
            pendingOps[i] = new PendingOp(i, maxFrameLength + 1024);
            freeSlots[i] = pendingOpLimit - 1 - i;
        }
        freeCount = pendingOpLimit;
        reactions = new ReactionHandler(guilds, channels, metadata, routes, outbound, counters,
            this::dmChannel);
        dms = new DirectMessages(this, shardCount, ids, clock, outbound, messageStore, metadata, counters, routes);
        userGuildLists = new UserGuildLists(this, shardId, shardCount, outbound);
        memberUpdates = new MemberUpdates(this, clock);
        inviteDispatches = new InviteDispatches(this);

        restore();
    }

    public int shardId()
    {
        return shardId;
    }

    /**
     * The shard's duty cycle between frames: ends the presence coalescing windows and typing indicators that are due.
     * Called by the shard's thread after each batch of frames and on the poller's idle ticks.
     *
     * @return timers fired.
     */
    public int doWork()
    {
        final long nowMs = clock.time();
        return presenceAggregator.poll(nowMs) + typingTimers.poll(nowMs);
    }

    /**
     * @return PresenceUpdated states this shard published as a user shard (each goes to every guild of its user).
     */
    public long presencesPublished()
    {
        return presenceAggregator.publishedCount();
    }

    /**
     * @return typing indicators live in this shard.
     */
    public long typingActive()
    {
        return typingTimers.activeCount();
    }

    /**
     * Registers an edge that must receive broadcasts (token revocations) even before it sends anything.
     *
     * @param edgeId an edge.
     */
    public void addKnownEdge(final int edgeId)
    {
        knownEdges.add(edgeId);
    }

    /**
     * Applies one SBE frame. Malformed frames (too short, unknown template, fields out of range) are counted and
     * answered with INVALID where the frame says who asked; they never change state or escape as exceptions.
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.events().incrementRelease();
        if (length < HEADER)
        {
            counters.malformed().incrementRelease();
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || length < HEADER + header.blockLength())
        {
            counters.malformed().incrementRelease();
            return;
        }
        try
        {
            dispatch(header.templateId(), buffer, offset, length);
        }
        catch (final IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException ex)
        {
            // A frame whose var-length fields run past its end, or that breaks SBE's field order: reject, keep going.
            counters.malformed().incrementRelease();
        }
    }

    private void dispatch(final int templateId, final DirectBuffer buffer, final int offset, final int frameLength)
    {
        switch (templateId)
        {
            case CreateMessageDecoder.TEMPLATE_ID:
                onCreateMessage(createMessage.wrapAndApplyHeader(buffer, offset, header));
                break;
            case EditMessageDecoder.TEMPLATE_ID:
                onEditMessage(editMessage.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteMessageDecoder.TEMPLATE_ID:
                onDeleteMessage(deleteMessage.wrapAndApplyHeader(buffer, offset, header));
                break;
            case BulkDeleteMessagesDecoder.TEMPLATE_ID:
                onBulkDelete(bulkDelete.wrapAndApplyHeader(buffer, offset, header));
                break;
            case HistoryRequestDecoder.TEMPLATE_ID:
                onHistoryRequest(historyRequest.wrapAndApplyHeader(buffer, offset, header));
                break;
            case TriggerTypingDecoder.TEMPLATE_ID:
                onTriggerTyping(triggerTyping.wrapAndApplyHeader(buffer, offset, header));
                break;
            case StorageCompletedDecoder.TEMPLATE_ID:
                onStorageCompleted(storageCompleted.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SessionOpenedDecoder.TEMPLATE_ID:
                onSessionOpened(sessionOpened.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SessionClosedDecoder.TEMPLATE_ID:
                onSessionClosed(sessionClosed.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SessionGuildDecoder.TEMPLATE_ID:
                onSessionGuild(sessionGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CreateGuildDecoder.TEMPLATE_ID:
                onCreateGuild(createGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case GetGuildDecoder.TEMPLATE_ID:
                onGetGuild(getGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteGuildDecoder.TEMPLATE_ID:
                onDeleteGuild(deleteGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UpdateGuildDecoder.TEMPLATE_ID:
                onUpdateGuild(updateGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CreateChannelDecoder.TEMPLATE_ID:
                onCreateChannel(createChannel.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UpdateChannelDecoder.TEMPLATE_ID:
                onUpdateChannel(updateChannel.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteChannelDecoder.TEMPLATE_ID:
                onDeleteChannel(deleteChannel.wrapAndApplyHeader(buffer, offset, header));
                break;
            case GetChannelDecoder.TEMPLATE_ID:
                onGetChannel(getChannel.wrapAndApplyHeader(buffer, offset, header));
                break;
            case PutOverwriteDecoder.TEMPLATE_ID:
                onPutOverwrite(putOverwrite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteOverwriteDecoder.TEMPLATE_ID:
                onDeleteOverwrite(deleteOverwrite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CreateRoleDecoder.TEMPLATE_ID:
                onCreateRole(createRole.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UpdateRoleDecoder.TEMPLATE_ID:
                onUpdateRole(updateRole.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteRoleDecoder.TEMPLATE_ID:
                onDeleteRole(deleteRole.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ChangeMemberRoleDecoder.TEMPLATE_ID:
                onChangeMemberRole(changeMemberRole.wrapAndApplyHeader(buffer, offset, header));
                break;
            case RemoveMemberDecoder.TEMPLATE_ID:
                onRemoveMember(removeMember.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UpdateMemberDecoder.TEMPLATE_ID:
                memberUpdates.onUpdateMember(updateMember.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CreateInviteDecoder.TEMPLATE_ID:
                onCreateInvite(createInvite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ResolveInviteDecoder.TEMPLATE_ID:
                onResolveInvite(resolveInvite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DeleteInviteDecoder.TEMPLATE_ID:
                onDeleteInvite(deleteInvite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case AcceptInviteDecoder.TEMPLATE_ID:
                onAcceptInvite(acceptInvite.wrapAndApplyHeader(buffer, offset, header));
                break;
            case JoinGuildDecoder.TEMPLATE_ID:
                onJoinGuild(joinGuild.wrapAndApplyHeader(buffer, offset, header));
                break;
            case MembershipChangedDecoder.TEMPLATE_ID:
                onMembershipChanged(membershipChanged.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SeedMembersDecoder.TEMPLATE_ID:
                onSeedMembers(seedMembers.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SeedUsersDecoder.TEMPLATE_ID:
                onSeedUsers(seedUsers.wrapAndApplyHeader(buffer, offset, header));
                break;
            case RegisterUserDecoder.TEMPLATE_ID:
                onRegisterUser(registerUser.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UserCreatedDecoder.TEMPLATE_ID:
                onUserCreated(userCreated.wrapAndApplyHeader(buffer, offset, header));
                break;
            case LookupCredentialsDecoder.TEMPLATE_ID:
                onLookupCredentials(lookupCredentials.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CredentialsFoundDecoder.TEMPLATE_ID:
                onCredentialsFound(credentialsFound.wrapAndApplyHeader(buffer, offset, header));
                break;
            case RevokeTokensDecoder.TEMPLATE_ID:
                onRevokeTokens(revokeTokens.wrapAndApplyHeader(buffer, offset, header));
                break;
            case GetUserDecoder.TEMPLATE_ID:
                onGetUser(getUser.wrapAndApplyHeader(buffer, offset, header));
                break;
            case PresenceUpdateDecoder.TEMPLATE_ID:
                onPresenceUpdate(presenceUpdate.wrapAndApplyHeader(buffer, offset, header));
                break;
            case PresenceUpdatedDecoder.TEMPLATE_ID:
                onPresenceUpdated(buffer, offset, frameLength);
                break;
            case ReactToMessageDecoder.TEMPLATE_ID:
            case GetReactionUsersDecoder.TEMPLATE_ID:
            case GetMessageReactionsDecoder.TEMPLATE_ID:
                reactions.onCommand(templateId, buffer, offset, header);
                break;
            case OpenDmDecoder.TEMPLATE_ID:
                dms.onOpenDm(openDm.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DmOpenDecoder.TEMPLATE_ID:
                dms.onDmOpen(dmOpen.wrapAndApplyHeader(buffer, offset, header));
                break;
            case DmRecipientAddedDecoder.TEMPLATE_ID:
                dms.onDmRecipientAdded(dmRecipientAdded.wrapAndApplyHeader(buffer, offset, header));
                break;
            case SessionDmDecoder.TEMPLATE_ID:
                dms.onSessionDm(sessionDm.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ListUserGuildsDecoder.TEMPLATE_ID:
                userGuildLists.onListUserGuilds(listUserGuilds.wrapAndApplyHeader(buffer, offset, header));
                break;
            case UserGuildsHopDecoder.TEMPLATE_ID:
                userGuildLists.onUserGuildsHop(userGuildsHop.wrapAndApplyHeader(buffer, offset, header));
                break;
            case RequestGuildMembersDecoder.TEMPLATE_ID:
                onRequestGuildMembers(requestGuildMembers.wrapAndApplyHeader(buffer, offset, header));
                break;
            case LinkProbeDecoder.TEMPLATE_ID:
                onLinkProbe(linkProbe.wrapAndApplyHeader(buffer, offset, header));
                break;
            default:
                counters.malformed().incrementRelease();
                break;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Messages: the hot path.

    private void onCreateMessage(final CreateMessageDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long referencedMessageId = cmd.referencedMessageId();
        cmd.enforceNonce();
        knownEdges.add(edgeId);

        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.onCreateMessage(cmd, edgeId, correlationId, userId, channelId, referencedMessageId);
            return;
        }
        if (channel.channelType() != Channel.GUILD_TEXT)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, NOT_TEXT_CHANNEL);
            return;
        }
        final Guild guild = guilds.get(channel.guildId());
        final Member member = guild.member(userId);
        final long permissions = permissionsNow(guild, member, channel);
        if (!checkChannelAccess(edgeId, correlationId, permissions, Permissions.SEND_MESSAGES))
        {
            return;
        }

        cmd.wrapNonce(view);
        cmd.wrapContent(view2);
        final int contentLength = view2.capacity();
        final int contentError = contentErrorCode(view2, view.capacity());
        if (0 != contentError)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, contentError);
            return;
        }

        if (0 == (permissions & (Permissions.MANAGE_MESSAGES | Permissions.MANAGE_CHANNELS |
            Permissions.BYPASS_SLOWMODE)) && channel.trySlowmode(userId, clock.time()) > 0)
        {
            reply(edgeId, correlationId, ReplyStatus.RATE_LIMITED, SLOWMODE_RATE_LIMITED);
            return;
        }

        final PendingOp op = claimOp(edgeId, correlationId, PendingOp.CREATE, channelId);
        if (null == op)
        {
            return;
        }

        final long messageId = ids.nextId();
        final boolean mentionEveryone = Permissions.has(permissions, Permissions.MENTION_EVERYONE) &&
            containsEveryone(view2, contentLength);
        typingTimers.onMessageSent(channelId, userId);
        messageRecords.encodeCreated(op, guild.id(), channelId, messageId, userId, referencedMessageId,
            mentionEveryone, member.bot(), member.usernameUtf8(), view, view2);

        if (MessageStore.ACCEPTED !=
            messageStore.append(op.token(), channelId, messageId, op.frame, 0, op.frameLength))
        {
            refuse(op);
        }
    }

    private void onEditMessage(final EditMessageDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long messageId = cmd.messageId();
        knownEdges.add(edgeId);

        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.onEditMessage(cmd, edgeId, correlationId, userId, channelId, messageId);
            return;
        }
        final Guild guild = guilds.get(channel.guildId());
        final Member member = guild.member(userId);
        final long permissions = permissionsIn(guild, member, channel);
        if (!checkChannelAccess(edgeId, correlationId, permissions, 0))
        {
            return;
        }
        cmd.wrapContent(view2);
        final int contentLength = view2.capacity();
        final int contentError = contentErrorCode(view2, 0);
        if (0 != contentError)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, contentError);
            return;
        }

        final PendingOp op = claimOp(edgeId, correlationId, PendingOp.EDIT, channelId);
        if (null == op)
        {
            return;
        }
        final long nowMs = clock.time();
        messageRecords.encodeUpdated(
            op, guild.id(), channelId, messageId, userId, nowMs, member.bot(), member.usernameUtf8(), view2);

        if (MessageStore.ACCEPTED !=
            messageStore.edit(op.token(), channelId, messageId, userId, nowMs, view2, 0, contentLength))
        {
            refuse(op);
        }
    }

    private void onDeleteMessage(final DeleteMessageDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long messageId = cmd.messageId();
        knownEdges.add(edgeId);

        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.onDeleteMessage(edgeId, correlationId, userId, channelId, messageId);
            return;
        }
        final long permissions = permissionsIn(channel, userId);
        if (!checkChannelAccess(edgeId, correlationId, permissions, 0))
        {
            return;
        }

        final PendingOp op = claimOp(edgeId, correlationId, PendingOp.DELETE, channelId);
        if (null == op)
        {
            return;
        }
        messageRecords.encodeDeleted(op, channel.guildId(), channelId, messageId);

        final long requiredAuthor = Permissions.has(permissions, Permissions.MANAGE_MESSAGES) ? 0 : userId;
        if (MessageStore.ACCEPTED != messageStore.delete(op.token(), channelId, messageId, requiredAuthor))
        {
            refuse(op);
        }
    }

    private void onBulkDelete(final BulkDeleteMessagesDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        knownEdges.add(edgeId);

        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.MANAGE_MESSAGES);
        if (null == channel)
        {
            return;
        }

        final BulkDeleteMessagesDecoder.MessagesDecoder messages = cmd.messages();
        final int count = messages.count();
        if (count < 2 || count > 100)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, BULK_DELETE_COUNT);
            return;
        }
        final long oldestAllowed = (clock.time() - CoreRouting.DISCORD_EPOCH_MS - 14L * 24 * 3600 * 1000) << 22;
        added.clear();
        while (messages.hasNext())
        {
            final long messageId = messages.next().messageId();
            if (added.containsLong(messageId) || messageId < oldestAllowed)
            {
                added.clear();
                reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
                return;
            }
            added.addLong(messageId);
        }

        final PendingOp op = claimOp(edgeId, correlationId, PendingOp.BULK_DELETE, channelId);
        if (null == op)
        {
            added.clear();
            return;
        }
        final MessagesBulkDeletedEncoder.MessagesEncoder group = bulkDeletedEncoder
            .wrapAndApplyHeader(op.frame, 0, headerEncoder)
            .edgeId(0).correlationId(0).guildId(channel.guildId()).channelId(channelId)
            .messagesCount(count);
        for (int i = 0; i < count; i++)
        {
            group.next().messageId(added.getLong(i));
        }
        op.frameLength = HEADER + bulkDeletedEncoder.encodedLength();
        op.remaining = count;

        for (int i = 0; i < count; i++)
        {
            if (MessageStore.ACCEPTED != messageStore.delete(op.token(), channelId, added.getLong(i), 0))
            {
                // Deletes already accepted still complete against this op; the refusal makes the reply OVERLOADED.
                op.failures++;
                op.remaining -= count - i;
                break;
            }
        }
        added.clear();
        if (0 == op.remaining)
        {
            refuse(op);
        }
    }

    private void onHistoryRequest(final HistoryRequestDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final HistoryDirection direction = cmd.direction();
        final long anchorId = cmd.anchorId();
        final int pageSize = cmd.pageSize();
        knownEdges.add(edgeId);

        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.onHistoryRequest(edgeId, correlationId, userId, channelId, direction, anchorId, pageSize);
            return;
        }
        if (HistoryDirection.NULL_VAL == direction || pageSize < 1 || pageSize > 100)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final long permissions = permissionsIn(channel, userId);
        if (!checkChannelAccess(edgeId, correlationId, permissions, 0))
        {
            return;
        }
        if (!Permissions.has(permissions, Permissions.READ_MESSAGE_HISTORY))
        {
            historyResponseEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
                .edgeId(edgeId).correlationId(correlationId).status(ReplyStatus.OK)
                .guildId(channel.guildId()).channelId(channelId).messagesCount(0);
            send(edgeId, aux, HEADER + historyResponseEncoder.encodedLength());
            return;
        }
        if (MessageStore.ACCEPTED != messageStore.readHistory(
            edgeId, correlationId, channel.guildId(), channelId, direction, anchorId, pageSize))
        {
            replyOverloaded(edgeId, correlationId);
        }
    }

    private void onTriggerTyping(final TriggerTypingDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        knownEdges.add(edgeId);

        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.onTriggerTyping(edgeId, correlationId, userId, channelId);
            return;
        }
        final Guild guild = guilds.get(channel.guildId());
        final Member member = guild.member(userId);
        final long permissions = permissionsNow(guild, member, channel);
        if (!checkChannelAccess(edgeId, correlationId, permissions, Permissions.SEND_MESSAGES))
        {
            return;
        }
        final long nowMs = clock.time();
        if (typingTimers.onTyping(channelId, userId, nowMs))
        {
            final TypingStartedEncoder.RolesEncoder roleGroup = typingStartedEncoder
                .wrapAndApplyHeader(out, 0, headerEncoder)
                .edgeId(0).guildId(guild.id()).channelId(channelId).userId(userId).timestampMs(nowMs)
                .joinedAtMs(member.joinedAtMs()).bot(bool(member.bot()))
                .rolesCount(member.roleCount());
            final long[] roleIds = member.roleIds();
            for (int i = 0, n = member.roleCount(); i < n; i++)
            {
                roleGroup.next().roleId(roleIds[i]);
            }
            typingStartedEncoder.putUsername(member.usernameUtf8(), 0, member.usernameUtf8().length)
                .putNick(member.nickUtf8(), 0, member.nickUtf8().length);
            toTopic(channelId, out, HEADER + typingStartedEncoder.encodedLength(), -1, 0, false);
        }
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private void onStorageCompleted(final StorageCompletedDecoder completion)
    {
        final long token = completion.token();
        final ReplyStatus status = completion.status();
        final long latencyNs = completion.latencyNs();
        counters.storageCompletions().incrementRelease();
        counters.storageLatencyTotalNs().getAndAddRelease(latencyNs);
        counters.storageLatencyMaxNs().proposeMaxRelease(latencyNs);

        final int slot = (int)(token & 0xFFFF);
        if (slot >= pendingOps.length)
        {
            counters.malformed().incrementRelease();
            return;
        }
        final PendingOp op = pendingOps[slot];
        if (!op.inUse || op.generation != (int)(token >>> 16))
        {
            counters.malformed().incrementRelease();
            return;
        }

        if (PendingOp.BULK_DELETE == op.kind)
        {
            op.remaining--;
            if (ReplyStatus.OK != status && ReplyStatus.NOT_FOUND != status)
            {
                op.failures++;
            }
            if (op.remaining > 0)
            {
                return;
            }
            if (0 == op.failures)
            {
                reactions.onMessagesDeleted(op.frame, op.frameLength);
                toTopic(op.channelId, op.frame, op.frameLength, op.edgeId, 0, true);
                reply(op.edgeId, op.correlationId, ReplyStatus.OK, 0);
            }
            else
            {
                reply(op.edgeId, op.correlationId, ReplyStatus.OVERLOADED, OVERLOADED);
            }
            releaseOp(op);
            return;
        }

        switch (status)
        {
            case OK:
                if (PendingOp.DELETE == op.kind)
                {
                    reactions.onMessagesDeleted(op.frame, op.frameLength);
                    toTopic(op.channelId, op.frame, op.frameLength, op.edgeId, 0, true);
                    reply(op.edgeId, op.correlationId, ReplyStatus.OK, 0);
                }
                else
                {
                    if (PendingOp.CREATE == op.kind)
                    {
                        dms.onMessageDurable(op.channelId, op.frame);
                    }
                    toTopic(op.channelId, op.frame, op.frameLength, op.edgeId, op.correlationId, true);
                }
                break;
            case NOT_FOUND:
                reply(op.edgeId, op.correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_MESSAGE);
                break;
            case FORBIDDEN:
                reply(op.edgeId, op.correlationId, ReplyStatus.FORBIDDEN,
                    PendingOp.EDIT == op.kind ? NOT_AUTHOR : MISSING_PERMISSIONS);
                break;
            default:
                reply(op.edgeId, op.correlationId, ReplyStatus.OVERLOADED, OVERLOADED);
                break;
        }
        releaseOp(op);
    }

    PendingOp claimOp(final int edgeId, final long correlationId, final int kind, final long channelId)
    {
        if (0 == freeCount)
        {
            replyOverloaded(edgeId, correlationId);
            return null;
        }
        final PendingOp op = pendingOps[freeSlots[--freeCount]];
        op.inUse = true;
        op.generation = (op.generation + 1) & 0x7FFF_FFFF;
        op.kind = kind;
        op.edgeId = edgeId;
        op.correlationId = correlationId;
        op.channelId = channelId;
        op.remaining = 1;
        op.failures = 0;
        return op;
    }

    private void releaseOp(final PendingOp op)
    {
        op.inUse = false;
        freeSlots[freeCount++] = op.slot;
    }

    /**
     * Gives back an op whose storage operation the store refused, and answers its command OVERLOADED.
     */
    void refuse(final PendingOp op)
    {
        releaseOp(op);
        replyOverloaded(op.edgeId, op.correlationId);
    }

    /**
     * Counts a command turned away for lack of room (pending ops or the store's queue) and answers it OVERLOADED.
     */
    void replyOverloaded(final int edgeId, final long correlationId)
    {
        counters.overloaded().incrementRelease();
        reply(edgeId, correlationId, ReplyStatus.OVERLOADED, OVERLOADED);
    }

    /**
     * @return storage operations in flight.
     */
    public int pendingOpCount()
    {
        return pendingOps.length - freeCount;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sessions and subscriptions.

    private void onSessionOpened(final SessionOpenedDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long userId = cmd.userId();
        final long intents = cmd.intents();
        final int gatewayShardId = cmd.shardId();
        final int gatewayShardCount = cmd.shardCount();
        final int largeThreshold = cmd.largeThreshold();
        final PresenceStatus status = cmd.status();
        knownEdges.add(edgeId);

        final User user = users.get(userId);
        if (null == user || (gatewayShardCount > 0 && gatewayShardId >= gatewayShardCount))
        {
            // READY with user 0: the edge closes the session (4004 authentication failed / 4010 invalid shard).
            readyEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
                .edgeId(edgeId).sessionId(sessionId).userId(0).bot(BooleanType.FALSE).guildsCount(0);
            readyEncoder.username("");
            send(edgeId, aux, HEADER + readyEncoder.encodedLength());
            return;
        }

        final UserSession session = new UserSession(edgeId, sessionId, gatewayShardId, gatewayShardCount,
            0 == largeThreshold ? DEFAULT_LARGE_THRESHOLD : largeThreshold, intents,
            PresenceStatus.NULL_VAL == status ? PresenceStatus.ONLINE : status);
        presenceAggregator.onSessionOpened(session);
        ArrayList<UserSession> sessions = userSessions.get(userId);
        if (null == sessions)
        {
            sessions = new ArrayList<>(2);
            userSessions.put(userId, sessions);
        }
        sessions.add(session);

        dms.onSessionOpened(session, userId);
        added.clear();
        final LongHashSet.LongIterator it = user.guildIds().iterator();
        while (it.hasNext())
        {
            final long guildId = it.nextValue();
            if (session.covers(guildId))
            {
                added.addLong(guildId);
            }
        }
        final ReadyEncoder.GuildsEncoder group = readyEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).bot(user.bot() ? BooleanType.TRUE : BooleanType.FALSE)
            .guildsCount(added.size());
        for (int i = 0, n = added.size(); i < n; i++)
        {
            group.next().guildId(added.getLong(i));
        }
        readyEncoder.putUsername(user.usernameUtf8(), 0, user.usernameUtf8().length);
        send(edgeId, aux, HEADER + readyEncoder.encodedLength());

        for (int i = 0, n = added.size(); i < n; i++)
        {
            sendSessionGuild(session, userId, added.getLong(i), SubscriptionAction.SUBSCRIBE);
        }
        added.clear();
        presenceAggregator.onSessionsChanged(user, clock.time());
    }

    private void onSessionClosed(final SessionClosedDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long userId = cmd.userId();

        final ArrayList<UserSession> sessions = userSessions.get(userId);
        final User user = users.get(userId);
        if (null == sessions || null == user)
        {
            return;
        }
        for (int i = 0; i < sessions.size(); i++)
        {
            final UserSession session = sessions.get(i);
            if (session.edgeId == edgeId && session.sessionId == sessionId)
            {
                sessions.remove(i);
                dms.onSessionClosed(session, userId);
                final LongHashSet.LongIterator it = user.guildIds().iterator();
                while (it.hasNext())
                {
                    final long guildId = it.nextValue();
                    if (session.covers(guildId))
                    {
                        sendSessionGuild(session, userId, guildId, SubscriptionAction.UNSUBSCRIBE);
                    }
                }
                break;
            }
        }
        if (sessions.isEmpty())
        {
            userSessions.remove(userId);
        }
        presenceAggregator.onSessionsChanged(user, clock.time());
    }

    private void onPresenceUpdate(final PresenceUpdateDecoder cmd)
    {
        final long sinceMs = cmd.sinceMs();
        final boolean afk = BooleanType.TRUE == cmd.afk();
        if (!presenceAggregator.onPresenceUpdate(cmd, sinceMs, afk, clock.time()))
        {
            counters.malformed().incrementRelease();
        }
    }

    private void onPresenceUpdated(final DirectBuffer buffer, final int offset, final int length)
    {
        final long guildId = buffer.getLong(offset + HEADER + PresenceUpdatedEncoder.guildIdEncodingOffset(), ORDER);
        final long userId = buffer.getLong(offset + HEADER + PresenceUpdatedEncoder.userIdEncodingOffset(), ORDER);
        final int status = buffer.getByte(offset + HEADER + PresenceUpdatedEncoder.statusEncodingOffset()) & 0xFF;
        final Guild guild = guilds.get(guildId);
        if (null == guild || null == guild.member(userId))
        {
            return;
        }
        guildPresences.onPresence(guildId, userId, status);
        out.putBytes(0, buffer, offset, length);
        toTopic(PresenceTopics.presenceTopicOf(guildId), out, length, -1, 0, false);
    }

    /**
     * An edge proving its link: the answer travels the edge's stream, which this opens if it never had.
     */
    private void onLinkProbe(final LinkProbeDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        knownEdges.add(edgeId);
        reply(edgeId, cmd.correlationId(), ReplyStatus.OK, 0);
    }

    private void onRequestGuildMembers(final RequestGuildMembersDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long guildId = cmd.guildId();
        knownEdges.add(edgeId);
        final Guild guild = guilds.get(guildId);
        final GuildSession session = null == guild ? null : guild.session(edgeId, sessionId);
        if (null == session || session.userId() != cmd.userId())
        {
            // Discord ignores op 8 for a guild the session is not in.
            return;
        }
        if (BooleanType.TRUE == cmd.presences() && !session.presenceSubscribed())
        {
            subscribePresences(session, guildId);
        }
        memberChunker.onRequest(cmd, guild, guildPresences);
    }

    private void subscribePresences(final GuildSession session, final long guildId)
    {
        final long topicId = PresenceTopics.presenceTopicOf(guildId);
        session.presenceSubscribed(true);
        routes.add(topicId, session.edgeId());
        added.clear();
        added.addLong(topicId);
        sendSubscription(session, SubscriptionAction.SUBSCRIBE, added, false);
        added.clear();
    }

    private void sendSessionGuild(
        final UserSession session, final long userId, final long guildId, final SubscriptionAction action)
    {
        sessionGuildEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(session.edgeId)
            .sessionId(session.sessionId)
            .userId(userId)
            .guildId(guildId)
            .action(action)
            .largeThreshold(session.largeThreshold)
            .intents(session.intents);
        outbound.toShard(
            CoreRouting.shardOfGuild(guildId, shardCount), aux, 0, HEADER + sessionGuildEncoder.encodedLength());
    }

    private void onSessionGuild(final SessionGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final SubscriptionAction action = cmd.action();
        final int largeThreshold = cmd.largeThreshold();
        final long intents = cmd.intents();

        final Guild guild = guilds.get(guildId);
        if (null == guild)
        {
            return;
        }
        if (SubscriptionAction.SUBSCRIBE == action)
        {
            final Member member = guild.member(userId);
            if (null == member || null != guild.session(edgeId, sessionId))
            {
                return;
            }
            final GuildSession session = new GuildSession(edgeId, sessionId, userId).intents(intents);
            guild.addSession(session);
            routes.add(guildId, edgeId);
            added.clear();
            added.addLong(guildId);
            final List<Channel> guildChannels = guild.channels();
            for (int i = 0, n = guildChannels.size(); i < n; i++)
            {
                final Channel channel = guildChannels.get(i);
                if (0 != Permissions.inChannel(guild, member, channel))
                {
                    session.channelIds().add(channel.id());
                    routes.add(channel.id(), edgeId);
                    added.addLong(channel.id());
                }
            }
            sendSubscription(session, SubscriptionAction.SUBSCRIBE, added, true);
            added.clear();
            if (0 != (intents & GUILD_PRESENCES_INTENT) && guild.memberCount() <= largeThreshold)
            {
                subscribePresences(session, guildId);
            }
            final int length = encodeSnapshot(guild, edgeId, 0, sessionId, userId, largeThreshold);
            send(edgeId, out, length);
        }
        else if (SubscriptionAction.UNSUBSCRIBE == action)
        {
            final GuildSession session = guild.session(edgeId, sessionId);
            if (null != session)
            {
                dropSession(guild, session);
            }
        }
    }

    /**
     * Removes a session from a guild: every topic it had goes, and its edge is told (an UNSUBSCRIBE that includes
     * the GUILD topic means GUILD_DELETE for that session).
     */
    private void dropSession(final Guild guild, final GuildSession session)
    {
        guild.removeSession(session);
        removed.clear();
        removed.addLong(guild.id());
        routes.remove(guild.id(), session.edgeId());
        final LongHashSet.LongIterator it = session.channelIds().iterator();
        while (it.hasNext())
        {
            final long channelId = it.nextValue();
            routes.remove(channelId, session.edgeId());
            removed.addLong(channelId);
        }
        session.channelIds().clear();
        if (session.presenceSubscribed())
        {
            session.presenceSubscribed(false);
            routes.remove(PresenceTopics.presenceTopicOf(guild.id()), session.edgeId());
            removed.addLong(PresenceTopics.presenceTopicOf(guild.id()));
        }
        sendSubscription(session, SubscriptionAction.UNSUBSCRIBE, removed, true);
        removed.clear();
    }

    /**
     * Recomputes which channels the sessions of one user (or of everyone, for userId 0) may view: sessions losing a
     * channel get CHANNEL_DELETE and leave its topic, sessions gaining one join it and get CHANNEL_CREATE.
     */
    private void refreshSessions(final Guild guild, final long userId)
    {
        visibility.refresh(guild, userId);
    }

    private void sendSubscription(
        final GuildSession session,
        final SubscriptionAction action,
        final LongArrayList topics,
        final boolean firstIsGuild)
    {
        if (topics.isEmpty())
        {
            return;
        }
        final SubscriptionChangedEncoder.TopicsEncoder group = subscriptionEncoder
            .wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(session.edgeId())
            .sessionId(session.sessionId())
            .action(action)
            .topicsCount(topics.size());
        for (int i = 0, n = topics.size(); i < n; i++)
        {
            group.next().kind(0 == i && firstIsGuild ? TopicKind.GUILD : TopicKind.CHANNEL).topicId(topics.getLong(i));
        }
        send(session.edgeId(), aux, HEADER + subscriptionEncoder.encodedLength());
    }

    private int encodeSnapshot(
        final Guild guild,
        final int edgeId,
        final long correlationId,
        final long sessionId,
        final long viewerId,
        final int largeThreshold)
    {
        final boolean large = guild.memberCount() > largeThreshold;
        snapshotEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .sessionId(sessionId)
            .guildId(guild.id())
            .ownerId(guild.ownerId())
            .memberCount(guild.memberCount())
            .large(large ? BooleanType.TRUE : BooleanType.FALSE);

        final List<Role> roles = guild.roles();
        final GuildSnapshotEncoder.RolesEncoder roleGroup = snapshotEncoder.rolesCount(roles.size());
        for (int i = 0, n = roles.size(); i < n; i++)
        {
            final Role role = roles.get(i);
            roleGroup.next()
                .roleId(role.id())
                .permissions(role.permissions())
                .color(role.color())
                .position(role.position())
                .hoist(bool(role.hoist()))
                .mentionable(bool(role.mentionable()))
                .name(role.name());
        }

        // A session's GUILD_CREATE lists only the channels its member can view (the same rule as its channel topics);
        // REST answers (sessionId 0) list every channel.
        final Member sessionViewer = 0 == sessionId ? null : guild.member(viewerId);
        final List<Channel> guildChannels = guild.channels();
        int listed = 0;
        for (int i = 0, n = guildChannels.size(); i < n; i++)
        {
            listed += lists(guild, sessionId, sessionViewer, guildChannels.get(i)) ? 1 : 0;
        }
        final GuildSnapshotEncoder.ChannelsEncoder channelGroup = snapshotEncoder.channelsCount(listed);
        for (int i = 0, n = guildChannels.size(); i < n; i++)
        {
            final Channel channel = guildChannels.get(i);
            if (!lists(guild, sessionId, sessionViewer, channel))
            {
                continue;
            }
            channelGroup.next()
                .channelId(channel.id())
                .channelType(channelKind(channel.channelType()))
                .parentId(channel.parentId())
                .position(channel.position())
                .rateLimitPerUser(channel.rateLimitPerUser());
            final List<io.concord.core.state.Overwrite> overwrites = channel.overwrites();
            final GuildSnapshotEncoder.ChannelsEncoder.OverwritesEncoder overwriteGroup =
                channelGroup.overwritesCount(overwrites.size());
            for (int j = 0, m = overwrites.size(); j < m; j++)
            {
                final io.concord.core.state.Overwrite overwrite = overwrites.get(j);
                overwriteGroup.next()
                    .targetId(overwrite.targetId())
                    .kind(overwriteKind(overwrite.kind()))
                    .allow(overwrite.allow())
                    .deny(overwrite.deny());
            }
            channelGroup.name(channel.name()).topic(channel.topic());
        }

        if (large)
        {
            // Large guilds list the viewer and (a bounded number of) online members: op 8 pages the rest.
            final Member viewer = guild.member(viewerId);
            final LongHashSet online = guildPresences.online(guild.id());
            added.clear();
            if (null != online && guild.memberCount() <= LARGE_GUILD_ONLINE_LIMIT)
            {
                final LongHashSet.LongIterator it = online.iterator();
                while (it.hasNext() && added.size() < MAX_ONLINE_MEMBERS_IN_SNAPSHOT)
                {
                    final long userId = it.nextValue();
                    if (userId != viewerId && null != guild.member(userId))
                    {
                        added.addLong(userId);
                    }
                }
            }
            final GuildSnapshotEncoder.MembersEncoder memberGroup =
                snapshotEncoder.membersCount((null == viewer ? 0 : 1) + added.size());
            if (null != viewer)
            {
                encodeSnapshotMember(memberGroup.next(), viewer, guildPresences.status(viewerId));
            }
            for (int i = 0, n = added.size(); i < n; i++)
            {
                encodeSnapshotMember(
                    memberGroup.next(), guild.member(added.getLong(i)), guildPresences.status(added.getLong(i)));
            }
            added.clear();
        }
        else
        {
            final GuildSnapshotEncoder.MembersEncoder memberGroup = snapshotEncoder.membersCount(guild.memberCount());
            for (final Member member : guild.members().values())
            {
                encodeSnapshotMember(memberGroup.next(), member, guildPresences.status(member.userId()));
            }
        }
        snapshotEncoder.name(guild.name());
        return HEADER + snapshotEncoder.encodedLength();
    }

    private static boolean lists(final Guild guild, final long sessionId, final Member viewer, final Channel channel)
    {
        return 0 == sessionId || (null != viewer && 0 != Permissions.inChannel(guild, viewer, channel));
    }

    private static void encodeSnapshotMember(
        final GuildSnapshotEncoder.MembersEncoder group, final Member member, final int status)
    {
        group.userId(member.userId()).joinedAtMs(member.joinedAtMs()).bot(bool(member.bot()))
            .status(PresenceStatus.get((short)status))
            .mute(bool(member.mute())).deaf(bool(member.deaf()))
            .communicationDisabledUntilMs(member.communicationDisabledUntilMs());
        final GuildSnapshotEncoder.MembersEncoder.RolesEncoder roleGroup = group.rolesCount(member.roleCount());
        final long[] roleIds = member.roleIds();
        for (int i = 0, n = member.roleCount(); i < n; i++)
        {
            roleGroup.next().roleId(roleIds[i]);
        }
        group.putUsername(member.usernameUtf8(), 0, member.usernameUtf8().length)
            .putNick(member.nickUtf8(), 0, member.nickUtf8().length);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Guilds.

    private void onCreateGuild(final CreateGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final boolean ownerBot = cmd.ownerBot() == BooleanType.TRUE;
        final String name = cmd.name();
        final String ownerName = cmd.ownerName();
        knownEdges.add(edgeId);

        final int nameLength = name.trim().length();
        if (nameLength < 2 || nameLength > 100)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }

        if (0 == guildId)
        {
            // Edge -> owner's user shard: mint the id here, then hand the creation to the guild's shard.
            final User owner = users.get(userId);
            if (null == owner)
            {
                reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER);
                return;
            }
            final long newGuildId = ids.nextId();
            createGuildEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
                .edgeId(edgeId)
                .correlationId(correlationId)
                .userId(userId)
                .guildId(newGuildId)
                .ownerBot(bool(owner.bot()))
                .name(name.trim())
                .ownerName(owner.username());
            outbound.toShard(CoreRouting.shardOfGuild(newGuildId, shardCount), aux, 0,
                HEADER + createGuildEncoder.encodedLength());
            return;
        }

        if (CoreRouting.shardOfGuild(guildId, shardCount) != shardId || guilds.containsKey(guildId))
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final long nowMs = clock.time();
        final Guild guild = new Guild(guildId, userId, name, nowMs);
        guilds.put(guildId, guild);
        persistGuild(guild);

        final Role everyone = new Role(guildId, guildId, "@everyone", Permissions.EVERYONE_DEFAULT, 0);
        guild.addRole(everyone);
        persistRole(everyone);

        final Channel text = new Channel(ids.nextId(), guildId, Channel.GUILD_TEXT, "general");
        final Channel voice = new Channel(ids.nextId(), guildId, Channel.GUILD_VOICE, "General");
        addChannel(guild, text);
        addChannel(guild, voice);

        final Member owner = new Member(userId, ownerName, ownerBot, nowMs);
        guild.members().put(userId, owner);
        persistMember(guild.id(), owner);

        send(edgeId, out, encodeSnapshot(guild, edgeId, correlationId, 0, userId, DEFAULT_LARGE_THRESHOLD));
        sendMembershipChanged(userId, guildId, EntityChange.CREATED);
    }

    private void addChannel(final Guild guild, final Channel channel)
    {
        guild.channels().add(channel);
        channels.put(channel.id(), channel);
        persistChannel(channel);
    }

    private void onGetGuild(final GetGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, 0);
        if (null != guild)
        {
            send(edgeId, out, encodeSnapshot(guild, edgeId, correlationId, 0, userId, DEFAULT_LARGE_THRESHOLD));
        }
    }

    private void onUpdateGuild(final UpdateGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final String name = cmd.name();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_GUILD);
        if (null == guild)
        {
            return;
        }
        final int nameLength = name.trim().length();
        if (nameLength < 2 || nameLength > 100)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        guild.name(name.trim());
        final int length = persistGuild(guild);
        guildChangedEncoder.wrap(out, HEADER).change(EntityChange.UPDATED);
        toTopic(guildId, out, length, edgeId, correlationId, true);
    }

    private void onDeleteGuild(final DeleteGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, 0);
        if (null == guild)
        {
            return;
        }
        if (guild.ownerId() != userId)
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }

        final int length = encodeGuild(guild, EntityChange.DELETED);
        toTopic(guildId, out, length, -1, 0, true);
        while (!guild.sessions().isEmpty())
        {
            dropSession(guild, guild.sessions().get(guild.sessions().size() - 1));
        }
        for (final Member member : guild.members().values())
        {
            metadata.remove("m:" + guildId + ":" + member.userId());
            sendMembershipChanged(member.userId(), guildId, EntityChange.DELETED);
        }
        for (final Channel channel : guild.channels())
        {
            channels.remove(channel.id());
            metadata.remove("c:" + channel.id());
            reactions.onChannelDeleted(channel.id());
        }
        for (final Role role : guild.roles())
        {
            metadata.remove("r:" + guildId + ":" + role.id());
        }
        final ArrayList<Invite> guildInvites = new ArrayList<>();
        for (final Invite invite : invites.values())
        {
            if (invite.guildId() == guildId)
            {
                guildInvites.add(invite);
            }
        }
        for (final Invite invite : guildInvites)
        {
            invites.remove(invite.id());
            metadata.remove("i:" + invite.id());
        }
        guilds.remove(guildId);
        metadata.remove("g:" + guildId);
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    /**
     * The guild if it exists, the user is a member and has the guild-level permission; otherwise replies and returns
     * null.
     */
    private Guild guildFor(
        final int edgeId, final long correlationId, final long guildId, final long userId, final long required)
    {
        final Guild guild = guilds.get(guildId);
        final Member member = null == guild ? null : guild.member(userId);
        if (null == member)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_GUILD);
            return null;
        }
        if (!Permissions.has(Permissions.base(guild, member), required))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return null;
        }
        return guild;
    }

    /**
     * The guild's member that a command acts on; otherwise replies Unknown Member and returns null.
     */
    Member memberFor(final int edgeId, final long correlationId, final Guild guild, final long targetUserId)
    {
        final Member target = guild.member(targetUserId);
        if (null == target)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_MEMBER);
        }
        return target;
    }

    /**
     * The channel if it exists and the user can view it and has the channel-level permission; otherwise replies and
     * returns null.
     */
    private Channel channelFor(
        final int edgeId, final long correlationId, final long channelId, final long userId, final long required)
    {
        final Channel channel = channels.get(channelId);
        if (null == channel)
        {
            dms.rejectGuildOnly(edgeId, correlationId, channelId, userId);
            return null;
        }
        return checkChannelAccess(edgeId, correlationId, permissionsIn(channel, userId), required) ? channel : null;
    }

    /**
     * What a user may do in a guild channel: nothing when it is not a member of the channel's guild.
     */
    private long permissionsIn(final Channel channel, final long userId)
    {
        final Guild guild = guilds.get(channel.guildId());
        return permissionsIn(guild, guild.member(userId), channel);
    }

    /**
     * What a member may do in a guild channel, for callers that already hold the member (null: not a member).
     */
    private static long permissionsIn(final Guild guild, final Member member, final Channel channel)
    {
        return null == member ? 0 : Permissions.inChannel(guild, member, channel);
    }

    /**
     * What a user may do in a guild channel now: as {@link #permissionsIn(Guild, Member, Channel)}, but a timed-out
     * member keeps only what {@link Permissions#whileTimedOut} leaves it (viewing and reading history).
     */
    private long permissionsNow(final Guild guild, final Member member, final Channel channel)
    {
        return null == member ? 0 :
            Permissions.whileTimedOut(guild, member, Permissions.inChannel(guild, member, channel), clock.time());
    }

    /**
     * Discord's channel check: without VIEW_CHANNEL the answer is Missing Access, without the rest of {@code required}
     * Missing Permissions. Replies FORBIDDEN and returns false when the user lacks either.
     */
    private boolean checkChannelAccess(
        final int edgeId, final long correlationId, final long permissions, final long required)
    {
        if (!Permissions.has(permissions, Permissions.VIEW_CHANNEL))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_ACCESS);
            return false;
        }
        if (!Permissions.has(permissions, required))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Channels and overwrites.

    private void onCreateChannel(final CreateChannelDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final short channelType = cmd.channelTypeRaw();
        final long parentId = cmd.parentId();
        final int position = cmd.position();
        final int rateLimitPerUser = cmd.rateLimitPerUser();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_CHANNELS);
        final CreateChannelDecoder.OverwritesDecoder overwrites = cmd.overwrites();
        if (null == guild)
        {
            return;
        }
        final Channel parent = 0 == parentId ? null : channels.get(parentId);
        final boolean badParent = 0 != parentId &&
            (null == parent || parent.guildId() != guildId || parent.channelType() != Channel.GUILD_CATEGORY ||
            channelType == Channel.GUILD_CATEGORY);
        if (!Channel.isSupportedType(channelType) || badParent || rateLimitPerUser < 0 || rateLimitPerUser > 21600)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        if (guild.channels().size() >= MAX_CHANNELS)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, MAX_CHANNELS_REACHED);
            return;
        }
        final Channel channel = new Channel(0, guildId, channelType, "");
        final ArrayList<io.concord.core.state.Overwrite> requested = new ArrayList<>();
        while (overwrites.hasNext())
        {
            overwrites.next();
            final long targetId = overwrites.targetId();
            final short kind = overwrites.kindRaw();
            final long allow = overwrites.allow();
            final long deny = overwrites.deny();
            if (kind != io.concord.core.state.Overwrite.ROLE && kind != io.concord.core.state.Overwrite.MEMBER)
            {
                reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
                return;
            }
            requested.add(new io.concord.core.state.Overwrite(targetId, kind, allow & Permissions.ALL,
                deny & Permissions.ALL));
        }
        final String name = cmd.name();
        final String topic = cmd.topic();
        if (name.isEmpty() || name.length() > 100 || topic.length() > 1024)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }

        final Channel created = new Channel(ids.nextId(), guildId, channel.channelType(), name)
            .topic(topic).parentId(parentId).position(position).rateLimitPerUser(rateLimitPerUser);
        for (final io.concord.core.state.Overwrite overwrite : requested)
        {
            created.putOverwrite(overwrite.targetId(), overwrite.kind(), overwrite.allow(), overwrite.deny());
        }
        addChannel(guild, created);
        // Only the sessions that can view it hear of it (CHANNEL_CREATE with their subscription); the requester's
        // answer is a snapshot, which dispatches nothing.
        visibility.reveal(guild, 0, created);
        final int length = encodeChannel(created, EntityChange.SNAPSHOT);
        patch(out, edgeId, correlationId, true);
        send(edgeId, out, length);
    }

    private void onUpdateChannel(final UpdateChannelDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final int updateMask = cmd.updateMask();
        final long parentId = cmd.parentId();
        final int position = cmd.position();
        final int rateLimitPerUser = cmd.rateLimitPerUser();
        final String name = cmd.name();
        final String topic = cmd.topic();
        knownEdges.add(edgeId);

        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.MANAGE_CHANNELS);
        if (null == channel)
        {
            return;
        }
        final Channel parent = 0 == parentId ? null : channels.get(parentId);
        final boolean badParent = (updateMask & UPDATE_PARENT) != 0 && 0 != parentId &&
            (null == parent || parent.guildId() != channel.guildId() ||
            parent.channelType() != Channel.GUILD_CATEGORY || channel.channelType() == Channel.GUILD_CATEGORY);
        if (badParent ||
            ((updateMask & UPDATE_NAME) != 0 && (name.isEmpty() || name.length() > 100)) ||
            ((updateMask & UPDATE_TOPIC) != 0 && topic.length() > 1024) ||
            ((updateMask & UPDATE_RATE_LIMIT) != 0 && (rateLimitPerUser < 0 || rateLimitPerUser > 21600)))
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        if ((updateMask & UPDATE_NAME) != 0)
        {
            channel.name(name);
        }
        if ((updateMask & UPDATE_TOPIC) != 0)
        {
            channel.topic(topic);
        }
        if ((updateMask & UPDATE_POSITION) != 0)
        {
            channel.position(position);
        }
        if ((updateMask & UPDATE_PARENT) != 0)
        {
            channel.parentId(parentId);
        }
        if ((updateMask & UPDATE_RATE_LIMIT) != 0)
        {
            channel.rateLimitPerUser(rateLimitPerUser);
        }
        publishChannelUpdate(channel, edgeId, correlationId);
    }

    private void onDeleteChannel(final DeleteChannelDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        knownEdges.add(edgeId);

        if (null == channels.get(channelId))
        {
            dms.onCloseDm(edgeId, correlationId, userId, channelId);
            return;
        }
        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.MANAGE_CHANNELS);
        if (null == channel)
        {
            return;
        }
        final Guild guild = guilds.get(channel.guildId());
        guild.channels().remove(channel);
        channels.remove(channelId);
        metadata.remove("c:" + channelId);
        reactions.onChannelDeleted(channelId);

        // CHANNEL_DELETE reaches the sessions that could view the channel, then they leave its topic.
        final int length = encodeChannel(channel, EntityChange.DELETED);
        toTopic(channelId, out, length, edgeId, correlationId, true);
        final List<GuildSession> sessions = guild.sessions();
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final GuildSession session = sessions.get(i);
            if (session.channelIds().remove(channelId))
            {
                routes.remove(channelId, session.edgeId());
                removed.clear();
                removed.addLong(channelId);
                sendSubscription(session, SubscriptionAction.UNSUBSCRIBE, removed, false);
            }
        }
        removed.clear();


        if (channel.channelType() == Channel.GUILD_CATEGORY)
        {
            final List<Channel> guildChannels = guild.channels();
            for (int i = 0, n = guildChannels.size(); i < n; i++)
            {
                final Channel child = guildChannels.get(i);
                if (child.parentId() == channelId)
                {
                    child.parentId(0);
                    publishChannelUpdate(child, -1, 0);
                }
            }
        }
    }

    private void onGetChannel(final GetChannelDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        knownEdges.add(edgeId);

        if (null == channels.get(channelId))
        {
            dms.onGetChannel(edgeId, correlationId, userId, channelId);
            return;
        }
        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.VIEW_CHANNEL);
        if (null != channel)
        {
            final int length = encodeChannel(channel, EntityChange.SNAPSHOT);
            patch(out, edgeId, correlationId, true);
            send(edgeId, out, length);
        }
    }

    private void onPutOverwrite(final PutOverwriteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long targetId = cmd.targetId();
        final short kind = cmd.kindRaw();
        final long allow = cmd.allow();
        final long deny = cmd.deny();
        knownEdges.add(edgeId);

        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.MANAGE_ROLES);
        if (null == channel)
        {
            return;
        }
        if (kind != io.concord.core.state.Overwrite.ROLE && kind != io.concord.core.state.Overwrite.MEMBER)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        channel.putOverwrite(targetId, kind, allow & Permissions.ALL, deny & Permissions.ALL);
        onOverwritesChanged(channel, edgeId, correlationId);
    }

    private void onDeleteOverwrite(final DeleteOverwriteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long targetId = cmd.targetId();
        knownEdges.add(edgeId);

        final Channel channel = channelFor(edgeId, correlationId, channelId, userId, Permissions.MANAGE_ROLES);
        if (null == channel)
        {
            return;
        }
        channel.removeOverwrite(targetId);
        onOverwritesChanged(channel, edgeId, correlationId);
    }

    private void onOverwritesChanged(final Channel channel, final int edgeId, final long correlationId)
    {
        final Guild guild = guilds.get(channel.guildId());
        // Losers get CHANNEL_DELETE, keepers CHANNEL_UPDATE, gainers CHANNEL_CREATE: one event each, none leaked.
        visibility.hide(guild, 0, channel);
        publishChannelUpdate(channel, -1, 0);
        visibility.reveal(guild, 0, channel);
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Roles and members.

    private void onCreateRole(final CreateRoleDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long permissions = cmd.permissions();
        final int color = cmd.color();
        final boolean hoist = cmd.hoist() == BooleanType.TRUE;
        final boolean mentionable = cmd.mentionable() == BooleanType.TRUE;
        final String name = cmd.name();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_ROLES);
        if (null == guild)
        {
            return;
        }
        if (name.length() > 100 || color < 0 || color > 0xFFFFFF)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final Role role = new Role(ids.nextId(), guildId, name.isEmpty() ? "new role" : name,
            permissions & Permissions.ALL, 1)
            .color(color).hoist(hoist).mentionable(mentionable);
        guild.addRole(role);
        publishRole(role, EntityChange.CREATED, edgeId, correlationId);
    }

    private void onUpdateRole(final UpdateRoleDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long roleId = cmd.roleId();
        final int updateMask = cmd.updateMask();
        final long permissions = cmd.permissions();
        final int color = cmd.color();
        final int position = cmd.position();
        final boolean hoist = cmd.hoist() == BooleanType.TRUE;
        final boolean mentionable = cmd.mentionable() == BooleanType.TRUE;
        final String name = cmd.name();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_ROLES);
        if (null == guild)
        {
            return;
        }
        final Role role = guild.role(roleId);
        if (null == role)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_ROLE);
            return;
        }
        final int actorHighest = Permissions.highestPosition(guild, guild.member(userId));
        if (roleId != guildId && (role.position() >= actorHighest ||
            ((updateMask & ROLE_POSITION) != 0 && position >= actorHighest)))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        if (((updateMask & ROLE_NAME) != 0 && (name.isEmpty() || name.length() > 100)) ||
            ((updateMask & ROLE_COLOR) != 0 && (color < 0 || color > 0xFFFFFF)))
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        if ((updateMask & ROLE_NAME) != 0 && roleId != guildId)
        {
            role.name(name);
        }
        if ((updateMask & ROLE_PERMISSIONS) != 0)
        {
            role.permissions(permissions & Permissions.ALL);
        }
        if ((updateMask & ROLE_COLOR) != 0)
        {
            role.color(color);
        }
        if ((updateMask & ROLE_POSITION) != 0 && roleId != guildId)
        {
            role.position(position);
        }
        if ((updateMask & ROLE_HOIST) != 0)
        {
            role.hoist(hoist);
        }
        if ((updateMask & ROLE_MENTIONABLE) != 0)
        {
            role.mentionable(mentionable);
        }
        publishRole(role, EntityChange.UPDATED, edgeId, correlationId);
        if ((updateMask & ROLE_PERMISSIONS) != 0)
        {
            refreshSessions(guild, 0);
        }
    }

    private void onDeleteRole(final DeleteRoleDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long roleId = cmd.roleId();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_ROLES);
        if (null == guild)
        {
            return;
        }
        if (roleId == guildId)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final Role existing = guild.role(roleId);
        if (null == existing)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_ROLE);
            return;
        }
        if (existing.position() >= Permissions.highestPosition(guild, guild.member(userId)))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        final Role role = guild.removeRole(roleId);
        metadata.remove("r:" + guildId + ":" + roleId);
        for (final Member member : guild.members().values())
        {
            if (member.removeRole(roleId))
            {
                persistMember(guildId, member);
            }
        }
        for (final Channel channel : guild.channels())
        {
            if (channel.removeOverwrite(roleId))
            {
                persistChannel(channel);
            }
        }
        final int length = encodeRole(role, EntityChange.DELETED);
        toTopic(guildId, out, length, -1, 0, true);
        refreshSessions(guild, 0);
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private void onChangeMemberRole(final ChangeMemberRoleDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long targetUserId = cmd.targetUserId();
        final long roleId = cmd.roleId();
        final SubscriptionAction action = cmd.action();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId, Permissions.MANAGE_ROLES);
        if (null == guild)
        {
            return;
        }
        final Member target = memberFor(edgeId, correlationId, guild, targetUserId);
        if (null == target)
        {
            return;
        }
        if (null == guild.role(roleId) || roleId == guildId)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_ROLE);
            return;
        }
        if (guild.role(roleId).position() >= Permissions.highestPosition(guild, guild.member(userId)))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        if (SubscriptionAction.NULL_VAL == action)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final boolean changed = SubscriptionAction.SUBSCRIBE == action ?
            target.addRole(roleId) : target.removeRole(roleId);
        if (changed)
        {
            publishMemberUpdate(guild, target, -1, 0, true);
        }
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private void onRemoveMember(final RemoveMemberDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final long targetUserId = cmd.targetUserId();
        knownEdges.add(edgeId);

        final Guild guild = guildFor(edgeId, correlationId, guildId, userId,
            userId == targetUserId ? 0 : Permissions.KICK_MEMBERS);
        if (null == guild)
        {
            return;
        }
        final Member target = memberFor(edgeId, correlationId, guild, targetUserId);
        if (null == target)
        {
            return;
        }
        if (targetUserId == guild.ownerId())
        {
            // The owner cannot leave its own guild: Discord answers "Invalid Guild".
            reply(edgeId, correlationId, ReplyStatus.INVALID,
                userId == targetUserId ? INVALID_GUILD : INVALID_FORM_BODY);
            return;
        }
        if (userId != targetUserId &&
            Permissions.highestPosition(guild, target) >= Permissions.highestPosition(guild, guild.member(userId)))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        final int length = encodeMember(guildId, target, EntityChange.DELETED);
        toTopic(guildId, out, length, -1, 0, true);
        guild.members().remove(targetUserId);
        metadata.remove("m:" + guildId + ":" + targetUserId);
        for (int i = guild.sessions().size() - 1; i >= 0; i--)
        {
            final GuildSession session = guild.sessions().get(i);
            if (session.userId() == targetUserId)
            {
                dropSession(guild, session);
            }
        }
        sendMembershipChanged(targetUserId, guildId, EntityChange.DELETED);
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    /**
     * Persists a changed member and sends GUILD_MEMBER_UPDATE to the guild's topic (the requester's copy answers its
     * command); a changed role set also recomputes the member's channel visibility.
     */
    void publishMemberUpdate(
        final Guild guild, final Member member, final int edgeId, final long correlationId, final boolean rolesChanged)
    {
        final int length = persistMember(guild.id(), member);
        memberChangedEncoder.wrap(out, HEADER).change(EntityChange.UPDATED);
        toTopic(guild.id(), out, length, edgeId, correlationId, true);
        if (rolesChanged)
        {
            refreshSessions(guild, member.userId());
        }
    }

    private void sendMembershipChanged(final long userId, final long guildId, final EntityChange change)
    {
        membershipChangedEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .userId(userId).guildId(guildId).change(change);
        outbound.toShard(CoreRouting.shardOfUser(userId, shardCount), aux, 0,
            HEADER + membershipChangedEncoder.encodedLength());
    }

    private void onMembershipChanged(final MembershipChangedDecoder cmd)
    {
        final long userId = cmd.userId();
        final long guildId = cmd.guildId();
        final EntityChange change = cmd.change();
        final User user = users.get(userId);
        if (null == user)
        {
            return;
        }
        final String key = "ug:" + userId + ":" + guildId;
        if (EntityChange.CREATED == change)
        {
            if (user.guildIds().add(guildId))
            {
                metadata.put(key, cmd.buffer(), cmd.offset() - HEADER, HEADER + cmd.encodedLength());
            }
            final ArrayList<UserSession> sessions = userSessions.get(userId);
            if (null != sessions)
            {
                for (int i = 0, n = sessions.size(); i < n; i++)
                {
                    final UserSession session = sessions.get(i);
                    if (session.covers(guildId))
                    {
                        sendSessionGuild(session, userId, guildId, SubscriptionAction.SUBSCRIBE);
                    }
                }
            }
        }
        else if (EntityChange.DELETED == change)
        {
            user.guildIds().remove(guildId);
            metadata.remove(key);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Invites.

    private void onCreateInvite(final CreateInviteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final int maxAgeSeconds = cmd.maxAgeSeconds();
        final int maxUses = cmd.maxUses();
        knownEdges.add(edgeId);

        final Channel channel = channelFor(
            edgeId, correlationId, channelId, userId, Permissions.CREATE_INSTANT_INVITE);
        if (null == channel)
        {
            return;
        }
        if (maxAgeSeconds < 0 || maxAgeSeconds > 604_800 || maxUses < 0 || maxUses > 100)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final Invite invite = new Invite(
            ids.nextId(), channel.guildId(), channelId, userId, clock.time(), maxAgeSeconds, maxUses, 0);
        invites.put(invite.id(), invite);
        final int length = persistInvite(invite);
        inviteInfoEncoder.wrap(out, HEADER).edgeId(edgeId).correlationId(correlationId).change(EntityChange.CREATED);
        send(edgeId, out, length);
        inviteDispatches.publish(EntityChange.CREATED, guilds.get(channel.guildId()), channel, invite);
    }

    private void onResolveInvite(final ResolveInviteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        cmd.userId();
        final String code = cmd.code();
        knownEdges.add(edgeId);

        final Invite invite = invites.get(Invite.idOf(code));
        if (null == invite || invite.isExpired(clock.time()) || !channels.containsKey(invite.channelId()))
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_INVITE);
            return;
        }
        final int length = encodeInvite(invite, EntityChange.SNAPSHOT, true);
        patch(out, edgeId, correlationId, true);
        send(edgeId, out, length);
    }

    private void onDeleteInvite(final DeleteInviteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final String code = cmd.code();
        knownEdges.add(edgeId);

        final Invite invite = invites.get(Invite.idOf(code));
        final Channel channel = null == invite ? null : channels.get(invite.channelId());
        final Guild guild = null == channel ? null : guilds.get(channel.guildId());
        if (null == guild)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_INVITE);
            return;
        }
        final Member member = guild.member(userId);
        if (null == member)
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_ACCESS);
            return;
        }
        // Discord: MANAGE_CHANNELS on the invite's channel, or MANAGE_GUILD for any invite of the guild.
        if (!Permissions.has(Permissions.inChannel(guild, member, channel), Permissions.MANAGE_CHANNELS) &&
            !Permissions.has(Permissions.base(guild, member), Permissions.MANAGE_GUILD))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        invites.remove(invite.id());
        metadata.remove("i:" + invite.id());
        final int length = encodeInvite(invite, EntityChange.DELETED, true);
        patch(out, edgeId, correlationId, true);
        send(edgeId, out, length);
        inviteDispatches.publish(EntityChange.DELETED, guild, channel, invite);
    }

    private void onAcceptInvite(final AcceptInviteDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final String code = cmd.code();
        knownEdges.add(edgeId);

        final User user = users.get(userId);
        if (null == user)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER);
            return;
        }
        final long inviteId = Invite.idOf(code);
        if (0 == inviteId || CoreRouting.shardOfMintedId(inviteId) >= shardCount)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_INVITE);
            return;
        }
        joinGuildEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .userId(userId)
            .inviteId(inviteId)
            .bot(bool(user.bot()))
            .putUsername(user.usernameUtf8(), 0, user.usernameUtf8().length);
        outbound.toShard(CoreRouting.shardOfMintedId(inviteId), aux, 0, HEADER + joinGuildEncoder.encodedLength());
    }

    private void onJoinGuild(final JoinGuildDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long inviteId = cmd.inviteId();
        final boolean bot = cmd.bot() == BooleanType.TRUE;
        final String username = cmd.username();

        final long nowMs = clock.time();
        final Invite invite = invites.get(inviteId);
        final Guild guild = null == invite ? null : guilds.get(invite.guildId());
        if (null == guild || invite.isExpired(nowMs) || !channels.containsKey(invite.channelId()))
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_INVITE);
            return;
        }
        if (null == guild.member(userId))
        {
            final Member member = new Member(userId, username, bot, nowMs);
            guild.members().put(userId, member);
            invite.use();
            persistInvite(invite);
            final int length = persistMember(guild.id(), member);
            memberChangedEncoder.wrap(out, HEADER).change(EntityChange.CREATED);
            toTopic(guild.id(), out, length, -1, 0, true);
            sendMembershipChanged(userId, guild.id(), EntityChange.CREATED);
        }
        final int length = encodeInvite(invite, EntityChange.UPDATED, true);
        patch(out, edgeId, correlationId, true);
        send(edgeId, out, length);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bulk seeding (benchmarks): members in the guild shard, then user records in their user shards.

    private void onSeedMembers(final SeedMembersDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long guildId = cmd.guildId();
        final long ownerId = cmd.ownerId();
        final int firstIndex = cmd.firstIndex();
        final int count = cmd.count();
        final String prefix = cmd.namePrefix();
        knownEdges.add(edgeId);

        final Guild guild = guilds.get(guildId);
        if (null == guild)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_GUILD);
            return;
        }
        if (guild.ownerId() != ownerId)
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        if (count < 1 || count > SEED_BATCH_MAX || firstIndex < 0 || !isSeedPrefix(prefix) ||
            (long)firstIndex + count > Integer.MAX_VALUE)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        final long nowMs = clock.time();
        added.clear();
        for (int i = 0; i < count; i++)
        {
            final long userId = ids.nextId();
            final Member member = new Member(userId, prefix + (firstIndex + i), true, nowMs);
            guild.members().put(userId, member);
            persistMember(guildId, member);
            added.addLong(userId);
        }
        final SeedMembersReplyEncoder.UsersEncoder group = seedMembersReplyEncoder
            .wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).status(ReplyStatus.OK).errorCode(0)
            .usersCount(count);
        for (int i = 0; i < count; i++)
        {
            group.next().userId(added.getLong(i));
        }
        added.clear();
        send(edgeId, aux, HEADER + seedMembersReplyEncoder.encodedLength());
    }

    private void onSeedUsers(final SeedUsersDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        cmd.routingUserId();
        final long guildId = cmd.guildId();
        knownEdges.add(edgeId);

        added.clear();
        removed.clear();
        boolean valid = true;
        for (final SeedUsersDecoder.UsersDecoder user : cmd.users())
        {
            final long userId = user.userId();
            final int index = user.index();
            valid &= 0 != userId && index >= 0 && CoreRouting.shardOfUser(userId, shardCount) == shardId;
            added.addLong(userId);
            removed.addLong(index);
        }
        final String prefix = cmd.namePrefix();
        if (!valid || added.isEmpty() || added.size() > SEED_BATCH_MAX || 0 == guildId || !isSeedPrefix(prefix))
        {
            added.clear();
            removed.clear();
            reply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY);
            return;
        }
        for (int i = 0, n = added.size(); i < n; i++)
        {
            final long userId = added.getLong(i);
            User user = users.get(userId);
            if (null == user)
            {
                user = new User(userId, prefix + removed.getLong(i), true, 0);
                users.put(userId, user);
                persistUser(user);
            }
            if (user.guildIds().add(guildId))
            {
                membershipChangedEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
                    .userId(userId).guildId(guildId).change(EntityChange.CREATED);
                metadata.put("ug:" + userId + ":" + guildId, aux, 0, HEADER + membershipChangedEncoder.encodedLength());
            }
        }
        added.clear();
        removed.clear();
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private static boolean isSeedPrefix(final String prefix)
    {
        return prefix.length() >= 1 && prefix.length() <= SEED_PREFIX_MAX && prefix.equals(prefix.strip());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Accounts and users.

    private void onRegisterUser(final RegisterUserDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final boolean bot = cmd.bot() == BooleanType.TRUE;
        final String username = cmd.username();
        final String passwordHash = cmd.passwordHash();
        knownEdges.add(edgeId);

        if (username.length() < 2 || username.length() > 32 || !username.equals(username.trim()) ||
            passwordHash.isEmpty() || CoreRouting.shardOfUsername(username, shardCount) != shardId)
        {
            accountReply(edgeId, correlationId, ReplyStatus.INVALID, INVALID_FORM_BODY, null, "");
            return;
        }
        final String login = username.toLowerCase(Locale.ROOT);
        if (accounts.containsKey(login))
        {
            accountReply(edgeId, correlationId, ReplyStatus.CONFLICT, USERNAME_TAKEN, null, "");
            return;
        }
        final long userId = ids.nextId();
        accounts.put(login, new Account(username, userId, passwordHash));
        accountReplyEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0).correlationId(0).status(ReplyStatus.OK).errorCode(0)
            .userId(userId).tokenGeneration(0).bot(bool(bot))
            .username(username).passwordHash(passwordHash);
        metadata.put("a:" + login, out, 0, HEADER + accountReplyEncoder.encodedLength());

        userCreatedEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).userId(userId).bot(bool(bot)).username(username);
        outbound.toShard(CoreRouting.shardOfUser(userId, shardCount), aux, 0,
            HEADER + userCreatedEncoder.encodedLength());
    }

    private void onUserCreated(final UserCreatedDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final boolean bot = cmd.bot() == BooleanType.TRUE;
        final String username = cmd.username();

        User user = users.get(userId);
        if (null == user)
        {
            user = new User(userId, username, bot, 0);
            users.put(userId, user);
            persistUser(user);
        }
        accountReply(edgeId, correlationId, ReplyStatus.OK, 0, user, "");
    }

    private void onLookupCredentials(final LookupCredentialsDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final String login = cmd.login();
        knownEdges.add(edgeId);

        final Account account = accounts.get(login.toLowerCase(Locale.ROOT));
        if (null == account)
        {
            accountReply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER, null, "");
            return;
        }
        credentialsFoundEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).userId(account.userId()).passwordHash(account.passwordHash());
        outbound.toShard(CoreRouting.shardOfUser(account.userId(), shardCount), aux, 0,
            HEADER + credentialsFoundEncoder.encodedLength());
    }

    private void onCredentialsFound(final CredentialsFoundDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final String passwordHash = cmd.passwordHash();

        final User user = users.get(userId);
        if (null == user)
        {
            accountReply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER, null, "");
            return;
        }
        accountReply(edgeId, correlationId, ReplyStatus.OK, 0, user, passwordHash);
    }

    private void onRevokeTokens(final RevokeTokensDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        knownEdges.add(edgeId);

        final User user = users.get(userId);
        if (null == user)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER);
            return;
        }
        final int generation = user.revokeTokens();
        persistUser(user);
        tokensRevokedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0).userId(userId).tokenGeneration(generation);
        final int length = HEADER + tokensRevokedEncoder.encodedLength();
        final IntHashSet.IntIterator it = knownEdges.iterator();
        while (it.hasNext())
        {
            final int edge = it.nextValue();
            out.putInt(EDGE_ID_OFFSET, edge, ORDER);
            send(edge, out, length);
        }
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private void onGetUser(final GetUserDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        cmd.userId();
        final long targetUserId = cmd.targetUserId();
        knownEdges.add(edgeId);

        final User user = users.get(targetUserId);
        if (null == user)
        {
            accountReply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_USER, null, "");
            return;
        }
        accountReply(edgeId, correlationId, ReplyStatus.OK, 0, user, "");
    }

    private void accountReply(
        final int edgeId,
        final long correlationId,
        final ReplyStatus status,
        final int errorCode,
        final User user,
        final String passwordHash)
    {
        accountReplyEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .status(status)
            .errorCode(errorCode)
            .userId(null == user ? 0 : user.id())
            .tokenGeneration(null == user ? 0 : user.tokenGeneration())
            .bot(null == user ? BooleanType.FALSE : bool(user.bot()))
            .username(null == user ? "" : user.username())
            .passwordHash(passwordHash);
        send(edgeId, aux, HEADER + accountReplyEncoder.encodedLength());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Record encoding (the same frames serve as dispatches and as persisted records).

    private int encodeGuild(final Guild guild, final EntityChange change)
    {
        guildChangedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .change(change)
            .guildId(guild.id())
            .ownerId(guild.ownerId())
            .memberCount(guild.memberCount())
            .name(guild.name());
        return HEADER + guildChangedEncoder.encodedLength();
    }

    private int persistGuild(final Guild guild)
    {
        final int length = encodeGuild(guild, EntityChange.SNAPSHOT);
        metadata.put("g:" + guild.id(), out, 0, length);
        return length;
    }

    private int encodeRole(final Role role, final EntityChange change)
    {
        roleChangedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .change(change)
            .guildId(role.guildId())
            .roleId(role.id())
            .permissions(role.permissions())
            .color(role.color())
            .position(role.position())
            .hoist(bool(role.hoist()))
            .mentionable(bool(role.mentionable()))
            .name(role.name());
        return HEADER + roleChangedEncoder.encodedLength();
    }

    private int persistRole(final Role role)
    {
        final int length = encodeRole(role, EntityChange.SNAPSHOT);
        metadata.put("r:" + role.guildId() + ":" + role.id(), out, 0, length);
        return length;
    }

    /**
     * Persists a new or changed role and sends it as {@code change} to its guild's topic (the requester's copy answers
     * its command).
     */
    private void publishRole(final Role role, final EntityChange change, final int edgeId, final long correlationId)
    {
        final int length = persistRole(role);
        roleChangedEncoder.wrap(out, HEADER).change(change);
        toTopic(role.guildId(), out, length, edgeId, correlationId, true);
    }

    private int encodeChannel(final Channel channel, final EntityChange change)
    {
        final List<io.concord.core.state.Overwrite> overwrites = channel.overwrites();
        final ChannelChangedEncoder.OverwritesEncoder group = channelChangedEncoder
            .wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .change(change)
            .guildId(channel.guildId())
            .channelId(channel.id())
            .channelType(channelKind(channel.channelType()))
            .parentId(channel.parentId())
            .position(channel.position())
            .rateLimitPerUser(channel.rateLimitPerUser())
            .overwritesCount(overwrites.size());
        for (int i = 0, n = overwrites.size(); i < n; i++)
        {
            final io.concord.core.state.Overwrite overwrite = overwrites.get(i);
            group.next()
                .targetId(overwrite.targetId())
                .kind(overwriteKind(overwrite.kind()))
                .allow(overwrite.allow())
                .deny(overwrite.deny());
        }
        channelChangedEncoder.name(channel.name()).topic(channel.topic());
        return HEADER + channelChangedEncoder.encodedLength();
    }

    private int persistChannel(final Channel channel)
    {
        final int length = encodeChannel(channel, EntityChange.SNAPSHOT);
        metadata.put("c:" + channel.id(), out, 0, length);
        return length;
    }

    /**
     * Persists a changed channel and sends CHANNEL_UPDATE to its topic (the requester's copy answers its command).
     */
    private void publishChannelUpdate(final Channel channel, final int edgeId, final long correlationId)
    {
        final int length = persistChannel(channel);
        channelChangedEncoder.wrap(out, HEADER).change(EntityChange.UPDATED);
        toTopic(channel.id(), out, length, edgeId, correlationId, true);
    }

    private int encodeMember(final long guildId, final Member member, final EntityChange change)
    {
        final MemberChangedEncoder.RolesEncoder group = memberChangedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .change(change)
            .guildId(guildId)
            .userId(member.userId())
            .joinedAtMs(member.joinedAtMs())
            .bot(bool(member.bot()))
            .mute(bool(member.mute()))
            .deaf(bool(member.deaf()))
            .communicationDisabledUntilMs(member.communicationDisabledUntilMs())
            .rolesCount(member.roleCount());
        final long[] roleIds = member.roleIds();
        for (int i = 0, n = member.roleCount(); i < n; i++)
        {
            group.next().roleId(roleIds[i]);
        }
        memberChangedEncoder.putUsername(member.usernameUtf8(), 0, member.usernameUtf8().length)
            .putNick(member.nickUtf8(), 0, member.nickUtf8().length);
        return HEADER + memberChangedEncoder.encodedLength();
    }

    private int persistMember(final long guildId, final Member member)
    {
        final int length = encodeMember(guildId, member, EntityChange.SNAPSHOT);
        metadata.put("m:" + guildId + ":" + member.userId(), out, 0, length);
        return length;
    }

    private int encodeInvite(final Invite invite, final EntityChange change, final boolean withNames)
    {
        final Guild guild = guilds.get(invite.guildId());
        final Channel channel = channels.get(invite.channelId());
        inviteInfoEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .change(change)
            .guildId(invite.guildId())
            .channelId(invite.channelId())
            .channelType(null == channel ? ChannelKind.GUILD_TEXT : channelKind(channel.channelType()))
            .inviterId(invite.inviterId())
            .createdAtMs(invite.createdAtMs())
            .maxAgeSeconds(invite.maxAgeSeconds())
            .maxUses(invite.maxUses())
            .uses(invite.uses())
            .memberCount(null == guild ? 0 : guild.memberCount())
            .code(invite.code())
            .guildName(withNames && null != guild ? guild.name() : "")
            .channelName(withNames && null != channel ? channel.name() : "");
        return HEADER + inviteInfoEncoder.encodedLength();
    }

    private int persistInvite(final Invite invite)
    {
        final int length = encodeInvite(invite, EntityChange.SNAPSHOT, true);
        metadata.put("i:" + invite.id(), out, 0, length);
        return length;
    }

    private void persistUser(final User user)
    {
        accountReplyEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(0).correlationId(0).status(ReplyStatus.OK).errorCode(0)
            .userId(user.id()).tokenGeneration(user.tokenGeneration()).bot(bool(user.bot()))
            .username(user.username()).passwordHash("");
        metadata.put("u:" + user.id(), aux, 0, HEADER + accountReplyEncoder.encodedLength());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Restore.

    private void restore()
    {
        final String[] order = { "u", "a", "ug", "g", "r", "c", "m", "i", "x", "d", "ud" };
        final HashMap<String, ArrayList<byte[]>> byKind = new HashMap<>();
        metadata.forEach((key, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            byKind.computeIfAbsent(key.substring(0, key.indexOf(':')), (k) -> new ArrayList<>()).add(bytes);
        });
        final UnsafeBuffer record = new UnsafeBuffer(0, 0);
        for (final String kind : order)
        {
            final ArrayList<byte[]> records = byKind.get(kind);
            if (null == records)
            {
                continue;
            }
            if ("c".equals(kind))
            {
                records.sort((a, b) -> Long.compare(channelIdOf(record, a), channelIdOf(record, b)));
            }
            for (final byte[] bytes : records)
            {
                record.wrap(bytes);
                restoreRecord(kind, record);
            }
        }
    }

    private long channelIdOf(final UnsafeBuffer record, final byte[] bytes)
    {
        record.wrap(bytes);
        return record.getLong(HEADER + ChannelChangedDecoder.channelIdEncodingOffset(), ORDER);
    }

    private void restoreRecord(final String kind, final UnsafeBuffer record)
    {
        switch (kind)
        {
            case "u":
            {
                accountRecord.wrapAndApplyHeader(record, 0, header);
                accountRecord.edgeId();
                accountRecord.correlationId();
                accountRecord.status();
                accountRecord.errorCode();
                final long userId = accountRecord.userId();
                final int generation = accountRecord.tokenGeneration();
                final boolean bot = accountRecord.bot() == BooleanType.TRUE;
                users.put(userId, new User(userId, accountRecord.username(), bot, generation));
                break;
            }
            case "a":
            {
                accountRecord.wrapAndApplyHeader(record, 0, header);
                accountRecord.edgeId();
                accountRecord.correlationId();
                accountRecord.status();
                accountRecord.errorCode();
                final long userId = accountRecord.userId();
                accountRecord.tokenGeneration();
                accountRecord.bot();
                final String username = accountRecord.username();
                accounts.put(username.toLowerCase(Locale.ROOT),
                    new Account(username, userId, accountRecord.passwordHash()));
                break;
            }
            case "ug":
            {
                membershipChanged.wrapAndApplyHeader(record, 0, header);
                final User user = users.get(membershipChanged.userId());
                final long guildId = membershipChanged.guildId();
                if (null != user)
                {
                    user.guildIds().add(guildId);
                }
                break;
            }
            case "g":
            {
                guildRecord.wrapAndApplyHeader(record, 0, header);
                guildRecord.edgeId();
                guildRecord.correlationId();
                guildRecord.change();
                final long guildId = guildRecord.guildId();
                final long ownerId = guildRecord.ownerId();
                guildRecord.memberCount();
                guilds.put(guildId, new Guild(guildId, ownerId, guildRecord.name(), 0));
                break;
            }
            case "r":
            {
                roleRecord.wrapAndApplyHeader(record, 0, header);
                roleRecord.edgeId();
                roleRecord.correlationId();
                roleRecord.change();
                final Guild guild = guilds.get(roleRecord.guildId());
                final long roleId = roleRecord.roleId();
                final long permissions = roleRecord.permissions();
                final int color = roleRecord.color();
                final int position = roleRecord.position();
                final boolean hoist = roleRecord.hoist() == BooleanType.TRUE;
                final boolean mentionable = roleRecord.mentionable() == BooleanType.TRUE;
                final String name = roleRecord.name();
                if (null != guild)
                {
                    guild.addRole(new Role(roleId, guild.id(), name, permissions, position)
                        .color(color).hoist(hoist).mentionable(mentionable));
                }
                break;
            }
            case "c":
            {
                channelRecord.wrapAndApplyHeader(record, 0, header);
                channelRecord.edgeId();
                channelRecord.correlationId();
                channelRecord.change();
                final Guild guild = guilds.get(channelRecord.guildId());
                final long channelId = channelRecord.channelId();
                final short channelType = channelRecord.channelTypeRaw();
                final long parentId = channelRecord.parentId();
                final int position = channelRecord.position();
                final int rateLimitPerUser = channelRecord.rateLimitPerUser();
                final ArrayList<io.concord.core.state.Overwrite> overwrites = new ArrayList<>();
                final ChannelChangedDecoder.OverwritesDecoder group = channelRecord.overwrites();
                while (group.hasNext())
                {
                    group.next();
                    final long targetId = group.targetId();
                    final short overwriteKind = group.kindRaw();
                    final long allow = group.allow();
                    overwrites.add(new io.concord.core.state.Overwrite(targetId, overwriteKind, allow, group.deny()));
                }
                final String name = channelRecord.name();
                final String topic = channelRecord.topic();
                if (null != guild)
                {
                    final Channel channel = new Channel(channelId, guild.id(), channelType, name)
                        .topic(topic).parentId(parentId).position(position).rateLimitPerUser(rateLimitPerUser);
                    for (final io.concord.core.state.Overwrite overwrite : overwrites)
                    {
                        channel.putOverwrite(
                            overwrite.targetId(), overwrite.kind(), overwrite.allow(), overwrite.deny());
                    }
                    guild.channels().add(channel);
                    channels.put(channelId, channel);
                }
                break;
            }
            case "m":
            {
                memberRecord.wrapAndApplyHeader(record, 0, header);
                memberRecord.edgeId();
                memberRecord.correlationId();
                memberRecord.change();
                final Guild guild = guilds.get(memberRecord.guildId());
                final long userId = memberRecord.userId();
                final long joinedAtMs = memberRecord.joinedAtMs();
                final boolean bot = memberRecord.bot() == BooleanType.TRUE;
                // Records written before schema version 2 have none of these: NULL_VAL, null value, empty nick.
                final boolean mute = memberRecord.mute() == BooleanType.TRUE;
                final boolean deaf = memberRecord.deaf() == BooleanType.TRUE;
                final long timeoutUntilMs = Math.max(0, memberRecord.communicationDisabledUntilMs());
                final LongArrayList roleIds = new LongArrayList();
                final MemberChangedDecoder.RolesDecoder group = memberRecord.roles();
                while (group.hasNext())
                {
                    roleIds.addLong(group.next().roleId());
                }
                final String username = memberRecord.username();
                final String nick = memberRecord.nick();
                if (null != guild)
                {
                    final Member member = new Member(userId, username, bot, joinedAtMs)
                        .nick(nick).mute(mute).deaf(deaf).communicationDisabledUntilMs(timeoutUntilMs);
                    for (int i = 0; i < roleIds.size(); i++)
                    {
                        member.addRole(roleIds.getLong(i));
                    }
                    guild.members().put(userId, member);
                }
                break;
            }
            case "i":
            {
                inviteRecord.wrapAndApplyHeader(record, 0, header);
                inviteRecord.edgeId();
                inviteRecord.correlationId();
                inviteRecord.change();
                final long guildId = inviteRecord.guildId();
                final long channelId = inviteRecord.channelId();
                inviteRecord.channelType();
                final long inviterId = inviteRecord.inviterId();
                final long createdAtMs = inviteRecord.createdAtMs();
                final int maxAgeSeconds = inviteRecord.maxAgeSeconds();
                final int maxUses = inviteRecord.maxUses();
                final int uses = inviteRecord.uses();
                inviteRecord.memberCount();
                final long inviteId = Invite.idOf(inviteRecord.code());
                invites.put(inviteId,
                    new Invite(inviteId, guildId, channelId, inviterId, createdAtMs, maxAgeSeconds, maxUses, uses));
                break;
            }
            case "x":
                reactions.restore(record, 0);
                break;
            default:
                dms.restoreRecord(kind, record);
                break;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Output helpers.

    void reply(final int edgeId, final long correlationId, final ReplyStatus status, final int errorCode)
    {
        if (0 == correlationId)
        {
            return;
        }
        commandReplyEncoder.wrapAndApplyHeader(aux, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).status(status).errorCode(errorCode);
        send(edgeId, aux, HEADER + commandReplyEncoder.encodedLength());
    }

    void send(final int edgeId, final DirectBuffer buffer, final int length)
    {
        counters.dispatches().incrementRelease();
        outbound.toEdge(edgeId, buffer, 0, length);
    }

    private static void patch(
        final org.agrona.MutableDirectBuffer buffer,
        final int edgeId,
        final long correlationId,
        final boolean hasCorrelation)
    {
        buffer.putInt(EDGE_ID_OFFSET, edgeId, ORDER);
        if (hasCorrelation)
        {
            buffer.putLong(CORRELATION_OFFSET, correlationId, ORDER);
        }
    }

    /**
     * Sends the frame at offset 0 once to every edge subscribed to the topic, stamping each copy's edgeId; the
     * requesting edge's copy (or an extra copy, if it has no subscriber) carries the correlationId so it also
     * answers the command.
     */
    void toTopic(
        final long topicId,
        final org.agrona.MutableDirectBuffer buffer,
        final int length,
        final int requesterEdgeId,
        final long correlationId,
        final boolean hasCorrelation)
    {
        final TopicRoutes.Edges edges = routes.edges(topicId);
        boolean requesterServed = 0 == correlationId;
        for (int i = 0, n = edges.size(); i < n; i++)
        {
            final int edgeId = edges.edgeId(i);
            final boolean isRequester = edgeId == requesterEdgeId;
            patch(buffer, edgeId, isRequester ? correlationId : 0, hasCorrelation);
            send(edgeId, buffer, length);
            requesterServed |= isRequester;
        }
        if (!requesterServed)
        {
            patch(buffer, requesterEdgeId, correlationId, hasCorrelation);
            send(requesterEdgeId, buffer, length);
        }
    }

    /**
     * Discord's error code for a message's content, 0 when it is valid: empty content is Empty Message; content over
     * {@link #MAX_CONTENT_UTF16} UTF-16 units, or a nonce over 25 bytes, is Invalid Form Body. Allocation free.
     *
     * @param content     the UTF-8 content, the whole buffer.
     * @param nonceLength bytes in the command's nonce, 0 for commands without one.
     */
    static int contentErrorCode(final DirectBuffer content, final int nonceLength)
    {
        final int length = content.capacity();
        if (0 == length)
        {
            return EMPTY_MESSAGE;
        }
        return nonceLength > 25 || utf16Length(content, 0, length) > MAX_CONTENT_UTF16 ? INVALID_FORM_BODY : 0;
    }

    /**
     * UTF-16 length of UTF-8 text, as Discord counts content length; allocation free.
     */
    static int utf16Length(final DirectBuffer buffer, final int offset, final int length)
    {
        int units = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int b = buffer.getByte(i) & 0xFF;
            if ((b & 0xC0) != 0x80)
            {
                units += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
        }
        return units;
    }

    private static final byte[] EVERYONE = "@everyone".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static boolean containsEveryone(final DirectBuffer buffer, final int length)
    {
        outer:
        for (int i = 0, last = length - EVERYONE.length; i <= last; i++)
        {
            for (int j = 0; j < EVERYONE.length; j++)
            {
                if (buffer.getByte(i + j) != EVERYONE[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Finds distinct {@code <@id>} / {@code <@!id>} user mentions in UTF-8 content, allocation free.
     *
     * @return how many ids were written into {@code ids} (at most its length).
     */
    static int parseUserMentions(final DirectBuffer buffer, final int length, final long[] ids)
    {
        int count = 0;
        for (int i = 0; i + 3 < length && count < ids.length; i++)
        {
            if (buffer.getByte(i) != '<' || buffer.getByte(i + 1) != '@')
            {
                continue;
            }
            int j = i + 2;
            if (buffer.getByte(j) == '!')
            {
                j++;
            }
            long id = 0;
            int digits = 0;
            while (j < length && digits < 20)
            {
                final byte b = buffer.getByte(j);
                if (b < '0' || b > '9')
                {
                    break;
                }
                id = id * 10 + (b - '0');
                digits++;
                j++;
            }
            if (digits > 0 && digits < 20 && j < length && buffer.getByte(j) == '>' && id > 0)
            {
                boolean seen = false;
                for (int k = 0; k < count; k++)
                {
                    seen |= ids[k] == id;
                }
                if (!seen)
                {
                    ids[count++] = id;
                }
                i = j;
            }
        }
        return count;
    }

    static BooleanType bool(final boolean value)
    {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }

    private static ChannelKind channelKind(final int channelType)
    {
        return ChannelKind.get((short)channelType);
    }

    private static OverwriteKind overwriteKind(final int kind)
    {
        return OverwriteKind.get((short)kind);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Read access for tests, benchmarks and diagnostics (same thread only).

    /**
     * @param guildId a guild id.
     * @return the guild or null.
     */
    public Guild guild(final long guildId)
    {
        return guilds.get(guildId);
    }

    /**
     * @return every guild this shard owns.
     */
    public Long2ObjectHashMap<Guild> guilds()
    {
        return guilds;
    }

    /**
     * @param channelId a channel id.
     * @return the channel or null.
     */
    public Channel channel(final long channelId)
    {
        return channels.get(channelId);
    }

    /**
     * @param userId a user id.
     * @return the user or null.
     */
    public User user(final long userId)
    {
        return users.get(userId);
    }

    /**
     * @return every user this shard owns.
     */
    public Long2ObjectHashMap<User> users()
    {
        return users;
    }

    /**
     * @param login a login name.
     * @return its account or null.
     */
    public Account account(final String login)
    {
        return accounts.get(login.toLowerCase(Locale.ROOT));
    }

    /**
     * @return every invite this shard owns.
     */
    public Long2ObjectHashMap<Invite> invites()
    {
        return invites;
    }

    /**
     * @param userId a user this shard owns.
     * @return its open gateway sessions, or null when it has none.
     */
    ArrayList<UserSession> userSessions(final long userId)
    {
        return userSessions.get(userId);
    }

    /**
     * @param channelId a channel id.
     * @return the DM channel this shard owns, or null.
     */
    public DmChannel dmChannel(final long channelId)
    {
        return dms.channel(channelId);
    }

    /**
     * @return the topic to edge routes.
     */
    public TopicRoutes routes()
    {
        return routes;
    }
}
