package io.concord.core.shard;

import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.BulkDeleteMessagesEncoder;
import io.concord.codecs.ChangeMemberRoleEncoder;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.CreateChannelEncoder;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.CreateRoleEncoder;
import io.concord.codecs.DeleteChannelEncoder;
import io.concord.codecs.DeleteGuildEncoder;
import io.concord.codecs.DeleteMessageEncoder;
import io.concord.codecs.DeleteOverwriteEncoder;
import io.concord.codecs.DeleteRoleEncoder;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.EditMessageEncoder;
import io.concord.codecs.GetChannelEncoder;
import io.concord.codecs.GetGuildEncoder;
import io.concord.codecs.GetUserEncoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryRequestEncoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.LookupCredentialsEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OpenDmEncoder;
import io.concord.codecs.OverwriteKind;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdateEncoder;
import io.concord.codecs.RequestGuildMembersEncoder;
import io.concord.codecs.PutOverwriteEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.RemoveMemberEncoder;
import io.concord.codecs.ResolveInviteEncoder;
import io.concord.codecs.RevokeTokensEncoder;
import io.concord.codecs.RoleChangedDecoder;
import io.concord.codecs.SessionClosedEncoder;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.TriggerTypingEncoder;
import io.concord.codecs.UpdateChannelEncoder;
import io.concord.codecs.UpdateGuildEncoder;
import io.concord.codecs.UpdateRoleEncoder;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes edge commands the way an edge would and sends them through a {@link ShardHarness}; the helpers that create
 * something return the new id read from the correlated answer.
 */
final class EdgeCommands
{
    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final ShardHarness harness;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long correlationId = 1;

    EdgeCommands(final ShardHarness harness)
    {
        this.harness = harness;
    }

    long lastCorrelationId()
    {
        return correlationId - 1;
    }

    /**
     * @return the DM channel's id from the answer to this OpenDm, 0 when the shard refused it.
     */
    long openDm(final int edgeId, final long userId, final long recipientId)
    {
        final long id = correlationId++;
        final OpenDmEncoder e = new OpenDmEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(id).userId(userId).recipientId(recipientId);
        harness.send(buffer, HEADER + e.encodedLength());
        for (final ShardHarness.Frame frame : harness.framesOf(DmChannelInfoDecoder.TEMPLATE_ID))
        {
            final DmChannelInfoDecoder info = new DmChannelInfoDecoder().wrapAndApplyHeader(
                frame.buffer(), 0, new MessageHeaderDecoder());
            if (info.correlationId() == id)
            {
                return info.channelId();
            }
        }
        return 0;
    }

