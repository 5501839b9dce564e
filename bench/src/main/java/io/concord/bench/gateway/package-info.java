/**
 * Gateway benchmarks: JMH fan-out per recipient over in-memory channels ({@link
 * io.concord.bench.gateway.FanoutBenchmark}), loopback heartbeat and message latency
 * ({@link io.concord.bench.gateway.GatewayLatencyHarness}), and the {@code concord bench gateway} command that runs
 * both and prints the summary.
 */
package io.concord.bench.gateway;
