/**
 * The guild shard: the single writer of one shard's guilds, users and accounts. It turns SBE commands (from edges,
 * from other shards and from storage completions) into state changes, persistence writes, subscription deltas and
 * dispatches to exactly the edges that have subscribers. Everything here runs on the shard's own thread.
 */
package io.concord.core.shard;
