/**
 * The edge's link to the core: SBE commands published over Aeron to the owning core shard, and the core's replies
 * and dispatches polled from this edge's stream and routed to REST requests (onto their event loops) and to the
 * gateway's fan-out.
 */
package io.concord.edge.core;
