package io.concord.core.state;

/**
 * A guild invite. Its code is {@link #codeOf(long)} of its id, so any edge can route a code to the owning shard.
 */
public final class Invite
{
    private static final int CODE_RADIX = 36;

    private final long id;
    private final String code;
    private final long guildId;
    private final long channelId;
    private final long inviterId;
    private final long createdAtMs;
    private final int maxAgeSeconds;
    private final int maxUses;
    private int uses;

    /**
     * @param id            invite id (a snowflake minted by the owning shard).
     * @param guildId       guild.
     * @param channelId     channel it points to.
     * @param inviterId     creator.
     * @param createdAtMs   creation time.
     * @param maxAgeSeconds 0 for never expiring.
     * @param maxUses       0 for unlimited.
     * @param uses          uses so far.
     */
    public Invite(
        final long id,
        final long guildId,
        final long channelId,
        final long inviterId,
        final long createdAtMs,
        final int maxAgeSeconds,
        final int maxUses,
        final int uses)
    {
        this.id = id;
        this.code = codeOf(id);
        this.guildId = guildId;
        this.channelId = channelId;
        this.inviterId = inviterId;
        this.createdAtMs = createdAtMs;
        this.maxAgeSeconds = maxAgeSeconds;
        this.maxUses = maxUses;
        this.uses = uses;
    }

    /**
     * @param inviteId an invite id.
     * @return its code.
     */
    public static String codeOf(final long inviteId)
    {
        return Long.toString(inviteId, CODE_RADIX);
    }

    /**
     * @param code an invite code from a client.
     * @return the invite id, or 0 when the code is not one of ours.
     */
    public static long idOf(final CharSequence code)
    {
        final int length = code.length();
        if (0 == length || length > 13)
        {
            return 0;
        }
        long id = 0;
        for (int i = 0; i < length; i++)
        {
            final int digit = Character.digit(code.charAt(i), CODE_RADIX);
            if (digit < 0 || id > (Long.MAX_VALUE - digit) / CODE_RADIX)
            {
                return 0;
            }
            id = id * CODE_RADIX + digit;
        }
        return id;
    }

    public long id()
    {
        return id;
    }

    public String code()
    {
        return code;
    }

    public long guildId()
    {
        return guildId;
    }

    public long channelId()
    {
        return channelId;
    }

    public long inviterId()
    {
        return inviterId;
    }

    public long createdAtMs()
    {
        return createdAtMs;
    }

    public int maxAgeSeconds()
    {
        return maxAgeSeconds;
    }

    public int maxUses()
    {
        return maxUses;
    }

    public int uses()
    {
        return uses;
    }

    /**
     * @param nowMs current time.
     * @return whether it can no longer be used.
     */
    public boolean isExpired(final long nowMs)
    {
        return (maxAgeSeconds > 0 && nowMs >= createdAtMs + maxAgeSeconds * 1000L) || (maxUses > 0 && uses >= maxUses);
    }

    /**
     * Counts one use.
     */
    public void use()
    {
        uses++;
    }
}
