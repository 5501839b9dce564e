package io.concord.core.shard;

import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageDeletedEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageUpdatedEncoder;
import org.agrona.DirectBuffer;

/**
 * Encodes the message records a shard hands to storage and, once they are durable, fans out (MessageCreated,
 * MessageUpdated, MessageDeleted) into a {@link PendingOp}'s frame, for guild channels and DMs (guild id 0) alike:
 * edgeId and correlationId 0, stamped per edge on the way out. One encoding for both is what lets history reads and
 * the edges treat a DM's messages exactly as a guild channel's.
 * <p>
 * Each owner holds its own; only the shard's thread may call it. Allocation free.
 */
final class MessageRecords
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageCreatedEncoder createdEncoder = new MessageCreatedEncoder();
    private final MessageUpdatedEncoder updatedEncoder = new MessageUpdatedEncoder();
    private final MessageDeletedEncoder deletedEncoder = new MessageDeletedEncoder();
    private final long[] mentions = new long[GuildShard.MAX_MENTIONS];

    /**
     * MESSAGE_CREATE, with the distinct user mentions ({@code <@id>}) found in the content.
     *
     * @param nonce   the command's nonce, the whole buffer.
     * @param content the UTF-8 content, the whole buffer.
     */
    void encodeCreated(
        final PendingOp op,
        final long guildId,
        final long channelId,
        final long messageId,
        final long authorId,
        final long referencedMessageId,
        final boolean mentionEveryone,
        final boolean authorBot,
        final byte[] authorName,
        final DirectBuffer nonce,
        final DirectBuffer content)
    {
        final int mentionCount = GuildShard.parseUserMentions(content, content.capacity(), mentions);
        final MessageCreatedEncoder.MentionsEncoder mentionGroup = createdEncoder
            .wrapAndApplyHeader(op.frame, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .guildId(guildId)
            .channelId(channelId)
            .messageId(messageId)
            .authorId(authorId)
            .referencedMessageId(referencedMessageId)
            .flags(0)
            .mentionEveryone(GuildShard.bool(mentionEveryone))
            .authorBot(GuildShard.bool(authorBot))
            .mentionsCount(mentionCount);
        for (int i = 0; i < mentionCount; i++)
        {
            mentionGroup.next().userId(mentions[i]);
        }
        createdEncoder
            .putNonce(nonce, 0, nonce.capacity())
            .putAuthorName(authorName, 0, authorName.length)
            .putContent(content, 0, content.capacity());
        op.frameLength = HEADER + createdEncoder.encodedLength();
    }

    /**
     * MESSAGE_UPDATE with the new content.
     *
     * @param content the UTF-8 content, the whole buffer.
     */
    void encodeUpdated(
        final PendingOp op,
        final long guildId,
        final long channelId,
        final long messageId,
        final long authorId,
        final long editedAtMs,
        final boolean authorBot,
        final byte[] authorName,
        final DirectBuffer content)
    {
        updatedEncoder.wrapAndApplyHeader(op.frame, 0, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .guildId(guildId)
            .channelId(channelId)
            .messageId(messageId)
            .authorId(authorId)
            .editedTimestampMs(editedAtMs)
            .flags(0)
            .authorBot(GuildShard.bool(authorBot))
            .putAuthorName(authorName, 0, authorName.length)
            .putContent(content, 0, content.capacity());
        op.frameLength = HEADER + updatedEncoder.encodedLength();
    }

    /**
     * MESSAGE_DELETE.
     */
    void encodeDeleted(final PendingOp op, final long guildId, final long channelId, final long messageId)
    {
        deletedEncoder.wrapAndApplyHeader(op.frame, 0, headerEncoder)
            .edgeId(0).correlationId(0).guildId(guildId).channelId(channelId).messageId(messageId);
        op.frameLength = HEADER + deletedEncoder.encodedLength();
    }
}
