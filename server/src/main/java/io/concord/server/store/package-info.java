/**
 * The core's message store port served by the LSM store and the data service: writes go to the store, are reported
 * to the data service's hot-page cache once durable, then complete into the owning shard; history reads go through
 * the data service (coalesced, cached) and their pages go straight to the asking edge.
 */
package io.concord.server.store;
