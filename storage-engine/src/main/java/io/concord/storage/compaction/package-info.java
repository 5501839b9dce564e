/**
 * Time-window compaction of one shard's SSTables: which files to merge ({@link
 * io.concord.storage.compaction.TimeWindowCompactionPolicy}) and the merge itself
 * ({@link io.concord.storage.compaction.Compactor}), which keeps the newest version of each row and purges tombstones
 * past their grace period when nothing outside the merge can hold data they shadow.
 */
package io.concord.storage.compaction;
