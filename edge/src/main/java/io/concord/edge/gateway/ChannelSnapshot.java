package io.concord.edge.gateway;

import java.util.List;

/**
 * A guild channel for GUILD_CREATE and CHANNEL_* dispatches. Immutable.
 *
 * @param id               snowflake.
 * @param type             Discord channel type (0 text, 2 voice, 4 category, ...).
 * @param name             channel name.
 * @param position         sort position.
 * @param parentId         category id, 0 for none.
 * @param topic            channel topic or null.
 * @param rateLimitPerUser slowmode seconds, 0 for none.
 * @param overwrites       its permission overwrites.
 */
public record ChannelSnapshot(
    long id,
    int type,
    String name,
    int position,
    long parentId,
    String topic,
    int rateLimitPerUser,
    List<OverwriteSnapshot> overwrites)
{
    /**
     * A channel without slowmode or overwrites.
     *
     * @param id       snowflake.
     * @param type     Discord channel type.
     * @param name     channel name.
     * @param position sort position.
     * @param parentId category id, 0 for none.
     * @param topic    channel topic or null.
     */
    public ChannelSnapshot(
        final long id, final int type, final String name, final int position, final long parentId, final String topic)
    {
        this(id, type, name, position, parentId, topic, 0, List.of());
    }
}
