package io.concord.edge.rest;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.RoleChangedDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain snapshots of the core's replies, decoded once from the SBE frame (in schema order, so SBE's precedence
 * checks hold) while the frame is valid, then rendered to JSON by {@link RestJson}. Used by REST requests on their
 * event loop; metadata routes only, so the small allocations here are off the message hot path. Where a view is built
 * straight from getter calls in an argument list, that list is in schema order: Java evaluates arguments left to
 * right, so the reads stay in the order the precedence checks demand.
 */
public final class CoreViews
{
    private CoreViews()
    {
    }

    /**
     * Outcome of a command: status and Discord JSON error code.
     *
     * @param status    the core's status.
     * @param errorCode Discord JSON error code, 0 on success.
     */
    public record Outcome(ReplyStatus status, int errorCode)
    {
    }

    /**
     * A user as the core knows it.
     *
     * @param outcome         status of the lookup.
     * @param id              user id.
     * @param tokenGeneration current token generation.
     * @param bot             bot account.
     * @param username        name.
     * @param passwordHash    hash (login only), else empty.
     */
    public record UserView(
        Outcome outcome, long id, int tokenGeneration, boolean bot, String username, String passwordHash)
    {
    }

    /**
     * A permission overwrite.
     *
     * @param targetId role or user id.
     * @param kind     0 role, 1 member.
     * @param allow    allowed bits.
     * @param deny     denied bits.
     */
    public record OverwriteView(long targetId, int kind, long allow, long deny)
    {
    }

    /**
     * A guild channel.
     *
     * @param guildId          owning guild.
     * @param id               channel id.
     * @param type             Discord channel type.
     * @param parentId         category id or 0.
     * @param position         sort position.
     * @param rateLimitPerUser slowmode seconds.
     * @param overwrites       permission overwrites.
     * @param name             name.
     * @param topic            topic, empty when none.
     */
    public record ChannelView(
        long guildId,
        long id,
        int type,
        long parentId,
        int position,
        int rateLimitPerUser,
        List<OverwriteView> overwrites,
        String name,
        String topic)
    {
    }

    /**
     * A role.
     *
     * @param id          role id (== guild id for @everyone).
     * @param permissions bits.
     * @param color       RGB.
     * @param position    sort position.
     * @param hoist       shown separately.
     * @param mentionable can be mentioned.
     * @param name        name.
     */
    public record RoleView(
        long id, long permissions, int color, int position, boolean hoist, boolean mentionable, String name)
    {
    }

    /**
     * A guild member.
     *
     * @param userId       the user.
     * @param joinedAtMs   when they joined.
     * @param bot          bot account.
     * @param roleIds      role ids (without @everyone).
     * @param username     user name.
     * @param nick         guild nickname, null for none.
     * @param mute         server muted.
     * @param deaf         server deafened.
     * @param timeoutUntil timeout end (ms since 1970), 0 for none.
     */
    public record MemberView(
        long userId,
        long joinedAtMs,
        boolean bot,
        long[] roleIds,
        String username,
        String nick,
        boolean mute,
        boolean deaf,
        long timeoutUntil)
    {
    }

    /**
     * A guild with its roles, channels and the members the core sent (all of them unless {@code large}).
     *
     * @param id          guild id.
     * @param ownerId     owner.
     * @param memberCount members in total.
     * @param large       members holds only the requester's own member.
     * @param roles       roles.
     * @param channels    channels.
     * @param members     members sent.
     * @param name        name.
     */
    public record GuildView(
        long id,
        long ownerId,
        int memberCount,
        boolean large,
        List<RoleView> roles,
        List<ChannelView> channels,
        List<MemberView> members,
        String name)
    {
    }

    /**
     * A message.
     *
     * @param guildId             guild or 0.
     * @param channelId           channel.
     * @param id                  message id (its timestamp is the creation time).
     * @param authorId            author.
     * @param referencedMessageId replied-to message or 0.
     * @param editedTimestampMs   last edit or 0.
     * @param flags               Discord message flags.
     * @param mentionEveryone     mentions @everyone with permission.
     * @param mentionIds          mentioned users the core resolved.
     * @param nonce               nonce or empty.
     * @param authorName          author's name.
     * @param content             content.
     * @param authorBot           the author is a bot.
     */
    public record MessageView(
        long guildId,
        long channelId,
        long id,
        long authorId,
        long referencedMessageId,
        long editedTimestampMs,
        int flags,
        boolean mentionEveryone,
        long[] mentionIds,
        String nonce,
        String authorName,
        String content,
        boolean authorBot)
    {
    }

