/**
 * Plumbing every Concord role shares: layered configuration (defaults, file, flags) and idle strategies chosen by
 * name, so that agents on a 2-core laptop back off while a {@code low-latency} deployment spins; and the topic ids
 * that core and edge must agree on (presence topics).
 */
package io.concord.common;
