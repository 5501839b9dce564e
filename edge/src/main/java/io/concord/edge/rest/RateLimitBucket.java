package io.concord.edge.rest;

/**
 * A rate-limit bucket: how many requests a user may make per window on the routes that share it, keyed per major
 * parameter (channel or guild id) as Discord does. Immutable; shared by every thread.
 */
public final class RateLimitBucket
{
    private final String id;
    private final int limit;
    private final long windowMs;

    /**
     * @param id       opaque id sent as {@code X-RateLimit-Bucket}.
     * @param limit    requests per window, at least 1.
     * @param windowMs window length, at least 1 ms.
     */
    public RateLimitBucket(final String id, final int limit, final long windowMs)
    {
        if (limit < 1 || windowMs < 1)
        {
            throw new IllegalArgumentException("bucket " + id + " needs limit >= 1 and window >= 1 ms, was " +
                limit + " per " + windowMs + " ms");
        }
        this.id = id;
        this.limit = limit;
        this.windowMs = windowMs;
    }

    public String id()
    {
        return id;
    }

    public int limit()
    {
        return limit;
    }

    public long windowMs()
    {
        return windowMs;
    }
}
