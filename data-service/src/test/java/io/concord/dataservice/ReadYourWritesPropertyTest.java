package io.concord.dataservice;

import io.concord.dataservice.storage.CountingHistoryStorage;
import io.concord.dataservice.storage.InMemoryHistoryStorage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Read-your-writes against a reference model (one TreeMap per channel), under random interleavings of creates,
 * edits, deletes, requests of every direction, clock ticks (storage reads completing at different times) and duty
 * cycles, with cache sizes, page sizes and write-log sizes chosen so that evictions, re-issues and page-shortening
 * deletes all happen.
 * <p>
 * The property: every request is answered exactly once, with status OK, and its page equals the model's answer at
 * some moment between the request and its completion: never a state older than the writes acknowledged before the
 * request, never anything that was not a state of the channel.
 */
class ReadYourWritesPropertyTest
{
    private static final int CHANNELS = 2;

    @Property(tries = 300)
    void everyAnswerReflectsEveryWriteAcknowledgedBeforeTheRequest(
        @ForAll("scripts") final List<Op> script,
        @ForAll("pageMessages") final int pageMessages,
        @ForAll("cacheBytes") final int cacheBytes,
        @ForAll("writeLogEntries") final int writeLogEntries,
        @ForAll final boolean coalescing,
        @ForAll("prefill") final int prefill,
        @ForAll final boolean snapshotAtSubmit,
        @ForAll final boolean oneCachedChannel)
    {
        new Run(pageMessages, cacheBytes, writeLogEntries, coalescing, prefill, snapshotAtSubmit, oneCachedChannel)
            .execute(script);
    }

    @Property(tries = 5000)
    @Tag("slow")
    void readYourWritesHoldsOverManyMoreInterleavings(
        @ForAll("scripts") final List<Op> script,
        @ForAll("pageMessages") final int pageMessages,
        @ForAll("cacheBytes") final int cacheBytes,
        @ForAll("writeLogEntries") final int writeLogEntries,
        @ForAll final boolean coalescing,
        @ForAll("prefill") final int prefill,
        @ForAll final boolean snapshotAtSubmit,
        @ForAll final boolean oneCachedChannel)
    {
        everyAnswerReflectsEveryWriteAcknowledgedBeforeTheRequest(
            script, pageMessages, cacheBytes, writeLogEntries, coalescing, prefill, snapshotAtSubmit, oneCachedChannel);
    }

