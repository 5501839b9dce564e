package io.concord.storage;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedWriter;
import java.io.File;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/**
 * Child process of {@link CrashTest}: appends deterministic messages as fast as the store takes them and prints
 * {@code A <n>} for each acknowledged (durable) one, until killed or its time bound passes.
 */
public final class CrashWriterMain
{
    static final int CHANNELS = 8;
    static final long ROUND_SPAN_MS = 10_000_000L;

    private CrashWriterMain()
    {
    }

    static long channelOf(final long n)
    {
        return 1 + (n % CHANNELS);
    }

    static long messageIdOf(final int round, final long n)
    {
        return SyncStore.snowflake(SyncStore.NOW_MS + round * ROUND_SPAN_MS + n, (int)(n & 0xFFF));
    }

    static byte[] valueOf(final long channelId, final long messageId)
    {
        final byte[] value = new byte[40 + (int)(messageId % 300)];
        long x = messageId * 31 + channelId;
        for (int i = 0; i < value.length; i++)
        {
            x = x * 6364136223846793005L + 1442695040888963407L;
            value[i] = (byte)(x >>> 56);
        }
        return value;
    }

    public static void main(final String[] args) throws Exception
    {
        final File dir = new File(args[0]);
        final int round = Integer.parseInt(args[1]);
        final long deadlineMs = System.currentTimeMillis() + Long.parseLong(args[2]);
        final BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII));
        final StorageConfiguration.Context ctx = new StorageConfiguration.Context().dir(dir).shards(2)
            .memtableSize(256 * 1024);
        try (StorageEngine engine = StorageEngine.launch(ctx))
        {
            final StorageClient client = engine.newClient();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
            final long[] inFlight = {0};
            final CompletionHandler handler = new CompletionHandler()
            {
                public void onWriteComplete(final long correlationId, final int status)
                {
                    inFlight[0]--;
                    if (StorageStatus.OK == status)
                    {
                        try
                        {
                            out.write("A " + correlationId + "\n");
                        }
                        catch (final java.io.IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }

                public void onReadComplete(final long correlationId, final int status, final ReadResult result)
                {
                }
            };
            out.write("READY\n");
            out.flush();
            long n = 0;
            while (System.currentTimeMillis() < deadlineMs)
            {
                while (inFlight[0] < 512)
                {
                    final long channelId = channelOf(n);
                    final long messageId = messageIdOf(round, n);
                    final byte[] value = valueOf(channelId, messageId);
                    buffer.wrap(value);
                    if (StorageStatus.OK != client.append(n, channelId, messageId, buffer, 0, value.length))
                    {
                        break;
                    }
                    inFlight[0]++;
                    n++;
                }
                if (client.poll(handler, 1024) > 0)
                {
                    out.flush();
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }
        out.flush();
    }
}
