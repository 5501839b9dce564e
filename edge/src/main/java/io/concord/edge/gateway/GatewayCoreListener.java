package io.concord.edge.gateway;

/**
 * What the core pushes to this edge: subscription deltas of local sessions and dispatches for topics (a topic is a
 * guild or channel id). Implemented by {@link Gateway}. Called by ONE thread (the core link's poller, or the fake
 * core's thread in tests), in the order the core produced them; the gateway keeps that order per session. Event
 * objects are only read during the call and may be reused by the caller afterwards.
 */
public interface GatewayCoreListener
{
    /**
     * {@code change} of a channel, role or member: created.
     */
    int CHANGE_CREATED = 0;

    /**
     * {@code change} of a channel, role or member: updated.
     */
    int CHANGE_UPDATED = 1;

    /**
     * {@code change} of a channel, role or member: deleted (removed, for a member).
     */
    int CHANGE_DELETED = 2;

    /**
     * A local session joins or leaves a topic (permission, membership or channel changes).
     *
     * @param sessionId  local session.
     * @param subscribed true to join, false to leave.
     * @param topicId    guild or channel id.
     */
    void onSubscriptionChanged(long sessionId, boolean subscribed, long topicId);

    /**
     * MESSAGE_CREATE for the subscribers of the message's channel topic.
     *
     * @param event the message; read during the call only.
     */
    void onMessageCreated(MessageEvent event);

    /**
     * MESSAGE_UPDATE for the subscribers of the message's channel topic.
     *
     * @param event the message after the edit; read during the call only.
     */
    void onMessageUpdated(MessageEvent event);

    /**
     * MESSAGE_DELETE for the subscribers of the channel topic.
     *
     * @param guildId   guild, 0 for a DM.
     * @param channelId channel (the topic).
     * @param messageId deleted message.
     */
    void onMessageDeleted(long guildId, long channelId, long messageId);

    /**
     * TYPING_START for the subscribers of the channel topic.
     *
     * @param channelId   channel (the topic).
     * @param timestampMs when, ms since 1970.
     * @param member      who types: guild (0 for a DM), user, and in a guild the member; read during the call only.
     */
    void onTypingStarted(long channelId, long timestampMs, MemberEvent member);

    /**
     * GUILD_CREATE for one local session whose user joined a guild after READY (the core subscribed it first).
     *
     * @param sessionId local session.
     * @param guild     the guild as that session's user sees it; {@code joinedAtMs} is resolved by the gateway.
     */
    void onGuildCreated(long sessionId, GuildSnapshot guild);

    /**
     * GUILD_DELETE for one local session that left a guild, was removed from it, or whose guild was deleted (the
     * core unsubscribed it from the guild's topics just before).
     *
     * @param sessionId local session.
     * @param guildId   the guild.
     */
    void onGuildRemoved(long sessionId, long guildId);

    /**
     * GUILD_UPDATE for the subscribers of the guild topic.
     *
     * @param guildId guild (the topic).
     * @param ownerId its owner.
     * @param name    its name.
     */
    void onGuildUpdated(long guildId, long ownerId, String name);

    /**
     * CHANNEL_CREATE/UPDATE/DELETE for the subscribers of the channel's own topic: only sessions that can view the
     * channel hear of it, as GUILD_CREATE lists only the channels the session can view.
     *
     * @param change  {@link #CHANGE_CREATED}, {@link #CHANGE_UPDATED} or {@link #CHANGE_DELETED}.
     * @param guildId guild.
     * @param channel the channel after the change (its id is the topic).
     */
    void onChannelChanged(int change, long guildId, ChannelSnapshot channel);

