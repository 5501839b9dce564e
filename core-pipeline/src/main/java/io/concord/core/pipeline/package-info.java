/**
 * The plumbing around a guild shard: the Aeron poller agent that is the single producer of the shard's Disruptor
 * ring (commands from the shard's stream plus storage completions), the ring's pre-allocated events and handler,
 * and the outbound side that offers the shard's frames to edge and shard streams with bounded, counted retries.
 */
package io.concord.core.pipeline;