    @Property(tries = 300)
    void aWindowOnlyAnswersWhatItCanProveAndThenAnswersRight(
        @ForAll("scripts") final List<Op> script, @ForAll("prefill") final int prefill)
    {
        final TreeMap<Long, byte[]> model = new TreeMap<>();
        long nextId = prefillChannel(model, null, 0, prefill);
        final HistoryWindow window = new HistoryWindow(HistoryDirection.MAX_LIMIT * 2);
        final org.agrona.ExpandableArrayBuffer page = new org.agrona.ExpandableArrayBuffer();
        final HistoryPageEncoder encoder = new HistoryPageEncoder();
        final HistoryPageFlyweight flyweight = new HistoryPageFlyweight();
        boolean loaded = false;

        for (final Op op : script)
        {
            if (op.kind < 25)
            {
                final long id = newId(op, model, nextId);
                nextId = Math.max(nextId, id + 1);
                final byte[] record = TestContexts.record("c" + id + "." + op.c);
                model.put(id, record);
                window.onCreate(id, new UnsafeBuffer(record), 0, record.length);
            }
            else if (op.kind < 35 && !model.isEmpty())
            {
                final long id = pick(model, op.a);
                final byte[] record = TestContexts.record("e" + id + "." + op.c);
                model.put(id, record);
                window.onEdit(id, new UnsafeBuffer(record), 0, record.length);
            }
            else if (op.kind < 45 && !model.isEmpty())
            {
                final long id = pick(model, op.a);
                model.remove(id);
                window.onDelete(id);
            }
            else
            {
                final int direction = Math.floorMod(op.a, 4);
                final long anchor = anchor(op, model);
                final int limit = 1 + Math.floorMod(op.c, HistoryDirection.MAX_LIMIT);
                if (!loaded || op.kind >= 90)
                {
                    encoder.wrap(page, 0);
                    for (final ReferenceHistory.Message m : ReferenceHistory.query(model, direction, anchor, limit))
                    {
                        encoder.append(m.id, m.record);
                    }
                    flyweight.wrap(page, 0, encoder.encodedLength());
                    assertEquals(null, flyweight.validate(TestContexts.MAX_MESSAGE_BYTES));
                    assertEquals(null, window.load(flyweight, direction, anchor, limit));
                    loaded = true;
                }

                final long run = window.answer(direction, anchor, limit);
                if (HistoryWindow.NOT_ANSWERABLE != run)
                {
                    encoder.wrap(page, 0);
                    window.encode(run, page, 0);
                    flyweight.wrap(page, 0, window.encodedLength(run));
                    assertEquals(ReferenceHistory.query(model, direction, anchor, limit), messages(flyweight),
                        () -> HistoryDirection.name(direction) + " " + anchor + " " + limit + " lo=" + window.lo() +
                        " hi=" + window.hi());
                }
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> scripts()
    {
        final Arbitrary<Op> op = Combinators.combine(
            Arbitraries.integers().between(0, 99),
            Arbitraries.integers(),
            Arbitraries.integers(),
            Arbitraries.integers().between(0, 1000))
            .as(Op::new);
        return op.list().ofMinSize(10).ofMaxSize(250);
    }

    @Provide
    Arbitrary<Integer> pageMessages()
    {
        return Arbitraries.of(3, 20, 100);
    }

    @Provide
    Arbitrary<Integer> cacheBytes()
    {
        return Arbitraries.of(300, 4096, 1024 * 1024);
    }

    @Provide
    Arbitrary<Integer> writeLogEntries()
    {
        return Arbitraries.of(0, 2, 64);
    }

    @Provide
    Arbitrary<Integer> prefill()
    {
        return Arbitraries.of(0, 3, 60, 150);
    }

    private static long prefillChannel(
        final TreeMap<Long, byte[]> model, final InMemoryHistoryStorage store, final long channel, final int count)
    {
        long id = 1000;
        for (int i = 0; i < count; i++)
        {
            final byte[] record = TestContexts.record("p" + id);
            model.put(id, record);
            if (null != store)
            {
                store.put(channel, id, record);
            }
            id += 10;
        }
        return id;
    }

    private static long newId(final Op op, final TreeMap<Long, byte[]> model, final long nextId)
    {
        if (Math.floorMod(op.b, 5) == 0)
        {
            // Out of order: an id below the newest, as concurrent writers or imports could produce.
            final long candidate = 900 + Math.floorMod(op.a, (int)Math.max(1, nextId - 900));
            if (!model.containsKey(candidate))
            {
                return candidate;
            }
        }
        return nextId + Math.floorMod(op.a, 3);
    }

    private static long pick(final TreeMap<Long, byte[]> model, final int selector)
    {
        final int index = Math.floorMod(selector, model.size());
        int i = 0;
        for (final Long id : model.keySet())
        {
            if (i++ == index)
            {
                return id;
            }
        }
        throw new IllegalStateException();
    }

    private static long anchor(final Op op, final TreeMap<Long, byte[]> model)
    {
        if (!model.isEmpty() && Math.floorMod(op.b, 2) == 0)
        {
            return pick(model, op.b / 2);
        }
        final long top = model.isEmpty() ? 1100 : model.lastKey() + 20;
        return 880 + Math.floorMod(op.b, (int)(top - 880));
    }

    private static List<ReferenceHistory.Message> messages(final HistoryPageFlyweight page)
    {
        final List<ReferenceHistory.Message> messages = new ArrayList<>();
        while (page.next())
        {
            final byte[] record = new byte[page.recordLength()];
            page.buffer().getBytes(page.recordOffset(), record);
            messages.add(new ReferenceHistory.Message(page.messageId(), record));
        }
        return messages;
    }

    /**
     * One step of a script; the meaning of a, b, c depends on the kind.
     */
    static final class Op
    {
        final int kind;
        final int a;
        final int b;
        final int c;

        Op(final int kind, final int a, final int b, final int c)
        {
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.c = c;
        }

        public String toString()
        {
            return "Op(" + kind + "," + a + "," + b + "," + c + ")";
        }
    }

    private static final class Pending
    {
        final int channel;
        final int direction;
        final long anchor;
        final int limit;
        final int versionAtRequest;

        Pending(final int channel, final int direction, final long anchor, final int limit, final int versionAtRequest)
        {
            this.channel = channel;
            this.direction = direction;
            this.anchor = anchor;
            this.limit = limit;
            this.versionAtRequest = versionAtRequest;
        }
    }

    private static final class Run
    {
        private final ManualNanoClock clock = new ManualNanoClock();
        private final InMemoryHistoryStorage store = new InMemoryHistoryStorage(clock, 1, 3_000_000, 1_000_000, 4096);
        private final DataService service;
        private final CompletionCollector collector = new CompletionCollector();
        private final List<List<TreeMap<Long, byte[]>>> versions = new ArrayList<>();
        private final List<TreeMap<Long, byte[]>> models = new ArrayList<>();
        private final long[] nextIds = new long[CHANNELS];
        private final Map<Long, Pending> pending = new HashMap<>();
        private long nextCorrelationId;

        Run(final int pageMessages, final int cacheBytes, final int writeLogEntries, final boolean coalescing,
            final int prefill, final boolean snapshotAtSubmit, final boolean oneCachedChannel)
        {
            store.snapshotAtSubmit(snapshotAtSubmit);
            service = new DataService(TestContexts.context(clock)
                .cachePageMessages(pageMessages)
                .cacheBytes(cacheBytes)
                .cacheChannels(oneCachedChannel ? 1 : 64)
                .writeLogEntries(writeLogEntries)
                .coalescingEnabled(coalescing)
                .maxReissues(1000)
                .readTimeoutMs(1_000_000), new CountingHistoryStorage(store));
            for (int channel = 0; channel < CHANNELS; channel++)
            {
                final TreeMap<Long, byte[]> model = new TreeMap<>();
                nextIds[channel] = prefillChannel(model, store, channel, channel == 0 ? prefill : prefill / 3);
                models.add(model);
                final List<TreeMap<Long, byte[]>> history = new ArrayList<>();
                history.add(new TreeMap<>(model));
                versions.add(history);
            }
        }

        void execute(final List<Op> script)
        {
            try (DataService running = service)
            {
                for (final Op op : script)
                {
                    step(op);
                    check();
                }

                for (int i = 0; i < 10_000 && !pending.isEmpty(); i++)
                {
                    clock.advanceMs(1);
                    running.agent().doWork();
                    check();
                }
                assertTrue(pending.isEmpty(), () -> pending.size() + " requests never completed");
                assertEquals(0, service.counters().waiters().get());
                assertEquals(0, service.counters().inFlightReads().get());
            }
        }

        private void step(final Op op)
        {
            final int channel = Math.floorMod(op.b, CHANNELS);
            final TreeMap<Long, byte[]> model = models.get(channel);
            if (op.kind < 25)
            {
                final long id = newId(op, model, nextIds[channel]);
                nextIds[channel] = Math.max(nextIds[channel], id + 1);
                final byte[] record = TestContexts.record("c" + id + "." + op.c);
                store.put(channel, id, record);
                model.put(id, record);
                acknowledge(channel);
                service.writeProxy().messageCreated(channel, id, new UnsafeBuffer(record), 0, record.length);
            }
            else if (op.kind < 35)
            {
                if (!model.isEmpty())
                {
                    final long id = pick(model, op.a);
                    final byte[] record = TestContexts.record("e" + id + "." + op.c);
                    store.put(channel, id, record);
                    model.put(id, record);
                    acknowledge(channel);
                    service.writeProxy().messageEdited(channel, id, new UnsafeBuffer(record), 0, record.length);
                }
            }
            else if (op.kind < 45)
            {
                if (!model.isEmpty())
                {
                    final long id = pick(model, op.a);
                    store.delete(channel, id);
                    model.remove(id);
                    acknowledge(channel);
                    service.writeProxy().messageDeleted(channel, id);
                }
            }
            else if (op.kind < 75)
            {
                final int direction = op.kind < 60 ? HistoryDirection.LATEST : Math.floorMod(op.a, 4);
                final long anchor = direction == HistoryDirection.LATEST ? 0 : anchor(op, model);
                final int limit = 1 + Math.floorMod(op.c, HistoryDirection.MAX_LIMIT);
                final long correlationId = nextCorrelationId++;
                assertTrue(service.requestProxy().requestHistory(
                    correlationId, 7, channel, direction, anchor, limit));
                pending.put(correlationId, new Pending(
                    channel, direction, anchor, limit, versions.get(channel).size() - 1));
            }
            else if (op.kind < 85)
            {
                clock.advanceMs(Math.floorMod(op.a, 5));
                service.agent().doWork();
            }
            else
            {
                service.agent().doWork();
            }
        }

        /**
         * The write is durable in the store; the version is recorded before the notification, as the ack would be.
         */
        private void acknowledge(final int channel)
        {
            versions.get(channel).add(new TreeMap<>(models.get(channel)));
        }

        private void check()
        {
            collector.completions.clear();
            collector.drain(service);
            for (final CompletionCollector.Completion c : collector.completions)
            {
                final Pending request = pending.remove(c.correlationId);
                if (null == request)
                {
                    fail("completion for an unknown or already answered request: " + c);
                }
                assertEquals(HistoryStatus.OK, c.status, c::toString);

                final List<TreeMap<Long, byte[]>> history = versions.get(request.channel);
                boolean matched = false;
                for (int v = history.size() - 1; v >= request.versionAtRequest && !matched; v--)
                {
                    matched = ReferenceHistory.query(
                        history.get(v), request.direction, request.anchor, request.limit).equals(c.messages);
                }
                if (!matched)
                {
                    fail(HistoryDirection.name(request.direction) + " " + request.anchor + " limit " + request.limit +
                        " on channel " + request.channel + " answered " + c.messages + " but the model after the " +
                        "request says " + ReferenceHistory.query(
                        models.get(request.channel), request.direction, request.anchor, request.limit));
                }
            }
        }
    }
}
