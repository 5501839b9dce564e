package io.concord.core.storage;

import io.concord.codecs.HistoryDirection;
import org.agrona.DirectBuffer;

/**
 * A {@link MessageStore} that accepts every operation and completes none, for harnesses that drive a shard alone and
 * feed it the completions themselves: {@link #lastToken()} is the token of the last write, the one to complete.
 * History reads are accepted and answer nothing. Stores nothing and allocates nothing.
 * <p>
 * One instance per shard, used only by that shard's thread.
 */
public final class AcceptingMessageStore implements MessageStore
{
    private long lastToken;

    /**
     * @return the token of the last append, edit or delete accepted.
     */
    public long lastToken()
    {
        return lastToken;
    }

    public int append(
        final long token,
        final long channelId,
        final long messageId,
        final DirectBuffer record,
        final int offset,
        final int length)
    {
        lastToken = token;
        return ACCEPTED;
    }

    public int edit(
        final long token,
        final long channelId,
        final long messageId,
        final long authorId,
        final long editedAtMs,
        final DirectBuffer content,
        final int offset,
        final int length)
    {
        lastToken = token;
        return ACCEPTED;
    }

    public int delete(final long token, final long channelId, final long messageId, final long requiredAuthorId)
    {
        lastToken = token;
        return ACCEPTED;
    }

    public int readHistory(
        final int edgeId,
        final long correlationId,
        final long guildId,
        final long channelId,
        final HistoryDirection direction,
        final long anchorId,
        final int limit)
    {
        return ACCEPTED;
    }
}
