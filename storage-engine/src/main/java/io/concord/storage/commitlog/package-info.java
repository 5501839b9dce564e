/**
 * The commit log of one shard: numbered segment files ({@code 000042.log}) of CRC32C-framed records, written by the
 * shard and made durable in groups by one {@code force()} on the shard's syncer thread, replayed on start until the
 * first torn or corrupt record.
 */
package io.concord.storage.commitlog;
