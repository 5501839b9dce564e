package io.concord.bench.presence;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One random status change (op 3 at the user shard, its hops to the guild sides, their PRESENCE_UPDATE dispatches)
 * on a {@link PresenceStorm} shard, with the duty cycle every simulated millisecond: average time and, with
 * {@code -prof gc}, allocation per change (target 0 B), coalescing off ({@code windowMs} 0) and on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PresenceStormBenchmark
{
    @Param({ "0", "1000" })
    public long windowMs;

    static final int USERS = 2_000;

    private PresenceStorm storm;

    @Setup(Level.Trial)
    public void setUp()
    {
        storm = new PresenceStorm(USERS, windowMs);
        storm.prepareSteps(50_000, 42);
        for (int i = 0; i < 200_000; i++)
        {
            storm.step();
        }
    }

    @Benchmark
    public long statusChange()
    {
        return storm.step();
    }
}
