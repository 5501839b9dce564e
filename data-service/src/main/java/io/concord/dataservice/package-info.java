/**
 * The data service between the core and the message store: coalesces identical in-flight history reads into one
 * storage read and keeps a write-through hot-page cache of active channels. Runs on its own agent threads, never on
 * a guild shard's writer thread.
 */
package io.concord.dataservice;
