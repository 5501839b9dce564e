/**
 * REST v10 mechanics shared by every route: Discord's error bodies and codes, Discord-style rate limiting with its
 * headers, request bodies read with Jackson's streaming parser and validated field by field (50035 trees), the
 * core's replies decoded into views and rendered in Discord's object shapes, the REST settings, and the password
 * workers that keep PBKDF2 off the event loops.
 */
package io.concord.edge.rest;
