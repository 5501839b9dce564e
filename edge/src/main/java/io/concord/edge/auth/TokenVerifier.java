package io.concord.edge.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's token check for REST requests and gateway Identify/Resume: the signature is verified locally (one
 * {@link TokenCodec} per thread), then the token's generation is compared with the lowest generation still valid for
 * its user, which the core announces ({@code TokensRevoked}) when a user revokes their tokens. Thread-safe: event
 * loops verify, the core link's thread records revocations.
 */
public final class TokenVerifier
{
    /**
     * Returned by {@link #authenticate} when the token is not valid.
     */
    public static final long UNAUTHENTICATED = 0;

    private final ThreadLocal<TokenCodec> codecs;
    private final ThreadLocal<VerifiedToken> results = ThreadLocal.withInitial(VerifiedToken::new);
    private final ConcurrentHashMap<Long, Integer> minimumGenerationByUser = new ConcurrentHashMap<>();

    /**
     * @param key the deployment's token key.
     */
    public TokenVerifier(final byte[] key)
    {
        final byte[] copy = key.clone();
        codecs = ThreadLocal.withInitial(() -> new TokenCodec(copy));
        codecs.get();
    }

    /**
     * @param token token text without a scheme prefix (see {@link TokenCodec#tokenOf(String)}).
     * @return the user id, or {@link #UNAUTHENTICATED} for a forged, malformed or revoked token.
     */
    public long authenticate(final String token)
    {
        final VerifiedToken verified = results.get();
        if (!codecs.get().verify(token, verified))
        {
            return UNAUTHENTICATED;
        }
        final Integer minimum = minimumGenerationByUser.get(verified.userId());
        return null != minimum && verified.generation() < minimum ? UNAUTHENTICATED : verified.userId();
    }

    /**
     * Issues a token on the calling thread.
     *
     * @param userId           the user.
     * @param generation       the user's current token generation.
     * @param issuedAtEpochSec issue time.
     * @return the token.
     */
    public String issue(final long userId, final int generation, final long issuedAtEpochSec)
    {
        return codecs.get().issue(userId, generation, issuedAtEpochSec);
    }

    /**
     * Tokens of {@code userId} issued under a generation below {@code generation} are no longer valid.
     *
     * @param userId     the user.
     * @param generation the lowest valid generation.
     */
    public void onTokensRevoked(final long userId, final int generation)
    {
        minimumGenerationByUser.merge(userId, generation, Math::max);
    }
}