    /**
     * An invite with metadata.
     *
     * @param guildId       guild.
     * @param channelId     channel.
     * @param channelType   channel type.
     * @param inviterId     who created it.
     * @param createdAtMs   when.
     * @param maxAgeSeconds lifetime, 0 = forever.
     * @param maxUses       0 = unlimited.
     * @param uses          uses so far.
     * @param memberCount   guild members.
     * @param code          the code.
     * @param guildName     guild name.
     * @param channelName   channel name.
     */
    public record InviteView(
        long guildId,
        long channelId,
        int channelType,
        long inviterId,
        long createdAtMs,
        int maxAgeSeconds,
        int maxUses,
        int uses,
        int memberCount,
        String code,
        String guildName,
        String channelName)
    {
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the CommandReply's outcome.
     */
    public static Outcome outcome(final DirectBuffer buffer, final int offset)
    {
        final CommandReplyDecoder reply = new CommandReplyDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        reply.edgeId();
        reply.correlationId();
        final ReplyStatus status = reply.status();
        return new Outcome(status, (int)reply.errorCode());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the AccountReply.
     */
    public static UserView user(final DirectBuffer buffer, final int offset)
    {
        final AccountReplyDecoder reply = new AccountReplyDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        reply.edgeId();
        reply.correlationId();
        final ReplyStatus status = reply.status();
        final int errorCode = (int)reply.errorCode();
        final long userId = reply.userId();
        final int generation = reply.tokenGeneration();
        final boolean bot = reply.bot() == BooleanType.TRUE;
        final String username = reply.username();
        final String passwordHash = reply.passwordHash();
        return new UserView(new Outcome(status, errorCode), userId, generation, bot, username, passwordHash);
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the GuildSnapshot.
     */
    public static GuildView guild(final DirectBuffer buffer, final int offset)
    {
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        snapshot.edgeId();
        snapshot.correlationId();
        snapshot.sessionId();
        final long guildId = snapshot.guildId();
        final long ownerId = snapshot.ownerId();
        final int memberCount = snapshot.memberCount();
        final boolean large = snapshot.large() == BooleanType.TRUE;

        final List<RoleView> roles = new ArrayList<>();
        for (final GuildSnapshotDecoder.RolesDecoder role : snapshot.roles())
        {
            roles.add(roleView(
                role.roleId(), role.permissions(), role.color(), role.position(), role.hoist(), role.mentionable(),
                role.name()));
        }

        final List<ChannelView> channels = new ArrayList<>();
        for (final GuildSnapshotDecoder.ChannelsDecoder channel : snapshot.channels())
        {
            channels.add(new ChannelView(
                guildId, channel.channelId(), channel.channelTypeRaw(), channel.parentId(), channel.position(),
                channel.rateLimitPerUser(), overwrites(channel.overwrites()), channel.name(), channel.topic()));
        }

        final List<MemberView> members = new ArrayList<>();
        for (final GuildSnapshotDecoder.MembersDecoder member : snapshot.members())
        {
            final long userId = member.userId();
            final long joinedAtMs = member.joinedAtMs();
            final BooleanType bot = member.bot();
            member.status();
            members.add(memberView(
                userId, joinedAtMs, bot, member.mute(), member.deaf(), member.communicationDisabledUntilMs(),
                roleIds(member.roles()), member.username(), member.nick()));
        }
        return new GuildView(guildId, ownerId, memberCount, large, roles, channels, members, snapshot.name());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the MemberChanged's member.
     */
    public static MemberView member(final DirectBuffer buffer, final int offset)
    {
        final MemberChangedDecoder member = new MemberChangedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        member.edgeId();
        member.correlationId();
        member.change();
        member.guildId();
        return memberView(
            member.userId(), member.joinedAtMs(), member.bot(), member.mute(), member.deaf(),
            member.communicationDisabledUntilMs(), roleIds(member.roles()), member.username(), member.nick());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the guild id, owner, member count and name of a GuildChanged.
     */
    public static GuildView guildChanged(final DirectBuffer buffer, final int offset)
    {
        final GuildChangedDecoder changed = new GuildChangedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        changed.edgeId();
        changed.correlationId();
        changed.change();
        final long guildId = changed.guildId();
        final long ownerId = changed.ownerId();
        final int memberCount = changed.memberCount();
        return new GuildView(guildId, ownerId, memberCount, true, List.of(), List.of(), List.of(), changed.name());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the ChannelChanged's channel.
     */
    public static ChannelView channel(final DirectBuffer buffer, final int offset)
    {
        final ChannelChangedDecoder channel = new ChannelChangedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        channel.edgeId();
        channel.correlationId();
        channel.change();
        return new ChannelView(
            channel.guildId(), channel.channelId(), channel.channelTypeRaw(), channel.parentId(), channel.position(),
            channel.rateLimitPerUser(), overwrites(channel.overwrites()), channel.name(), channel.topic());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the RoleChanged's role.
     */
    public static RoleView role(final DirectBuffer buffer, final int offset)
    {
        final RoleChangedDecoder role = new RoleChangedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        role.edgeId();
        role.correlationId();
        role.change();
        role.guildId();
        return roleView(
            role.roleId(), role.permissions(), role.color(), role.position(), role.hoist(), role.mentionable(),
            role.name());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the MessageCreated's message.
     */
    public static MessageView messageCreated(final DirectBuffer buffer, final int offset)
    {
        final MessageCreatedDecoder message = new MessageCreatedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        message.edgeId();
        message.correlationId();
        final long guildId = message.guildId();
        final long channelId = message.channelId();
        final long messageId = message.messageId();
        final long authorId = message.authorId();
        final long referencedMessageId = message.referencedMessageId();
        final int flags = message.flags();
        final boolean mentionEveryone = message.mentionEveryone() == BooleanType.TRUE;
        final boolean authorBot = message.authorBot() == BooleanType.TRUE;
        final MessageCreatedDecoder.MentionsDecoder mentions = message.mentions();
        final long[] mentionIds = new long[mentions.count()];
        int i = 0;
        for (final MessageCreatedDecoder.MentionsDecoder mention : mentions)
        {
            mentionIds[i++] = mention.userId();
        }
        final String nonce = message.nonce();
        final String authorName = message.authorName();
        final String content = message.content();
        return new MessageView(guildId, channelId, messageId, authorId, referencedMessageId, 0, flags,
            mentionEveryone, mentionIds, nonce, authorName, content, authorBot);
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the MessageUpdated's message.
     */
    public static MessageView messageUpdated(final DirectBuffer buffer, final int offset)
    {
        final MessageUpdatedDecoder message = new MessageUpdatedDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        message.edgeId();
        message.correlationId();
        final long guildId = message.guildId();
        final long channelId = message.channelId();
        final long messageId = message.messageId();
        final long authorId = message.authorId();
        final long editedTimestampMs = message.editedTimestampMs();
        final int flags = message.flags();
        final BooleanType authorBot = message.authorBot();
        return messageWithoutMentions(guildId, channelId, messageId, authorId, 0, editedTimestampMs, flags, authorBot,
            message.authorName(), message.content());
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @param status receives the page's status in element 0.
     * @return the HistoryResponse's messages, newest first.
     */
    public static List<MessageView> history(final DirectBuffer buffer, final int offset, final ReplyStatus[] status)
    {
        final HistoryResponseDecoder page = new HistoryResponseDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        page.edgeId();
        page.correlationId();
        status[0] = page.status();
        final long guildId = page.guildId();
        final long channelId = page.channelId();
        final List<MessageView> messages = new ArrayList<>();
        for (final HistoryResponseDecoder.MessagesDecoder message : page.messages())
        {
            final long messageId = message.messageId();
            final long authorId = message.authorId();
            final long editedTimestampMs = message.editedTimestampMs();
            final long referencedMessageId = message.referencedMessageId();
            final int flags = message.flags();
            final BooleanType authorBot = message.authorBot();
            messages.add(messageWithoutMentions(guildId, channelId, messageId, authorId, referencedMessageId,
                editedTimestampMs, flags, authorBot, message.authorName(), message.content()));
        }
        return messages;
    }

    /**
     * @param buffer frame.
     * @param offset of the frame.
     * @return the InviteInfo.
     */
    public static InviteView invite(final DirectBuffer buffer, final int offset)
    {
        final InviteInfoDecoder invite = new InviteInfoDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        invite.edgeId();
        invite.correlationId();
        invite.change();
        final long guildId = invite.guildId();
        final long channelId = invite.channelId();
        final int channelType = invite.channelTypeRaw();
        final long inviterId = invite.inviterId();
        final long createdAtMs = invite.createdAtMs();
        final int maxAgeSeconds = invite.maxAgeSeconds();
        final int maxUses = invite.maxUses();
        final int uses = invite.uses();
        final int memberCount = invite.memberCount();
        final String code = invite.code();
        final String guildName = invite.guildName();
        final String channelName = invite.channelName();
        return new InviteView(guildId, channelId, channelType, inviterId, createdAtMs, maxAgeSeconds, maxUses, uses,
            memberCount, code, guildName, channelName);
    }

    private static RoleView roleView(
        final long roleId,
        final long permissions,
        final int color,
        final int position,
        final BooleanType hoist,
        final BooleanType mentionable,
        final String name)
    {
        return new RoleView(
            roleId, permissions, color, position, BooleanType.TRUE == hoist, BooleanType.TRUE == mentionable, name);
    }

    /**
     * A member from its fields in schema order: a negative timeout means none, an empty nick is no nick.
     */
    private static MemberView memberView(
        final long userId,
        final long joinedAtMs,
        final BooleanType bot,
        final BooleanType mute,
        final BooleanType deaf,
        final long communicationDisabledUntilMs,
        final long[] roleIds,
        final String username,
        final String nick)
    {
        return new MemberView(userId, joinedAtMs, BooleanType.TRUE == bot, roleIds, username,
            nick.isEmpty() ? null : nick, BooleanType.TRUE == mute, BooleanType.TRUE == deaf,
            Math.max(0, communicationDisabledUntilMs));
    }

    /**
     * A message as updates and history pages carry it: no mentions, no nonce.
     */
    private static MessageView messageWithoutMentions(
        final long guildId,
        final long channelId,
        final long messageId,
        final long authorId,
        final long referencedMessageId,
        final long editedTimestampMs,
        final int flags,
        final BooleanType authorBot,
        final String authorName,
        final String content)
    {
        return new MessageView(guildId, channelId, messageId, authorId, referencedMessageId, editedTimestampMs, flags,
            false, new long[0], "", authorName, content, BooleanType.TRUE == authorBot);
    }

    private static List<OverwriteView> overwrites(final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder group)
    {
        final List<OverwriteView> overwrites = new ArrayList<>();
        for (final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder overwrite : group)
        {
            overwrites.add(new OverwriteView(
                overwrite.targetId(), overwrite.kindRaw(), overwrite.allow(), overwrite.deny()));
        }
        return overwrites;
    }

    private static List<OverwriteView> overwrites(final ChannelChangedDecoder.OverwritesDecoder group)
    {
        final List<OverwriteView> overwrites = new ArrayList<>();
        for (final ChannelChangedDecoder.OverwritesDecoder overwrite : group)
        {
            overwrites.add(new OverwriteView(
                overwrite.targetId(), overwrite.kindRaw(), overwrite.allow(), overwrite.deny()));
        }
        return overwrites;
    }

    private static long[] roleIds(final GuildSnapshotDecoder.MembersDecoder.RolesDecoder group)
    {
        final long[] roleIds = new long[group.count()];
        int i = 0;
        for (final GuildSnapshotDecoder.MembersDecoder.RolesDecoder role : group)
        {
            roleIds[i++] = role.roleId();
        }
        return roleIds;
    }

    private static long[] roleIds(final MemberChangedDecoder.RolesDecoder group)
    {
        final long[] roleIds = new long[group.count()];
        int i = 0;
        for (final MemberChangedDecoder.RolesDecoder role : group)
        {
            roleIds[i++] = role.roleId();
        }
        return roleIds;
    }
}
