/**
 * The commit log of one shard: numbered segment files ({@code 000042.log}) of CRC32C-framed records, written in
 * groups that one {@code force()} makes durable, replayed on start until the first torn or corrupt record.
 */
package io.concord.storage.commitlog;
