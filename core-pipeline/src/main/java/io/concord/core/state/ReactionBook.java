package io.concord.core.state;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * The reactions on the messages of one shard's channels: per message, its emojis in the order they were first added
 * (Discord's order), and per emoji the users who reacted, by user id ascending (Discord pages reactors by id with
 * {@code after}). A user reacts at most once per emoji, so adding twice changes nothing.
 * <p>
 * Only messages with at least one reaction have an entry; removing the last reaction removes the entry. Touched only
 * by the owning shard's thread.
 */
public final class ReactionBook
{
    /**
     * Discord's limit of distinct emojis on one message.
     */
    public static final int MAX_EMOJIS_PER_MESSAGE = 20;

    /**
     * Outcome of {@link #add}: the user's reaction was added.
     */
    public static final int ADDED = 0;

    /**
     * Outcome of {@link #add}: the user had already reacted with that emoji.
     */
    public static final int ALREADY_PRESENT = 1;

    /**
     * Outcome of {@link #add}: the emoji is new to the message, which already has {@link #MAX_EMOJIS_PER_MESSAGE}.
     */
    public static final int TOO_MANY_EMOJIS = 2;

    /**
     * One emoji on one message and who reacted with it.
     */
    public static final class EmojiReaction
    {
        private final String emoji;
        private final LongArrayList userIds = new LongArrayList();
        private long firstSequence;

        EmojiReaction(final String emoji, final long firstSequence)
        {
            this.emoji = emoji;
            this.firstSequence = firstSequence;
        }

        public String emoji()
        {
            return emoji;
        }

        /**
         * @return the reactors, by id ascending; do not modify.
         */
        public LongArrayList userIds()
        {
            return userIds;
        }

        public int count()
        {
            return userIds.size();
        }

        /**
         * @param userId a user.
         * @return true when the user reacted with this emoji.
         */
        public boolean contains(final long userId)
        {
            return indexOf(userId) >= 0;
        }

        private int indexOf(final long userId)
        {
            int low = 0;
            int high = userIds.size() - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long value = userIds.getLong(mid);
                if (value < userId)
                {
                    low = mid + 1;
                }
                else if (value > userId)
                {
                    high = mid - 1;
                }
                else
                {
                    return mid;
                }
            }
            return -(low + 1);
        }

        private boolean add(final long userId)
        {
            final int index = indexOf(userId);
            if (index >= 0)
            {
                return false;
            }
            userIds.add(-(index + 1), userId);
            return true;
        }

        private boolean remove(final long userId)
        {
            final int index = indexOf(userId);
            if (index < 0)
            {
                return false;
            }
            userIds.remove(index);
            return true;
        }

