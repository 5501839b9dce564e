package io.concord.edge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message as the core dispatches it (the fields of SBE {@code MessageCreated}/{@code MessageUpdated}), reusable
 * across calls: the core link fills one instance per dispatch from its decoder, wrapping the UTF-8 var-data in place
 * (no strings on the hot path). Owned and mutated by the single core-link thread.
 */
public final class MessageEvent
{
    private final UnsafeBuffer authorName = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer content = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer nonce = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer textScratch = new ExpandableArrayBuffer(256);
    private long[] mentionIds = new long[8];
    private int mentionCount;
    private long guildId;
    private long channelId;
    private long messageId;
    private long authorId;
    private boolean authorBot;
    private long editedTimestampMs;
    private long referencedMessageId;
    private int flags;
    private boolean mentionEveryone;

    /**
     * Clears every field for the next message.
     *
     * @return this.
     */
    public MessageEvent reset()
    {
        authorName.wrap(0, 0);
        content.wrap(0, 0);
        nonce.wrap(0, 0);
        mentionCount = 0;
        guildId = 0;
        channelId = 0;
        messageId = 0;
        authorId = 0;
        authorBot = false;
        editedTimestampMs = 0;
        referencedMessageId = 0;
        flags = 0;
        mentionEveryone = false;
        return this;
    }

    public MessageEvent ids(final long guildId, final long channelId, final long messageId, final long authorId)
    {
        this.guildId = guildId;
        this.channelId = channelId;
        this.messageId = messageId;
        this.authorId = authorId;
        return this;
    }

    /**
     * Wraps the author's name in place.
     *
     * @param buffer UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public MessageEvent authorName(final DirectBuffer buffer, final int offset, final int length)
    {
        authorName.wrap(buffer, offset, length);
        return this;
    }

    /**
     * Wraps the content in place.
     *
     * @param buffer UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public MessageEvent content(final DirectBuffer buffer, final int offset, final int length)
    {
        content.wrap(buffer, offset, length);
        return this;
    }

    /**
     * Wraps the nonce in place (empty for none).
     *
     * @param buffer UTF-8 bytes.
     * @param offset first byte.
     * @param length byte count.
     * @return this.
     */
    public MessageEvent nonce(final DirectBuffer buffer, final int offset, final int length)
    {
        nonce.wrap(buffer, offset, length);
        return this;
    }

    /**
     * Convenience for callers off the hot path (tests, fake core): encodes the texts into this event's own scratch.
     *
     * @param authorName author's name.
     * @param content    content.
     * @return this.
     */
    public MessageEvent texts(final String authorName, final String content)
    {
        final byte[] name = authorName.getBytes(StandardCharsets.UTF_8);
        final byte[] text = content.getBytes(StandardCharsets.UTF_8);
        textScratch.putBytes(0, name);
        textScratch.putBytes(name.length, text);
        this.authorName.wrap(textScratch, 0, name.length);
        this.content.wrap(textScratch, name.length, text.length);
        return this;
    }

    /**
     * @param userId a user mentioned in the content.
     * @return this.
     */
    public MessageEvent addMention(final long userId)
    {
        if (mentionCount == mentionIds.length)
        {
            mentionIds = Arrays.copyOf(mentionIds, mentionCount * 2);
        }
        mentionIds[mentionCount++] = userId;
        return this;
    }

    public MessageEvent authorBot(final boolean authorBot)
    {
        this.authorBot = authorBot;
        return this;
    }

    public MessageEvent editedTimestampMs(final long editedTimestampMs)
    {
        this.editedTimestampMs = editedTimestampMs;
        return this;
    }

    public MessageEvent referencedMessageId(final long referencedMessageId)
    {
        this.referencedMessageId = referencedMessageId;
        return this;
    }

    public MessageEvent flags(final int flags)
    {
        this.flags = flags;
        return this;
    }

    public MessageEvent mentionEveryone(final boolean mentionEveryone)
    {
        this.mentionEveryone = mentionEveryone;
        return this;
    }

    public long guildId()
    {
        return guildId;
    }

    public long channelId()
    {
        return channelId;
    }

    public long messageId()
    {
        return messageId;
    }

    public long authorId()
    {
        return authorId;
    }

    public boolean authorBot()
    {
        return authorBot;
    }

    public DirectBuffer authorName()
    {
        return authorName;
    }

    public DirectBuffer content()
    {
        return content;
    }

    public DirectBuffer nonce()
    {
        return nonce;
    }

    public int mentionCount()
    {
        return mentionCount;
    }

    public long mentionId(final int index)
    {
        return mentionIds[index];
    }

    public long editedTimestampMs()
    {
        return editedTimestampMs;
    }

    public long referencedMessageId()
    {
        return referencedMessageId;
    }

    public int flags()
    {
        return flags;
    }

    public boolean mentionEveryone()
    {
        return mentionEveryone;
    }
}
