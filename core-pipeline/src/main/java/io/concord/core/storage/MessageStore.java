package io.concord.core.storage;

import io.concord.codecs.HistoryDirection;
import org.agrona.DirectBuffer;

/**
 * What a shard needs from message storage. Called only from the owning shard's thread; every method returns at
 * once with {@link #ACCEPTED} or {@link #BACK_PRESSURED} (nothing was done: the shard replies OVERLOADED).
 * <p>
 * Writes complete asynchronously: once an accepted append/edit/delete is durable (or failed) the implementation calls
 * {@link StorageCompletionQueue#complete} with the caller's {@code token}, from any thread; the shard's poller feeds
 * that completion into the shard's ring, and only then does the shard dispatch. Completion status: {@code OK},
 * {@code NOT_FOUND} (no such message in that channel) or {@code FORBIDDEN} (author condition not met).
 * <p>
 * A stored record is the {@code MessageCreated} SBE frame (header included, edgeId and correlationId 0), keyed by
 * {@code (channelId, messageId)}; history pages go straight to the requesting edge as a {@code HistoryResponse},
 * newest first, without passing through the shard.
 */
public interface MessageStore
{
    int ACCEPTED = 0;
    int BACK_PRESSURED = 1;

    /**
     * @param token     echoed in the completion.
     * @param channelId partition.
     * @param messageId clustering key (a snowflake).
     * @param record    the MessageCreated frame; copied before returning.
     * @param offset    of the frame.
     * @param length    of the frame.
     * @return {@link #ACCEPTED} or {@link #BACK_PRESSURED}.
     */
    int append(long token, long channelId, long messageId, DirectBuffer record, int offset, int length);

    /**
     * Replaces the content of a message if {@code authorId} wrote it.
     *
     * @param token      echoed in the completion.
     * @param channelId  partition.
     * @param messageId  message.
     * @param authorId   required author.
     * @param editedAtMs edit time.
     * @param content    new UTF-8 content; copied before returning.
     * @param offset     of the content.
     * @param length     of the content.
     * @return {@link #ACCEPTED} or {@link #BACK_PRESSURED}.
     */
    int edit(
        long token,
        long channelId,
        long messageId,
        long authorId,
        long editedAtMs,
        DirectBuffer content,
        int offset,
        int length);

    /**
     * Deletes (tombstones) a message, if {@code requiredAuthorId} is 0 or wrote it.
     *
     * @param token            echoed in the completion.
     * @param channelId        partition.
     * @param messageId        message.
     * @param requiredAuthorId author condition, 0 for none.
     * @return {@link #ACCEPTED} or {@link #BACK_PRESSURED}.
     */
    int delete(long token, long channelId, long messageId, long requiredAuthorId);

    /**
     * Reads a page and answers the edge with a {@code HistoryResponse} (newest first in every direction).
     *
     * @param edgeId        requesting edge.
     * @param correlationId its request.
     * @param guildId       echoed in the response.
     * @param channelId     partition.
     * @param direction     cursor kind.
     * @param anchorId      cursor (ignored for LATEST).
     * @param limit         1..100.
     * @return {@link #ACCEPTED} or {@link #BACK_PRESSURED}.
     */
    int readHistory(
        int edgeId,
        long correlationId,
        long guildId,
        long channelId,
        HistoryDirection direction,
        long anchorId,
        int limit);
}
