package io.concord.server.store;

import io.concord.codecs.HistoryDirection;
import io.concord.core.storage.MessageStore;
import io.concord.dataservice.HistoryRequestProxy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * One shard's {@link MessageStore} over the LSM store: writes are handed to the {@link MessageStoreBridgeAgent}
 * through this shard's one-to-one ring (a full ring is back-pressure, never a block), history reads go straight to
 * the data service. Called only from the shard's handler thread.
 */
final class LsmMessageStore implements MessageStore
{
    private final RingBuffer toBridge;
    private final HistoryRequestProxy historyRequests;
    private final NanoClock nanoClock;

    LsmMessageStore(final RingBuffer toBridge, final HistoryRequestProxy historyRequests, final NanoClock nanoClock)
    {
        this.toBridge = toBridge;
        this.historyRequests = historyRequests;
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
        return write(BridgeRequestDescriptor.APPEND_MSG_TYPE_ID, token, channelId, messageId, 0, 0,
            record, offset, length);
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
        return write(BridgeRequestDescriptor.EDIT_MSG_TYPE_ID, token, channelId, messageId, authorId, editedAtMs,
            content, offset, length);
    }

    public int delete(final long token, final long channelId, final long messageId, final long requiredAuthorId)
    {
        return write(BridgeRequestDescriptor.DELETE_MSG_TYPE_ID, token, channelId, messageId, requiredAuthorId, 0,
            null, 0, 0);
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
        return historyRequests.requestHistory(correlationId, edgeId, channelId, direction.value(), anchorId, limit) ?
            ACCEPTED : BACK_PRESSURED;
    }

    private int write(
        final int msgTypeId,
        final long token,
        final long channelId,
        final long messageId,
        final long authorId,
        final long editedAtMs,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final int index = toBridge.tryClaim(msgTypeId, BridgeRequestDescriptor.PAYLOAD_OFFSET + length);
        if (index <= 0)
        {
            return BACK_PRESSURED;
        }
        final MutableDirectBuffer buffer = toBridge.buffer();
        buffer.putLong(index + BridgeRequestDescriptor.TOKEN_OFFSET, token);
        buffer.putLong(index + BridgeRequestDescriptor.CHANNEL_ID_OFFSET, channelId);
        buffer.putLong(index + BridgeRequestDescriptor.MESSAGE_ID_OFFSET, messageId);
        buffer.putLong(index + BridgeRequestDescriptor.AUTHOR_ID_OFFSET, authorId);
        buffer.putLong(index + BridgeRequestDescriptor.EDITED_AT_OFFSET, editedAtMs);
        buffer.putLong(index + BridgeRequestDescriptor.ACCEPTED_AT_NS_OFFSET, nanoClock.nanoTime());
        if (length > 0)
        {
            buffer.putBytes(index + BridgeRequestDescriptor.PAYLOAD_OFFSET, payload, offset, length);
        }
        toBridge.commit(index);
        return ACCEPTED;
    }
}
