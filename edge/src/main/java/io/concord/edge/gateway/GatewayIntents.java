package io.concord.edge.gateway;

/**
 * Gateway intent bits and the rules that gate dispatches by them. Stateless.
 */
public final class GatewayIntents
{
    public static final int GUILDS = 1;
    public static final int GUILD_MEMBERS = 1 << 1;
    public static final int GUILD_MODERATION = 1 << 2;
    public static final int GUILD_EXPRESSIONS = 1 << 3;
    public static final int GUILD_INTEGRATIONS = 1 << 4;
    public static final int GUILD_WEBHOOKS = 1 << 5;
    public static final int GUILD_INVITES = 1 << 6;
    public static final int GUILD_VOICE_STATES = 1 << 7;
    public static final int GUILD_PRESENCES = 1 << 8;
    public static final int GUILD_MESSAGES = 1 << 9;
    public static final int GUILD_MESSAGE_REACTIONS = 1 << 10;
    public static final int GUILD_MESSAGE_TYPING = 1 << 11;
    public static final int DIRECT_MESSAGES = 1 << 12;
    public static final int DIRECT_MESSAGE_REACTIONS = 1 << 13;
    public static final int DIRECT_MESSAGE_TYPING = 1 << 14;
    public static final int MESSAGE_CONTENT = 1 << 15;
    public static final int GUILD_SCHEDULED_EVENTS = 1 << 16;
    public static final int AUTO_MODERATION_CONFIGURATION = 1 << 20;
    public static final int AUTO_MODERATION_EXECUTION = 1 << 21;
    public static final int GUILD_MESSAGE_POLLS = 1 << 24;
    public static final int DIRECT_MESSAGE_POLLS = 1 << 25;

    /**
     * Every defined bit; any other bit in Identify closes the connection with 4013.
     */
    public static final long VALID_MASK = 0x331FFFFL;

    /**
     * Intents an application must have enabled (else 4014).
     */
    public static final long PRIVILEGED_MASK = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;

    private GatewayIntents()
    {
    }

    /**
     * @param intents an Identify {@code intents} value.
     * @return true when it uses only defined bits and is not negative.
     */
    public static boolean isValid(final long intents)
    {
        return intents >= 0 && (intents & ~VALID_MASK) == 0;
    }

    /**
     * Whether a session with these intents receives a message event (create, update, delete).
     *
     * @param intents session intents.
     * @param guildId guild of the channel, 0 for a DM.
     * @return true when GUILD_MESSAGES (guild) or DIRECT_MESSAGES (DM) is set.
     */
    public static boolean wantsMessages(final long intents, final long guildId)
    {
        return (intents & (0 == guildId ? DIRECT_MESSAGES : GUILD_MESSAGES)) != 0;
    }

    /**
     * Whether a session with these intents receives TYPING_START.
     *
     * @param intents session intents.
     * @param guildId guild of the channel, 0 for a DM.
     * @return true when GUILD_MESSAGE_TYPING (guild) or DIRECT_MESSAGE_TYPING (DM) is set.
     */
    public static boolean wantsTyping(final long intents, final long guildId)
    {
        return (intents & (0 == guildId ? DIRECT_MESSAGE_TYPING : GUILD_MESSAGE_TYPING)) != 0;
    }

    /**
     * Whether a session with these intents receives MESSAGE_REACTION_* events.
     *
     * @param intents session intents.
     * @param guildId guild of the channel, 0 for a DM.
     * @return true when GUILD_MESSAGE_REACTIONS (guild) or DIRECT_MESSAGE_REACTIONS (DM) is set.
     */
    public static boolean wantsReactions(final long intents, final long guildId)
    {
        return (intents & (0 == guildId ? DIRECT_MESSAGE_REACTIONS : GUILD_MESSAGE_REACTIONS)) != 0;
    }

    /**
     * Guild routing by shard, Discord's formula; events without a guild go to shard 0 only.
     *
     * @param guildId    guild of the event, 0 when it has none.
     * @param shardId    the session's shard.
     * @param shardCount the session's shard count (>= 1).
     * @return true when the session's shard owns the guild.
     */
    public static boolean isOnShard(final long guildId, final int shardId, final int shardCount)
    {
        if (0 == guildId)
        {
            return 0 == shardId;
        }
        return (int)((guildId >>> 22) % shardCount) == shardId;
    }
}
