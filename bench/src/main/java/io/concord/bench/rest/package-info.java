/**
 * Benchmarks of the edge's REST v10 layer: the per-request cost of routing, authentication, rate limiting, body
 * parsing, command encoding and response rendering, with the core answering at once.
 */
package io.concord.bench.rest;
