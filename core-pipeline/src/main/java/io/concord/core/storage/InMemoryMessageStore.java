package io.concord.core.storage;

import io.concord.codecs.BooleanType;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryResponseEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.NanoClock;

import java.util.ArrayList;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link MessageStore} in memory, for tests and for {@code serve} until the LSM store is adapted. It completes every
 * operation on the calling (shard) thread by enqueueing the completion, so the shard still sees it later as an
 * event, exactly as with a real store. Not durable: a restart loses every message. It allocates per stored message
 * (a {@code byte[]} per record): it is not the hot-path store.
 * <p>
 * One instance per shard, used only by that shard's thread.
 */
public final class InMemoryMessageStore implements MessageStore
{
    /**
     * Sends a history page to an edge, e.g. {@code ShardOutbound::toEdge}.
     */
    @FunctionalInterface
    public interface EdgeSender
    {
        /**
         * @param edgeId destination.
         * @param buffer frame.
         * @param offset of the frame.
         * @param length of the frame.
         * @return whether it was sent.
         */
        boolean send(int edgeId, DirectBuffer buffer, int offset, int length);
    }

    private static final class Stored
    {
        private final long authorId;
        private final long referencedMessageId;
        private final int flags;
        private final boolean authorBot;
        private final byte[] authorName;
        private byte[] content;
        private long editedAtMs;

        private Stored(
            final long authorId,
            final long referencedMessageId,
            final int flags,
            final boolean authorBot,
            final byte[] authorName,
            final byte[] content)
        {
            this.authorId = authorId;
            this.referencedMessageId = referencedMessageId;
            this.flags = flags;
            this.authorBot = authorBot;
            this.authorName = authorName;
            this.content = content;
        }
    }

    private final Long2ObjectHashMap<TreeMap<Long, Stored>> channels = new Long2ObjectHashMap<>();
    private final StorageCompletionQueue completions;
    private final EdgeSender edgeSender;
    private final NanoClock nanoClock;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageCreatedDecoder createdDecoder = new MessageCreatedDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final HistoryResponseEncoder historyEncoder = new HistoryResponseEncoder();
    private final ExpandableDirectByteBuffer historyBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final ArrayList<Map.Entry<Long, Stored>> page = new ArrayList<>();

    /**
     * @param completions where completions go.
     * @param edgeSender  where history pages go.
     * @param nanoClock   for the latency reported in completions.
     */
    public InMemoryMessageStore(
        final StorageCompletionQueue completions, final EdgeSender edgeSender, final NanoClock nanoClock)
    {
        this.completions = completions;
        this.edgeSender = edgeSender;
        this.nanoClock = nanoClock;
    }

    public int append(
        final long token,
        final long channelId,
        final long messageId,
        final DirectBuffer record,
        final int offset,
        final int length)
    {
        final long startNs = nanoClock.nanoTime();
        createdDecoder.wrapAndApplyHeader(record, offset, headerDecoder);
        createdDecoder.edgeId();
        createdDecoder.correlationId();
        createdDecoder.guildId();
        createdDecoder.channelId();
        createdDecoder.messageId();
        final long authorId = createdDecoder.authorId();
        final long referencedMessageId = createdDecoder.referencedMessageId();
        final int flags = createdDecoder.flags();
        createdDecoder.mentionEveryone();
        final boolean authorBot = BooleanType.TRUE == createdDecoder.authorBot();
        final MessageCreatedDecoder.MentionsDecoder mentions = createdDecoder.mentions();
        while (mentions.hasNext())
        {
            mentions.next().userId();
        }
        createdDecoder.skipNonce();
        final byte[] authorName = new byte[createdDecoder.authorNameLength()];
        createdDecoder.getAuthorName(authorName, 0, authorName.length);
        final byte[] content = new byte[createdDecoder.contentLength()];
        createdDecoder.getContent(content, 0, content.length);

        channels.computeIfAbsent(channelId, (id) -> new TreeMap<>())
            .put(messageId, new Stored(authorId, referencedMessageId, flags, authorBot, authorName, content));
        return complete(token, ReplyStatus.OK, startNs);
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
        final long startNs = nanoClock.nanoTime();
        final Stored stored = find(channelId, messageId);
        if (null == stored)
        {
            return complete(token, ReplyStatus.NOT_FOUND, startNs);
        }
        if (stored.authorId != authorId)
        {
            return complete(token, ReplyStatus.FORBIDDEN, startNs);
        }
        final byte[] bytes = new byte[length];
        content.getBytes(offset, bytes);
        stored.content = bytes;
        stored.editedAtMs = editedAtMs;
        return complete(token, ReplyStatus.OK, startNs);
    }

