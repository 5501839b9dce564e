package io.concord.server.store;

import io.concord.codecs.BooleanType;
import io.concord.codecs.HistoryResponseEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.core.storage.StorageCompletionQueue;
import io.concord.dataservice.HistoryCompletionHandler;
import io.concord.dataservice.HistoryCompletionPoller;
import io.concord.dataservice.HistoryPageFlyweight;
import io.concord.dataservice.HistoryStatus;
import io.concord.dataservice.MessageWriteProxy;
import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadMode;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.ArrayUtil;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayDeque;

/**
 * Serves every shard's message writes from one thread: drains the shards' rings into the LSM store, and once a write
 * is durable reports it to the data service (write-through, before anyone is told) and completes it into the owning
 * shard. Edits and deletes read the stored row first to check that the message exists and who wrote it, then
 * rewrite the record or write a tombstone; operations on one message run one at a time, in arrival order, so an
 * edit can never resurrect a message deleted before it. Also routes the data service's history completions to the
 * asking edge as {@code HistoryResponse} frames.
 * <p>
 * Single-threaded: the only thread that polls its storage client and the data service's completions, and the only
 * writer of its tables. Back-pressure from the store stops draining the rings (order is kept) until it clears.
 */
final class MessageStoreBridgeAgent implements Agent, CompletionHandler, HistoryCompletionHandler
{
    private static final int RING_DRAIN_LIMIT = 64;
    private static final int STORAGE_POLL_LIMIT = 256;
    private static final int HISTORY_POLL_LIMIT = 64;
    private static final int APPEND = BridgeRequestDescriptor.APPEND_MSG_TYPE_ID;
    private static final int EDIT = BridgeRequestDescriptor.EDIT_MSG_TYPE_ID;
    private static final int DELETE = BridgeRequestDescriptor.DELETE_MSG_TYPE_ID;

    /**
     * One write operation from a shard, pooled.
     */
    private static final class Op
    {
        private int kind;
        private int shardId;
        private long token;
        private long channelId;
        private long messageId;
        private long authorId;
        private long editedAtMs;
        private long acceptedAtNs;
        private boolean reading;
        private ReplyStatus status;
        private final ExpandableDirectByteBuffer payload = new ExpandableDirectByteBuffer(512);
        private int payloadLength;
        private Op nextForMessage;
    }

    private final StorageClient storage;
    private final MessageWriteProxy writeThrough;
    private final HistoryCompletionPoller historyCompletions;
    private final EdgeFrameSender edges;
    private final NanoClock nanoClock;
    private final AtomicCounter storageFailures;
    private RingBuffer[] shardRings = new RingBuffer[0];
    private StorageCompletionQueue[] shardCompletions = new StorageCompletionQueue[0];

    private final ArrayDeque<Op> pool = new ArrayDeque<>();
    private final Long2ObjectHashMap<Op> inFlightByCorrelation = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Op> headByMessage = new Long2ObjectHashMap<>();
    private final ArrayDeque<Op> waitingForStore = new ArrayDeque<>();
    private final ArrayDeque<Op> waitingForShard = new ArrayDeque<>();
    private long nextCorrelationId = 1;
    private int drainingShard;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageCreatedDecoder createdDecoder = new MessageCreatedDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageCreatedEncoder createdEncoder = new MessageCreatedEncoder();
    private final HistoryResponseEncoder historyEncoder = new HistoryResponseEncoder();
    private final ExpandableDirectByteBuffer historyFrame = new ExpandableDirectByteBuffer(64 * 1024);
    private final UnsafeBuffer authorNameView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer contentView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer nonceView = new UnsafeBuffer(0, 0);
    private final ExpandableDirectByteBuffer rewritten = new ExpandableDirectByteBuffer(4096);

    MessageStoreBridgeAgent(
        final StorageClient storage,
        final MessageWriteProxy writeThrough,
        final HistoryCompletionPoller historyCompletions,
        final EdgeFrameSender edges,
        final NanoClock nanoClock,
        final AtomicCounter storageFailures)
    {
        this.storage = storage;
        this.writeThrough = writeThrough;
        this.historyCompletions = historyCompletions;
        this.edges = edges;
        this.nanoClock = nanoClock;
        this.storageFailures = storageFailures;
    }

