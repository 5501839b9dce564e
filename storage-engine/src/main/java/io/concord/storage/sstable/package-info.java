/**
 * Immutable sorted files ({@code 000042.sst}) of one shard: data blocks of rows ordered by (channel, bucket) then
 * message id descending, a block index, a per-partition index, a bloom filter over partitions and a footer, every
 * block and index covered by a CRC32C. Written once by the background worker, then only read.
 */
package io.concord.storage.sstable;
