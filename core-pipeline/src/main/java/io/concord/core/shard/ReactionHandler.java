package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CommandReplyEncoder;
import io.concord.codecs.GetMessageReactionsDecoder;
import io.concord.codecs.GetReactionUsersDecoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageReactionsEncoder;
import io.concord.codecs.MessagesBulkDeletedDecoder;
import io.concord.codecs.ReactToMessageDecoder;
import io.concord.codecs.ReactionAction;
import io.concord.codecs.ReactionChangedEncoder;
import io.concord.codecs.ReactionRecordDecoder;
import io.concord.codecs.ReactionRecordEncoder;
import io.concord.codecs.ReactionUsersEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.Channel;
import io.concord.core.state.DmChannel;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import io.concord.core.state.ReactionBook;
import io.concord.core.state.ReactionBook.EmojiReaction;
import io.concord.core.state.ReactionBook.MessageReactions;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Reactions for one shard: applies the reaction commands of the channels the shard owns (Discord's permission
 * checks, at most 20 emojis per message, idempotent adds), keeps them in a {@link ReactionBook}, persists one
 * {@code ReactionRecord} per user reaction under {@code x:<channelId>:<messageId>:<userId>:<emoji>} in the shard's
 * metadata store before answering, and publishes {@code ReactionChanged} to the channel's topic so that only sessions
 * that can view the channel hear of it.
 * <p>
 * Why the core and not the message store: a reaction changes a counter and a user set, not the message row; the
 * shard already owns the permission state these commands need, answers {@code me} per asking user from memory, and
 * never has to rewrite a stored message (up to 2000 characters) to toggle one reaction. The message store stays the
 * authority on whether a message exists: the edge reads the message before sending a reaction command and passes its
 * author (0 when not found); a deleted message's reactions are dropped when the shard learns the delete is durable.
 * <p>
 * Owned by its {@link GuildShard}; only the shard's thread may call it. Commands allocate (metadata path).
 */
final class ReactionHandler
{
    static final int UNKNOWN_MESSAGE = 10008;
    static final int UNKNOWN_EMOJI = 10014;
    static final int MAX_REACTIONS_REACHED = 30010;
    static final int MISSING_ACCESS = 50001;
    static final int MISSING_PERMISSIONS = 50013;
    static final int UNKNOWN_CHANNEL = 10003;
    static final int CANNOT_EXECUTE_IN_DM = 50003;
    static final int MAX_EMOJI_BYTES = 64;
    static final int MAX_PAGE_SIZE = 100;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int EDGE_ID_OFFSET = HEADER;
    private static final ByteOrder ORDER = MessageHeaderEncoder.BYTE_ORDER;

    private final Long2ObjectHashMap<Guild> guilds;
    private final Long2ObjectHashMap<Channel> channels;
    private final MetadataStore metadata;
    private final TopicRoutes routes;
    private final ShardOutbound outbound;
    private final ShardCounters counters;
    private final LongFunction<DmChannel> dmChannels;
    private final ReactionBook book = new ReactionBook();
    private long nextSequence = 1;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ReactToMessageDecoder react = new ReactToMessageDecoder();
    private final GetReactionUsersDecoder getUsers = new GetReactionUsersDecoder();
    private final GetMessageReactionsDecoder getReactions = new GetMessageReactionsDecoder();
    private final ReactionRecordDecoder recordDecoder = new ReactionRecordDecoder();
    private final MessageDeletedDecoder messageDeleted = new MessageDeletedDecoder();
    private final MessagesBulkDeletedDecoder bulkDeleted = new MessagesBulkDeletedDecoder();
    private final ReactionRecordEncoder recordEncoder = new ReactionRecordEncoder();
    private final ReactionChangedEncoder changedEncoder = new ReactionChangedEncoder();
    private final ReactionUsersEncoder usersEncoder = new ReactionUsersEncoder();
    private final MessageReactionsEncoder reactionsEncoder = new MessageReactionsEncoder();
    private final CommandReplyEncoder replyEncoder = new CommandReplyEncoder();
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(4096);
    private final ExpandableDirectByteBuffer record = new ExpandableDirectByteBuffer(256);
    private final LongArrayList messageIds = new LongArrayList();

    ReactionHandler(
        final Long2ObjectHashMap<Guild> guilds,
        final Long2ObjectHashMap<Channel> channels,
        final MetadataStore metadata,
        final TopicRoutes routes,
        final ShardOutbound outbound,
        final ShardCounters counters,
        final LongFunction<DmChannel> dmChannels)
    {
        this.dmChannels = dmChannels;
        this.guilds = guilds;
        this.channels = channels;
        this.metadata = metadata;
        this.routes = routes;
        this.outbound = outbound;
        this.counters = counters;
    }

