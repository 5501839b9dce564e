package io.concord.edge.auth;

/**
 * What a genuine token says: the user, the token generation it was issued under, and when. Reused by the thread
 * that owns it.
 */
public final class VerifiedToken
{
    private long userId;
    private int generation;
    private long issuedAtEpochSec;

    void set(final long userId, final int generation, final long issuedAtEpochSec)
    {
        this.userId = userId;
        this.generation = generation;
        this.issuedAtEpochSec = issuedAtEpochSec;
    }

    public long userId()
    {
        return userId;
    }

    public int generation()
    {
        return generation;
    }

    public long issuedAtEpochSec()
    {
        return issuedAtEpochSec;
    }
}
