/**
 * REST v10 mechanics shared by every route: Discord's error bodies and codes, and Discord-style rate limiting with
 * its headers.
 */
package io.concord.edge.rest;
