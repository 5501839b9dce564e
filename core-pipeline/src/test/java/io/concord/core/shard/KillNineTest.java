package io.concord.core.shard;

import io.concord.core.persist.ChronicleMetadataStore;
import io.concord.core.persist.MetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 loses nothing acknowledged: a child JVM runs shards persisting to Chronicle Map files, prints each id as
 * soon as the core has answered the command that created it, and is killed with SIGKILL mid-way; a fresh set of
 * shards then recovers the files and must hold every acknowledged user and guild.
 */
class KillNineTest
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledgedMetadataSurvivesSigkill(@TempDir final File dir) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter((arg) -> arg.startsWith("--add-") || arg.startsWith("-D")).toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KillNineChild.class.getName());
        command.add(dir.getAbsolutePath());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();

        final List<Long> users = new ArrayList<>();
        final List<Long> guilds = new ArrayList<>();
        final List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (guilds.size() < 20 && null != (line = reader.readLine()))
            {
                output.add(line);
                if (line.startsWith("user "))
                {
                    users.add(Long.parseLong(line.substring(5)));
                }
                else if (line.startsWith("guild "))
                {
                    guilds.add(Long.parseLong(line.substring(6)));
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(20, guilds.size(), () -> "child output: " + output);

        final MetadataStore[] stores = new MetadataStore[KillNineChild.SHARDS];
        for (int i = 0; i < stores.length; i++)
        {
            stores[i] = new ChronicleMetadataStore(new File(dir, "shard-" + i + ".dat"), 10_000);
        }
        try
        {
            final ShardHarness after = new ShardHarness(KillNineChild.SHARDS, stores);
            for (final long userId : users)
            {
                assertNotNull(after.shardOfUser(userId).user(userId), "user " + userId);
            }
            for (final long guildId : guilds)
            {
                assertNotNull(after.shardOfGuild(guildId).guild(guildId), "guild " + guildId);
                assertEquals(2, after.shardOfGuild(guildId).guild(guildId).channels().size());
            }
        }
        finally
        {
            for (final MetadataStore store : stores)
            {
                store.close();
            }
        }
    }
}
