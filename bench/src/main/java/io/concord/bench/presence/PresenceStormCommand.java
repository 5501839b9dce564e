package io.concord.bench.presence;

import org.openjdk.jmh.results.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concord bench presence-storm}: the presence storm with coalescing off (window 0) and on (the default 1 s
 * window), the same users, guilds and random toggles in one run, then JMH with the GC profiler on one status change
 * (time and allocation per change, off and on). Prints a table; the last line is
 * {@code presence updates_per_s=... dispatch_ratio=<off/on>}.
 */
@Command(name = "presence-storm", mixinStandardHelpOptions = true,
    description = "Presence storm at the core: 100,000 online users toggling status, coalescing off and on.")
public final class PresenceStormCommand implements Callable<Integer>
{
    @Option(names = "--quick", description = "Short run (under ~2 minutes).")
    private boolean quick;

    @Option(names = "--users", description = "Online users (default 100,000; 20,000 with --quick).")
    private int users;

    @Option(names = "--rate", description = "Simulated status changes per second (default 50,000).")
    private int rate = 50_000;

    @Option(names = "--window-ms", description = "Coalescing window of the 'on' run (default 1000).")
    private long windowMs = 1_000;

    @Option(names = "--no-jmh", description = "Skip the JMH allocation check (-prof gc).")
    private boolean noJmh;

    public Integer call()
    {
        final long updates = quick ? 250_000 : 1_500_000;
        final long seed = 42;
        if (users <= 0)
        {
            users = quick ? 20_000 : 100_000;
        }

        final String[] jmh = { "n/a", "n/a" };
        if (!noJmh)
        {
            for (final RunResult result : StormJmh.run(PresenceStormBenchmark.class, quick))
            {
                final boolean coalescing = !"0".equals(result.getParams().getParam("windowMs"));
                jmh[coalescing ? 1 : 0] = String.format(Locale.ROOT, "%.0f ns, %.2f B",
                    result.getPrimaryResult().getScore(), StormJmh.allocBytesPerOp(result));
            }
        }

        final long setupStartNs = System.nanoTime();
        PresenceStorm storm = new PresenceStorm(users, 0);
        final long members = storm.largeGuildMembers();
        final double setupS = (System.nanoTime() - setupStartNs) / 1e9;
        storm.run(updates / 5, rate, seed + 1);
        final PresenceStorm.Result off = storm.run(updates, rate, seed);
        storm = null;

        storm = new PresenceStorm(users, windowMs);
        storm.run(updates / 5, rate, seed + 1);
        final PresenceStorm.Result on = storm.run(updates, rate, seed);

        System.out.println();
        System.out.printf(Locale.ROOT, "presence storm: %,d online users, guilds of %d, %d and %,d members, one " +
            "session each on %d edges (GUILD_PRESENCES, large_threshold 250), %,d random status changes at a " +
            "simulated %,d/s (%.0f s), set-up %.1f s%n", users, PresenceStorm.SMALL_GUILD,
            PresenceStorm.MEDIUM_GUILD, members, StormShard.EDGES, updates, rate, updates / (double)rate, setupS);
        System.out.println();
        System.out.println("| coalescing | shard updates/s (CPU) | ns/update | published/update | hops/update | " +
            "dispatches/update | delivered frames/update | naive frames/update |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        row("off (window 0)", off);
        row("on (window " + windowMs + " ms)", on);
        System.out.println();
        System.out.printf(Locale.ROOT, "JMH -prof gc, one status change on a %,d-user storm shard (wall ns/op, " +
            "B/op): off %s, on %s%n", PresenceStormBenchmark.USERS, jmh[0], jmh[1]);
        System.out.println();
        System.out.println("published: states the user side sent after coalescing; hops: PresenceUpdated to guild " +
            "sides (one per guild of the user); dispatches: PRESENCE_UPDATE frames core -> edge (one per edge with a " +
            "subscribed session); delivered: frames the edges write (subscribed sessions); naive: frames if every " +
            "member's session got every update (O(members x online)).");
        System.out.println();
        System.out.printf(Locale.ROOT, "presence updates_per_s=%.0f dispatch_ratio=%.2f%n",
            on.updatesPerSecond(), (double)off.dispatches() / Math.max(1, on.dispatches()));
        return 0;
    }

    private static void row(final String name, final PresenceStorm.Result r)
    {
        final double n = r.updates();
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %.0f | %.3f | %.2f | %.2f | %.2f | %,.0f |%n", name,
            r.updatesPerSecond(), r.cpuNs() / n, r.published() / n, r.hops() / n, r.dispatches() / n,
            r.delivered() / n, r.naive() / n);
    }
}
