/**
 * Composition root: the {@code concord} command line, which wires the roles (media driver, core, edge, bench) into
 * processes. Nothing here is on a hot path; the modules it wires own their threads.
 */
package io.concord.server;
