package io.concord.bench.presence;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One typing call (TriggerTyping, or a message one time in 1,000) on a shard with 10,000 members typing in 100
 * channels, with the duty cycle every simulated millisecond: average time and, with {@code -prof gc}, allocation
 * per call (target 0 B).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TypingStormBenchmark
{
    private TypingStorm storm;

    @Setup(Level.Trial)
    public void setUp()
    {
        storm = new TypingStorm(10_000, 100);
        storm.rate(20_000);
    }

    @Benchmark
    public long typing()
    {
        return storm.call();
    }
}
