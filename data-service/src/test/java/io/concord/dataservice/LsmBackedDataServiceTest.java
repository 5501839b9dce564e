package io.concord.dataservice;

import io.concord.dataservice.lsm.LsmHistoryStorage;
import io.concord.dataservice.storage.CountingHistoryStorage;
import io.concord.dataservice.storage.HistoryReadHandler;
import io.concord.storage.CompletionHandler;
import io.concord.storage.ReadResult;
import io.concord.storage.StorageClient;
import io.concord.storage.StorageConfiguration;
import io.concord.storage.StorageEngine;
import io.concord.storage.StorageStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data service over the real LSM store: every direction answers what the reference model says, and a herd of
 * identical requests costs one read of the store.
 */
class LsmBackedDataServiceTest
{
    private static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;
    private static final long CHANNEL = 175928847299117063L;
    private static final int MESSAGES = 300;

    @TempDir
    File dir;

    private final TreeMap<Long, byte[]> model = new TreeMap<>();
    private final ManualNanoClock clock = new ManualNanoClock();
    private final CompletionCollector collector = new CompletionCollector();
    private StorageEngine engine;

    @BeforeEach
    void writeChannel()
    {
        engine = StorageEngine.launch(new StorageConfiguration.Context().dir(dir).shards(2).useAgentInvoker(true));
        final StorageClient writer = engine.newClient();
        final long baseId = (System.currentTimeMillis() - 60_000 - DISCORD_EPOCH_MS) << 22;
        for (int i = 0; i < MESSAGES; i++)
        {
            final long id = baseId + ((long)i << 22) + i;
            final byte[] record = TestContexts.record("message " + i);
            model.put(id, record);
            assertEquals(StorageStatus.OK, writer.append(i, CHANNEL, id, new UnsafeBuffer(record), 0, record.length));
        }

        final int[] durable = new int[1];
        final CompletionHandler writes = new CompletionHandler()
        {
            public void onWriteComplete(final long correlationId, final int status)
            {
                assertEquals(StorageStatus.OK, status);
                durable[0]++;
            }

            public void onReadComplete(final long correlationId, final int status, final ReadResult result)
            {
            }
        };
        for (int i = 0; i < 100_000 && durable[0] < MESSAGES; i++)
        {
            engine.doWork();
            writer.poll(writes, 1000);
        }
        assertEquals(MESSAGES, durable[0]);
    }

    @AfterEach
    void close()
    {
        engine.close();
    }

    @Test
    void everyDirectionMatchesTheReferenceModel()
    {
        final long[] ids = model.keySet().stream().mapToLong(Long::longValue).toArray();
        final long middle = ids[MESSAGES / 2];
        try (DataService service = new DataService(TestContexts.context(clock),
            new LsmHistoryStorage(engine.newClient(), TestContexts.MAX_MESSAGE_BYTES)))
        {
            final int[][] queries = {
                { HistoryDirection.LATEST, 0, 50 },
                { HistoryDirection.BEFORE, MESSAGES / 2, 50 },
                { HistoryDirection.AFTER, MESSAGES / 2, 50 },
                { HistoryDirection.AROUND, MESSAGES / 2, 50 },
                { HistoryDirection.AROUND, MESSAGES / 2, 7 },
                { HistoryDirection.BEFORE, 3, 100 },
                { HistoryDirection.AFTER, MESSAGES - 2, 100 },
                { HistoryDirection.AROUND, 2, 20 },
                { HistoryDirection.AROUND, MESSAGES - 3, 20 },
            };
            for (int q = 0; q < queries.length; q++)
            {
                final long anchor = HistoryDirection.LATEST == queries[q][0] ? 0 : ids[queries[q][1]];
                assertTrue(service.requestProxy().requestHistory(q, 1, CHANNEL, queries[q][0], anchor, queries[q][2]));
            }
            driveUntil(service, queries.length);

            for (final CompletionCollector.Completion completion : collector.completions)
            {
                final int[] query = queries[(int)completion.correlationId];
                final long anchor = HistoryDirection.LATEST == query[0] ? 0 : ids[query[1]];
                assertEquals(HistoryStatus.OK, completion.status, completion::toString);
                assertEquals(ReferenceHistory.query(model, query[0], anchor, query[2]), completion.messages,
                    () -> HistoryDirection.name(query[0]) + " " + anchor + " limit " + query[2]);
            }
            assertTrue(middle > 0);
        }
    }

    @Test
    void herdOfIdenticalRequestsReadsTheStoreOnce()
    {
        final CountingHistoryStorage counting = new CountingHistoryStorage(
            new LsmHistoryStorage(engine.newClient(), TestContexts.MAX_MESSAGE_BYTES));
        try (DataService service = new DataService(TestContexts.context(clock), counting))
        {
            for (int i = 0; i < 2000; i++)
            {
                assertTrue(service.requestProxy().requestHistory(i, i % 3, CHANNEL, HistoryDirection.LATEST, 0, 50));
            }
            driveUntil(service, 2000);

            assertEquals(1, counting.readsSubmitted());
            final List<ReferenceHistory.Message> expected =
                ReferenceHistory.query(model, HistoryDirection.LATEST, 0, 50);
            for (final CompletionCollector.Completion completion : collector.completions)
            {
                assertEquals(expected, completion.messages);
            }
        }
    }

    @Test
    void readTheStoreRefusesIsReportedAsFailedNotRetried()
    {
        final LsmHistoryStorage storage = new LsmHistoryStorage(engine.newClient(), TestContexts.MAX_MESSAGE_BYTES);
        final List<String> failures = new ArrayList<>();
        final HistoryReadHandler handler = new HistoryReadHandler()
        {
            public void onReadComplete(final long readId, final DirectBuffer buffer, final int offset, final int length)
            {
                failures.add("unexpected page for " + readId);
            }

            public void onReadFailed(final long readId, final String reason)
            {
                failures.add(readId + ": " + reason);
            }
        };

        assertTrue(storage.submitRead(7, -5, HistoryDirection.LATEST, 0, 10));
        assertEquals(1, storage.poll(handler, 10));
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("7: store refused the read"), failures.get(0));
    }

    private void driveUntil(final DataService service, final int completions)
    {
        for (int i = 0; i < 200_000 && collector.completions.size() < completions; i++)
        {
            service.agent().doWork();
            engine.doWork();
            collector.drain(service);
        }
        assertEquals(completions, collector.completions.size());
    }
}
