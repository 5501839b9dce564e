/**
 * {@code concord bench storage}: the storage engine against RocksDB (WAL, {@code sync=true}) on Discord's message
 * workload, in the same run: durable-append throughput at saturation, coordinated-omission-corrected append latency
 * at offered rates, hot and cold page reads, bytes on disk and write amplification.
 */
package io.concord.bench.storage;
