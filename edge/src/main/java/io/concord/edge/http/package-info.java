/**
 * HTTP side of the edge: the REST v10 router ({@code /api/v10}, {@code /api/v9}), authentication and rate limiting
 * per request, the route groups that turn each request into one SBE command to the core and answer from its reply,
 * Discord-shaped JSON responses and errors (413 included).
 */
package io.concord.edge.http;
