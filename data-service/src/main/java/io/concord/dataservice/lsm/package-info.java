/**
 * The data service's storage port served by Concord's LSM store ({@code storage-engine}) through a
 * {@link io.concord.storage.StorageClient} of its own.
 */
package io.concord.dataservice.lsm;
