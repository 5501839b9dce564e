/**
 * Benchmarks of the edge's REST v10 layer: the per-request cost of routing, authentication, rate limiting, body
 * parsing, command encoding and response rendering, with the core answering at once (JMH), and
 * {@code concord bench rest}: create-message and history round trips against a real {@code concord serve} child
 * process over loopback, driven by a closed-loop Netty load generator.
 */
package io.concord.bench.rest;
