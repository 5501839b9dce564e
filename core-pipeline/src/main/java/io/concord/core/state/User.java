package io.concord.core.state;

import io.concord.codecs.PresenceStatus;
import org.agrona.collections.LongHashSet;

import java.nio.charset.StandardCharsets;

/**
 * A user record held by its user shard: name, bot flag, token generation (revocation bumps it), the guilds it is a
 * member of, and its aggregated presence.
 */
public final class User
{
    private final long id;
    private final String username;
    private final byte[] usernameUtf8;
    private final boolean bot;
    private int tokenGeneration;
    private final LongHashSet guildIds = new LongHashSet();
    private PresenceStatus presence = PresenceStatus.OFFLINE;

    /**
     * @param id              user id.
     * @param username        name.
     * @param bot             bot flag.
     * @param tokenGeneration current token generation.
     */
    public User(final long id, final String username, final boolean bot, final int tokenGeneration)
    {
        this.id = id;
        this.username = username;
        this.usernameUtf8 = username.getBytes(StandardCharsets.UTF_8);
        this.bot = bot;
        this.tokenGeneration = tokenGeneration;
    }

    public long id()
    {
        return id;
    }

    public String username()
    {
        return username;
    }

    public byte[] usernameUtf8()
    {
        return usernameUtf8;
    }

    public boolean bot()
    {
        return bot;
    }

    public int tokenGeneration()
    {
        return tokenGeneration;
    }

    /**
     * Revokes every token issued so far.
     *
     * @return the new generation.
     */
    public int revokeTokens()
    {
        return ++tokenGeneration;
    }

    /**
     * @return the presence others see, aggregated over the user's sessions (not persisted: offline after restart).
     */
    public PresenceStatus presence()
    {
        return presence;
    }

    public void presence(final PresenceStatus presence)
    {
        this.presence = presence;
    }

    /**
     * @return ids of the guilds the user is a member of.
     */
    public LongHashSet guildIds()
    {
        return guildIds;
    }
}