    ReactionBook book()
    {
        return book;
    }

    /**
     * Applies a ReactToMessage, GetReactionUsers or GetMessageReactions frame.
     *
     * @param templateId the frame's template.
     * @param buffer     holding the frame.
     * @param offset     of the frame.
     * @param headerIn   the frame's header, already wrapped.
     */
    void onCommand(final int templateId, final DirectBuffer buffer, final int offset,
        final MessageHeaderDecoder headerIn)
    {
        switch (templateId)
        {
            case ReactToMessageDecoder.TEMPLATE_ID:
                onReact(react.wrapAndApplyHeader(buffer, offset, headerIn));
                break;
            case GetReactionUsersDecoder.TEMPLATE_ID:
                onGetUsers(getUsers.wrapAndApplyHeader(buffer, offset, headerIn));
                break;
            case GetMessageReactionsDecoder.TEMPLATE_ID:
                onGetReactions(getReactions.wrapAndApplyHeader(buffer, offset, headerIn));
                break;
            default:
                counters.malformed().incrementRelease();
                break;
        }
    }

    private void onReact(final ReactToMessageDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long messageId = cmd.messageId();
        final long messageAuthorId = cmd.messageAuthorId();
        final ReactionAction action = cmd.action();
        final long targetUserId = cmd.targetUserId();
        final String emoji = cmd.emoji();

        final Channel channel = channels.get(channelId);
        final Guild guild = null == channel ? null : guilds.get(channel.guildId());
        final DmChannel dm = null == guild ? dmChannels.apply(channelId) : null;
        if (null == guild && null == dm)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_CHANNEL);
            return;
        }
        if (ReactionAction.NULL_VAL == action ||
            (ReactionAction.REMOVE_ALL != action && !validEmoji(emoji)))
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, UNKNOWN_EMOJI);
            return;
        }
        if (null != dm)
        {
            onDmReact(edgeId, correlationId, userId, dm, messageId, messageAuthorId, action, targetUserId, emoji);
            return;
        }
        final Member member = guild.member(userId);
        final long permissions = null == member ? 0 : Permissions.inChannel(guild, member, channel);
        final boolean moderates = ReactionAction.REMOVE_ALL == action || ReactionAction.REMOVE_EMOJI == action ||
            (ReactionAction.REMOVE == action && targetUserId != userId);
        if (!checkMessageAccess(
            edgeId, correlationId, permissions, moderates ? Permissions.MANAGE_MESSAGES : 0, messageAuthorId))
        {
            return;
        }

        switch (action)
        {
            case ADD:
                add(edgeId, correlationId, guild, member, channelId, messageId, messageAuthorId, emoji, permissions);
                break;
            case REMOVE:
                if (book.remove(channelId, messageId, targetUserId, emoji))
                {
                    metadata.remove(key(channelId, messageId, targetUserId, emoji));
                    publish(ReactionAction.REMOVE, guild.id(), null, channelId, messageId, targetUserId,
                        messageAuthorId, emoji);
                }
                reply(edgeId, correlationId, ReplyStatus.OK, 0);
                break;
            case REMOVE_EMOJI:
            {
                final EmojiReaction removed = book.removeEmoji(channelId, messageId, emoji);
                if (null != removed)
                {
                    forget(channelId, messageId, removed);
                    publish(ReactionAction.REMOVE_EMOJI, guild.id(), null, channelId, messageId, 0, messageAuthorId,
                        emoji);
                }
                reply(edgeId, correlationId, ReplyStatus.OK, 0);
                break;
            }
            default:
            {
                final MessageReactions removed = book.removeMessage(channelId, messageId);
                if (null != removed)
                {
                    forget(removed);
                    publish(ReactionAction.REMOVE_ALL, guild.id(), null, channelId, messageId, 0, messageAuthorId, "");
                }
                reply(edgeId, correlationId, ReplyStatus.OK, 0);
                break;
            }
        }
    }

    private void add(
        final int edgeId,
        final long correlationId,
        final Guild guild,
        final Member member,
        final long channelId,
        final long messageId,
        final long messageAuthorId,
        final String emoji,
        final long permissions)
    {
        final MessageReactions message = book.message(channelId, messageId);
        final boolean newEmoji = null == message || null == message.emoji(emoji);
        if (newEmoji && !Permissions.has(permissions, Permissions.ADD_REACTIONS))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return;
        }
        addReaction(edgeId, correlationId, guild.id(), member, member.userId(), channelId, messageId, messageAuthorId,
            emoji);
    }

    /**
     * Adds, persists and publishes one user's reaction (idempotent), then answers.
     *
     * @param member the reactor's guild member, null in a DM.
     */
    private void addReaction(
        final int edgeId,
        final long correlationId,
        final long guildId,
        final Member member,
        final long userId,
        final long channelId,
        final long messageId,
        final long messageAuthorId,
        final String emoji)
    {
        final long sequence = nextSequence;
        final int outcome = book.add(channelId, messageId, userId, emoji, sequence);
        if (ReactionBook.TOO_MANY_EMOJIS == outcome)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, MAX_REACTIONS_REACHED);
            return;
        }
        if (ReactionBook.ADDED == outcome)
        {
            nextSequence++;
            recordEncoder.wrapAndApplyHeader(record, 0, headerEncoder)
                .channelId(channelId).messageId(messageId).userId(userId).sequence(sequence).emoji(emoji);
            metadata.put(key(channelId, messageId, userId, emoji), record, 0, HEADER + recordEncoder.encodedLength());
            publish(ReactionAction.ADD, guildId, member, channelId, messageId, userId, messageAuthorId, emoji);
        }
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    /**
     * A reaction in a DM: either recipient may add and remove its own reactions; removing another's (or all, or
     * every reactor of an emoji) is a guild moderation action, so Discord's 50003.
     */
    private void onDmReact(
        final int edgeId,
        final long correlationId,
        final long userId,
        final DmChannel dm,
        final long messageId,
        final long messageAuthorId,
        final ReactionAction action,
        final long targetUserId,
        final String emoji)
    {
        final long channelId = dm.id();
        if (dm.indexOf(userId) < 0)
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_ACCESS);
            return;
        }
        if (ReactionAction.ADD != action && (ReactionAction.REMOVE != action || targetUserId != userId))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, CANNOT_EXECUTE_IN_DM);
            return;
        }
        if (0 == messageAuthorId)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_MESSAGE);
            return;
        }
        if (ReactionAction.ADD == action)
        {
            addReaction(edgeId, correlationId, 0, null, userId, channelId, messageId, messageAuthorId, emoji);
            return;
        }
        if (book.remove(channelId, messageId, userId, emoji))
        {
            metadata.remove(key(channelId, messageId, userId, emoji));
            publish(ReactionAction.REMOVE, 0, null, channelId, messageId, userId, messageAuthorId, emoji);
        }
        reply(edgeId, correlationId, ReplyStatus.OK, 0);
    }

    private void onGetUsers(final GetReactionUsersDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();
        final long messageId = cmd.messageId();
        final long messageAuthorId = cmd.messageAuthorId();
        final long afterUserId = cmd.afterUserId();
        final int pageSize = cmd.pageSize();
        final String emoji = cmd.emoji();

        final Channel channel = channels.get(channelId);
        final Guild guild = null == channel ? null : guilds.get(channel.guildId());
        final DmChannel dm = null == guild ? dmChannels.apply(channelId) : null;
        if (null == guild && null == dm)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_CHANNEL);
            return;
        }
        if (!validEmoji(emoji) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
        {
            reply(edgeId, correlationId, ReplyStatus.INVALID, validEmoji(emoji) ? 0 : UNKNOWN_EMOJI);
            return;
        }
        if (!checkMessageAccess(edgeId, correlationId, permissionsIn(guild, channel, dm, userId), 0, messageAuthorId))
        {
            return;
        }

        final MessageReactions message = book.message(channelId, messageId);
        final EmojiReaction reaction = null == message ? null : message.emoji(emoji);
        final LongArrayList userIds = null == reaction ? null : reaction.userIds();
        final int from = null == reaction ? 0 : reaction.firstAfter(afterUserId);
        final int count = null == reaction ? 0 : Math.min(pageSize, userIds.size() - from);
        final ReactionUsersEncoder.UsersEncoder group = usersEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).usersCount(count);
        for (int i = 0; i < count; i++)
        {
            final long reactorId = userIds.getLong(from + i);
            final Member reactor = null == guild ? null : guild.member(reactorId);
            final int dmIndex = null == dm ? -1 : dm.indexOf(reactorId);
            final boolean bot = null != reactor ? reactor.bot() : dmIndex >= 0 && dm.bot(dmIndex);
            final byte[] name = null != reactor ? reactor.usernameUtf8() :
                dmIndex >= 0 ? dm.usernameUtf8(dmIndex) : EMPTY;
            group.next().userId(reactorId).bot(bot ? BooleanType.TRUE : BooleanType.FALSE);
            group.putUsername(name, 0, name.length);
        }
        send(edgeId, HEADER + usersEncoder.encodedLength());
    }

    private void onGetReactions(final GetMessageReactionsDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long channelId = cmd.channelId();

        final Channel channel = channels.get(channelId);
        final Guild guild = null == channel ? null : guilds.get(channel.guildId());
        final DmChannel dm = null == guild ? dmChannels.apply(channelId) : null;
        final boolean visible = Permissions.has(permissionsIn(guild, channel, dm, userId), Permissions.VIEW_CHANNEL);

        int count = 0;
        messageIds.clear();
        for (final GetMessageReactionsDecoder.MessagesDecoder message : cmd.messages())
        {
            final long messageId = message.messageId();
            final MessageReactions reactions = visible ? book.message(channelId, messageId) : null;
            if (null != reactions)
            {
                messageIds.addLong(messageId);
                count += reactions.emojis().size();
            }
        }
        final MessageReactionsEncoder.ReactionsEncoder group = reactionsEncoder
            .wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).reactionsCount(count);
        for (int m = 0, messageCount = messageIds.size(); m < messageCount; m++)
        {
            final long messageId = messageIds.getLong(m);
            final List<EmojiReaction> emojis = book.message(channelId, messageId).emojis();
            for (int i = 0, n = emojis.size(); i < n; i++)
            {
                final EmojiReaction reaction = emojis.get(i);
                group.next().messageId(messageId).reactionCount(reaction.count())
                    .me(reaction.contains(userId) ? BooleanType.TRUE : BooleanType.FALSE)
                    .emoji(reaction.emoji());
            }
        }
        send(edgeId, HEADER + reactionsEncoder.encodedLength());
    }

    /**
     * Drops the reactions of a message (or messages) whose delete is durable.
     *
     * @param frame  the MessageDeleted or MessagesBulkDeleted dispatch the shard is about to publish.
     * @param length of the frame.
     */
    void onMessagesDeleted(final DirectBuffer frame, final int length)
    {
        if (0 == book.messageCount() || length < HEADER)
        {
            return;
        }
        header.wrap(frame, 0);
        if (MessageDeletedDecoder.TEMPLATE_ID == header.templateId())
        {
            messageDeleted.wrapAndApplyHeader(frame, 0, header);
            dropMessage(messageDeleted.channelId(), messageDeleted.messageId());
        }
        else if (MessagesBulkDeletedDecoder.TEMPLATE_ID == header.templateId())
        {
            bulkDeleted.wrapAndApplyHeader(frame, 0, header);
            bulkDeleted.edgeId();
            bulkDeleted.correlationId();
            bulkDeleted.guildId();
            final long channelId = bulkDeleted.channelId();
            for (final MessagesBulkDeletedDecoder.MessagesDecoder message : bulkDeleted.messages())
            {
                dropMessage(channelId, message.messageId());
            }
        }
    }

    /**
     * Drops the reactions of every message of a deleted channel.
     *
     * @param channelId the channel.
     */
    void onChannelDeleted(final long channelId)
    {
        for (final MessageReactions message : book.removeChannel(channelId))
        {
            forget(message);
        }
    }

    /**
     * Restores one persisted {@code ReactionRecord}.
     *
     * @param buffer holding the record.
     * @param offset of the record.
     */
    void restore(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        if (ReactionRecordDecoder.TEMPLATE_ID != header.templateId())
        {
            counters.malformed().incrementRelease();
            return;
        }
        recordDecoder.wrapAndApplyHeader(buffer, offset, header);
        final long channelId = recordDecoder.channelId();
        final long messageId = recordDecoder.messageId();
        final long userId = recordDecoder.userId();
        final long sequence = recordDecoder.sequence();
        final String emoji = recordDecoder.emoji();
        book.add(channelId, messageId, userId, emoji, sequence);
        nextSequence = Math.max(nextSequence, sequence + 1);
    }

    private void dropMessage(final long channelId, final long messageId)
    {
        final MessageReactions removed = book.removeMessage(channelId, messageId);
        if (null != removed)
        {
            forget(removed);
        }
    }

    private void forget(final MessageReactions message)
    {
        final List<EmojiReaction> emojis = message.emojis();
        for (int i = 0, n = emojis.size(); i < n; i++)
        {
            forget(message.channelId(), message.messageId(), emojis.get(i));
        }
    }

    private void forget(final long channelId, final long messageId, final EmojiReaction reaction)
    {
        final LongArrayList userIds = reaction.userIds();
        for (int i = 0, n = userIds.size(); i < n; i++)
        {
            metadata.remove(key(channelId, messageId, userIds.getLong(i), reaction.emoji()));
        }
    }

    private void publish(
        final ReactionAction action,
        final long guildId,
        final Member member,
        final long channelId,
        final long messageId,
        final long userId,
        final long messageAuthorId,
        final String emoji)
    {
        final int roleCount = null == member ? 0 : member.roleCount();
        final ReactionChangedEncoder.RolesEncoder roles = changedEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .action(action)
            .guildId(guildId)
            .channelId(channelId)
            .messageId(messageId)
            .userId(userId)
            .messageAuthorId(messageAuthorId)
            .joinedAtMs(null == member ? 0 : member.joinedAtMs())
            .bot(null != member && member.bot() ? BooleanType.TRUE : BooleanType.FALSE)
            .rolesCount(roleCount);
        for (int i = 0; i < roleCount; i++)
        {
            roles.next().roleId(member.roleIds()[i]);
        }
        final byte[] username = null == member ? EMPTY : member.usernameUtf8();
        final byte[] nick = null == member ? EMPTY : member.nickUtf8();
        changedEncoder.putUsername(username, 0, username.length).emoji(emoji).putNick(nick, 0, nick.length);
        final int length = HEADER + changedEncoder.encodedLength();
        final TopicRoutes.Edges edges = routes.edges(channelId);
        for (int i = 0, n = edges.size(); i < n; i++)
        {
            final int edgeId = edges.edgeId(i);
            out.putInt(EDGE_ID_OFFSET, edgeId, ORDER);
            send(edgeId, length);
        }
    }

    /**
     * What a user may do in a channel this shard owns: in a DM everything for a recipient and nothing for anyone else,
     * in a guild channel its member's permissions (nothing for a non-member, or when there is no such channel).
     */
    private static long permissionsIn(final Guild guild, final Channel channel, final DmChannel dm, final long userId)
    {
        if (null != dm)
        {
            return dm.indexOf(userId) < 0 ? 0 : Permissions.ALL;
        }
        final Member member = null == guild ? null : guild.member(userId);
        return null == member ? 0 : Permissions.inChannel(guild, member, channel);
    }

    /**
     * Discord's checks before a message's reactions are read or changed: VIEW_CHANNEL (else Missing Access), then
     * READ_MESSAGE_HISTORY and {@code required} (else Missing Permissions), then that the message exists (the edge
     * passes its author, 0 when it found none; else Unknown Message). Replies and returns false when one fails.
     */
    private boolean checkMessageAccess(
        final int edgeId,
        final long correlationId,
        final long permissions,
        final long required,
        final long messageAuthorId)
    {
        if (!Permissions.has(permissions, Permissions.VIEW_CHANNEL))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_ACCESS);
            return false;
        }
        if (!Permissions.has(permissions, Permissions.READ_MESSAGE_HISTORY | required))
        {
            reply(edgeId, correlationId, ReplyStatus.FORBIDDEN, MISSING_PERMISSIONS);
            return false;
        }
        if (0 == messageAuthorId)
        {
            reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, UNKNOWN_MESSAGE);
            return false;
        }
        return true;
    }

    private void reply(final int edgeId, final long correlationId, final ReplyStatus status, final int errorCode)
    {
        if (0 == correlationId)
        {
            return;
        }
        replyEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).status(status).errorCode(errorCode);
        send(edgeId, HEADER + replyEncoder.encodedLength());
    }

    private void send(final int edgeId, final int length)
    {
        counters.dispatches().incrementRelease();
        outbound.toEdge(edgeId, out, 0, length);
    }

    private static final byte[] EMPTY = new byte[0];

    static boolean validEmoji(final String emoji)
    {
        return null != emoji && !emoji.isEmpty() &&
            emoji.getBytes(StandardCharsets.UTF_8).length <= MAX_EMOJI_BYTES;
    }

    static String key(final long channelId, final long messageId, final long userId, final String emoji)
    {
        return "x:" + channelId + ':' + messageId + ':' + userId + ':' + emoji;
    }
}
