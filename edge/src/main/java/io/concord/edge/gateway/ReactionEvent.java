package io.concord.edge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A reaction dispatch (MESSAGE_REACTION_ADD/REMOVE/REMOVE_ALL/REMOVE_EMOJI) as the core link hands it to the gateway:
 * a reusable holder filled per frame and read during the call only. The emoji is wrapped, not copied; for ADD the
 * reacting member is in {@link #member()}. Single-threaded: the thread that fills it is the thread that reads it.
 */
public final class ReactionEvent
{
    /**
     * A user added a reaction.
     */
    public static final int ADD = 0;

    /**
     * A user's reaction was removed.
     */
    public static final int REMOVE = 1;

    /**
     * Every reaction of a message was removed.
     */
    public static final int REMOVE_ALL = 2;

    /**
     * Every reaction with one emoji was removed.
     */
    public static final int REMOVE_EMOJI = 3;

    private final UnsafeBuffer emoji = new UnsafeBuffer(0, 0);
    private final ExpandableArrayBuffer textScratch = new ExpandableArrayBuffer(64);
    private final MemberEvent member = new MemberEvent();
    private int action;
    private long guildId;
    private long channelId;
    private long messageId;
    private long userId;
    private long messageAuthorId;

    /**
     * @param action          {@link #ADD}, {@link #REMOVE}, {@link #REMOVE_ALL} or {@link #REMOVE_EMOJI}.
     * @param guildId         guild, 0 for a DM.
     * @param channelId       channel (the topic).
     * @param messageId       message.
     * @param userId          who reacted (ADD, REMOVE), else 0.
     * @param messageAuthorId the message's author, 0 when unknown.
     * @return this, with the member reset.
     */
    public ReactionEvent reset(
        final int action,
        final long guildId,
        final long channelId,
        final long messageId,
        final long userId,
        final long messageAuthorId)
    {
        this.action = action;
        this.guildId = guildId;
        this.channelId = channelId;
        this.messageId = messageId;
        this.userId = userId;
        this.messageAuthorId = messageAuthorId;
        emoji.wrap(0, 0);
        member.reset();
        return this;
    }

    /**
     * @param buffer holding the UTF-8 emoji.
     * @param offset of the emoji.
     * @param length in bytes.
     * @return this.
     */
    public ReactionEvent emoji(final DirectBuffer buffer, final int offset, final int length)
    {
        emoji.wrap(buffer, offset, length);
        return this;
    }

    /**
     * Copies the emoji into this holder (tests and fakes, which have a {@code String}).
     *
     * @param text the emoji.
     * @return this.
     */
    public ReactionEvent emoji(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        textScratch.putBytes(0, bytes);
        emoji.wrap(textScratch, 0, bytes.length);
        return this;
    }

    public int action()
    {
        return action;
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

    public long userId()
    {
        return userId;
    }

    public long messageAuthorId()
    {
        return messageAuthorId;
    }

    /**
     * @return the emoji as UTF-8, valid during the call only.
     */
    public DirectBuffer emoji()
    {
        return emoji;
    }

    /**
     * @return the reacting member (ADD in a guild); fill it with {@link MemberEvent#member} and friends.
     */
    public MemberEvent member()
    {
        return member;
    }
}
