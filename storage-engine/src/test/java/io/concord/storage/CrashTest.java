package io.concord.storage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends under load and is killed with SIGKILL at a random moment; after each kill the store is
 * reopened and every acknowledged message must be present and intact, and nothing that was never written may appear.
 */
class CrashTest
{
    @TempDir
    File dir;

    @Test
    void shouldKeepEveryAcknowledgedMessageAcrossKills() throws Exception
    {
        crashRounds(3, 7);
    }

    @Test
    @Tag("slow")
    void shouldKeepEveryAcknowledgedMessageAcrossManyKills() throws Exception
    {
        crashRounds(12, 11);
    }

    private void crashRounds(final int rounds, final long seed) throws Exception
    {
        final Random random = new Random(seed);
        final Map<Integer, Set<Long>> acked = new HashMap<>();
        for (int round = 0; round < rounds; round++)
        {
            acked.put(round, runAndKill(round, 300 + random.nextInt(1200)));
            System.out.println("crash round " + round + ": " + acked.get(round).size() + " acked before SIGKILL");
            verify(acked, round);
        }
        assertTrue(acked.values().stream().mapToInt(Set::size).sum() > 0, "the child acknowledged nothing");
    }

    private Set<Long> runAndKill(final int round, final long killAfterMs) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriterMain.class.getName());
        command.add(dir.getPath());
        command.add(Integer.toString(round));
        command.add("60000");
        final Process child = new ProcessBuilder(command)
            .redirectError(new File(dir, "child-" + round + ".err"))
            .start();
        final Set<Long> acked = new HashSet<>();
        final long[] readyAt = {0};
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    if (line.startsWith("A "))
                    {
                        synchronized (acked)
                        {
                            acked.add(Long.parseLong(line.substring(2)));
                        }
                    }
                    else if ("READY".equals(line))
                    {
                        synchronized (acked)
                        {
                            readyAt[0] = System.nanoTime();
                        }
                    }
                }
            }
            catch (final Exception ignore)
            {
                // the child was killed: the pipe breaks
            }
        });
        reader.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive())
        {
            synchronized (acked)
            {
                if (0 != readyAt[0] && System.nanoTime() - readyAt[0] > TimeUnit.MILLISECONDS.toNanos(killAfterMs))
                {
                    break;
                }
            }
            Thread.sleep(10);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        reader.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (acked)
        {
            return new HashSet<>(acked);
        }
    }

    private void verify(final Map<Integer, Set<Long>> acked, final int lastRound)
    {
        final Map<Long, Long> expectedIds = new HashMap<>();
        for (int round = 0; round <= lastRound; round++)
        {
            for (final long n : acked.get(round))
            {
                expectedIds.put(CrashWriterMain.messageIdOf(round, n), CrashWriterMain.channelOf(n));
            }
        }
        try (SyncStore store = new SyncStore(dir, (ctx) -> ctx.memtableSize(256 * 1024)))
        {
            int present = 0;
            for (long channel = 1; channel <= CrashWriterMain.CHANNELS; channel++)
            {
                long cursor = Long.MAX_VALUE;
                while (true)
                {
                    final List<SyncStore.Row> page = store.readOk(channel, ReadMode.BEFORE, cursor, 100);
                    if (page.isEmpty())
                    {
                        break;
                    }
                    for (final SyncStore.Row row : page)
                    {
                        // never-written data cannot pass this: the value is a function of (channel, id)
                        assertArrayEquals(CrashWriterMain.valueOf(channel, row.id()), row.value(),
                            "value of " + row.id() + " in channel " + channel);
                        if (expectedIds.containsKey(row.id()))
                        {
                            assertEquals(channel, expectedIds.remove(row.id()));
                        }
                        present++;
                    }
                    cursor = page.get(page.size() - 1).id();
                }
            }
            assertTrue(expectedIds.isEmpty(), expectedIds.size() + " acknowledged messages lost, e.g. " +
                expectedIds.keySet().stream().limit(5).toList());
            System.out.println("after round " + lastRound + ": " + present + " messages present");
        }
    }
}
