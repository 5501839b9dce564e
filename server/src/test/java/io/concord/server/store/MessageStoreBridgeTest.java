package io.concord.server.store;

import io.concord.codecs.BooleanType;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.StorageCompletedDecoder;
import io.concord.core.storage.MessageStore;
import io.concord.core.storage.StorageCompletionQueue;
import io.concord.dataservice.DataService;
import io.concord.dataservice.DataServiceConfiguration;
import io.concord.dataservice.lsm.LsmHistoryStorage;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageEngine;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The core's message store port over the real LSM store and data service, driven deterministically on one thread:
 * writes complete into the shard only once durable, edits and deletes check existence and authorship, operations on
 * one message keep their order, and history pages (through the data service's cache) always show acknowledged
 * writes.
 */
class MessageStoreBridgeTest
{
    private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
    private static final long GUILD = 175928847298985984L;
    private static final long CHANNEL = 175928847299117063L;
    private static final long ALICE = 80351110224678912L;
    private static final long BOB = 80351110224678913L;
    private static final int EDGE = 3;

    @TempDir
    File dir;

    private StorageEngine engine;
    private DataService dataService;
    private MessageStoreBridgeAgent bridge;
    private MessageStore store;
    private final StorageCompletionQueue completions = new StorageCompletionQueue(1024);
    private final List<long[]> completed = new ArrayList<>();
    private final List<HistoryPage> pages = new ArrayList<>();
    private final java.util.Map<Long, BooleanType> authorBots = new java.util.HashMap<>();
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private long baseId;
    private long token;

    private record Row(long id, long authorId, long editedAtMs, String authorName, String content)
    {
    }

    private record HistoryPage(long correlationId, ReplyStatus status, long guildId, List<Row> rows)
    {
    }

    @BeforeEach
    void setUp()
    {
        engine = StorageEngine.launch(new StorageConfiguration.Context().dir(dir).shards(2).useAgentInvoker(true));
        dataService = new DataService(
            new DataServiceConfiguration.Context().idleStrategy(NoOpIdleStrategy.INSTANCE),
            new LsmHistoryStorage(engine.newClient(), 4096));
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
        final AtomicCounter failures = counters.newCounter("bridge: storage failures");
        bridge = new MessageStoreBridgeAgent(engine.newClient(), dataService.writeProxy(),
            dataService.completionPoller(), this::onEdgeFrame, SystemNanoClock.INSTANCE, failures);
        store = new LsmMessageStoreFactory(bridge, dataService.requestProxy(), SystemNanoClock.INSTANCE, 64 * 1024)
            .newStore(0, completions, null);
        baseId = (System.currentTimeMillis() - 60_000 - DISCORD_EPOCH_MS) << 22;
    }

    @AfterEach
    void tearDown()
    {
        dataService.close();
        engine.close();
    }

    @Test
    void appendCompletesOnceDurableAndShowsInHistory()
    {
        final long id = baseId + 1;
        final long appendToken = append(id, ALICE, "alice", "hello");
        driveUntilCompleted(1);
        assertEquals(List.of(appendToken, (long)ReplyStatus.OK.value()), List.of(completed.get(0)[0],
            completed.get(0)[1]));

        assertEquals(List.of(new Row(id, ALICE, 0, "alice", "hello")), history(77, HistoryDirection.LATEST, 0, 50));
        assertEquals(GUILD, pages.get(0).guildId());
        assertEquals(77, pages.get(0).correlationId());
    }

    @Test
    void authorBotIsKeptAndRecordsOfSchemaVersionOneReadAsNotABot()
    {
        final long bot = baseId + 1;
        final long old = baseId + 2;
        append(bot, BOB, "robot", "beep", BooleanType.TRUE, false);
        append(old, ALICE, "alice", "from version 1", BooleanType.TRUE, true);
        driveUntilCompleted(2);
        history(1, HistoryDirection.LATEST, 0, 50);
        assertEquals(BooleanType.TRUE, authorBots.get(bot));
        assertEquals(BooleanType.FALSE, authorBots.get(old), "a version 1 record has no authorBot: not a bot");

        edit(bot, BOB, 1_790_000_000_000L, "boop");
        edit(old, ALICE, 1_790_000_000_001L, "rewritten");
        driveUntilCompleted(4);
        final List<Row> rows = history(2, HistoryDirection.LATEST, 0, 50);
        assertEquals(List.of("rewritten", "boop"), rows.stream().map(Row::content).toList());
        assertEquals(BooleanType.TRUE, authorBots.get(bot), "an edit keeps the flag");
        assertEquals(BooleanType.FALSE, authorBots.get(old), "an edit rewrites the record as version 2");
    }

    @Test
    void editsNeedTheAuthorAndAnExistingMessage()
    {
        final long id = baseId + 1;
        append(id, ALICE, "alice", "first");
        driveUntilCompleted(1);
        history(1, HistoryDirection.LATEST, 0, 50);

        final long byBob = edit(id, BOB, 1_790_000_000_000L, "bob was here");
        final long byAlice = edit(id, ALICE, 1_790_000_000_001L, "second");
        final long ofNothing = edit(id + 1, ALICE, 1_790_000_000_002L, "nobody");
        driveUntilCompleted(4);

        assertEquals(ReplyStatus.FORBIDDEN.value(), statusOf(byBob));
        assertEquals(ReplyStatus.OK.value(), statusOf(byAlice));
        assertEquals(ReplyStatus.NOT_FOUND.value(), statusOf(ofNothing));
        assertEquals(List.of(new Row(id, ALICE, 1_790_000_000_001L, "alice", "second")),
            history(2, HistoryDirection.LATEST, 0, 50), "the cached page was updated write-through");
    }

    @Test
    void operationsOnOneMessageKeepTheirOrderSoADeleteIsFinal()
    {
        final long id = baseId + 1;
        append(id, ALICE, "alice", "doomed");
        edit(id, ALICE, 1_790_000_000_000L, "edited");
        delete(id, BOB);
        delete(id, 0);
        edit(id, ALICE, 1_790_000_000_001L, "resurrected?");
        driveUntilCompleted(5);

        assertEquals(List.of((long)ReplyStatus.OK.value(), (long)ReplyStatus.OK.value(),
            (long)ReplyStatus.FORBIDDEN.value(), (long)ReplyStatus.OK.value(), (long)ReplyStatus.NOT_FOUND.value()),
            completed.stream().map((c) -> c[1]).toList(), "one message's operations complete in arrival order");
        assertEquals(List.of(), history(3, HistoryDirection.LATEST, 0, 50));
    }

    @Test
    void historyDirectionsPassThroughAndInvalidRequestsGetAnError()
    {
        for (int i = 1; i <= 5; i++)
        {
            append(baseId + ((long)i << 22), ALICE, "alice", "m" + i);
        }
        driveUntilCompleted(5);

        final List<Row> before = history(4, HistoryDirection.BEFORE, baseId + (3L << 22), 50);
        assertEquals(List.of("m2", "m1"), before.stream().map(Row::content).toList());
        final List<Row> after = history(5, HistoryDirection.AFTER, baseId + (3L << 22), 50);
        assertEquals(List.of("m5", "m4"), after.stream().map(Row::content).toList());

        history(6, HistoryDirection.LATEST, 0, 0);
        assertEquals(ReplyStatus.INVALID, pages.get(pages.size() - 1).status());
    }

    @Test
    void directionCodesOfTheProtocolAndTheDataServiceAgree()
    {
        assertEquals(io.concord.dataservice.HistoryDirection.LATEST, HistoryDirection.LATEST.value());
        assertEquals(io.concord.dataservice.HistoryDirection.BEFORE, HistoryDirection.BEFORE.value());
        assertEquals(io.concord.dataservice.HistoryDirection.AFTER, HistoryDirection.AFTER.value());
        assertEquals(io.concord.dataservice.HistoryDirection.AROUND, HistoryDirection.AROUND.value());
    }

    @Test
    void aFullRingIsBackPressureNotABlock()
    {
        final MessageStore tiny = new LsmMessageStoreFactory(bridge, dataService.requestProxy(),
            SystemNanoClock.INSTANCE, 1024).newStore(1, new StorageCompletionQueue(16), null);
        int accepted = 0;
        while (MessageStore.ACCEPTED == tiny.delete(++token, CHANNEL, baseId + 1, 0))
        {
            accepted++;
        }
        assertEquals(true, accepted > 0 && accepted < 1024 / 48);
    }

    private long append(final long id, final long authorId, final String authorName, final String content)
    {
        return append(id, authorId, authorName, content, BooleanType.FALSE, false);
    }

    /**
     * @param versionOne store the frame as schema version 1 wrote it: no authorBot at the end of the root block.
     */
    private long append(
        final long id,
        final long authorId,
        final String authorName,
        final String content,
        final BooleanType authorBot,
        final boolean versionOne)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final MessageCreatedEncoder encoder = new MessageCreatedEncoder().wrapAndApplyHeader(frame, 0, header)
            .edgeId(0).correlationId(0).guildId(GUILD).channelId(CHANNEL).messageId(id).authorId(authorId)
            .referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE).authorBot(authorBot);
        encoder.mentionsCount(0);
        encoder.nonce("").authorName(authorName).content(content);
        int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        if (versionOne)
        {
            final int oldBlock = MessageCreatedEncoder.authorBotEncodingOffset();
            final int removed = MessageCreatedEncoder.BLOCK_LENGTH - oldBlock;
            final int restAt = MessageHeaderEncoder.ENCODED_LENGTH + MessageCreatedEncoder.BLOCK_LENGTH;
            final byte[] rest = new byte[length - restAt];
            frame.getBytes(restAt, rest);
            frame.putBytes(restAt - removed, rest);
            header.wrap(frame, 0).blockLength(oldBlock).version(1);
            length -= removed;
        }
        assertEquals(MessageStore.ACCEPTED, store.append(++token, CHANNEL, id, frame, 0, length));
        return token;
    }

    private long edit(final long id, final long authorId, final long editedAtMs, final String content)
    {
        final byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        assertEquals(MessageStore.ACCEPTED,
            store.edit(++token, CHANNEL, id, authorId, editedAtMs, new UnsafeBuffer(bytes), 0, bytes.length));
        return token;
    }

    private long statusOf(final long operationToken)
    {
        return completed.stream().filter((c) -> c[0] == operationToken).findFirst().orElseThrow()[1];
    }

    private void delete(final long id, final long requiredAuthorId)
    {
        assertEquals(MessageStore.ACCEPTED, store.delete(++token, CHANNEL, id, requiredAuthorId));
    }

    private List<Row> history(final long correlationId, final HistoryDirection direction, final long anchor,
        final int limit)
    {
        final int before = pages.size();
        assertEquals(MessageStore.ACCEPTED,
            store.readHistory(EDGE, correlationId, GUILD, CHANNEL, direction, anchor, limit));
        for (int i = 0; i < 100_000 && pages.size() == before; i++)
        {
            driveOnce();
        }
        assertEquals(before + 1, pages.size());
        return pages.get(before).rows();
    }

    private void driveUntilCompleted(final int count)
    {
        for (int i = 0; i < 100_000 && completed.size() < count; i++)
        {
            driveOnce();
        }
        assertEquals(count, completed.size());
    }

    private void driveOnce()
    {
        bridge.doWork();
        engine.doWork();
        dataService.agent().doWork();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final StorageCompletedDecoder decoder = new StorageCompletedDecoder();
        completions.drain((msgTypeId, buffer, index, length) ->
        {
            decoder.wrapAndApplyHeader(buffer, index, header);
            completed.add(new long[]{ decoder.token(), decoder.status().value() });
        }, 100);
    }

    private boolean onEdgeFrame(final int edgeId, final org.agrona.DirectBuffer buffer, final int offset,
        final int length)
    {
        assertEquals(EDGE, edgeId);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        assertEquals(HistoryResponseDecoder.TEMPLATE_ID, header.templateId());
        final HistoryResponseDecoder decoder = new HistoryResponseDecoder().wrapAndApplyHeader(buffer, offset, header);
        assertEquals(EDGE, decoder.edgeId());
        final long correlationId = decoder.correlationId();
        final ReplyStatus status = decoder.status();
        final long guildId = decoder.guildId();
        decoder.channelId();
        final List<Row> rows = new ArrayList<>();
        for (final HistoryResponseDecoder.MessagesDecoder m : decoder.messages())
        {
            authorBots.put(m.messageId(), m.authorBot());
            rows.add(new Row(m.messageId(), m.authorId(), m.editedTimestampMs(), dropReferenceAndFlags(m),
                m.content()));
        }
        pages.add(new HistoryPage(correlationId, status, guildId, rows));
        return true;
    }

    private static String dropReferenceAndFlags(final HistoryResponseDecoder.MessagesDecoder m)
    {
        m.referencedMessageId();
        m.flags();
        m.authorBot();
        return m.authorName();
    }
}
