/**
 * The edge role: Netty servers that terminate client connections (Discord Gateway v10 over WebSocket, REST v10 over
 * HTTP), hold sessions and fan dispatches out to them. The edge keeps no authoritative state: it talks to the core
 * in SBE over Aeron.
 */
package io.concord.edge;
