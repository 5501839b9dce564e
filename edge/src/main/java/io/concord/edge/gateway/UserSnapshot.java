package io.concord.edge.gateway;

/**
 * A user as the core knows it, for READY and GUILD_CREATE members. Immutable.
 *
 * @param id         snowflake.
 * @param username   unique name.
 * @param globalName display name or null.
 * @param avatar     avatar hash or null.
 * @param bot        whether the user is a bot.
 */
public record UserSnapshot(long id, String username, String globalName, String avatar, boolean bot)
{
}
