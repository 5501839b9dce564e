package io.concord.edge.gateway;

/**
 * What the gateway needs from the core, kept narrow so it can be implemented over Aeron/SBE ({@code SessionOpened},
 * {@code SessionClosed}, {@code PresenceUpdate}). Calls come from edge event loops and must not block; replies are
 * asynchronous through {@link SessionOpenListener}. The core's pushes to the edge (subscription deltas, dispatches)
 * go through {@link GatewayCoreListener}.
 */
public interface GatewayCore
{
    /**
     * Opens a session for a verified Identify. The core answers exactly once through the listener, from any thread;
     * the gateway moves the answer onto the session's event loop.
     *
     * @param sessionId edge-assigned session id, unique on this edge.
     * @param request   user, intents, shard, large threshold and presence.
     * @param listener  receives READY data or a rejection.
     */
    void openSession(long sessionId, IdentifyRequest request, SessionOpenListener listener);

    /**
     * The session ended for good (client closed with 1000/1001, or its resume window passed): drop its
     * subscriptions and presence.
     *
     * @param sessionId the session.
     * @param userId    its user.
     */
    void closeSession(long sessionId, long userId);

    /**
     * Gateway op 3: the session's user sets its presence.
     *
     * @param sessionId the session.
     * @param userId    its user.
     * @param status    {@code online}, {@code idle}, {@code dnd}, {@code invisible} or {@code offline}.
     */
    void updatePresence(long sessionId, long userId, String status);

    /**
     * Gateway op 3 (or the Identify presence) with its activities. Cores that keep no activities take the status.
     *
     * @param sessionId the session.
     * @param userId    its user.
     * @param presence  the validated presence.
     */
    default void updatePresence(long sessionId, long userId, PresenceRequest presence)
    {
        updatePresence(sessionId, userId, presence.status());
    }

    /**
     * Gateway op 8: the core answers with GUILD_MEMBERS_CHUNKs for the session
     * ({@link GatewayCoreListener#onGuildMembersChunk}). A core that holds no member lists (a test fake) answers
     * nothing.
     *
     * @param sessionId the session.
     * @param userId    its user.
     * @param request   the validated request; {@code presences} already requires GUILD_PRESENCES.
     */
    default void requestGuildMembers(long sessionId, long userId, MemberRequest request)
    {
    }

    /**
     * The core's answer to {@link #openSession}. Called once, from any thread.
     */
    interface SessionOpenListener
    {
        /**
         * The session is open.
         *
         * @param ready READY data, guild snapshots and initial topics.
         */
        void onReady(ReadySnapshot ready);

        /**
         * The core refused the session.
         *
         * @param reason one of {@link SessionRejection}'s constants.
         */
        void onRejected(int reason);
    }
}
