package io.concord.dataservice;

import io.concord.dataservice.storage.HistoryReadHandler;
import io.concord.dataservice.storage.HistoryStorage;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ControlledMessageHandler.Action;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The data service duty cycle: the single writer of the hot-page cache, the in-flight read table and the waiter
 * pool. Runs on its own thread (never a guild shard's), or is driven by calling {@link #doWork()} in tests.
 * <p>
 * Each duty cycle: drain write-through notifications; continue fan-outs the completion ring had no room for; poll
 * storage completions; take requests. A request is answered from the channel's cached page when the page provably
 * covers it, else it joins an identical in-flight storage read (coalescing; every LATEST read of up to a page
 * becomes the channel's one page-fill read), else it issues a new read. Every bound answers OVERLOADED at once.
 * <p>
 * Read-your-writes: a write is acknowledged only after its notification is on the write ring, and the agent
 * drains that ring before each request, so a request sees every write acknowledged before it. The cache applies
 * every write; an in-flight read logs the writes to its channel since it was issued and replays them over the
 * storage result (replays are idempotent upserts and deletes by id), so a waiter that joined after a write still
 * sees it; a read whose log overflowed, or whose channel was invalidated, is re-issued instead of answered.
 * Results are exact windows of history ({@link HistoryWindow}): a page shortened by deletes is not used for an
 * answer it can no longer prove, and its waiters are re-read.
 */
public final class DataServiceAgent implements Agent, HistoryReadHandler
{
    private static final int NONE = -1;
    private static final int FREE = 0;
    private static final int ISSUED = 1;
    private static final int FANNING_OUT = 2;

    private static final int REQUEST_BATCH = 256;
    private static final int COMPLETION_BATCH = 64;
    private static final long TIMEOUT_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int WINDOW_CAPACITY = HistoryDirection.MAX_LIMIT * 2;

    private static final int LOG_TYPE_OFFSET = 0;
    private static final int LOG_ID_OFFSET = 4;
    private static final int LOG_LENGTH_OFFSET = 12;
    private static final int LOG_RECORD_OFFSET = 16;

    private final boolean coalescingEnabled;
    private final boolean cacheEnabled;
    private final long cacheBytesLimit;
    private final int cacheChannelsLimit;
    private final int pageMessages;
    private final int waitersPerKey;
    private final int writeLogEntries;
    private final int maxReissues;
    private final int maxMessageBytes;
    private final long readTimeoutNs;
    private final NanoClock clock;
    private final HistoryStorage storage;
    private final RingBuffer requestRing;
    private final RingBuffer writeRing;
    private final RingBuffer completionRing;
    private final DataServiceCounters counters;

    private final ControlledMessageHandler requestHandler = this::onRequestMessage;
    private final MessageHandler writeHandler = this::onWriteMessage;
    private final HistoryPageFlyweight storagePage = new HistoryPageFlyweight();

    private final Long2ObjectHashMap<ChannelState> channels;
    private final ChannelState[] freeChannels;
    private int freeChannelCount;
    private ChannelState lruNewest;
    private ChannelState lruOldest;
    private long cachedBytes;
    private int cachedChannels;

    private final HistoryWindow[] freeWindows;
    private int freeWindowCount;

    private final InFlightRead[] reads;
    private final int[] freeReads;
    private int freeReadCount;
    private final int[] pendingFanOuts;
    private int pendingFanOutCount;

    private final long[] waiterCorrelationIds;
    private final int[] waiterEdgeIds;
    private final int[] waiterDirections;
    private final long[] waiterAnchorIds;
    private final int[] waiterLimits;
    private final int[] waiterNext;
    private int freeWaiterHead;
    private int waitersInUse;

    private long seenWriteOverflows;
    private long lastTimeoutCheckNs;

    DataServiceAgent(
        final DataServiceConfiguration.Context ctx,
        final HistoryStorage storage,
        final RingBuffer requestRing,
        final RingBuffer writeRing,
        final RingBuffer completionRing,
        final DataServiceCounters counters)
    {
        coalescingEnabled = ctx.coalescingEnabled();
        cacheEnabled = ctx.cacheEnabled();
        cacheBytesLimit = ctx.cacheBytes();
        cacheChannelsLimit = ctx.cacheChannels();
        pageMessages = ctx.cachePageMessages();
        waitersPerKey = ctx.waitersPerKey();
        writeLogEntries = ctx.writeLogEntries();
        maxReissues = ctx.maxReissues();
        maxMessageBytes = ctx.maxMessageBytes();
        readTimeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.readTimeoutMs());
        clock = ctx.nanoClock();
        this.storage = storage;
        this.requestRing = requestRing;
        this.writeRing = writeRing;
        this.completionRing = completionRing;
        this.counters = counters;

        final int inFlightReads = ctx.inFlightReads();
        final int maxChannelStates = inFlightReads + (cacheEnabled ? cacheChannelsLimit : 0);
        channels = new Long2ObjectHashMap<>(Math.min(maxChannelStates * 2, 1 << 20), 0.65f);
        freeChannels = new ChannelState[maxChannelStates];
        freeWindows = new HistoryWindow[maxChannelStates + inFlightReads];

        reads = new InFlightRead[inFlightReads];
        freeReads = new int[inFlightReads];
        pendingFanOuts = new int[inFlightReads];
        for (int i = 0; i < inFlightReads; i++)
        {
            reads[i] = new InFlightRead(i);
            freeReads[i] = inFlightReads - 1 - i;
        }
        freeReadCount = inFlightReads;

        final int waiters = ctx.waiters();
        waiterCorrelationIds = new long[waiters];
        waiterEdgeIds = new int[waiters];
        waiterDirections = new int[waiters];
        waiterAnchorIds = new long[waiters];
        waiterLimits = new int[waiters];
        waiterNext = new int[waiters];
        for (int i = 0; i < waiters; i++)
        {
            waiterNext[i] = i + 1 < waiters ? i + 1 : NONE;
        }
        freeWaiterHead = 0;

        seenWriteOverflows = counters.writeOverflows().get();
        lastTimeoutCheckNs = clock.nanoTime();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "concord-dataservice";
    }

    /**
     * One duty cycle; see the class comment. Called by the agent's runner, or directly by tests.
     *
     * @return units of work done (0 lets the idle strategy back off).
     */
    public int doWork()
    {
        int workCount = drainWrites();
        workCount += continueFanOuts();
        workCount += storage.poll(this, COMPLETION_BATCH);
        workCount += requestRing.controlledRead(requestHandler, REQUEST_BATCH);
        workCount += checkTimeouts();
        return workCount;
    }

    /**
     * Storage port callback; not for callers.
     */
    public void onReadComplete(final long readId, final DirectBuffer buffer, final int offset, final int length)
    {
        final InFlightRead read = issuedRead(readId);
        if (null == read)
        {
            counters.staleCompletions().incrementOrdered();
            return;
        }

        if (read.stale)
        {
            reissue(read);
            return;
        }

        if (null == read.window)
        {
            read.window = takeWindow();
        }
        storagePage.wrap(buffer, offset, length);
        String error = storagePage.validate(maxMessageBytes);
        if (null == error)
        {
            error = read.window.load(storagePage, read.direction, read.anchorId, read.limit);
        }
        if (null != error)
        {
            counters.storageErrors().incrementOrdered();
            fail(read, HistoryStatus.STORAGE_ERROR);
            return;
        }

        replayWriteLog(read);
        counters.inFlightReads().decrementOrdered();
        read.state = FANNING_OUT;
        read.failStatus = HistoryStatus.OK;
        if (read.fill)
        {
            install(read);
        }
        fanOut(read);
    }

    /**
     * Storage port callback; not for callers.
     */
    public void onReadFailed(final long readId, final String reason)
    {
        final InFlightRead read = issuedRead(readId);
        if (null == read)
        {
            counters.staleCompletions().incrementOrdered();
            return;
        }

        counters.storageErrors().incrementOrdered();
        fail(read, HistoryStatus.STORAGE_ERROR);
    }

    private Action onRequestMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        drainWrites();

        final long correlationId = buffer.getLong(index + RequestDescriptor.CORRELATION_ID_OFFSET);
        final int edgeId = buffer.getInt(index + RequestDescriptor.EDGE_ID_OFFSET);
        switch (msgTypeId)
        {
            case RequestDescriptor.HISTORY_REQUEST_MSG_TYPE_ID:
                return onHistoryRequest(
                    correlationId,
                    edgeId,
                    buffer.getLong(index + RequestDescriptor.CHANNEL_ID_OFFSET),
                    buffer.getInt(index + RequestDescriptor.DIRECTION_OFFSET),
                    buffer.getLong(index + RequestDescriptor.ANCHOR_ID_OFFSET),
                    buffer.getInt(index + RequestDescriptor.LIMIT_OFFSET));

            case RequestDescriptor.CANCEL_EDGE_MSG_TYPE_ID:
                cancel(edgeId, false, 0);
                return Action.CONTINUE;

            case RequestDescriptor.CANCEL_REQUEST_MSG_TYPE_ID:
                cancel(edgeId, true, correlationId);
                return Action.CONTINUE;

            default:
                return Action.CONTINUE;
        }
    }

    private Action onHistoryRequest(
        final long correlationId,
        final int edgeId,
        final long channelId,
        final int direction,
        final long anchorId,
        final int limit)
    {
        if (!HistoryDirection.isValid(direction) ||
            limit < HistoryDirection.MIN_LIMIT || limit > HistoryDirection.MAX_LIMIT ||
            (direction != HistoryDirection.LATEST && (anchorId < 0 || anchorId == Long.MAX_VALUE)))
        {
            if (!sendError(correlationId, edgeId, HistoryStatus.INVALID_REQUEST))
            {
                return Action.ABORT;
            }
            counters.requests().incrementOrdered();
            counters.invalidRequests().incrementOrdered();
            return Action.CONTINUE;
        }

        ChannelState channel = channels.get(channelId);
        if (cacheEnabled && null != channel && null != channel.page)
        {
            final long run = channel.page.answer(direction, anchorId, limit);
            if (HistoryWindow.NOT_ANSWERABLE != run)
            {
                if (!sendPage(correlationId, edgeId, channel.page, run))
                {
                    return Action.ABORT;
                }
                counters.requests().incrementOrdered();
                counters.cacheHits().incrementOrdered();
                touch(channel);
                return Action.CONTINUE;
            }
        }

        final boolean fill = cacheEnabled && direction == HistoryDirection.LATEST && limit <= pageMessages;
        final long keyAnchorId = direction == HistoryDirection.LATEST ? 0 : anchorId;
        final int keyLimit = fill ? pageMessages : limit;

        if (coalescingEnabled && null != channel)
        {
            for (InFlightRead read = channel.reads; null != read; read = read.nextInChannel)
            {
                if (read.state == ISSUED && read.fill == fill && read.direction == direction &&
                    read.anchorId == keyAnchorId && read.limit == keyLimit)
                {
                    if (read.waiterCount >= waitersPerKey || NONE == freeWaiterHead)
                    {
                        return overloaded(correlationId, edgeId);
                    }
                    addWaiter(read, correlationId, edgeId, direction, anchorId, limit);
                    counters.requests().incrementOrdered();
                    counters.coalescedHits().incrementOrdered();
                    countCacheMiss();
                    return Action.CONTINUE;
                }
            }
        }

        if (0 == freeReadCount || NONE == freeWaiterHead)
        {
            return overloaded(correlationId, edgeId);
        }

        if (null == channel)
        {
            channel = acquireChannel(channelId);
        }

        final InFlightRead read = reads[freeReads[--freeReadCount]];
        read.channel = channel;
        read.direction = direction;
        read.anchorId = keyAnchorId;
        read.limit = keyLimit;
        read.fill = fill;
        read.reissues = 0;
        read.nextInChannel = channel.reads;
        channel.reads = read;

        if (!submit(read))
        {
            unlinkFromChannel(read);
            read.state = FREE;
            read.channel = null;
            freeReads[freeReadCount++] = read.index;
            releaseChannelIfUnused(channel);
            return overloaded(correlationId, edgeId);
        }

        counters.inFlightReads().incrementOrdered();
        addWaiter(read, correlationId, edgeId, direction, anchorId, limit);
        counters.requests().incrementOrdered();
        countCacheMiss();
        return Action.CONTINUE;
    }

    private Action overloaded(final long correlationId, final int edgeId)
    {
        if (!sendError(correlationId, edgeId, HistoryStatus.OVERLOADED))
        {
            return Action.ABORT;
        }
        counters.requests().incrementOrdered();
        counters.overloaded().incrementOrdered();
        return Action.CONTINUE;
    }

    private void countCacheMiss()
    {
        if (cacheEnabled)
        {
            counters.cacheMisses().incrementOrdered();
        }
    }

    private boolean submit(final InFlightRead read)
    {
        read.generation++;
        read.state = ISSUED;
        read.stale = false;
        read.failStatus = HistoryStatus.OK;
        read.logLength = 0;
        read.logEntries = 0;
        read.issuedAtNs = clock.nanoTime();
        if (storage.submitRead(
            readId(read), read.channel.channelId, read.direction, read.anchorId, read.limit))
        {
            counters.storageReads().incrementOrdered();
            return true;
        }
        return false;
    }

    private static long readId(final InFlightRead read)
    {
        return ((long)read.generation << 32) | read.index;
    }

    private InFlightRead issuedRead(final long readId)
    {
        final int index = (int)readId;
        if (index < 0 || index >= reads.length)
        {
            return null;
        }
        final InFlightRead read = reads[index];
        return read.state == ISSUED && read.generation == (int)(readId >>> 32) ? read : null;
    }

    private int drainWrites()
    {
        int workCount = 0;
        final long writeOverflows = counters.writeOverflows().get();
        if (writeOverflows != seenWriteOverflows)
        {
            seenWriteOverflows = writeOverflows;
            invalidateAll();
            workCount++;
        }

        return workCount + writeRing.read(writeHandler, Integer.MAX_VALUE);
    }

    private void onWriteMessage(
        final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        counters.writeNotifications().incrementOrdered();
        final ChannelState channel = channels.get(buffer.getLong(index + WriteDescriptor.CHANNEL_ID_OFFSET));
        if (null == channel)
        {
            return;
        }

        if (WriteDescriptor.INVALIDATE_CHANNEL_MSG_TYPE_ID == msgTypeId)
        {
            invalidate(channel);
            return;
        }

        final long messageId = buffer.getLong(index + WriteDescriptor.MESSAGE_ID_OFFSET);
        final int recordLength = buffer.getInt(index + WriteDescriptor.RECORD_LENGTH_OFFSET);
        final int recordOffset = index + WriteDescriptor.RECORD_OFFSET;

        for (InFlightRead read = channel.reads; null != read; read = read.nextInChannel)
        {
            if (read.state == ISSUED)
            {
                logWrite(read, msgTypeId, messageId, buffer, recordOffset, recordLength);
            }
            else if (read.state == FANNING_OUT && !read.fill && HistoryStatus.OK == read.failStatus)
            {
                apply(read.window, msgTypeId, messageId, buffer, recordOffset, recordLength);
            }
        }

        final HistoryWindow page = channel.page;
        if (null != page)
        {
            final long before = page.footprintBytes();
            apply(page, msgTypeId, messageId, buffer, recordOffset, recordLength);
            page.trimTo(pageMessages);
            addCachedBytes(page.footprintBytes() - before);
            evictIfNeeded();
        }
    }

    private static void apply(
        final HistoryWindow window,
        final int msgTypeId,
        final long messageId,
        final DirectBuffer buffer,
        final int recordOffset,
        final int recordLength)
    {
        switch (msgTypeId)
        {
            case WriteDescriptor.CREATE_MSG_TYPE_ID:
                window.onCreate(messageId, buffer, recordOffset, recordLength);
                break;

            case WriteDescriptor.EDIT_MSG_TYPE_ID:
                window.onEdit(messageId, buffer, recordOffset, recordLength);
                break;

            case WriteDescriptor.DELETE_MSG_TYPE_ID:
                window.onDelete(messageId);
                break;

            default:
                break;
        }
    }

    private void logWrite(
        final InFlightRead read,
        final int msgTypeId,
        final long messageId,
        final DirectBuffer buffer,
        final int recordOffset,
        final int recordLength)
    {
        if (read.stale)
        {
            return;
        }
        if (read.logEntries >= writeLogEntries)
        {
            read.stale = true;
            read.logLength = 0;
            read.logEntries = 0;
            return;
        }

        final ExpandableArrayBuffer log = read.log;
        final int position = read.logLength;
        log.putInt(position + LOG_TYPE_OFFSET, msgTypeId);
        log.putLong(position + LOG_ID_OFFSET, messageId);
        log.putInt(position + LOG_LENGTH_OFFSET, recordLength);
        log.putBytes(position + LOG_RECORD_OFFSET, buffer, recordOffset, recordLength);
        read.logLength = position + LOG_RECORD_OFFSET + recordLength;
        read.logEntries++;
    }

    private void replayWriteLog(final InFlightRead read)
    {
        final ExpandableArrayBuffer log = read.log;
        int position = 0;
        while (position < read.logLength)
        {
            final int recordLength = log.getInt(position + LOG_LENGTH_OFFSET);
            apply(read.window, log.getInt(position + LOG_TYPE_OFFSET), log.getLong(position + LOG_ID_OFFSET),
                log, position + LOG_RECORD_OFFSET, recordLength);
            position += LOG_RECORD_OFFSET + recordLength;
        }
        read.logLength = 0;
        read.logEntries = 0;
    }

    private void install(final InFlightRead read)
    {
        final ChannelState channel = read.channel;
        final HistoryWindow previous = channel.page;
        if (null != previous)
        {
            addCachedBytes(-previous.footprintBytes());
        }
        else
        {
            cachedChannels++;
            counters.cachedChannels().setOrdered(cachedChannels);
        }

        final HistoryWindow page = read.window;
        page.trimTo(pageMessages);
        channel.page = page;
        read.window = previous;
        addCachedBytes(page.footprintBytes());
        touch(channel);
        channel.pins++;
        read.pinned = true;
        evictIfNeeded();
    }

    private void fanOut(final InFlightRead read)
    {
        final HistoryWindow window = read.fill ? read.channel.page : read.window;
        final boolean failed = HistoryStatus.OK != read.failStatus;
        while (NONE != read.waiterHead)
        {
            final int waiter = read.waiterHead;
            if (failed)
            {
                if (!sendError(waiterCorrelationIds[waiter], waiterEdgeIds[waiter], read.failStatus))
                {
                    break;
                }
            }
            else
            {
                final long run = window.answer(waiterDirections[waiter], waiterAnchorIds[waiter], waiterLimits[waiter]);
                if (HistoryWindow.NOT_ANSWERABLE == run)
                {
                    read.waiterHead = waiterNext[waiter];
                    read.waiterCount--;
                    keep(read, waiter);
                    continue;
                }
                if (!sendPage(waiterCorrelationIds[waiter], waiterEdgeIds[waiter], window, run))
                {
                    break;
                }
            }

            read.waiterHead = waiterNext[waiter];
            read.waiterCount--;
            freeWaiter(waiter);
        }

        if (NONE != read.waiterHead)
        {
            if (!read.pendingFanOut)
            {
                read.pendingFanOut = true;
                pendingFanOuts[pendingFanOutCount++] = read.index;
            }
            return;
        }

        read.waiterTail = NONE;
        if (NONE != read.keptHead)
        {
            reissue(read);
        }
        else
        {
            finish(read);
        }
    }

    private int continueFanOuts()
    {
        final int count = pendingFanOutCount;
        if (0 == count)
        {
            return 0;
        }

        // Processing entry i re-adds at most that one read, at an index <= i: the entries still to process are safe.
        pendingFanOutCount = 0;
        for (int i = 0; i < count; i++)
        {
            final InFlightRead read = reads[pendingFanOuts[i]];
            read.pendingFanOut = false;
            if (read.state == FANNING_OUT)
            {
                fanOut(read);
            }
        }
        return count;
    }

    private void keep(final InFlightRead read, final int waiter)
    {
        waiterNext[waiter] = NONE;
        if (NONE == read.keptTail)
        {
            read.keptHead = waiter;
        }
        else
        {
            waiterNext[read.keptTail] = waiter;
        }
        read.keptTail = waiter;
        read.keptCount++;
    }

    /**
     * Issues the read again for its remaining waiters (and those kept because the result could not answer them).
     */
    private void reissue(final InFlightRead read)
    {
        mergeKeptWaiters(read);
        unpin(read);
        if (read.state == ISSUED)
        {
            counters.inFlightReads().decrementOrdered();
        }

        if (read.reissues >= maxReissues)
        {
            counters.overloaded().incrementOrdered();
            failNotIssued(read, HistoryStatus.OVERLOADED);
            return;
        }

        read.reissues++;
        if (!submit(read))
        {
            counters.overloaded().incrementOrdered();
            failNotIssued(read, HistoryStatus.OVERLOADED);
            return;
        }
        counters.reissues().incrementOrdered();
        counters.inFlightReads().incrementOrdered();
    }

    private void fail(final InFlightRead read, final int status)
    {
        if (read.state == ISSUED)
        {
            counters.inFlightReads().decrementOrdered();
        }
        failNotIssued(read, status);
    }

    private void failNotIssued(final InFlightRead read, final int status)
    {
        mergeKeptWaiters(read);
        unpin(read);
        read.generation++;
        read.state = FANNING_OUT;
        read.failStatus = status;
        read.logLength = 0;
        read.logEntries = 0;
        fanOut(read);
    }

    private void mergeKeptWaiters(final InFlightRead read)
    {
        if (NONE == read.keptHead)
        {
            return;
        }
        if (NONE == read.waiterTail)
        {
            read.waiterHead = read.keptHead;
        }
        else
        {
            waiterNext[read.waiterTail] = read.keptHead;
        }
        read.waiterTail = read.keptTail;
        read.waiterCount += read.keptCount;
        read.keptHead = NONE;
        read.keptTail = NONE;
        read.keptCount = 0;
    }

    private void unpin(final InFlightRead read)
    {
        if (read.pinned)
        {
            read.pinned = false;
            read.channel.pins--;
        }
    }

    private void finish(final InFlightRead read)
    {
        final boolean wasPinned = read.pinned;
        unpin(read);
        final ChannelState channel = read.channel;
        unlinkFromChannel(read);
        read.generation++;
        read.state = FREE;
        read.channel = null;
        releaseWindow(read);
        freeReads[freeReadCount++] = read.index;
        releaseChannelIfUnused(channel);
        if (wasPinned)
        {
            // Eviction skips pinned pages; now that this one is unpinned, enforce the bounds it may have exceeded.
            evictIfNeeded();
        }
    }

    private void unlinkFromChannel(final InFlightRead read)
    {
        final ChannelState channel = read.channel;
        if (channel.reads == read)
        {
            channel.reads = read.nextInChannel;
        }
        else
        {
            for (InFlightRead r = channel.reads; null != r; r = r.nextInChannel)
            {
                if (r.nextInChannel == read)
                {
                    r.nextInChannel = read.nextInChannel;
                    break;
                }
            }
        }
        read.nextInChannel = null;
    }

    private void invalidate(final ChannelState channel)
    {
        InFlightRead read = channel.reads;
        while (null != read)
        {
            final InFlightRead next = read.nextInChannel;
            if (read.state == ISSUED)
            {
                read.stale = true;
            }
            else if (read.state == FANNING_OUT && HistoryStatus.OK == read.failStatus)
            {
                reissue(read);
            }
            read = next;
        }

        if (null != channel.page && 0 == channel.pins)
        {
            dropPage(channel);
        }
    }

    private void invalidateAll()
    {
        for (final InFlightRead read : reads)
        {
            if (read.state == ISSUED)
            {
                read.stale = true;
            }
            else if (read.state == FANNING_OUT && HistoryStatus.OK == read.failStatus)
            {
                reissue(read);
            }
        }

        ChannelState channel = lruOldest;
        while (null != channel)
        {
            final ChannelState newer = channel.lruNewer;
            if (0 == channel.pins)
            {
                dropPage(channel);
            }
            channel = newer;
        }
    }

    private void cancel(final int edgeId, final boolean oneRequest, final long correlationId)
    {
        for (final InFlightRead read : reads)
        {
            if (read.state == FREE)
            {
                continue;
            }

            mergeKeptWaiters(read);
            int previous = NONE;
            int waiter = read.waiterHead;
            while (NONE != waiter)
            {
                final int next = waiterNext[waiter];
                if (waiterEdgeIds[waiter] == edgeId && (!oneRequest || waiterCorrelationIds[waiter] == correlationId))
                {
                    if (NONE == previous)
                    {
                        read.waiterHead = next;
                    }
                    else
                    {
                        waiterNext[previous] = next;
                    }
                    if (read.waiterTail == waiter)
                    {
                        read.waiterTail = previous;
                    }
                    read.waiterCount--;
                    freeWaiter(waiter);
                    counters.cancelledWaiters().incrementOrdered();
                }
                else
                {
                    previous = waiter;
                }
                waiter = next;
            }

            if (read.state == FANNING_OUT && NONE == read.waiterHead)
            {
                finish(read);
            }
        }
    }

    private int checkTimeouts()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - lastTimeoutCheckNs < TIMEOUT_CHECK_INTERVAL_NS)
        {
            return 0;
        }
        lastTimeoutCheckNs = nowNs;

        int workCount = 0;
        for (final InFlightRead read : reads)
        {
            if (read.state == ISSUED && nowNs - read.issuedAtNs >= readTimeoutNs)
            {
                counters.timeouts().incrementOrdered();
                fail(read, HistoryStatus.TIMEOUT);
                workCount++;
            }
        }
        return workCount;
    }

    private void addWaiter(
        final InFlightRead read,
        final long correlationId,
        final int edgeId,
        final int direction,
        final long anchorId,
        final int limit)
    {
        final int waiter = freeWaiterHead;
        freeWaiterHead = waiterNext[waiter];
        waiterCorrelationIds[waiter] = correlationId;
        waiterEdgeIds[waiter] = edgeId;
        waiterDirections[waiter] = direction;
        waiterAnchorIds[waiter] = anchorId;
        waiterLimits[waiter] = limit;
        waiterNext[waiter] = NONE;

        if (NONE == read.waiterTail)
        {
            read.waiterHead = waiter;
        }
        else
        {
            waiterNext[read.waiterTail] = waiter;
        }
        read.waiterTail = waiter;
        read.waiterCount++;

        waitersInUse++;
        counters.waiters().setOrdered(waitersInUse);
        if (waitersInUse > counters.waitersHighWaterMark().getPlain())
        {
            counters.waitersHighWaterMark().setOrdered(waitersInUse);
        }
    }

    private void freeWaiter(final int waiter)
    {
        waiterNext[waiter] = freeWaiterHead;
        freeWaiterHead = waiter;
        waitersInUse--;
        counters.waiters().setOrdered(waitersInUse);
    }

    private boolean sendPage(final long correlationId, final int edgeId, final HistoryWindow window, final long run)
    {
        final int pageLength = window.encodeCached(run);
        final int index = completionRing.tryClaim(
            CompletionDescriptor.PAGE_MSG_TYPE_ID, CompletionDescriptor.PAGE_OFFSET + pageLength);
        if (index < 0)
        {
            return false;
        }

        final AtomicBuffer buffer = completionRing.buffer();
        buffer.putLong(index + CompletionDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putInt(index + CompletionDescriptor.EDGE_ID_OFFSET, edgeId);
        buffer.putInt(index + CompletionDescriptor.STATUS_OFFSET, HistoryStatus.OK);
        buffer.putBytes(index + CompletionDescriptor.PAGE_OFFSET, window.encodedBuffer(), 0, pageLength);
        completionRing.commit(index);
        return true;
    }

    private boolean sendError(final long correlationId, final int edgeId, final int status)
    {
        final int index = completionRing.tryClaim(
            CompletionDescriptor.ERROR_MSG_TYPE_ID, CompletionDescriptor.PAGE_OFFSET);
        if (index < 0)
        {
            return false;
        }

        final AtomicBuffer buffer = completionRing.buffer();
        buffer.putLong(index + CompletionDescriptor.CORRELATION_ID_OFFSET, correlationId);
        buffer.putInt(index + CompletionDescriptor.EDGE_ID_OFFSET, edgeId);
        buffer.putInt(index + CompletionDescriptor.STATUS_OFFSET, status);
        completionRing.commit(index);
        return true;
    }

    private ChannelState acquireChannel(final long channelId)
    {
        ChannelState channel = freeChannelCount > 0 ? freeChannels[--freeChannelCount] : null;
        if (null == channel)
        {
            channel = new ChannelState();
        }
        channel.channelId = channelId;
        channels.put(channelId, channel);
        return channel;
    }

    private void releaseChannelIfUnused(final ChannelState channel)
    {
        if (null == channel.page && null == channel.reads)
        {
            channels.remove(channel.channelId);
            channel.pins = 0;
            if (freeChannelCount < freeChannels.length)
            {
                freeChannels[freeChannelCount++] = channel;
            }
        }
    }

    private HistoryWindow takeWindow()
    {
        return freeWindowCount > 0 ? freeWindows[--freeWindowCount] : new HistoryWindow(WINDOW_CAPACITY);
    }

    private void releaseWindow(final InFlightRead read)
    {
        // Windows go back to the pool between reads, so only reads that are fanning out hold one.
        final HistoryWindow window = read.window;
        if (null != window)
        {
            recycle(window);
            read.window = null;
        }
    }

    private void recycle(final HistoryWindow window)
    {
        window.clear();
        if (freeWindowCount < freeWindows.length)
        {
            freeWindows[freeWindowCount++] = window;
        }
    }

    private void dropPage(final ChannelState channel)
    {
        final HistoryWindow page = channel.page;
        addCachedBytes(-page.footprintBytes());
        recycle(page);
        channel.page = null;
        unlinkLru(channel);
        cachedChannels--;
        counters.cachedChannels().setOrdered(cachedChannels);
        releaseChannelIfUnused(channel);
    }

    private void evictIfNeeded()
    {
        ChannelState channel = lruOldest;
        while (null != channel && (cachedBytes > cacheBytesLimit || cachedChannels > cacheChannelsLimit))
        {
            final ChannelState newer = channel.lruNewer;
            if (0 == channel.pins)
            {
                dropPage(channel);
                counters.evictions().incrementOrdered();
            }
            channel = newer;
        }
    }

    private void addCachedBytes(final long delta)
    {
        cachedBytes += delta;
        counters.cachedBytes().setOrdered(cachedBytes);
    }

    private void touch(final ChannelState channel)
    {
        if (lruNewest == channel)
        {
            return;
        }
        unlinkLru(channel);
        channel.lruOlder = lruNewest;
        channel.lruNewer = null;
        if (null != lruNewest)
        {
            lruNewest.lruNewer = channel;
        }
        lruNewest = channel;
        if (null == lruOldest)
        {
            lruOldest = channel;
        }
    }

    private void unlinkLru(final ChannelState channel)
    {
        final ChannelState older = channel.lruOlder;
        final ChannelState newer = channel.lruNewer;
        if (null != older)
        {
            older.lruNewer = newer;
        }
        else if (lruOldest == channel)
        {
            lruOldest = newer;
        }
        if (null != newer)
        {
            newer.lruOlder = older;
        }
        else if (lruNewest == channel)
        {
            lruNewest = older;
        }
        channel.lruOlder = null;
        channel.lruNewer = null;
    }

    /**
     * What the data service holds for one channel: its cached page (if any), its in-flight reads, and its place in
     * the LRU order of cached pages. Pooled.
     */
    static final class ChannelState
    {
        long channelId;
        HistoryWindow page;
        InFlightRead reads;
        ChannelState lruOlder;
        ChannelState lruNewer;
        int pins;
    }

    /**
     * One storage read and the requests waiting for it. Slots are preallocated; the read id is
     * {@code generation << 32 | index}, so a completion for a read that timed out or was re-issued is recognised and
     * dropped.
     */
    static final class InFlightRead
    {
        final int index;
        final ExpandableArrayBuffer log = new ExpandableArrayBuffer(64);
        HistoryWindow window;
        int generation;
        int state = FREE;
        ChannelState channel;
        InFlightRead nextInChannel;
        int direction;
        long anchorId;
        int limit;
        boolean fill;
        boolean stale;
        boolean pinned;
        boolean pendingFanOut;
        int failStatus;
        int reissues;
        long issuedAtNs;
        int logLength;
        int logEntries;
        int waiterHead = NONE;
        int waiterTail = NONE;
        int waiterCount;
        int keptHead = NONE;
        int keptTail = NONE;
        int keptCount;

        InFlightRead(final int index)
        {
            this.index = index;
        }
    }
}
