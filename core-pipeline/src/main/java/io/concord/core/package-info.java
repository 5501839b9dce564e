/**
 * The core role: guild shards, each the single writer of its guilds' state, fed by Aeron pollers through Disruptor
 * rings, publishing SBE dispatches back to the edges.
 */
package io.concord.core;
