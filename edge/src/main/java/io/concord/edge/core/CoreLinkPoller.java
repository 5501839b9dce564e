package io.concord.edge.core;

import io.aeron.FragmentAssembler;
import io.aeron.logbuffer.Header;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelVisibilityChangedDecoder;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildMembersChunkDecoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.InviteChangedDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.MessagesBulkDeletedDecoder;
import io.concord.codecs.MessageReactionsDecoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdatedDecoder;
import io.concord.codecs.PrivateChannelsDecoder;
import io.concord.codecs.ReactionAction;
import io.concord.codecs.ReactionChangedDecoder;
import io.concord.codecs.ReactionUsersDecoder;
import io.concord.codecs.ReadyDecoder;
import io.concord.codecs.RoleChangedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.SubscriptionChangedDecoder;
import io.concord.codecs.TopicKind;
import io.concord.codecs.TokensRevokedDecoder;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.codecs.UserGuildsDecoder;
import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCoreListener;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.MemberEvent;
import io.concord.edge.gateway.MemberSnapshot;
import io.concord.edge.gateway.MessageEvent;
import io.concord.edge.gateway.OverwriteSnapshot;
import io.concord.edge.gateway.PresenceEvent;
import io.concord.edge.gateway.PresenceSnapshot;
import io.concord.edge.gateway.ReactionEvent;
import io.concord.edge.gateway.InviteSnapshot;
import io.concord.edge.gateway.PrivateChannelSnapshot;
import io.concord.edge.gateway.RoleSnapshot;
import io.concord.edge.gateway.SessionRejection;
import io.concord.edge.gateway.UserSnapshot;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Polls this edge's stream from the core and routes each frame: dispatches to the gateway's fan-out (in the order
 * the core sent them), replies to the REST request waiting on them (onto its event loop), and READY, guild snapshots
 * and subscriptions of opening sessions to their {@link PendingSession} (subscriptions also to the gateway, which
 * holds what they carry until READY is written). A frame that is both (a
 * {@code MessageCreated} carrying the requester's correlation id) goes both ways. Runs on its own agent thread, the
 * only thread that reads the subscription and calls the gateway listener.
 */
public final class CoreLinkPoller implements Agent
{
    /**
     * Revocations of a user's tokens, for the REST side's token checks.
     */
    @FunctionalInterface
    public interface TokenRevocations
    {
        /**
         * @param userId     the user.
         * @param generation tokens issued under a lower generation are no longer valid.
         */
        void onTokensRevoked(long userId, int generation);
    }

    private static final int FRAGMENT_LIMIT = 64;
    private static final int CORRELATION_ID_OFFSET = 4;
    private static final int NO_CHANGE = -1;
    private static final long EXPIRY_CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final AeronCoreLink link;
    private final GatewayCoreListener gateway;
    private final TokenRevocations tokenRevocations;
    private long lastExpiryCheckNs = System.nanoTime();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SubscriptionChangedDecoder subscriptionChanged = new SubscriptionChangedDecoder();
    private final MessageCreatedDecoder messageCreated = new MessageCreatedDecoder();
    private final MessageUpdatedDecoder messageUpdated = new MessageUpdatedDecoder();
    private final MessageDeletedDecoder messageDeleted = new MessageDeletedDecoder();
    private final TypingStartedDecoder typingStarted = new TypingStartedDecoder();
    private final ReadyDecoder ready = new ReadyDecoder();
    private final GuildSnapshotDecoder guildSnapshot = new GuildSnapshotDecoder();
    private final TokensRevokedDecoder tokensRevoked = new TokensRevokedDecoder();
    private final MessageEvent event = new MessageEvent();
    private final MemberEvent member = new MemberEvent();
    private final GuildChangedDecoder guildChanged = new GuildChangedDecoder();
    private final ChannelChangedDecoder channelChanged = new ChannelChangedDecoder();
    private final ChannelVisibilityChangedDecoder visibilityChanged = new ChannelVisibilityChangedDecoder();
    private long[] visibilitySessionIds = new long[64];
    private final RoleChangedDecoder roleChanged = new RoleChangedDecoder();
    private final MemberChangedDecoder memberChanged = new MemberChangedDecoder();
    private final MessagesBulkDeletedDecoder bulkDeleted = new MessagesBulkDeletedDecoder();
    private long[] bulkDeletedIds = new long[128];
    private long[] inviteSessionIds = new long[16];
    private final PresenceUpdatedDecoder presenceUpdated = new PresenceUpdatedDecoder();
    private final PresenceEvent presence = new PresenceEvent();
    private final ReactionChangedDecoder reactionChanged = new ReactionChangedDecoder();
    private final ReactionEvent reaction = new ReactionEvent();
    private final DmChannelInfoDecoder dmChannelInfo = new DmChannelInfoDecoder();
    private final InviteChangedDecoder inviteChanged = new InviteChangedDecoder();
    private final PrivateChannelsDecoder privateChannels = new PrivateChannelsDecoder();

    /**
     * @param link             the link whose subscription and pending tables this polls.
     * @param gateway          receives dispatches and subscription changes.
     * @param tokenRevocations receives token revocations.
     */
    public CoreLinkPoller(
        final AeronCoreLink link, final GatewayCoreListener gateway, final TokenRevocations tokenRevocations)
    {
        this.link = link;
        this.gateway = gateway;
        this.tokenRevocations = tokenRevocations;
    }

    public String roleName()
    {
        return "edge-core-link";
    }

    public int doWork()
    {
        int work = link.fromCore().poll(assembler, FRAGMENT_LIMIT);
        final long nowNs = System.nanoTime();
        if (!link.isLinked())
        {
            work += link.probe(nowNs);
        }
        if (nowNs - lastExpiryCheckNs >= EXPIRY_CHECK_INTERVAL_NS)
        {
            lastExpiryCheckNs = nowNs;
            work += link.expireSessions(System.currentTimeMillis());
        }
        return work;
    }

    /**
     * Routes one whole frame; public for tests that feed frames without Aeron.
     *
     * @param buffer holding the frame, header included.
     * @param offset of the frame.
     * @param length of the frame.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        switch (templateId)
        {
            case SubscriptionChangedDecoder.TEMPLATE_ID:
                onSubscriptionChanged(subscriptionChanged.wrapAndApplyHeader(buffer, offset, header));
                break;
            case MessageCreatedDecoder.TEMPLATE_ID:
                onMessageCreated(messageCreated.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case MessageUpdatedDecoder.TEMPLATE_ID:
                onMessageUpdated(messageUpdated.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case MessageDeletedDecoder.TEMPLATE_ID:
                messageDeleted.wrapAndApplyHeader(buffer, offset, header);
                gateway.onMessageDeleted(
                    messageDeleted.guildId(), messageDeleted.channelId(), messageDeleted.messageId());
                reply(templateId, buffer, offset, length);
                break;
            case TypingStartedDecoder.TEMPLATE_ID:
                onTypingStarted(typingStarted.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ReadyDecoder.TEMPLATE_ID:
                onReady(ready.wrapAndApplyHeader(buffer, offset, header));
                break;
            case GuildSnapshotDecoder.TEMPLATE_ID:
                onGuildSnapshot(guildSnapshot.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case TokensRevokedDecoder.TEMPLATE_ID:
                tokensRevoked.wrapAndApplyHeader(buffer, offset, header);
                tokenRevocations.onTokensRevoked(tokensRevoked.userId(), tokensRevoked.tokenGeneration());
                break;
            case GuildChangedDecoder.TEMPLATE_ID:
                onGuildChanged(guildChanged.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case ChannelChangedDecoder.TEMPLATE_ID:
                onChannelChanged(channelChanged.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case ChannelVisibilityChangedDecoder.TEMPLATE_ID:
                onChannelVisibilityChanged(visibilityChanged.wrapAndApplyHeader(buffer, offset, header));
                break;
            case RoleChangedDecoder.TEMPLATE_ID:
                onRoleChanged(roleChanged.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case MemberChangedDecoder.TEMPLATE_ID:
                onMemberChanged(memberChanged.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case MessagesBulkDeletedDecoder.TEMPLATE_ID:
                onMessagesBulkDeleted(bulkDeleted.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case GuildMembersChunkDecoder.TEMPLATE_ID:
                gateway.onGuildMembersChunk(buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH +
                    GuildMembersChunkDecoder.sessionIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER),
                    buffer, offset, length);
                break;
            case PresenceUpdatedDecoder.TEMPLATE_ID:
                onPresenceUpdated(presenceUpdated.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ReactionChangedDecoder.TEMPLATE_ID:
                onReactionChanged(reactionChanged.wrapAndApplyHeader(buffer, offset, header));
                break;
            case ReactionUsersDecoder.TEMPLATE_ID:
            case MessageReactionsDecoder.TEMPLATE_ID:
                reply(templateId, buffer, offset, length);
                break;
            case DmChannelInfoDecoder.TEMPLATE_ID:
                onDmChannelInfo(dmChannelInfo.wrapAndApplyHeader(buffer, offset, header));
                reply(templateId, buffer, offset, length);
                break;
            case PrivateChannelsDecoder.TEMPLATE_ID:
                onPrivateChannels(privateChannels.wrapAndApplyHeader(buffer, offset, header));
                break;
            case InviteChangedDecoder.TEMPLATE_ID:
                onInviteChanged(inviteChanged.wrapAndApplyHeader(buffer, offset, header));
                break;
            case CommandReplyDecoder.TEMPLATE_ID:
            case UserGuildsDecoder.TEMPLATE_ID:
            case HistoryResponseDecoder.TEMPLATE_ID:
            case AccountReplyDecoder.TEMPLATE_ID:
            case InviteInfoDecoder.TEMPLATE_ID:
                reply(templateId, buffer, offset, length);
                break;
            default:
                break;
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        onFrame(buffer, offset, length);
    }

    /**
     * Every reply-capable message has {@code edgeId} (int32) then {@code correlationId} (int64) at the start of its
     * block; {@code CoreLinkPollerTest} checks that against the generated codecs.
     */
    private void reply(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long correlationId =
            buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH + CORRELATION_ID_OFFSET);
        if (0 == correlationId || (CommandReplyDecoder.TEMPLATE_ID == templateId && link.onProbeReply(correlationId)))
        {
            return;
        }
        final AeronCoreLink.PendingReply pending = link.takeReply(correlationId);
        if (null == pending)
        {
            return;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        pending.executor().execute(() -> pending.handler().onReply(templateId, new UnsafeBuffer(copy), 0, length));
    }

    private void onSubscriptionChanged(final SubscriptionChangedDecoder decoder)
    {
        final long sessionId = decoder.sessionId();
        final boolean subscribe = SubscriptionAction.SUBSCRIBE == decoder.action();
        final PendingSession pending = link.pendingSession(sessionId);
        long leftGuildId = 0;
        for (final SubscriptionChangedDecoder.TopicsDecoder topic : decoder.topics())
        {
            final TopicKind kind = topic.kind();
            final long topicId = topic.topicId();
            // Effective at once even while the session opens: with several core shards, the topics of the shards
            // that answered already carry its events, which the gateway holds until READY is written.
            gateway.onSubscriptionChanged(sessionId, subscribe, topicId);
            if (null != pending)
            {
                pending.onTopic(subscribe, TopicKind.GUILD == kind, topicId);
            }
            else if (!subscribe && TopicKind.GUILD == kind)
            {
                leftGuildId = topicId;
            }
        }
        // Leaving a guild's own topic means the session is no longer in the guild (left, removed, guild deleted).
        if (0 != leftGuildId)
        {
            gateway.onGuildRemoved(sessionId, leftGuildId);
        }
    }

    private void onGuildChanged(final GuildChangedDecoder decoder)
    {
        final EntityChange change = decoder.change();
        final long guildId = decoder.guildId();
        final long ownerId = decoder.ownerId();
        decoder.memberCount();
        final String name = decoder.name();
        // GUILD_DELETE comes per session with the guild's unsubscription, which also covers kicks and leaves.
        if (EntityChange.UPDATED == change)
        {
            gateway.onGuildUpdated(guildId, ownerId, name);
        }
    }

    private void onChannelChanged(final ChannelChangedDecoder decoder)
    {
        final int change = changeOf(decoder.change());
        final long guildId = decoder.guildId();
        final long channelId = decoder.channelId();
        final int type = decoder.channelType().value();
        final long parentId = decoder.parentId();
        final int position = decoder.position();
        final int rateLimitPerUser = decoder.rateLimitPerUser();
        final List<OverwriteSnapshot> overwrites = new ArrayList<>();
        for (final ChannelChangedDecoder.OverwritesDecoder overwrite : decoder.overwrites())
        {
            overwrites.add(new OverwriteSnapshot(
                overwrite.targetId(), overwrite.kindRaw(), overwrite.allow(), overwrite.deny()));
        }
        final String name = decoder.name();
        final String topic = decoder.topic();
        if (NO_CHANGE != change)
        {
            gateway.onChannelChanged(change, guildId, new ChannelSnapshot(channelId, type, name, position, parentId,
                topic.isEmpty() ? null : topic, rateLimitPerUser, overwrites));
        }
    }

    /**
     * Sessions still opening take the change into the READY they are waiting for (their GUILD_CREATE lists the
     * channel or not); the others get CHANNEL_CREATE/DELETE and the topic change from the gateway.
     */
    private void onChannelVisibilityChanged(final ChannelVisibilityChangedDecoder decoder)
    {
        final boolean visible = EntityChange.CREATED == decoder.change();
        final long guildId = decoder.guildId();
        final long channelId = decoder.channelId();
        final int type = decoder.channelType().value();
        final long parentId = decoder.parentId();
        final int position = decoder.position();
        final int rateLimitPerUser = decoder.rateLimitPerUser();
        final List<OverwriteSnapshot> overwrites = new ArrayList<>();
        for (final ChannelVisibilityChangedDecoder.OverwritesDecoder overwrite : decoder.overwrites())
        {
            overwrites.add(new OverwriteSnapshot(
                overwrite.targetId(), overwrite.kindRaw(), overwrite.allow(), overwrite.deny()));
        }
        final ChannelVisibilityChangedDecoder.SessionsDecoder sessions = decoder.sessions();
        if (sessions.count() > visibilitySessionIds.length)
        {
            visibilitySessionIds = new long[sessions.count()];
        }
        int count = 0;
        final List<PendingSession> pendingSessions = new ArrayList<>(0);
        for (final ChannelVisibilityChangedDecoder.SessionsDecoder session : sessions)
        {
            final long sessionId = session.sessionId();
            final PendingSession pending = link.pendingSession(sessionId);
            if (null != pending)
            {
                pendingSessions.add(pending);
            }
            else
            {
                visibilitySessionIds[count++] = sessionId;
            }
        }
        final String name = decoder.name();
        final String topic = decoder.topic();
        final ChannelSnapshot channel = new ChannelSnapshot(channelId, type, name, position, parentId,
            topic.isEmpty() ? null : topic, rateLimitPerUser, overwrites);
        for (final PendingSession pending : pendingSessions)
        {
            pending.onChannelVisibility(visible, guildId, channel);
            gateway.onSubscriptionChanged(pending.sessionId(), visible, channelId);
        }
        if (count > 0)
        {
            gateway.onChannelVisibilityChanged(visible, guildId, channel, visibilitySessionIds, count);
        }
    }

    private void onRoleChanged(final RoleChangedDecoder decoder)
    {
        final int change = changeOf(decoder.change());
        final long guildId = decoder.guildId();
        final long roleId = decoder.roleId();
        final long permissions = decoder.permissions();
        final int color = decoder.color();
        final int position = decoder.position();
        final boolean hoist = BooleanType.TRUE == decoder.hoist();
        final boolean mentionable = BooleanType.TRUE == decoder.mentionable();
        final String name = decoder.name();
        if (NO_CHANGE != change)
        {
            gateway.onRoleChanged(change, guildId,
                new RoleSnapshot(roleId, name, permissions, position, color, hoist, mentionable));
        }
    }

    private void onMemberChanged(final MemberChangedDecoder decoder)
    {
        final int change = changeOf(decoder.change());
        member.reset().member(decoder.guildId(), decoder.userId(), decoder.joinedAtMs(),
            BooleanType.TRUE == decoder.bot());
        member.moderation(BooleanType.TRUE == decoder.mute(), BooleanType.TRUE == decoder.deaf(),
            decoder.communicationDisabledUntilMs());
        for (final MemberChangedDecoder.RolesDecoder role : decoder.roles())
        {
            member.addRole(role.roleId());
        }
        final int usernameLength = decoder.usernameLength();
        member.username(decoder.buffer(), decoder.limit() + MemberChangedDecoder.usernameHeaderLength(),
            usernameLength);
        decoder.skipUsername();
        final int nickLength = decoder.nickLength();
        member.nick(decoder.buffer(), decoder.limit() + MemberChangedDecoder.nickHeaderLength(), nickLength);
        decoder.skipNick();
        if (NO_CHANGE != change)
        {
            gateway.onMemberChanged(change, member);
        }
    }

    private void onMessagesBulkDeleted(final MessagesBulkDeletedDecoder decoder)
    {
        final long guildId = decoder.guildId();
        final long channelId = decoder.channelId();
        final MessagesBulkDeletedDecoder.MessagesDecoder messages = decoder.messages();
        final int count = messages.count();
        if (count > bulkDeletedIds.length)
        {
            bulkDeletedIds = new long[count];
        }
        for (int i = 0; messages.hasNext(); i++)
        {
            bulkDeletedIds[i] = messages.next().messageId();
        }
        gateway.onMessagesBulkDeleted(guildId, channelId, bulkDeletedIds, count);
    }

    private void onPresenceUpdated(final PresenceUpdatedDecoder decoder)
    {
        presence.reset(decoder.guildId(), decoder.userId(), decoder.statusRaw());
        final DirectBuffer buffer = decoder.buffer();
        for (final PresenceUpdatedDecoder.ActivitiesDecoder activity : decoder.activities())
        {
            final int type = activity.activityType();
            final int nameOffset = decoder.limit() + PresenceUpdatedDecoder.ActivitiesDecoder.nameHeaderLength();
            final int nameLength = activity.nameLength();
            activity.skipName();
            final int stateOffset = decoder.limit() + PresenceUpdatedDecoder.ActivitiesDecoder.stateHeaderLength();
            final int stateLength = activity.stateLength();
            activity.skipState();
            presence.addActivity(type, buffer, nameOffset, nameLength, buffer, stateOffset, stateLength);
        }
        gateway.onPresenceUpdated(presence);
    }

    /**
     * @return the listener's change constant, or {@link #NO_CHANGE} for a snapshot (a GET answer, not an event).
     */
    private static int changeOf(final EntityChange change)
    {
        switch (change)
        {
            case CREATED:
                return GatewayCoreListener.CHANGE_CREATED;
            case UPDATED:
                return GatewayCoreListener.CHANGE_UPDATED;
            case DELETED:
                return GatewayCoreListener.CHANGE_DELETED;
            default:
                return NO_CHANGE;
        }
    }

    private void onMessageCreated(final MessageCreatedDecoder decoder)
    {
        event.reset()
            .ids(decoder.guildId(), decoder.channelId(), decoder.messageId(), decoder.authorId())
            .referencedMessageId(decoder.referencedMessageId())
            .flags(decoder.flags())
            .mentionEveryone(BooleanType.TRUE == decoder.mentionEveryone())
            .authorBot(BooleanType.TRUE == decoder.authorBot());
        for (final MessageCreatedDecoder.MentionsDecoder mention : decoder.mentions())
        {
            event.addMention(mention.userId());
        }
        final int nonceLength = decoder.nonceLength();
        event.nonce(decoder.buffer(), decoder.limit() + MessageCreatedDecoder.nonceHeaderLength(), nonceLength);
        decoder.skipNonce();
        final int authorLength = decoder.authorNameLength();
        event.authorName(decoder.buffer(), decoder.limit() + MessageCreatedDecoder.authorNameHeaderLength(),
            authorLength);
        decoder.skipAuthorName();
        final int contentLength = decoder.contentLength();
        event.content(decoder.buffer(), decoder.limit() + MessageCreatedDecoder.contentHeaderLength(), contentLength);
        decoder.skipContent();
        gateway.onMessageCreated(event);
    }

    private void onMessageUpdated(final MessageUpdatedDecoder decoder)
    {
        event.reset()
            .ids(decoder.guildId(), decoder.channelId(), decoder.messageId(), decoder.authorId())
            .editedTimestampMs(decoder.editedTimestampMs())
            .flags(decoder.flags())
            .authorBot(BooleanType.TRUE == decoder.authorBot());
        final int authorLength = decoder.authorNameLength();
        event.authorName(decoder.buffer(), decoder.limit() + MessageUpdatedDecoder.authorNameHeaderLength(),
            authorLength);
        decoder.skipAuthorName();
        final int contentLength = decoder.contentLength();
        event.content(decoder.buffer(), decoder.limit() + MessageUpdatedDecoder.contentHeaderLength(), contentLength);
        decoder.skipContent();
        gateway.onMessageUpdated(event);
    }

    private void onReactionChanged(final ReactionChangedDecoder decoder)
    {
        decoder.edgeId();
        decoder.correlationId();
        final ReactionAction action = decoder.action();
        reaction.reset(ReactionAction.NULL_VAL == action ? ReactionEvent.REMOVE_ALL : action.value(),
            decoder.guildId(), decoder.channelId(), decoder.messageId(), decoder.userId(), decoder.messageAuthorId());
        final MemberEvent reactor = reaction.member();
        reactor.member(reaction.guildId(), reaction.userId(), decoder.joinedAtMs(),
            BooleanType.TRUE == decoder.bot());
        for (final ReactionChangedDecoder.RolesDecoder role : decoder.roles())
        {
            reactor.addRole(role.roleId());
        }
        final int usernameLength = decoder.usernameLength();
        reactor.username(decoder.buffer(), decoder.limit() + ReactionChangedDecoder.usernameHeaderLength(),
            usernameLength);
        decoder.skipUsername();
        final int emojiLength = decoder.emojiLength();
        reaction.emoji(decoder.buffer(), decoder.limit() + ReactionChangedDecoder.emojiHeaderLength(), emojiLength);
        decoder.skipEmoji();
        final int nickLength = decoder.nickLength();
        reactor.nick(decoder.buffer(), decoder.limit() + ReactionChangedDecoder.nickHeaderLength(), nickLength);
        decoder.skipNick();
        if (ReactionAction.ADD != action)
        {
            reactor.member(reaction.guildId(), 0, 0, false);
        }
        gateway.onReactionChanged(reaction);
    }

    private void onTypingStarted(final TypingStartedDecoder decoder)
    {
        final long channelId = decoder.channelId();
        final long timestampMs = decoder.timestampMs();
        member.reset().member(decoder.guildId(), decoder.userId(), decoder.joinedAtMs(),
            BooleanType.TRUE == decoder.bot());
        for (final TypingStartedDecoder.RolesDecoder role : decoder.roles())
        {
            member.addRole(role.roleId());
        }
        final int usernameLength = decoder.usernameLength();
        member.username(decoder.buffer(), decoder.limit() + TypingStartedDecoder.usernameHeaderLength(),
            usernameLength);
        decoder.skipUsername();
        final int nickLength = decoder.nickLength();
        member.nick(decoder.buffer(), decoder.limit() + TypingStartedDecoder.nickHeaderLength(), nickLength);
        decoder.skipNick();
        gateway.onTypingStarted(channelId, timestampMs, member);
    }

    /**
     * With a session id: CHANNEL_CREATE or CHANNEL_DELETE of a DM for that session (one still opening gets it after
     * its READY, which may list the DM too: clients take CHANNEL_CREATE of a known channel as an update). Without one
     * it only answers a REST request.
     */
    private void onDmChannelInfo(final DmChannelInfoDecoder decoder)
    {
        decoder.edgeId();
        decoder.correlationId();
        final long sessionId = decoder.sessionId();
        final long channelId = decoder.channelId();
        final long lastMessageId = decoder.lastMessageId();
        final long recipientId = decoder.recipientId();
        final boolean recipientBot = BooleanType.TRUE == decoder.recipientBot();
        final boolean closed = BooleanType.TRUE == decoder.closed();
        final String recipientName = decoder.recipientName();
        if (0 != sessionId)
        {
            final PrivateChannelSnapshot channel = new PrivateChannelSnapshot(channelId, lastMessageId,
                new UserSnapshot(recipientId, recipientName, null, null, recipientBot));
            if (closed)
            {
                gateway.onPrivateChannelDeleted(sessionId, channel);
            }
            else
            {
                gateway.onPrivateChannelCreated(sessionId, channel);
            }
        }
    }

    private void onInviteChanged(final InviteChangedDecoder decoder)
    {
        decoder.edgeId();
        final boolean created = EntityChange.CREATED == decoder.change();
        final long guildId = decoder.guildId();
        final long channelId = decoder.channelId();
        final long inviterId = decoder.inviterId();
        final boolean inviterBot = BooleanType.TRUE == decoder.inviterBot();
        final long createdAtMs = decoder.createdAtMs();
        final int maxAgeSeconds = decoder.maxAgeSeconds();
        final int maxUses = decoder.maxUses();
        final int uses = decoder.uses();
        final InviteChangedDecoder.SessionsDecoder sessions = decoder.sessions();
        final int count = sessions.count();
        if (count > inviteSessionIds.length)
        {
            inviteSessionIds = new long[count];
        }
        for (int i = 0; sessions.hasNext(); i++)
        {
            inviteSessionIds[i] = sessions.next().sessionId();
        }
        final String code = decoder.code();
        final String inviterName = decoder.inviterName();
        gateway.onInviteChanged(created, new InviteSnapshot(guildId, channelId, code,
            new UserSnapshot(inviterId, inviterName, null, null, inviterBot), createdAtMs, maxAgeSeconds, maxUses,
            uses), inviteSessionIds, count);
    }

    private void onPrivateChannels(final PrivateChannelsDecoder decoder)
    {
        decoder.edgeId();
        final PendingSession pending = link.pendingSession(decoder.sessionId());
        final List<PrivateChannelSnapshot> channels = new ArrayList<>();
        for (final PrivateChannelsDecoder.ChannelsDecoder channel : decoder.channels())
        {
            final long channelId = channel.channelId();
            final long recipientId = channel.recipientId();
            final boolean recipientBot = BooleanType.TRUE == channel.recipientBot();
            channels.add(new PrivateChannelSnapshot(channelId, 0,
                new UserSnapshot(recipientId, channel.recipientName(), null, null, recipientBot)));
        }
        if (null != pending)
        {
            pending.onPrivateChannels(channels);
        }
    }

    private void onReady(final ReadyDecoder decoder)
    {
        final long sessionId = decoder.sessionId();
        final PendingSession pending = link.pendingSession(sessionId);
        final long userId = decoder.userId();
        final boolean bot = BooleanType.TRUE == decoder.bot();
        final LongHashSet guildIds = new LongHashSet();
        for (final ReadyDecoder.GuildsDecoder guild : decoder.guilds())
        {
            guildIds.add(guild.guildId());
        }
        final String username = decoder.username();
        if (null == pending)
        {
            return;
        }
        if (0 == userId)
        {
            link.sessionDone(sessionId);
            pending.listener().onRejected(SessionRejection.AUTHENTICATION_FAILED);
            return;
        }
        pending.onReady(new UserSnapshot(userId, username, null, null, bot), guildIds);
        completeIfReady(pending);
    }

    private void onGuildSnapshot(final GuildSnapshotDecoder decoder)
    {
        decoder.edgeId();
        decoder.correlationId();
        final long sessionId = decoder.sessionId();
        if (0 == sessionId)
        {
            return;
        }
        final PendingSession pending = link.pendingSession(sessionId);
        final long guildId = decoder.guildId();
        final long ownerId = decoder.ownerId();
        final int memberCount = decoder.memberCount();
        decoder.large();

        final List<RoleSnapshot> roles = new ArrayList<>();
        for (final GuildSnapshotDecoder.RolesDecoder role : decoder.roles())
        {
            final long roleId = role.roleId();
            final long permissions = role.permissions();
            final int color = role.color();
            final int position = role.position();
            final boolean hoist = BooleanType.TRUE == role.hoist();
            final boolean mentionable = BooleanType.TRUE == role.mentionable();
            roles.add(new RoleSnapshot(roleId, role.name(), permissions, position, color, hoist, mentionable));
        }

        final List<ChannelSnapshot> channels = new ArrayList<>();
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : decoder.channels())
        {
            final long channelId = channel.channelId();
            final int type = channel.channelType().value();
            final long parentId = channel.parentId();
            final int position = channel.position();
            final int rateLimitPerUser = channel.rateLimitPerUser();
            final List<OverwriteSnapshot> overwrites = new ArrayList<>();
            for (final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder overwrite : channel.overwrites())
            {
                overwrites.add(new OverwriteSnapshot(
                    overwrite.targetId(), overwrite.kindRaw(), overwrite.allow(), overwrite.deny()));
            }
            final String name = channel.name();
            final String topic = channel.topic();
            channels.add(new ChannelSnapshot(channelId, type, name, position, parentId,
                topic.isEmpty() ? null : topic, rateLimitPerUser, overwrites));
        }

        final List<MemberSnapshot> members = new ArrayList<>();
        final List<PresenceSnapshot> presences = new ArrayList<>();
        long joinedAtMs = 0;
        for (final GuildSnapshotDecoder.MembersDecoder member : decoder.members())
        {
            final long memberId = member.userId();
            final long memberJoinedAtMs = member.joinedAtMs();
            final boolean bot = BooleanType.TRUE == member.bot();
            final String status = shownStatus(member.status());
            if (null != status)
            {
                presences.add(new PresenceSnapshot(memberId, status));
            }
            final boolean mute = BooleanType.TRUE == member.mute();
            final boolean deaf = BooleanType.TRUE == member.deaf();
            final long timeoutUntilMs = Math.max(0, member.communicationDisabledUntilMs());
            final GuildSnapshotDecoder.MembersDecoder.RolesDecoder memberRoles = member.roles();
            final long[] roleIds = new long[memberRoles.count()];
            for (int i = 0; memberRoles.hasNext(); i++)
            {
                roleIds[i] = memberRoles.next().roleId();
            }
            final String username = member.username();
            final String nick = member.nick();
            members.add(new MemberSnapshot(new UserSnapshot(memberId, username, null, null, bot), roleIds,
                nick.isEmpty() ? null : nick, memberJoinedAtMs, mute, deaf, timeoutUntilMs));
            if (null != pending && memberId == pending.userId())
            {
                joinedAtMs = memberJoinedAtMs;
            }
        }
        final String name = decoder.name();

        final GuildSnapshot guild =
            new GuildSnapshot(guildId, name, ownerId, joinedAtMs, memberCount, roles, channels, members, presences);
        if (null == pending)
        {
            // A guild joined after READY: the session is live, so this is its GUILD_CREATE.
            gateway.onGuildCreated(sessionId, guild);
            return;
        }
        pending.onGuild(guild);
        completeIfReady(pending);
    }

    /**
     * @return Discord's status string of a member shown as present, or null for offline (and invisible, which the
     * core never lists as present).
     */
    private static String shownStatus(final PresenceStatus status)
    {
        switch (status)
        {
            case ONLINE:
                return "online";
            case IDLE:
                return "idle";
            case DND:
                return "dnd";
            default:
                return null;
        }
    }

    private void completeIfReady(final PendingSession pending)
    {
        if (pending.complete())
        {
            link.sessionDone(pending.sessionId());
            pending.listener().onReady(pending.toReady());
        }
    }
}