    /**
     * Local sessions gained or lost VIEW_CHANNEL on a channel through a permission change. Gained: each joins the
     * channel's topic and gets CHANNEL_CREATE. Lost: each gets CHANNEL_DELETE and leaves the topic.
     *
     * @param visible    true when the sessions can now view the channel.
     * @param guildId    guild.
     * @param channel    the channel.
     * @param sessionIds local sessions, valid up to count and during the call only.
     * @param count      how many.
     */
    void onChannelVisibilityChanged(
        boolean visible, long guildId, ChannelSnapshot channel, long[] sessionIds, int count);

    /**
     * GUILD_ROLE_CREATE/UPDATE/DELETE for the subscribers of the guild topic.
     *
     * @param change  {@link #CHANGE_CREATED}, {@link #CHANGE_UPDATED} or {@link #CHANGE_DELETED}.
     * @param guildId guild (the topic).
     * @param role    the role after the change.
     */
    void onRoleChanged(int change, long guildId, RoleSnapshot role);

    /**
     * GUILD_MEMBER_ADD/UPDATE/REMOVE for the subscribers of the guild topic.
     *
     * @param change {@link #CHANGE_CREATED}, {@link #CHANGE_UPDATED} or {@link #CHANGE_DELETED}.
     * @param member the member (its guild is the topic); read during the call only.
     */
    void onMemberChanged(int change, MemberEvent member);

    /**
     * MESSAGE_DELETE_BULK for the subscribers of the channel topic.
     *
     * @param guildId    guild, 0 for a DM.
     * @param channelId  channel (the topic).
     * @param messageIds deleted messages, valid up to count and during the call only.
     * @param count      how many.
     */
    void onMessagesBulkDeleted(long guildId, long channelId, long[] messageIds, int count);

    /**
     * PRESENCE_UPDATE for the subscribers of the guild topic (sessions with GUILD_PRESENCES), passed through as the
     * core aggregated it.
     *
     * @param presence the member's presence in the guild; read during the call only.
     */
    void onPresenceUpdated(PresenceEvent presence);

    /**
     * MESSAGE_REACTION_ADD/REMOVE/REMOVE_ALL/REMOVE_EMOJI for the subscribers of the channel topic. Listeners that
     * deliver no reactions (test doubles of other features) need not implement it.
     *
     * @param reaction the change; read during the call only.
     */
    default void onReactionChanged(ReactionEvent reaction)
    {
    }

    /**
     * CHANNEL_CREATE of a DM channel for one local session (gateway shard 0): the session's user opened it, or its
     * first message arrived. Listeners without DM support ignore it.
     *
     * @param sessionId local session.
     * @param channel   the DM as that session's user sees it.
     */
    default void onPrivateChannelCreated(long sessionId, PrivateChannelSnapshot channel)
    {
    }

    /**
     * CHANNEL_DELETE of a DM channel for one local session: its user closed the DM ({@code DELETE /channels/{id}}).
     * Listeners without DM support ignore it.
     *
     * @param sessionId local session.
     * @param channel   the DM as that session's user sees it.
     */
    default void onPrivateChannelDeleted(long sessionId, PrivateChannelSnapshot channel)
    {
    }

    /**
     * INVITE_CREATE or INVITE_DELETE for the listed local sessions (the core picked those allowed to see it).
     * Listeners without sessions ignore it.
     *
     * @param created    INVITE_CREATE, else INVITE_DELETE.
     * @param invite     the invite.
     * @param sessionIds local sessions, valid during the call only.
     * @param count      how many of {@code sessionIds} are valid.
     */
    default void onInviteChanged(boolean created, InviteSnapshot invite, long[] sessionIds, int count)
    {
    }

    /**
     * GUILD_MEMBERS_CHUNK for one local session (an answer to its op 8). Listeners without sessions ignore it.
     *
     * @param sessionId local session.
     * @param chunk     the GuildMembersChunk SBE frame (header included), valid during the call only.
     * @param offset    of the frame.
     * @param length    of the frame.
     */
    default void onGuildMembersChunk(long sessionId, org.agrona.DirectBuffer chunk, int offset, int length)
    {
    }
}
