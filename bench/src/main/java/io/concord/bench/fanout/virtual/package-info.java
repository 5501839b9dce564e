/**
 * Virtual-session fan-out ({@code concord bench fanout-virtual}, {@code concord bench fanout --virtual}): the real
 * core (CoreNode, GuildShard, Aeron IPC through an embedded media driver) and E real edge gateways (core link poller,
 * Gateway, event loops, GatewayHandler per session) whose sessions write to in-process sink channels instead of
 * sockets, so that core and edge work for one message to 100k-1M recipients can be measured on one box, plus the
 * per-edge cost model that extrapolates socket figures to a fleet.
 */
package io.concord.bench.fanout.virtual;
