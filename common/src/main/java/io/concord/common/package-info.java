/**
 * Plumbing every Concord role shares: layered configuration (defaults, file, flags) and idle strategies chosen by
 * name, so that agents on a 2-core laptop back off while a {@code low-latency} deployment spins.
 */
package io.concord.common;