        /**
         * @param afterUserId exclusive lower bound, 0 for none.
         * @return the index of the first reactor with an id above {@code afterUserId}.
         */
        public int firstAfter(final long afterUserId)
        {
            final int index = indexOf(afterUserId);
            return index >= 0 ? index + 1 : -(index + 1);
        }
    }

    /**
     * The reactions on one message.
     */
    public static final class MessageReactions
    {
        private final long channelId;
        private final long messageId;
        private final ArrayList<EmojiReaction> emojis = new ArrayList<>(2);

        MessageReactions(final long channelId, final long messageId)
        {
            this.channelId = channelId;
            this.messageId = messageId;
        }

        public long channelId()
        {
            return channelId;
        }

        public long messageId()
        {
            return messageId;
        }

        /**
         * @return the emojis in the order they were first added; do not modify.
         */
        public List<EmojiReaction> emojis()
        {
            return emojis;
        }

        /**
         * @param emoji an emoji.
         * @return its reaction, or null when nobody reacted with it.
         */
        public EmojiReaction emoji(final String emoji)
        {
            for (int i = 0, n = emojis.size(); i < n; i++)
            {
                final EmojiReaction reaction = emojis.get(i);
                if (reaction.emoji.equals(emoji))
                {
                    return reaction;
                }
            }
            return null;
        }
    }

    private final Long2ObjectHashMap<Long2ObjectHashMap<MessageReactions>> byChannel = new Long2ObjectHashMap<>();
    private int messageCount;

    /**
     * @param channelId channel.
     * @param messageId message.
     * @return the message's reactions, or null when it has none.
     */
    public MessageReactions message(final long channelId, final long messageId)
    {
        final Long2ObjectHashMap<MessageReactions> messages = byChannel.get(channelId);
        return null == messages ? null : messages.get(messageId);
    }

    /**
     * Adds one user's reaction.
     *
     * @param channelId channel.
     * @param messageId message.
     * @param userId    who reacts.
     * @param emoji     the emoji.
     * @param sequence  order of this addition (restores replay stored records in any order: the emoji list is kept
     *                  sorted by the lowest sequence of each emoji).
     * @return {@link #ADDED}, {@link #ALREADY_PRESENT} or {@link #TOO_MANY_EMOJIS}.
     */
    public int add(final long channelId, final long messageId, final long userId, final String emoji,
        final long sequence)
    {
        Long2ObjectHashMap<MessageReactions> messages = byChannel.get(channelId);
        MessageReactions message = null == messages ? null : messages.get(messageId);
        EmojiReaction reaction = null == message ? null : message.emoji(emoji);
        if (null == reaction)
        {
            if (null != message && message.emojis.size() >= MAX_EMOJIS_PER_MESSAGE)
            {
                return TOO_MANY_EMOJIS;
            }
            if (null == messages)
            {
                messages = new Long2ObjectHashMap<>();
                byChannel.put(channelId, messages);
            }
            if (null == message)
            {
                message = new MessageReactions(channelId, messageId);
                messages.put(messageId, message);
                messageCount++;
            }
            reaction = new EmojiReaction(emoji, sequence);
            message.emojis.add(reaction);
        }
        if (!reaction.add(userId))
        {
            return ALREADY_PRESENT;
        }
        if (sequence < reaction.firstSequence)
        {
            reaction.firstSequence = sequence;
        }
        message.emojis.sort((a, b) -> Long.compare(a.firstSequence, b.firstSequence));
        return ADDED;
    }

    /**
     * @param channelId channel.
     * @param messageId message.
     * @param userId    whose reaction.
     * @param emoji     the emoji.
     * @return true when the reaction existed and was removed.
     */
    public boolean remove(final long channelId, final long messageId, final long userId, final String emoji)
    {
        final MessageReactions message = message(channelId, messageId);
        final EmojiReaction reaction = null == message ? null : message.emoji(emoji);
        if (null == reaction || !reaction.remove(userId))
        {
            return false;
        }
        if (0 == reaction.count())
        {
            message.emojis.remove(reaction);
            if (message.emojis.isEmpty())
            {
                removeMessage(channelId, messageId);
            }
        }
        return true;
    }

    /**
     * Removes every reaction with one emoji.
     *
     * @param channelId channel.
     * @param messageId message.
     * @param emoji     the emoji.
     * @return what was removed, or null when nobody had reacted with it.
     */
    public EmojiReaction removeEmoji(final long channelId, final long messageId, final String emoji)
    {
        final MessageReactions message = message(channelId, messageId);
        final EmojiReaction reaction = null == message ? null : message.emoji(emoji);
        if (null != reaction)
        {
            message.emojis.remove(reaction);
            if (message.emojis.isEmpty())
            {
                removeMessage(channelId, messageId);
            }
        }
        return reaction;
    }

    /**
     * Removes every reaction on a message (its reactions were cleared, or it was deleted).
     *
     * @param channelId channel.
     * @param messageId message.
     * @return what was removed, or null when the message had no reactions.
     */
    public MessageReactions removeMessage(final long channelId, final long messageId)
    {
        final Long2ObjectHashMap<MessageReactions> messages = byChannel.get(channelId);
        final MessageReactions removed = null == messages ? null : messages.remove(messageId);
        if (null != removed)
        {
            messageCount--;
            if (messages.isEmpty())
            {
                byChannel.remove(channelId);
            }
        }
        return removed;
    }

    /**
     * Removes the reactions of every message of a deleted channel.
     *
     * @param channelId channel.
     * @return the removed messages' reactions (empty when there were none).
     */
    public List<MessageReactions> removeChannel(final long channelId)
    {
        final Long2ObjectHashMap<MessageReactions> messages = byChannel.remove(channelId);
        if (null == messages)
        {
            return List.of();
        }
        messageCount -= messages.size();
        return new ArrayList<>(messages.values());
    }

    /**
     * @return messages with at least one reaction.
     */
    public int messageCount()
    {
        return messageCount;
    }
}
