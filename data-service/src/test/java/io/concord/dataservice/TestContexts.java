package io.concord.dataservice;

import org.agrona.concurrent.NoOpIdleStrategy;

import java.nio.charset.StandardCharsets;

/**
 * Small, deterministic data service settings for tests.
 */
final class TestContexts
{
    static final int MAX_MESSAGE_BYTES = 256;

    private TestContexts()
    {
    }

    static DataServiceConfiguration.Context context(final ManualNanoClock clock)
    {
        return new DataServiceConfiguration.Context()
            .coalescingEnabled(true)
            .cacheEnabled(true)
            .cacheBytes(1024 * 1024)
            .cacheChannels(64)
            .cachePageMessages(100)
            .inFlightReads(64)
            .waitersPerKey(4096)
            .waiters(8192)
            .writeLogEntries(64)
            .maxReissues(4)
            .maxMessageBytes(MAX_MESSAGE_BYTES)
            .requestRingBytes(256 * 1024)
            .writeRingBytes(64 * 1024)
            .completionRingBytes(1024 * 1024)
            .readTimeoutMs(1000)
            .nanoClock(clock)
            .idleStrategy(NoOpIdleStrategy.INSTANCE);
    }

    static byte[] record(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
