package io.concord.edge.rest;

/**
 * Outcome of one {@link RateLimiter#tryAcquire} call, reused by the thread that owns it: whether the request may
 * proceed, which limit decided, and what the response headers must say.
 */
public final class RateLimitDecision
{
    private boolean allowed;
    private boolean global;
    private RateLimitBucket bucket;
    private int remaining;
    private long resetAtMs;
    private long retryAfterMs;

    void allow(final RateLimitBucket bucket, final int remaining, final long resetAtMs)
    {
        this.allowed = true;
        this.global = false;
        this.bucket = bucket;
        this.remaining = remaining;
        this.resetAtMs = resetAtMs;
        this.retryAfterMs = 0;
    }

    void deny(final RateLimitBucket bucket, final boolean global, final long resetAtMs, final long retryAfterMs)
    {
        this.allowed = false;
        this.global = global;
        this.bucket = bucket;
        this.remaining = 0;
        this.resetAtMs = resetAtMs;
        this.retryAfterMs = retryAfterMs;
    }

    public boolean allowed()
    {
        return allowed;
    }

    /**
     * @return true when the global (per-user, all routes) limit refused the request.
     */
    public boolean global()
    {
        return global;
    }

    public RateLimitBucket bucket()
    {
        return bucket;
    }

    public int remaining()
    {
        return remaining;
    }

    public long resetAtMs()
    {
        return resetAtMs;
    }

    public long retryAfterMs()
    {
        return retryAfterMs;
    }
}