    /**
     * Registers a shard before the agent starts; shard ids must arrive as 0, 1, 2...
     */
    void addShard(final int shardId, final RingBuffer toBridge, final StorageCompletionQueue completions)
    {
        if (shardId != shardRings.length)
        {
            throw new IllegalArgumentException("shards must be added in order, expected " + shardRings.length +
                " got " + shardId);
        }
        shardRings = ArrayUtil.add(shardRings, toBridge);
        shardCompletions = ArrayUtil.add(shardCompletions, completions);
    }

    public String roleName()
    {
        return "message-store-bridge";
    }

    public int doWork()
    {
        int work = retryShardCompletions();
        work += retryStoreSubmissions();
        if (waitingForStore.isEmpty())
        {
            work += drainShardRings();
        }
        work += storage.poll(this, STORAGE_POLL_LIMIT);
        work += historyCompletions.poll(this, HISTORY_POLL_LIMIT);
        return work;
    }

    private int drainShardRings()
    {
        int work = 0;
        for (int i = 0; i < shardRings.length && waitingForStore.isEmpty(); i++)
        {
            drainingShard = i;
            work += shardRings[i].read(this::onShardRequest, RING_DRAIN_LIMIT);
        }
        return work;
    }

    private void onShardRequest(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int len)
    {
        final Op op = acquire();
        op.kind = msgTypeId;
        op.shardId = drainingShard;
        op.token = buffer.getLong(index + BridgeRequestDescriptor.TOKEN_OFFSET);
        op.channelId = buffer.getLong(index + BridgeRequestDescriptor.CHANNEL_ID_OFFSET);
        op.messageId = buffer.getLong(index + BridgeRequestDescriptor.MESSAGE_ID_OFFSET);
        op.authorId = buffer.getLong(index + BridgeRequestDescriptor.AUTHOR_ID_OFFSET);
        op.editedAtMs = buffer.getLong(index + BridgeRequestDescriptor.EDITED_AT_OFFSET);
        op.acceptedAtNs = buffer.getLong(index + BridgeRequestDescriptor.ACCEPTED_AT_NS_OFFSET);
        final int payloadLength = len - BridgeRequestDescriptor.PAYLOAD_OFFSET;
        if (APPEND == msgTypeId)
        {
            op.payload.putLong(StoredMessageDescriptor.EDITED_AT_OFFSET, 0);
            op.payload.putBytes(StoredMessageDescriptor.FRAME_OFFSET, buffer,
                index + BridgeRequestDescriptor.PAYLOAD_OFFSET, payloadLength);
            op.payloadLength = StoredMessageDescriptor.FRAME_OFFSET + payloadLength;
        }
        else
        {
            op.payload.putBytes(0, buffer, index + BridgeRequestDescriptor.PAYLOAD_OFFSET, payloadLength);
            op.payloadLength = payloadLength;
        }

        final Op head = headByMessage.get(op.messageId);
        if (null == head)
        {
            headByMessage.put(op.messageId, op);
            start(op);
        }
        else
        {
            Op tail = head;
            while (null != tail.nextForMessage)
            {
                tail = tail.nextForMessage;
            }
            tail.nextForMessage = op;
        }
    }

    private void start(final Op op)
    {
        op.reading = APPEND != op.kind;
        submit(op);
    }

    /**
     * Submits the op's next storage step (the read of an edit or delete, else its write); back-pressure parks it in
     * arrival order until the store has room.
     */
    private void submit(final Op op)
    {
        final int status = trySubmit(op);
        if (StorageStatus.BACK_PRESSURED == status)
        {
            waitingForStore.addLast(op);
        }
    }

    private int trySubmit(final Op op)
    {
        final long correlationId = nextCorrelationId++;
        final int status;
        if (op.reading)
        {
            status = storage.read(correlationId, op.channelId, ReadMode.AFTER, op.messageId - 1, 1);
        }
        else if (DELETE == op.kind)
        {
            status = storage.delete(correlationId, op.channelId, op.messageId);
        }
        else
        {
            status = storage.append(correlationId, op.channelId, op.messageId, op.payload, 0, op.payloadLength);
        }

        if (StorageStatus.OK == status)
        {
            inFlightByCorrelation.put(correlationId, op);
        }
        else if (StorageStatus.BACK_PRESSURED != status)
        {
            finish(op, invalidOrFailed(status));
        }
        return status;
    }

