/**
 * Benchmarks of the core pipeline: SBE encode+decode of MessageCreated and a GuildShard handling a CreateMessage
 * (JMH with the GC profiler), ring + shard throughput, and the core to edge Aeron IPC hop with a queue baseline
 * twin (harnesses with HdrHistogram). {@code ./concord bench core} runs them all and prints one table.
 */
package io.concord.bench.core;
