/**
 * The data service between the core and the message store: coalesces identical in-flight history reads into one
 * storage read and keeps a write-through hot-page cache of active channels. Runs on its own agent thread, never on
 * a guild shard's writer thread.
 * <p>
 * Ports: the core submits requests through {@link io.concord.dataservice.HistoryRequestProxy} and polls answers
 * with {@link io.concord.dataservice.HistoryCompletionPoller}; the message path reports writes through
 * {@link io.concord.dataservice.MessageWriteProxy}; storage is reached through
 * {@link io.concord.dataservice.storage.HistoryStorage}. All queues are bounded rings; back-pressure is a return
 * value or an OVERLOADED completion.
 */
package io.concord.dataservice;
