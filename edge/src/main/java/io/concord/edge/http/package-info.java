/**
 * HTTP side of the edge: routing of REST v10 requests and Discord-shaped JSON responses and errors.
 */
package io.concord.edge.http;
