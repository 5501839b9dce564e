/**
 * Presence and typing at scale, measured at the core (DESIGN.md section 8; issue #8): {@code concord bench
 * presence-storm} (coalescing on and off in one run, dispatches per update and frames the edges would deliver) and
 * {@code concord bench typing-storm} (dispatches versus raw typing calls, shard CPU and allocation per call).
 */
package io.concord.bench.presence;
