/**
 * The core's port to message storage: asynchronous append/edit/delete and history reads, with completions delivered
 * back into the owning shard as events through a {@link io.concord.core.storage.StorageCompletionQueue}, never by
 * blocking the shard thread. Also holds the in-memory implementation used by tests and by {@code serve} until the
 * composition root adapts the LSM store and the data service.
 */
package io.concord.core.storage;
