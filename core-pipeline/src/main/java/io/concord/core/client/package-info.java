/**
 * The edge's side of the core link: a proxy that routes SBE commands to the owning shard's Aeron stream, and the
 * subscription an edge reads its replies and dispatches from. For the composition root and the edge integration.
 */
package io.concord.core.client;
