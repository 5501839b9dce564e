package io.concord.edge.gateway;

/**
 * A guild channel the session's user can view, for GUILD_CREATE. Immutable.
 *
 * @param id       snowflake.
 * @param type     Discord channel type (0 text, 2 voice, 4 category, ...).
 * @param name     channel name.
 * @param position sort position.
 * @param parentId category id, 0 for none.
 * @param topic    channel topic or null.
 */
public record ChannelSnapshot(long id, int type, String name, int position, long parentId, String topic)
{
}