    long register(final int edgeId, final String username)
    {
        final RegisterUserEncoder e = new RegisterUserEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).bot(BooleanType.FALSE).username(username)
            .passwordHash("pbkdf2$salt$" + username);
        harness.send(buffer, HEADER + e.encodedLength());
        final AccountReplyDecoder reply = harness.lastAccountReply();
        return reply.userId();
    }

    void lookup(final int edgeId, final String login)
    {
        final LookupCredentialsEncoder e = new LookupCredentialsEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).login(login);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void revoke(final int edgeId, final long userId)
    {
        final RevokeTokensEncoder e = new RevokeTokensEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    long createGuild(final int edgeId, final long userId, final String name)
    {
        final CreateGuildEncoder e = new CreateGuildEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(0).ownerBot(BooleanType.FALSE)
            .name(name).ownerName("");
        harness.send(buffer, HEADER + e.encodedLength());
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(
            harness.last(GuildSnapshotDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        snapshot.edgeId();
        snapshot.correlationId();
        snapshot.sessionId();
        return snapshot.guildId();
    }

    void identify(final int edgeId, final long sessionId, final long userId)
    {
        final SessionOpenedEncoder e = new SessionOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).intents(0).shardId(0).shardCount(1)
            .largeThreshold(250).status(PresenceStatus.ONLINE);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void identify(
        final int edgeId, final long sessionId, final long userId, final long intents, final int largeThreshold)
    {
        final SessionOpenedEncoder e = new SessionOpenedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).intents(intents).shardId(0).shardCount(1)
            .largeThreshold(largeThreshold).status(PresenceStatus.ONLINE);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void presence(
        final int edgeId, final long sessionId, final long userId, final PresenceStatus status, final String... names)
    {
        presence(edgeId, sessionId, userId, status, 0, false, names);
    }

    void presence(
        final int edgeId,
        final long sessionId,
        final long userId,
        final PresenceStatus status,
        final long sinceMs,
        final boolean afk,
        final String... names)
    {
        final PresenceUpdateEncoder e = new PresenceUpdateEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).status(status).sinceMs(sinceMs)
            .afk(afk ? BooleanType.TRUE : BooleanType.FALSE);
        final PresenceUpdateEncoder.ActivitiesEncoder activities = e.activitiesCount(names.length);
        for (final String name : names)
        {
            activities.next().activityType((short)0).name(name).state("");
        }
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void requestMembers(
        final int edgeId,
        final long sessionId,
        final long userId,
        final long guildId,
        final String query,
        final int limit,
        final boolean presences,
        final long... userIds)
    {
        final RequestGuildMembersEncoder e = new RequestGuildMembersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId).guildId(guildId).memberLimit(limit)
            .presences(presences ? BooleanType.TRUE : BooleanType.FALSE);
        final RequestGuildMembersEncoder.UserIdsEncoder ids = e.userIdsCount(userIds.length);
        for (final long id : userIds)
        {
            ids.next().userId(id);
        }
        e.query(query).nonce("n1");
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void closeSession(final int edgeId, final long sessionId, final long userId)
    {
        final SessionClosedEncoder e = new SessionClosedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).sessionId(sessionId).userId(userId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    long createChannel(final int edgeId, final long userId, final long guildId, final String name, final int kind)
    {
        final CreateChannelEncoder e = new CreateChannelEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId)
            .channelType(ChannelKind.get((short)kind)).parentId(0).position(0).rateLimitPerUser(0);
        e.overwritesCount(0);
        e.name(name).topic("");
        final int mark = harness.edgeFrames.size();
        harness.send(buffer, HEADER + e.encodedLength());
        if (harness.edgeFrames.subList(mark, harness.edgeFrames.size()).stream()
            .noneMatch((f) -> f.templateId() == ChannelChangedDecoder.TEMPLATE_ID))
        {
            return 0;
        }
        final ChannelChangedDecoder created = new ChannelChangedDecoder().wrapAndApplyHeader(
            harness.last(ChannelChangedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        created.edgeId();
        created.correlationId();
        created.change();
        created.guildId();
        return created.channelId();
    }

    void deleteChannel(final int edgeId, final long userId, final long channelId)
    {
        final DeleteChannelEncoder e = new DeleteChannelEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    long createRole(final int edgeId, final long userId, final long guildId, final long permissions)
    {
        final CreateRoleEncoder e = new CreateRoleEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).permissions(permissions)
            .color(0).hoist(BooleanType.FALSE).mentionable(BooleanType.FALSE).name("role");
        final int mark = harness.edgeFrames.size();
        harness.send(buffer, HEADER + e.encodedLength());
        if (harness.edgeFrames.subList(mark, harness.edgeFrames.size()).stream()
            .noneMatch((f) -> f.templateId() == RoleChangedDecoder.TEMPLATE_ID))
        {
            return 0;
        }
        final RoleChangedDecoder created = new RoleChangedDecoder().wrapAndApplyHeader(
            harness.last(RoleChangedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        created.edgeId();
        created.correlationId();
        created.change();
        created.guildId();
        return created.roleId();
    }

    void updateRolePermissions(
        final int edgeId, final long userId, final long guildId, final long roleId, final long permissions)
    {
        final UpdateRoleEncoder e = new UpdateRoleEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).roleId(roleId)
            .updateMask((short)2).permissions(permissions).color(0).position(0).hoist(BooleanType.FALSE)
            .mentionable(BooleanType.FALSE).name("");
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void updateRolePosition(
        final int edgeId, final long userId, final long guildId, final long roleId, final int position)
    {
        final UpdateRoleEncoder e = new UpdateRoleEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).roleId(roleId)
            .updateMask((short)8).permissions(0).color(0).position(position).hoist(BooleanType.FALSE)
            .mentionable(BooleanType.FALSE).name("");
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void deleteRole(final int edgeId, final long userId, final long guildId, final long roleId)
    {
        final DeleteRoleEncoder e = new DeleteRoleEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).roleId(roleId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void memberRole(
        final int edgeId,
        final long userId,
        final long guildId,
        final long targetUserId,
        final long roleId,
        final boolean add)
    {
        final ChangeMemberRoleEncoder e = new ChangeMemberRoleEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).targetUserId(targetUserId)
            .roleId(roleId).action(add ? SubscriptionAction.SUBSCRIBE : SubscriptionAction.UNSUBSCRIBE);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void putOverwrite(
        final int edgeId,
        final long userId,
        final long channelId,
        final long targetId,
        final boolean member,
        final long allow,
        final long deny)
    {
        final PutOverwriteEncoder e = new PutOverwriteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).targetId(targetId)
            .kind(member ? OverwriteKind.MEMBER : OverwriteKind.ROLE).allow(allow).deny(deny);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void deleteOverwrite(final int edgeId, final long userId, final long channelId, final long targetId)
    {
        final DeleteOverwriteEncoder e = new DeleteOverwriteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).targetId(targetId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    String createInvite(final int edgeId, final long userId, final long channelId)
    {
        final CreateInviteEncoder e = new CreateInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId)
            .maxAgeSeconds(0).maxUses(0);
        harness.send(buffer, HEADER + e.encodedLength());
        final InviteInfoDecoder again = new InviteInfoDecoder().wrapAndApplyHeader(
            harness.last(InviteInfoDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        again.edgeId();
        again.correlationId();
        again.change();
        again.guildId();
        again.channelId();
        again.channelType();
        again.inviterId();
        again.createdAtMs();
        again.maxAgeSeconds();
        again.maxUses();
        again.uses();
        again.memberCount();
        return again.code();
    }

    void acceptInvite(final int edgeId, final long userId, final String code)
    {
        final AcceptInviteEncoder e = new AcceptInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).code(code);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void removeMember(final int edgeId, final long userId, final long guildId, final long targetUserId)
    {
        final RemoveMemberEncoder e = new RemoveMemberEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId)
            .targetUserId(targetUserId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void createMessage(final int edgeId, final long userId, final long channelId, final String content)
    {
        final CreateMessageEncoder e = new CreateMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId)
            .referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("n").content(content);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void editMessage(final int edgeId, final long userId, final long channelId, final long messageId, final String c)
    {
        final EditMessageEncoder e = new EditMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).messageId(messageId)
            .content(c);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void deleteMessage(final int edgeId, final long userId, final long channelId, final long messageId)
    {
        final DeleteMessageEncoder e = new DeleteMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).messageId(messageId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void bulkDelete(final int edgeId, final long userId, final long channelId, final long... messageIds)
    {
        final BulkDeleteMessagesEncoder e = new BulkDeleteMessagesEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId);
        final BulkDeleteMessagesEncoder.MessagesEncoder group = e.messagesCount(messageIds.length);
        for (final long messageId : messageIds)
        {
            group.next().messageId(messageId);
        }
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void history(final int edgeId, final long userId, final long channelId, final HistoryDirection d, final long anchor)
    {
        final HistoryRequestEncoder e = new HistoryRequestEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).direction(d)
            .anchorId(anchor).pageSize((short)50);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void updateGuild(final int edgeId, final long userId, final long guildId, final String name)
    {
        final UpdateGuildEncoder e = new UpdateGuildEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId).name(name);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void getGuild(final int edgeId, final long userId, final long guildId)
    {
        final GetGuildEncoder e = new GetGuildEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void deleteGuild(final int edgeId, final long userId, final long guildId)
    {
        final DeleteGuildEncoder e = new DeleteGuildEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).guildId(guildId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void getChannel(final int edgeId, final long userId, final long channelId)
    {
        final GetChannelEncoder e = new GetChannelEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void updateChannel(final int edgeId, final long userId, final long channelId, final String name)
    {
        final UpdateChannelEncoder e = new UpdateChannelEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId).updateMask((short)3)
            .parentId(0).position(0).rateLimitPerUser(0).name(name).topic("new topic");
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void resolveInvite(final int edgeId, final long userId, final String code)
    {
        final ResolveInviteEncoder e = new ResolveInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).code(code);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void getUser(final int edgeId, final long userId, final long targetUserId)
    {
        final GetUserEncoder e = new GetUserEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).targetUserId(targetUserId);
        harness.send(buffer, HEADER + e.encodedLength());
    }

    void typing(final int edgeId, final long userId, final long channelId)
    {
        final TriggerTypingEncoder e = new TriggerTypingEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(channelId);
        harness.send(buffer, HEADER + e.encodedLength());
    }
}
