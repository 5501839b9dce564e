/**
 * Embedded message store modelled on ScyllaDB: shard-per-core LSM over partitions {@code (channel_id, bucket)}
 * clustered by snowflake, with a commit log, memtables, SSTables and time-window compaction.
 */
package io.concord.storage;