    public int delete(final long token, final long channelId, final long messageId, final long requiredAuthorId)
    {
        final long startNs = nanoClock.nanoTime();
        final Stored stored = find(channelId, messageId);
        if (null == stored)
        {
            return complete(token, ReplyStatus.NOT_FOUND, startNs);
        }
        if (0 != requiredAuthorId && stored.authorId != requiredAuthorId)
        {
            return complete(token, ReplyStatus.FORBIDDEN, startNs);
        }
        channels.get(channelId).remove(messageId);
        return complete(token, ReplyStatus.OK, startNs);
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
        page.clear();
        final TreeMap<Long, Stored> messages = channels.get(channelId);
        if (null != messages)
        {
            switch (direction)
            {
                case BEFORE:
                    takeNewestFirst(messages.headMap(anchorId, false), limit);
                    break;
                case AFTER:
                    takeOldestFirstThenReverse(messages.tailMap(anchorId, false), limit);
                    break;
                case AROUND:
                    takeOldestFirstThenReverse(messages.tailMap(anchorId, false), limit / 2);
                    takeNewestFirst(messages.headMap(anchorId, true), limit - page.size());
                    break;
                default:
                    takeNewestFirst(messages, limit);
                    break;
            }
        }

        final HistoryResponseEncoder encoder = historyEncoder.wrapAndApplyHeader(historyBuffer, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).status(ReplyStatus.OK).guildId(guildId).channelId(channelId);
        final HistoryResponseEncoder.MessagesEncoder group = encoder.messagesCount(page.size());
        for (int i = 0, n = page.size(); i < n; i++)
        {
            final Map.Entry<Long, Stored> entry = page.get(i);
            final Stored stored = entry.getValue();
            group.next()
                .messageId(entry.getKey())
                .authorId(stored.authorId)
                .editedTimestampMs(stored.editedAtMs)
                .referencedMessageId(stored.referencedMessageId)
                .flags(stored.flags)
                .authorBot(stored.authorBot ? BooleanType.TRUE : BooleanType.FALSE)
                .putAuthorName(stored.authorName, 0, stored.authorName.length)
                .putContent(stored.content, 0, stored.content.length);
        }
        page.clear();
        edgeSender.send(edgeId, historyBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        return ACCEPTED;
    }

    /**
     * @param channelId a channel.
     * @return how many messages it holds.
     */
    public int messageCount(final long channelId)
    {
        final TreeMap<Long, Stored> messages = channels.get(channelId);
        return null == messages ? 0 : messages.size();
    }

    private void takeNewestFirst(final NavigableMap<Long, Stored> range, final int limit)
    {
        for (final Map.Entry<Long, Stored> entry : range.descendingMap().entrySet())
        {
            if (page.size() >= limit)
            {
                break;
            }
            page.add(entry);
        }
    }

    private void takeOldestFirstThenReverse(final NavigableMap<Long, Stored> range, final int limit)
    {
        final int start = page.size();
        for (final Map.Entry<Long, Stored> entry : range.entrySet())
        {
            if (page.size() - start >= limit)
            {
                break;
            }
            page.add(entry);
        }
        for (int i = start, j = page.size() - 1; i < j; i++, j--)
        {
            final Map.Entry<Long, Stored> tmp = page.get(i);
            page.set(i, page.get(j));
            page.set(j, tmp);
        }
    }

    private Stored find(final long channelId, final long messageId)
    {
        final TreeMap<Long, Stored> messages = channels.get(channelId);
        return null == messages ? null : messages.get(messageId);
    }

    private int complete(final long token, final ReplyStatus status, final long startNs)
    {
        return completions.complete(token, status, nanoClock.nanoTime() - startNs) ? ACCEPTED : BACK_PRESSURED;
    }
}
