package io.concord.common;

/**
 * Topic ids of guild presence topics. A guild's PRESENCE_UPDATEs go to its presence topic rather than to the guild
 * topic, so only the sessions that asked for them receive them: with GUILD_PRESENCES in a guild that is not large for
 * them, or after a Request Guild Members with {@code presences: true}. Snowflakes are positive, so the sign bit
 * marks a presence topic and never collides with a guild or channel id.
 */
public final class PresenceTopics
{
    private PresenceTopics()
    {
    }

    /**
     * @param guildId a guild.
     * @return the topic of the guild's presence updates.
     */
    public static long presenceTopicOf(final long guildId)
    {
        return guildId | Long.MIN_VALUE;
    }

    /**
     * @param topicId any topic id.
     * @return whether it is a presence topic.
     */
    public static boolean isPresenceTopic(final long topicId)
    {
        return topicId < 0;
    }

    /**
     * @param presenceTopicId a presence topic.
     * @return its guild.
     */
    public static long guildOf(final long presenceTopicId)
    {
        return presenceTopicId & Long.MAX_VALUE;
    }
}
