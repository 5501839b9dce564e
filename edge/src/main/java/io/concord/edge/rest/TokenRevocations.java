package io.concord.edge.rest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The lowest token generation still valid per user, as the core announced it in {@code TokensRevoked} frames.
 * Tokens issued under an older generation are refused with 401.
 * <p>
 * Written by the core link's thread ({@link #onTokensRevoked}), read by every event loop; a user that never had
 * tokens revoked costs one lookup in an empty or small map.
 */
public final class TokenRevocations
{
    private final ConcurrentHashMap<Long, Integer> minimumGeneration = new ConcurrentHashMap<>();

    /**
     * The core revoked every token of a user below a generation.
     *
     * @param userId          the user.
     * @param tokenGeneration tokens with a lower generation are invalid from now on.
     */
    public void onTokensRevoked(final long userId, final int tokenGeneration)
    {
        minimumGeneration.merge(userId, tokenGeneration, Math::max);
    }

    /**
     * @param userId     a token's user.
     * @param generation the token's generation.
     * @return true when the token was revoked.
     */
    public boolean isRevoked(final long userId, final int generation)
    {
        if (minimumGeneration.isEmpty())
        {
            return false;
        }
        final Integer minimum = minimumGeneration.get(userId);
        return null != minimum && generation < minimum;
    }
}
