package io.concord.bench.core;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A GuildShard handling one CreateMessage without storage: decode, channel and member lookup, Discord permission
 * computation with an {@code @everyone} overwrite in place, snowflake, encode of the MessageCreated into the pending
 * slot, hand-off to a store that only records the token; then the storage completion event for that token, which
 * stamps and sends the dispatch to the two subscribed edges (one of them also the reply).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShardCreateMessageBenchmark
{
    private BenchShard bench;
    private final UnsafeBuffer command = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final UnsafeBuffer completion = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private int commandLength;
    private int completionLength;

    @Setup
    public void setUp()
    {
        bench = new BenchShard();
        commandLength = bench.encodeCreateMessage(command, bench.bob, "hello from the benchmark, a typical short line");
        completionLength = bench.encodeCompletion(completion);
    }

    @Benchmark
    public long createMessage()
    {
        bench.shard.onFrame(command, 0, commandLength);
        BenchShard.patchToken(completion, bench.store.lastToken());
        bench.shard.onFrame(completion, 0, completionLength);
        return bench.framesOut;
    }
}
