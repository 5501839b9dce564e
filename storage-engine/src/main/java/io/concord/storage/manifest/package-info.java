/**
 * Which files of a shard are live: a log of {@link io.concord.storage.manifest.VersionEdit}s
 * ({@code MANIFEST-000007}, CRC32C-framed, forced on each edit) named by a {@code CURRENT} file that is switched by an
 * atomic rename.
 */
package io.concord.storage.manifest;