    private int retryStoreSubmissions()
    {
        int work = 0;
        while (!waitingForStore.isEmpty() && StorageStatus.BACK_PRESSURED != trySubmit(waitingForStore.peekFirst()))
        {
            waitingForStore.pollFirst();
            work++;
        }
        return work;
    }

    public void onReadComplete(final long correlationId, final int status, final ReadResult result)
    {
        final Op op = inFlightByCorrelation.remove(correlationId);
        if (null == op)
        {
            return;
        }
        if (StorageStatus.OK != status)
        {
            finish(op, invalidOrFailed(status));
            return;
        }
        if (!result.next() || result.messageId() != op.messageId)
        {
            finish(op, ReplyStatus.NOT_FOUND);
            return;
        }

        final DirectBuffer row = result.buffer();
        final int frameOffset = result.valueOffset() + StoredMessageDescriptor.FRAME_OFFSET;
        headerDecoder.wrap(row, frameOffset);
        createdDecoder.wrapAndApplyHeader(row, frameOffset, headerDecoder);
        if (0 != op.authorId && createdDecoder.authorId() != op.authorId)
        {
            finish(op, ReplyStatus.FORBIDDEN);
            return;
        }

        if (EDIT == op.kind)
        {
            final int length = rewriteWithContent(op);
            op.payload.putBytes(0, rewritten, 0, length);
            op.payloadLength = length;
        }
        op.reading = false;
        submit(op);
    }

