package io.concord.edge.gateway;

import java.util.List;

/**
 * The core's answer to a session open: everything READY and the GUILD_CREATEs need, plus the topics (guild and
 * channel ids) the session subscribes to from now on. Immutable.
 *
 * @param user          the session's user.
 * @param applicationId the user's application id (its own id for bots without one).
 * @param guilds        guilds of the session's shard.
 * @param topicIds      topics to subscribe the session to; later changes arrive as
 *                      {@link GatewayCoreListener#onSubscriptionChanged}.
 * @param privateChannels the user's DM channels, READY's {@code private_channels}.
 */
public record ReadySnapshot(
    UserSnapshot user,
    long applicationId,
    List<GuildSnapshot> guilds,
    long[] topicIds,
    List<PrivateChannelSnapshot> privateChannels)
{
    /**
     * A snapshot without DM channels.
     *
     * @param user          the session's user.
     * @param applicationId the user's application id.
     * @param guilds        guilds of the session's shard.
     * @param topicIds      topics to subscribe the session to.
     */
    public ReadySnapshot(
        final UserSnapshot user, final long applicationId, final List<GuildSnapshot> guilds, final long[] topicIds)
    {
        this(user, applicationId, guilds, topicIds, List.of());
    }
}
