/**
 * Discord Gateway v10 at the edge: the WebSocket upgrade, the per-connection session state machine (Hello, Identify,
 * READY, heartbeats, Resume, close codes, rate limits), gateway sessions that outlive their connection for the resume
 * window, and the zero-copy fan-out of core dispatches to the local sessions subscribed to a topic.
 * <p>
 * Threading: every session belongs to one Netty event loop (its {@link io.concord.edge.gateway.GatewayLoop}), which
 * alone touches the session, its replay buffer and that loop's topic index. The core link calls
 * {@link io.concord.edge.gateway.GatewayCoreListener} from its own single thread; the gateway renders each dispatch
 * once there and hands every event loop one task per dispatch. A session is on its loop from Identify on, held
 * until its READY is written ({@link io.concord.edge.gateway.ReadyHold}): a multi-shard core subscribes it shard by
 * shard, and what those topics carry before the last shard's part of READY follows READY in order.
 */
package io.concord.edge.gateway;
