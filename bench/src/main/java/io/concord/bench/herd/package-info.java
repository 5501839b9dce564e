/**
 * The thundering-herd benchmark of the data service ({@code ./concord bench herd}): thousands of requesters asking
 * for the same channel's newest page at once, cold and warm, and a Zipf-popular mix over many channels, each with
 * coalescing and caching on and off in the same run; plus a JMH benchmark of the cache-hit path.
 */
package io.concord.bench.herd;
