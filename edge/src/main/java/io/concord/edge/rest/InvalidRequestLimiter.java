package io.concord.edge.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Discord's invalid-request limit: a client address that gets more than {@code limit} responses with status 401, 403
 * or 429 within a window ({@code 10,000} per 10 minutes by default) is banned for {@code banMs}: every request from it
 * is answered 429 with {@code "global": true} without reaching a route.
 * <p>
 * Shared by every event loop without locks: addresses hash into a fixed table of slots, each an atomic word packing
 * {@code (window index << 32 | count)} updated by compare-and-set, plus an atomic "banned until" time. Windows are
 * fixed (counts restart at each multiple of {@code windowMs}), not sliding. Two addresses that share a slot share
 * a count: with 65,536 slots that needs a hash collision among the few addresses that are producing errors at that
 * rate, and costs at most an early ban of the other. Memory is fixed (1 MiB) whatever the number of clients.
 */
public final class InvalidRequestLimiter
{
    private static final int SLOTS = 1 << 16;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final long limit;
    private final long windowMs;
    private final long banMs;
    private final AtomicLongArray windows = new AtomicLongArray(SLOTS);
    private final AtomicLongArray bannedUntilMs = new AtomicLongArray(SLOTS);

    /**
     * @param limit    invalid responses allowed per window; 0 disables the limit.
     * @param windowMs window length.
     * @param banMs    how long a ban lasts.
     */
    public InvalidRequestLimiter(final long limit, final long windowMs, final long banMs)
    {
        this.limit = limit;
        this.windowMs = windowMs;
        this.banMs = banMs;
    }

    /**
     * Denies the request in {@code decision} when the address is banned.
     *
     * @param addressHash the client address's hash.
     * @param nowMs       current time.
     * @param decision    filled with a global denial when banned.
     * @return true when the address is banned.
     */
    public boolean isBanned(final int addressHash, final long nowMs, final RateLimitDecision decision)
    {
        if (0 == limit)
        {
            return false;
        }
        final long until = bannedUntilMs.get(slot(addressHash));
        if (until <= nowMs)
        {
            return false;
        }
        decision.deny(null, true, until, until - nowMs);
        return true;
    }

    /**
     * Counts a response sent to the address if its status is one Discord counts (401, 403, 429), and bans the
     * address once the window's count passes the limit.
     *
     * @param addressHash the client address's hash.
     * @param status      the response status.
     * @param nowMs       current time.
     */
    public void onResponse(final int addressHash, final HttpResponseStatus status, final long nowMs)
    {
        final int code = status.code();
        if (0 == limit || (401 != code && 403 != code && 429 != code))
        {
            return;
        }
        final int slot = slot(addressHash);
        final long window = nowMs / windowMs;
        long count;
        while (true)
        {
            final long packed = windows.get(slot);
            count = (packed >>> 32) == window ? (packed & COUNT_MASK) + 1 : 1;
            if (windows.compareAndSet(slot, packed, (window << 32) | Math.min(count, COUNT_MASK)))
            {
                break;
            }
        }
        if (count > limit)
        {
            final long until = nowMs + banMs;
            long current;
            do
            {
                current = bannedUntilMs.get(slot);
            }
            while (current < until && !bannedUntilMs.compareAndSet(slot, current, until));
        }
    }

    private static int slot(final int addressHash)
    {
        final int mixed = addressHash * 0x9E3779B9;
        return (mixed ^ (mixed >>> 16)) & (SLOTS - 1);
    }
}
