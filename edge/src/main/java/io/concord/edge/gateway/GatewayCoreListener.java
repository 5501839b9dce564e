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
}
