package io.concord.edge.gateway;

/**
 * Why the core refused to open a session, and what the client is told.
 */
public final class SessionRejection
{
    /**
     * Try again later with a new session: Invalid Session ({@code op 9}, {@code d: false}).
     */
    public static final int UNAVAILABLE = 1;

    /**
     * The user is unknown or its token generation was revoked: close 4004.
     */
    public static final int AUTHENTICATION_FAILED = 2;

    /**
     * Too many guilds for one shard: close 4011.
     */
    public static final int SHARDING_REQUIRED = 3;

    /**
     * A privileged intent the application may not use: close 4014.
     */
    public static final int DISALLOWED_INTENTS = 4;

    private SessionRejection()
    {
    }
}
