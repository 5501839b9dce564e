/**
 * {@code concord bench fanout}: the end-to-end fan-out SLO harness. {@link io.concord.bench.fanout.FanoutCommand}
 * orchestrates a run on one host: a topology of child processes (media driver, core, E edges:
 * {@link io.concord.bench.fanout.FanoutTopology}), a guild seeded in bulk through the core's own commands
 * ({@link io.concord.bench.fanout.GuildSeeder}), K load-generator processes holding real WebSocket gateway sessions,
 * messages posted over REST at a fixed rate, and the same load generators against a bare Netty broadcast server as
 * the baseline twin; results land in {@code results/fanout-<timestamp>/} (HdrHistogram logs, summary.json, a
 * self-contained HTML report). The chat scenario ({@link io.concord.bench.fanout.ChatChannels}, Zipf channel draw in
 * {@link io.concord.bench.fanout.MessageSender}) and the reconnect storm
 * ({@link io.concord.bench.fanout.ReconnectStorm}) share that machinery; {@code --target} attaches to running edges.
 * Every child process is stopped on exit, failure and Ctrl-C.
 * <p>
 * The sub-package {@code fanout.virtual} (in-process sinks instead of sockets) is owned separately and hooks into
 * {@link io.concord.bench.fanout.FanoutCommand} through its {@code --virtual} option.
 */
package io.concord.bench.fanout;
