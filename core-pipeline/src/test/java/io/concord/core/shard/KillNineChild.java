package io.concord.core.shard;

import io.concord.core.persist.ChronicleMetadataStore;
import io.concord.core.persist.MetadataStore;

import java.io.File;

/**
 * The process {@link KillNineTest} kills: creates users and guilds forever on Chronicle-persisted shards, printing
 * each id once the core has answered (the acknowledgement an edge would pass on to a client).
 */
final class KillNineChild
{
    static final int SHARDS = 2;

    private KillNineChild()
    {
    }

    public static void main(final String[] args)
    {
        final File dir = new File(args[0]);
        final MetadataStore[] stores = new MetadataStore[SHARDS];
        for (int i = 0; i < SHARDS; i++)
        {
            stores[i] = new ChronicleMetadataStore(new File(dir, "shard-" + i + ".dat"), 10_000);
        }
        final ShardHarness harness = new ShardHarness(SHARDS, stores);
        final EdgeCommands edge = new EdgeCommands(harness);
        for (int i = 0; i < 5_000; i++)
        {
            harness.clock.advance(1);
            final long userId = edge.register(1, "user" + i);
            System.out.println("user " + userId);
            final long guildId = edge.createGuild(1, userId, "guild " + i);
            System.out.println("guild " + guildId);
            System.out.flush();
            harness.edgeFrames.clear();
        }
    }
}
