package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.BulkDeleteMessagesDecoder;
import io.concord.codecs.CreateMessageDecoder;
import io.concord.codecs.DmChannelInfoEncoder;
import io.concord.codecs.DmOpenDecoder;
import io.concord.codecs.DmOpenEncoder;
import io.concord.codecs.DmRecipientAddedDecoder;
import io.concord.codecs.DmRecipientAddedEncoder;
import io.concord.codecs.EditMessageDecoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OpenDmDecoder;
import io.concord.codecs.PrivateChannelsEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.SessionDmDecoder;
import io.concord.codecs.SessionDmEncoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedEncoder;
import io.concord.codecs.TopicKind;
import io.concord.codecs.TypingStartedEncoder;
import io.concord.core.CoreRouting;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.DmChannel;
import io.concord.core.state.GuildSession;
import io.concord.core.state.User;
import io.concord.core.storage.MessageStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SnowflakeIdGenerator;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct messages inside one {@link GuildShard}, in its two roles:
 * <ul>
 *   <li>as the <b>DM shard</b> of a pair of users ({@link CoreRouting#shardOfDm}): the {@link DmChannel}s it minted
 *   (so channel-keyed commands reach it by the id's shard bits), the pair index that keeps one channel per pair, the
 *   sessions subscribed to each channel's topic, and the channel's messages and typing, which go through the same
 *   pending-op and durable store path as guild messages, dispatched without a guild;</li>
 *   <li>as the <b>user shard</b>: each of its users' DM channels (for READY's {@code private_channels} and for
 *   subscribing the user's new gateway sessions).</li>
 * </ul>
 * Opening a DM: edge {@code OpenDm} -> the user's shard (adds the user and its sessions) -> the recipient's shard
 * (checks the recipient exists, adds it and its sessions) -> the DM shard, which finds or creates the channel,
 * subscribes every listed session before it answers (so neither user can miss an early message), and tells both user
 * shards ({@code DmRecipientAdded}, which subscribe sessions opened meanwhile; subscriptions are idempotent).
 * <p>
 * Persisted records: {@code d:<channelId>} DmOpen (channelId set, no sessions), {@code ud:<userId>:<channelId>}
 * DmRecipientAdded. Only the shard's thread may call any method.
 */
final class DirectMessages
{
    /**
     * Discord's "Cannot execute action on a DM channel" (guild-only actions such as bulk delete, overwrites, invites).
     */
    static final int CANNOT_EXECUTE_IN_DM = 50003;

    private static final int STAGE_RECIPIENT = 1;
    private static final int STAGE_DM_SHARD = 2;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final ByteOrder ORDER = MessageHeaderEncoder.BYTE_ORDER;
    private static final byte[] NO_BYTES = new byte[0];

    private final GuildShard shard;
    private final int shardCount;
    private final SnowflakeIdGenerator ids;
    private final EpochClock clock;
    private final ShardOutbound outbound;
    private final MessageStore messageStore;
    private final MetadataStore metadata;
    private final ShardCounters counters;
    private final TopicRoutes routes;

    private final Long2ObjectHashMap<DmChannel> channels = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Long2LongHashMap> pairs = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ArrayList<Recipient>> userChannels = new Long2ObjectHashMap<>();

    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(1024);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer view2 = new UnsafeBuffer(0, 0);
    private final IntArrayList sessionEdges = new IntArrayList();
    private final LongArrayList sessionIds = new LongArrayList();
    private final LongArrayList sessionUsers = new LongArrayList();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DmOpenEncoder dmOpenEncoder = new DmOpenEncoder();
    private final DmOpenDecoder dmOpenRecord = new DmOpenDecoder();
    private final DmRecipientAddedEncoder recipientAddedEncoder = new DmRecipientAddedEncoder();
    private final DmRecipientAddedDecoder recipientAddedRecord = new DmRecipientAddedDecoder();
    private final SessionDmEncoder sessionDmEncoder = new SessionDmEncoder();
    private final DmChannelInfoEncoder infoEncoder = new DmChannelInfoEncoder();
    private final PrivateChannelsEncoder privateChannelsEncoder = new PrivateChannelsEncoder();
    private final SubscriptionChangedEncoder subscriptionEncoder = new SubscriptionChangedEncoder();
    private final MessageRecords messageRecords = new MessageRecords();
    private final TypingStartedEncoder typingStartedEncoder = new TypingStartedEncoder();

    /**
     * One DM channel of a user this shard owns, as that user sees it.
     */
    private static final class Recipient
    {
        final long channelId;
        final long userId;
        final boolean bot;
        final byte[] usernameUtf8;

        Recipient(final long channelId, final long userId, final boolean bot, final byte[] usernameUtf8)
        {
            this.channelId = channelId;
            this.userId = userId;
            this.bot = bot;
            this.usernameUtf8 = usernameUtf8;
        }
    }

    DirectMessages(
        final GuildShard shard,
        final int shardCount,
        final SnowflakeIdGenerator ids,
        final EpochClock clock,
        final ShardOutbound outbound,
        final MessageStore messageStore,
        final MetadataStore metadata,
        final ShardCounters counters,
        final TopicRoutes routes)
    {
        this.shard = shard;
        this.shardCount = shardCount;
        this.ids = ids;
        this.clock = clock;
        this.outbound = outbound;
        this.messageStore = messageStore;
        this.metadata = metadata;
        this.counters = counters;
        this.routes = routes;
    }

    /**
     * @param channelId a channel id.
     * @return the DM channel this shard owns, or null.
     */
    DmChannel channel(final long channelId)
    {
        return channels.get(channelId);
    }

    /**
     * @param userId a user this shard owns.
     * @return how many DM channels the user has.
     */
    int channelCount(final long userId)
    {
        final ArrayList<Recipient> list = userChannels.get(userId);
        return null == list ? 0 : list.size();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Opening a DM.

    void onOpenDm(final OpenDmDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long recipientId = cmd.recipientId();

        final User user = shard.user(userId);
        if (null == user)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_USER);
            return;
        }
        if (recipientId <= 0 || recipientId == userId)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
            return;
        }
        clearSessions();
        addSessions(userId);
        final int length = encodeOpen(edgeId, correlationId, userId, recipientId, STAGE_RECIPIENT, 0,
            user.bot(), false, user.usernameUtf8(), NO_BYTES, true);
        outbound.toShard(CoreRouting.shardOfUser(recipientId, shardCount), out, 0, length);
    }

    void onDmOpen(final DmOpenDecoder hop)
    {
        final int edgeId = hop.edgeId();
        final long correlationId = hop.correlationId();
        final long userId = hop.userId();
        final long recipientId = hop.recipientId();
        final short stage = hop.stage();
        hop.channelId();
        final boolean userBot = BooleanType.TRUE == hop.userBot();
        final boolean recipientBot = BooleanType.TRUE == hop.recipientBot();
        clearSessions();
        for (final DmOpenDecoder.SessionsDecoder session : hop.sessions())
        {
            sessionEdges.addInt(session.edgeId());
            sessionIds.addLong(session.sessionId());
            sessionUsers.addLong(session.userId());
        }
        final String userName = hop.userName();
        final String recipientName = hop.recipientName();

        if (STAGE_RECIPIENT == stage)
        {
            final User recipient = shard.user(recipientId);
            if (null == recipient)
            {
                shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_USER);
                return;
            }
            addSessions(recipientId);
            final int length = encodeOpen(edgeId, correlationId, userId, recipientId, STAGE_DM_SHARD, 0, userBot,
                recipient.bot(), userName.getBytes(StandardCharsets.UTF_8),
                recipient.usernameUtf8(), true);
            outbound.toShard(CoreRouting.shardOfDm(userId, recipientId, shardCount), out, 0, length);
            return;
        }
        if (STAGE_DM_SHARD != stage)
        {
            counters.malformed().incrementRelease();
            return;
        }

        DmChannel dm = channels.get(pairChannel(userId, recipientId));
        final boolean created = null == dm;
        if (created)
        {
            dm = new DmChannel(ids.nextId(), userId, userName, userBot, recipientId, recipientName, recipientBot);
            index(dm);
            persist(dm);
            sendRecipientAdded(dm, 0);
            sendRecipientAdded(dm, 1);
        }
        for (int i = 0, n = sessionIds.size(); i < n; i++)
        {
            final long sessionUser = sessionUsers.getLong(i);
            subscribe(dm, sessionEdges.getInt(i), sessionIds.getLong(i), sessionUser,
                created && sessionUser == userId && !userBot);
        }
        clearSessions();
        sendInfo(edgeId, correlationId, 0, dm, dm.indexOf(userId));
    }

    void onDmRecipientAdded(final DmRecipientAddedDecoder cmd)
    {
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long recipientId = cmd.recipientId();
        final boolean recipientBot = BooleanType.TRUE == cmd.recipientBot();
        final byte[] name = new byte[cmd.recipientNameLength()];
        cmd.getRecipientName(name, 0, name.length);
        if (null == shard.user(userId))
        {
            return;
        }
        if (addRecipient(userId, channelId, recipientId, recipientBot, name))
        {
            metadata.put("ud:" + userId + ":" + channelId, cmd.buffer(), cmd.offset() - HEADER,
                HEADER + cmd.encodedLength());
        }
        final ArrayList<UserSession> sessions = shard.userSessions(userId);
        if (null != sessions)
        {
            for (int i = 0, n = sessions.size(); i < n; i++)
            {
                final UserSession session = sessions.get(i);
                if (onDmShard(session))
                {
                    sendSessionDm(session.edgeId, session.sessionId, userId, channelId, SubscriptionAction.SUBSCRIBE);
                }
            }
        }
    }

    void onSessionDm(final SessionDmDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final SubscriptionAction action = cmd.action();
        final DmChannel dm = channels.get(channelId);
        if (null == dm)
        {
            return;
        }
        if (SubscriptionAction.SUBSCRIBE == action)
        {
            subscribe(dm, edgeId, sessionId, userId, false);
        }
        else if (SubscriptionAction.UNSUBSCRIBE == action)
        {
            final GuildSession session = dm.session(edgeId, sessionId);
            if (null != session)
            {
                dm.sessions().remove(session);
                routes.remove(channelId, edgeId);
                sendSubscription(edgeId, sessionId, SubscriptionAction.UNSUBSCRIBE, channelId);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Gateway sessions of this shard's users.

    /**
     * A session of a user this shard owns opened: READY's private channels go out first (the caller sends Ready
     * right after, on the same publication), then the session is subscribed to each DM channel's topic. DMs belong
     * to gateway shard 0 only.
     */
    void onSessionOpened(final UserSession session, final long userId)
    {
        final ArrayList<Recipient> list = userChannels.get(userId);
        if (null == list || !onDmShard(session))
        {
            return;
        }
        final PrivateChannelsEncoder.ChannelsEncoder group = privateChannelsEncoder
            .wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(session.edgeId)
            .sessionId(session.sessionId)
            .channelsCount(list.size());
        for (int i = 0, n = list.size(); i < n; i++)
        {
            final Recipient recipient = list.get(i);
            group.next()
                .channelId(recipient.channelId)
                .recipientId(recipient.userId)
                .recipientBot(GuildShard.bool(recipient.bot))
                .putRecipientName(recipient.usernameUtf8, 0, recipient.usernameUtf8.length);
        }
        shard.send(session.edgeId, out, HEADER + privateChannelsEncoder.encodedLength());
        for (int i = 0, n = list.size(); i < n; i++)
        {
            sendSessionDm(session.edgeId, session.sessionId, userId, list.get(i).channelId,
                SubscriptionAction.SUBSCRIBE);
        }
    }

    void onSessionClosed(final UserSession session, final long userId)
    {
        final ArrayList<Recipient> list = userChannels.get(userId);
        if (null == list || !onDmShard(session))
        {
            return;
        }
        for (int i = 0, n = list.size(); i < n; i++)
        {
            sendSessionDm(session.edgeId, session.sessionId, userId, list.get(i).channelId,
                SubscriptionAction.UNSUBSCRIBE);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Channel commands on a channel id the guild shard does not know: a DM, or an unknown channel.

    void onCreateMessage(
        final CreateMessageDecoder cmd,
        final int edgeId,
        final long correlationId,
        final long userId,
        final long channelId,
        final long referencedMessageId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        cmd.wrapNonce(view);
        cmd.wrapContent(view2);
        final int contentError = GuildShard.contentErrorCode(view2, view.capacity());
        if (0 != contentError)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, contentError);
            return;
        }
        final PendingOp op = shard.claimOp(edgeId, correlationId, PendingOp.CREATE, channelId);
        if (null == op)
        {
            return;
        }
        final long messageId = ids.nextId();
        final int author = dm.indexOf(userId);
        dm.typing().stopTyping(userId);
        messageRecords.encodeCreated(op, 0, channelId, messageId, userId, referencedMessageId, false,
            dm.bot(author), dm.usernameUtf8(author), view, view2);
        if (MessageStore.ACCEPTED != messageStore.append(op.token(), channelId, messageId, op.frame, 0, op.frameLength))
        {
            shard.refuse(op);
        }
    }

    void onEditMessage(
        final EditMessageDecoder cmd,
        final int edgeId,
        final long correlationId,
        final long userId,
        final long channelId,
        final long messageId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        cmd.wrapContent(view2);
        final int contentLength = view2.capacity();
        final int contentError = GuildShard.contentErrorCode(view2, 0);
        if (0 != contentError)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, contentError);
            return;
        }
        final PendingOp op = shard.claimOp(edgeId, correlationId, PendingOp.EDIT, channelId);
        if (null == op)
        {
            return;
        }
        final long nowMs = clock.time();
        final int author = dm.indexOf(userId);
        messageRecords.encodeUpdated(
            op, 0, channelId, messageId, userId, nowMs, dm.bot(author), dm.usernameUtf8(author), view2);
        if (MessageStore.ACCEPTED !=
            messageStore.edit(op.token(), channelId, messageId, userId, nowMs, view2, 0, contentLength))
        {
            shard.refuse(op);
        }
    }

    /**
     * Deletes a message in a DM: only its author may (nobody has MANAGE_MESSAGES in a DM).
     */
    void onDeleteMessage(
        final int edgeId, final long correlationId, final long userId, final long channelId, final long messageId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        final PendingOp op = shard.claimOp(edgeId, correlationId, PendingOp.DELETE, channelId);
        if (null == op)
        {
            return;
        }
        messageRecords.encodeDeleted(op, 0, channelId, messageId);
        if (MessageStore.ACCEPTED != messageStore.delete(op.token(), channelId, messageId, userId))
        {
            shard.refuse(op);
        }
    }

    void onBulkDelete(final BulkDeleteMessagesDecoder cmd)
    {
        rejectGuildOnly(cmd.edgeId(), cmd.correlationId(), cmd.channelId(), cmd.userId());
    }

    void onHistoryRequest(
        final int edgeId,
        final long correlationId,
        final long userId,
        final long channelId,
        final HistoryDirection direction,
        final long anchorId,
        final int pageSize)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        if (HistoryDirection.NULL_VAL == direction || pageSize < 1 || pageSize > 100)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
            return;
        }
        if (MessageStore.ACCEPTED !=
            messageStore.readHistory(edgeId, correlationId, 0, channelId, direction, anchorId, pageSize))
        {
            shard.replyOverloaded(edgeId, correlationId);
        }
    }

    void onTriggerTyping(final int edgeId, final long correlationId, final long userId, final long channelId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        final long nowMs = clock.time();
        final int index = dm.indexOf(userId);
        if (dm.typing().startTyping(userId, nowMs, GuildShard.TYPING_TTL_MS))
        {
            final byte[] username = dm.usernameUtf8(index);
            typingStartedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
                .edgeId(0).guildId(0).channelId(channelId).userId(userId).timestampMs(nowMs)
                .joinedAtMs(0).bot(GuildShard.bool(dm.bot(index)))
                .rolesCount(0);
            typingStartedEncoder.putUsername(username, 0, username.length).putNick(username, 0, 0);
            shard.toTopic(channelId, out, HEADER + typingStartedEncoder.encodedLength(), -1, 0, false);
        }
        shard.reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    /**
     * GET /channels/{id} and DELETE /channels/{id} (Discord's "close DM", which only hides it client-side and
     * answers with the channel) on a DM.
     */
    void onGetChannel(final int edgeId, final long correlationId, final long userId, final long channelId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null != dm)
        {
            sendInfo(edgeId, correlationId, 0, dm, dm.indexOf(userId));
        }
    }

    /**
     * {@code DELETE /channels/{dm}}: Discord "closes" a DM for the caller only. The channel, its messages and its
     * subscriptions stay (a later message reaches both users as before); the caller gets the channel as the answer
     * and each of its sessions a CHANNEL_DELETE.
     */
    void onCloseDm(final int edgeId, final long correlationId, final long userId, final long channelId)
    {
        final DmChannel dm = dmFor(edgeId, correlationId, channelId, userId);
        if (null == dm)
        {
            return;
        }
        final int viewer = dm.indexOf(userId);
        sendInfo(edgeId, correlationId, 0, dm, viewer);
        final List<GuildSession> sessions = dm.sessions();
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final GuildSession session = sessions.get(i);
            if (session.userId() == userId)
            {
                sendInfo(session.edgeId(), 0, session.sessionId(), dm, viewer, true);
            }
        }
    }

    /**
     * Guild-only channel commands (bulk delete, channel edits, overwrites, invites): Discord's 50003 for a
     * recipient, Missing Access for anyone else, Unknown Channel when there is no such DM.
     */
    void rejectGuildOnly(final int edgeId, final long correlationId, final long channelId, final long userId)
    {
        if (null != dmFor(edgeId, correlationId, channelId, userId))
        {
            shard.reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, CANNOT_EXECUTE_IN_DM);
        }
    }

    /**
     * Called when a message create in one of this shard's channels became durable, before its MESSAGE_CREATE goes
     * out: tracks the DM's last message and, on its first message, sends CHANNEL_CREATE to the sessions of the
     * recipient who did not open it (Discord tells a user of a new DM when its first message arrives; bots get no DM
     * CHANNEL_CREATE).
     */
    void onMessageDurable(final long channelId, final DirectBuffer frame)
    {
        final DmChannel dm = channels.get(channelId);
        if (null == dm)
        {
            return;
        }
        final long messageId = frame.getLong(HEADER + MessageCreatedEncoder.messageIdEncodingOffset(), ORDER);
        final long authorId = frame.getLong(HEADER + MessageCreatedEncoder.authorIdEncodingOffset(), ORDER);
        final boolean first = 0 == dm.lastMessageId();
        dm.lastMessageId(Math.max(dm.lastMessageId(), messageId));
        // The opener heard of the channel when it opened it; the other recipient hears of it now.
        final int other = 1;
        if (first && dm.indexOf(authorId) != other && !dm.bot(other))
        {
            final List<GuildSession> sessions = dm.sessions();
            for (int i = 0, n = sessions.size(); i < n; i++)
            {
                final GuildSession session = sessions.get(i);
                if (session.userId() == dm.userId(other))
                {
                    sendInfo(session.edgeId(), 0, session.sessionId(), dm, other);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Restore.

    /**
     * @param kind   record kind: {@code d} or {@code ud}; others are ignored.
     * @param record the record, header included.
     */
    void restoreRecord(final String kind, final DirectBuffer record)
    {
        if ("d".equals(kind))
        {
            dmOpenRecord.wrapAndApplyHeader(record, 0, header);
            dmOpenRecord.edgeId();
            dmOpenRecord.correlationId();
            final long userId = dmOpenRecord.userId();
            final long recipientId = dmOpenRecord.recipientId();
            dmOpenRecord.stage();
            final long channelId = dmOpenRecord.channelId();
            final boolean userBot = BooleanType.TRUE == dmOpenRecord.userBot();
            final boolean recipientBot = BooleanType.TRUE == dmOpenRecord.recipientBot();
            for (final DmOpenDecoder.SessionsDecoder session : dmOpenRecord.sessions())
            {
                session.sessionId();
            }
            final String userName = dmOpenRecord.userName();
            final String recipientName = dmOpenRecord.recipientName();
            index(new DmChannel(channelId, userId, userName, userBot, recipientId, recipientName, recipientBot));
        }
        else if ("ud".equals(kind))
        {
            recipientAddedRecord.wrapAndApplyHeader(record, 0, header);
            final long userId = recipientAddedRecord.userId();
            final long channelId = recipientAddedRecord.channelId();
            final long recipientId = recipientAddedRecord.recipientId();
            final boolean recipientBot = BooleanType.TRUE == recipientAddedRecord.recipientBot();
            final byte[] name = new byte[recipientAddedRecord.recipientNameLength()];
            recipientAddedRecord.getRecipientName(name, 0, name.length);
            addRecipient(userId, channelId, recipientId, recipientBot, name);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers.

    /**
     * The DM if it exists here and the user is a recipient; otherwise replies (Unknown Channel / Missing Access)
     * and returns null.
     */
    private DmChannel dmFor(final int edgeId, final long correlationId, final long channelId, final long userId)
    {
        final DmChannel dm = channels.get(channelId);
        if (null == dm)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_CHANNEL);
            return null;
        }
        if (dm.indexOf(userId) < 0)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, GuildShard.MISSING_ACCESS);
            return null;
        }
        return dm;
    }

    private long pairChannel(final long userId, final long recipientId)
    {
        final Long2LongHashMap byHigh = pairs.get(Math.min(userId, recipientId));
        return null == byHigh ? 0 : byHigh.get(Math.max(userId, recipientId));
    }

    private void index(final DmChannel dm)
    {
        channels.put(dm.id(), dm);
        final long low = Math.min(dm.userId(0), dm.userId(1));
        Long2LongHashMap byHigh = pairs.get(low);
        if (null == byHigh)
        {
            byHigh = new Long2LongHashMap(0);
            pairs.put(low, byHigh);
        }
        byHigh.put(Math.max(dm.userId(0), dm.userId(1)), dm.id());
    }

    private void persist(final DmChannel dm)
    {
        final int length = encodeOpen(0, 0, dm.userId(0), dm.userId(1), STAGE_DM_SHARD, dm.id(), dm.bot(0),
            dm.bot(1), dm.usernameUtf8(0), dm.usernameUtf8(1), false);
        metadata.put("d:" + dm.id(), out, 0, length);
    }

    private boolean hasChannel(final long userId, final long channelId)
    {
        final ArrayList<Recipient> list = userChannels.get(userId);
        if (null != list)
        {
            for (int i = 0, n = list.size(); i < n; i++)
            {
                if (list.get(i).channelId == channelId)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @return true when the channel was new to the user.
     */
    private boolean addRecipient(
        final long userId, final long channelId, final long recipientId, final boolean recipientBot, final byte[] name)
    {
        if (hasChannel(userId, channelId))
        {
            return false;
        }
        ArrayList<Recipient> list = userChannels.get(userId);
        if (null == list)
        {
            list = new ArrayList<>(2);
            userChannels.put(userId, list);
        }
        list.add(new Recipient(channelId, recipientId, recipientBot, name));
        return true;
    }

    private void subscribe(
        final DmChannel dm, final int edgeId, final long sessionId, final long userId, final boolean announce)
    {
        final int index = dm.indexOf(userId);
        if (index < 0 || null != dm.session(edgeId, sessionId))
        {
            return;
        }
        dm.sessions().add(new GuildSession(edgeId, sessionId, userId));
        routes.add(dm.id(), edgeId);
        sendSubscription(edgeId, sessionId, SubscriptionAction.SUBSCRIBE, dm.id());
        if (announce)
        {
            sendInfo(edgeId, 0, sessionId, dm, index);
        }
    }

    private void sendSubscription(
        final int edgeId, final long sessionId, final SubscriptionAction action, final long channelId)
    {
        subscriptionEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId)
            .sessionId(sessionId)
            .action(action)
            .topicsCount(1)
            .next().kind(TopicKind.CHANNEL).topicId(channelId);
        shard.send(edgeId, out, HEADER + subscriptionEncoder.encodedLength());
    }

    private void sendInfo(
        final int edgeId, final long correlationId, final long sessionId, final DmChannel dm, final int viewer)
    {
        sendInfo(edgeId, correlationId, sessionId, dm, viewer, false);
    }

    private void sendInfo(
        final int edgeId,
        final long correlationId,
        final long sessionId,
        final DmChannel dm,
        final int viewer,
        final boolean closed)
    {
        final int other = 1 - viewer;
        final byte[] name = dm.usernameUtf8(other);
        infoEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .sessionId(sessionId)
            .channelId(dm.id())
            .lastMessageId(dm.lastMessageId())
            .recipientId(dm.userId(other))
            .recipientBot(GuildShard.bool(dm.bot(other)))
            .closed(GuildShard.bool(closed))
            .putRecipientName(name, 0, name.length);
        shard.send(edgeId, out, HEADER + infoEncoder.encodedLength());
    }

    private void sendRecipientAdded(final DmChannel dm, final int index)
    {
        final int other = 1 - index;
        final byte[] name = dm.usernameUtf8(other);
        recipientAddedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .userId(dm.userId(index))
            .channelId(dm.id())
            .recipientId(dm.userId(other))
            .recipientBot(GuildShard.bool(dm.bot(other)))
            .putRecipientName(name, 0, name.length);
        outbound.toShard(CoreRouting.shardOfUser(dm.userId(index), shardCount), out, 0,
            HEADER + recipientAddedEncoder.encodedLength());
    }

    private void sendSessionDm(
        final int edgeId,
        final long sessionId,
        final long userId,
        final long channelId,
        final SubscriptionAction action)
    {
        sessionDmEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).channelId(channelId).action(action);
        outbound.toShard(CoreRouting.shardOfMintedId(channelId), out, 0, HEADER + sessionDmEncoder.encodedLength());
    }

    private int encodeOpen(
        final int edgeId,
        final long correlationId,
        final long userId,
        final long recipientId,
        final int stage,
        final long channelId,
        final boolean userBot,
        final boolean recipientBot,
        final byte[] userName,
        final byte[] recipientName,
        final boolean withSessions)
    {
        final int sessionCount = withSessions ? sessionIds.size() : 0;
        final DmOpenEncoder.SessionsEncoder group = dmOpenEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .userId(userId)
            .recipientId(recipientId)
            .stage((short)stage)
            .channelId(channelId)
            .userBot(GuildShard.bool(userBot))
            .recipientBot(GuildShard.bool(recipientBot))
            .sessionsCount(sessionCount);
        for (int i = 0; i < sessionCount; i++)
        {
            group.next()
                .edgeId(sessionEdges.getInt(i))
                .sessionId(sessionIds.getLong(i))
                .userId(sessionUsers.getLong(i));
        }
        dmOpenEncoder
            .putUserName(userName, 0, userName.length)
            .putRecipientName(recipientName, 0, recipientName.length);
        return HEADER + dmOpenEncoder.encodedLength();
    }

    private void clearSessions()
    {
        sessionEdges.clear();
        sessionIds.clear();
        sessionUsers.clear();
    }

    private void addSessions(final long userId)
    {
        final ArrayList<UserSession> sessions = shard.userSessions(userId);
        if (null != sessions)
        {
            for (int i = 0, n = sessions.size(); i < n; i++)
            {
                final UserSession session = sessions.get(i);
                if (onDmShard(session))
                {
                    sessionEdges.addInt(session.edgeId);
                    sessionIds.addLong(session.sessionId);
                    sessionUsers.addLong(userId);
                }
            }
        }
    }

    private static boolean onDmShard(final UserSession session)
    {
        return 0 == session.gatewayShardId;
    }
}
