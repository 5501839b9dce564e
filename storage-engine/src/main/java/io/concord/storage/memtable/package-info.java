/**
 * The in-memory write buffer of one shard: per channel, rows sorted by message id whose values live in one
 * off-heap arena. Written only by the shard thread; read by the flush worker once the memtable is switched out and
 * immutable.
 */
package io.concord.storage.memtable;
