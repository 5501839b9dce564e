package io.concord.edge.auth;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenVerifierTest
{
    private static final long USER = 175928847299117063L;

    private static byte[] key()
    {
        final byte[] key = new byte[TokenCodec.KEY_LENGTH];
        Arrays.fill(key, (byte)3);
        return key;
    }

    private final TokenVerifier verifier = new TokenVerifier(key());

    @Test
    void genuineTokenNamesItsUser()
    {
        assertEquals(USER, verifier.authenticate(verifier.issue(USER, 0, 1_790_000_000L)));
        assertEquals(TokenVerifier.UNAUTHENTICATED, verifier.authenticate("not.a.token"));
    }

    @Test
    void revocationInvalidatesOlderGenerationsOnly()
    {
        final String old = verifier.issue(USER, 0, 1_790_000_000L);
        final String current = verifier.issue(USER, 1, 1_790_000_001L);

        verifier.onTokensRevoked(USER, 1);
        assertEquals(TokenVerifier.UNAUTHENTICATED, verifier.authenticate(old));
        assertEquals(USER, verifier.authenticate(current));

        verifier.onTokensRevoked(USER, 0);
        assertEquals(TokenVerifier.UNAUTHENTICATED, verifier.authenticate(old),
            "a late, older revocation never undoes a newer one");
    }

    @Test
    void eachThreadVerifiesWithItsOwnCodec() throws Exception
    {
        final String token = verifier.issue(USER, 0, 1_790_000_000L);
        final CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> verifier.authenticate(token));
        assertEquals(USER, other.get());
    }
}
