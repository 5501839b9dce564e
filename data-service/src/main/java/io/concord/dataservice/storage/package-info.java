/**
 * The storage port of the data service: the asynchronous history read it issues and polls for
 * ({@link io.concord.dataservice.storage.HistoryStorage}), and implementations of it that need no real store: an
 * in-memory store with a disk latency model and a counting wrapper, for tests and benchmarks until the LSM store
 * is wired in by an adapter in {@code server/}.
 */
package io.concord.dataservice.storage;