    /**
     * Copies the decoded stored message into {@link #rewritten} with the op's new content and edit time. The
     * decoder is positioned on the stored frame; the op's payload holds the new content.
     */
    private int rewriteWithContent(final Op op)
    {
        rewritten.putLong(StoredMessageDescriptor.EDITED_AT_OFFSET, op.editedAtMs);
        final MessageCreatedEncoder encoder = createdEncoder
            .wrapAndApplyHeader(rewritten, StoredMessageDescriptor.FRAME_OFFSET, headerEncoder)
            .edgeId(0)
            .correlationId(0)
            .guildId(createdDecoder.guildId())
            .channelId(createdDecoder.channelId())
            .messageId(createdDecoder.messageId())
            .authorId(createdDecoder.authorId())
            .referencedMessageId(createdDecoder.referencedMessageId())
            .flags(createdDecoder.flags())
            .mentionEveryone(createdDecoder.mentionEveryone())
            .authorBot(authorBot());
        final MessageCreatedDecoder.MentionsDecoder mentions = createdDecoder.mentions();
        final MessageCreatedEncoder.MentionsEncoder mentionsOut = encoder.mentionsCount(mentions.count());
        while (mentions.hasNext())
        {
            mentionsOut.next().userId(mentions.next().userId());
        }
        createdDecoder.wrapNonce(nonceView);
        encoder.putNonce(nonceView, 0, nonceView.capacity());
        createdDecoder.wrapAuthorName(authorNameView);
        encoder.putAuthorName(authorNameView, 0, authorNameView.capacity());
        createdDecoder.skipContent();
        encoder.putContent(op.payload, 0, op.payloadLength);
        return StoredMessageDescriptor.FRAME_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    public void onWriteComplete(final long correlationId, final int status)
    {
        final Op op = inFlightByCorrelation.remove(correlationId);
        if (null == op)
        {
            return;
        }
        if (StorageStatus.OK != status)
        {
            finish(op, invalidOrFailed(status));
            return;
        }

        switch (op.kind)
        {
            case APPEND:
                writeThrough.messageCreated(op.channelId, op.messageId, op.payload, 0, op.payloadLength);
                break;
            case EDIT:
                writeThrough.messageEdited(op.channelId, op.messageId, op.payload, 0, op.payloadLength);
                break;
            default:
                writeThrough.messageDeleted(op.channelId, op.messageId);
                break;
        }
        finish(op, ReplyStatus.OK);
    }

    private ReplyStatus invalidOrFailed(final int storageStatus)
    {
        switch (storageStatus)
        {
            case StorageStatus.INVALID_CHANNEL_ID:
            case StorageStatus.INVALID_MESSAGE_ID:
            case StorageStatus.MESSAGE_ID_FROM_FUTURE:
            case StorageStatus.VALUE_TOO_LARGE:
            case StorageStatus.INVALID_LIMIT:
            case StorageStatus.INVALID_READ_MODE:
                return ReplyStatus.INVALID;
            default:
                storageFailures.incrementRelease();
                return ReplyStatus.OVERLOADED;
        }
    }

    private void finish(final Op op, final ReplyStatus status)
    {
        op.status = status;
        if (!shardCompletions[op.shardId].complete(op.token, status, nanoClock.nanoTime() - op.acceptedAtNs))
        {
            waitingForShard.addLast(op);
            return;
        }
        next(op);
    }

    private int retryShardCompletions()
    {
        int work = 0;
        while (!waitingForShard.isEmpty())
        {
            final Op op = waitingForShard.peekFirst();
            if (!shardCompletions[op.shardId].complete(op.token, op.status, nanoClock.nanoTime() - op.acceptedAtNs))
            {
                break;
            }
            waitingForShard.pollFirst();
            next(op);
            work++;
        }
        return work;
    }

    private void next(final Op op)
    {
        final Op following = op.nextForMessage;
        if (null == following)
        {
            headByMessage.remove(op.messageId);
        }
        else
        {
            headByMessage.put(op.messageId, following);
            start(following);
        }
        release(op);
    }

    public void onHistoryPage(final long correlationId, final int edgeId, final HistoryPageFlyweight page)
    {
        final HistoryResponseEncoder encoder = historyEncoder.wrapAndApplyHeader(historyFrame, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .status(ReplyStatus.OK);
        long guildId = 0;
        long channelId = 0;
        if (page.next())
        {
            decodeStored(page.buffer(), page.recordOffset());
            guildId = createdDecoder.guildId();
            channelId = createdDecoder.channelId();
            page.rewind();
        }
        encoder.guildId(guildId).channelId(channelId);

        final HistoryResponseEncoder.MessagesEncoder messages = encoder.messagesCount(page.count());
        while (page.next())
        {
            final long editedAtMs =
                page.buffer().getLong(page.recordOffset() + StoredMessageDescriptor.EDITED_AT_OFFSET);
            decodeStored(page.buffer(), page.recordOffset());
            messages.next()
                .messageId(createdDecoder.messageId())
                .authorId(createdDecoder.authorId())
                .editedTimestampMs(editedAtMs)
                .referencedMessageId(createdDecoder.referencedMessageId())
                .flags(createdDecoder.flags())
                .authorBot(authorBot());
            final MessageCreatedDecoder.MentionsDecoder mentions = createdDecoder.mentions();
            while (mentions.hasNext())
            {
                mentions.next();
            }
            createdDecoder.skipNonce();
            createdDecoder.wrapAuthorName(authorNameView);
            createdDecoder.wrapContent(contentView);
            messages.putAuthorName(authorNameView, 0, authorNameView.capacity())
                .putContent(contentView, 0, contentView.capacity());
        }
        edges.send(edgeId, historyFrame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    public void onHistoryError(final long correlationId, final int edgeId, final int status)
    {
        final HistoryResponseEncoder encoder = historyEncoder.wrapAndApplyHeader(historyFrame, 0, headerEncoder)
            .edgeId(edgeId)
            .correlationId(correlationId)
            .status(HistoryStatus.INVALID_REQUEST == status ? ReplyStatus.INVALID : ReplyStatus.OVERLOADED)
            .guildId(0)
            .channelId(0);
        encoder.messagesCount(0);
        edges.send(edgeId, historyFrame, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    /**
     * The decoded stored message's bot flag; records stored before schema version 2 have none (NULL_VAL): not a bot.
     */
    private BooleanType authorBot()
    {
        return BooleanType.TRUE == createdDecoder.authorBot() ? BooleanType.TRUE : BooleanType.FALSE;
    }

    private void decodeStored(final DirectBuffer buffer, final int recordOffset)
    {
        final int frameOffset = recordOffset + StoredMessageDescriptor.FRAME_OFFSET;
        headerDecoder.wrap(buffer, frameOffset);
        createdDecoder.wrapAndApplyHeader(buffer, frameOffset, headerDecoder);
    }

    private Op acquire()
    {
        final Op op = pool.pollFirst();
        return null == op ? new Op() : op;
    }

    private void release(final Op op)
    {
        op.nextForMessage = null;
        pool.addFirst(op);
    }
}
