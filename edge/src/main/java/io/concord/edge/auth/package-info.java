/**
 * Authentication at the edge: Discord-shaped signed tokens that any edge verifies without a round trip to the core,
 * revocation by per-user token generation, and salted password hashing for accounts.
 */
package io.concord.edge.auth;
