package io.concord.edge.gateway;

/**
 * Verifies the token of an Identify or Resume without a round trip (signed tokens). The lead wires the edge's token
 * verifier here. Called on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface IdentifyAuthenticator
{
    /**
     * Returned when the token does not verify.
     */
    long UNAUTHENTICATED = 0;

    /**
     * @param token the raw token from the payload (no {@code Bot } prefix).
     * @return the user id the token belongs to, or {@link #UNAUTHENTICATED}.
     */
    long authenticate(String token);
}
