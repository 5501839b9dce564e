package io.concord.core.shard;

import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdateDecoder;
import io.concord.codecs.PresenceUpdatedEncoder;
import io.concord.core.CoreRouting;
import io.concord.core.presence.PresenceCoalescer;
import io.concord.core.presence.ShardTimerWheel;
import io.concord.core.state.User;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.nio.ByteOrder;
import java.util.ArrayList;

/**
 * A user's presence in its user shard: the aggregate of its sessions, coalesced per window, sent as one
 * PresenceUpdated hop to the shard of each of its guilds.
 * <p>
 * Aggregation (one rule, stated for clients): the shown status is the most available one over the user's sessions,
 * online &gt; dnd &gt; idle; invisible sessions count as offline, and a user with no session left (after the resume
 * window of the last one) is offline. The activities are those of the session whose status won; on a tie a session
 * that is not {@code afk} wins over one that is (an away desktop does not hide what the phone in use shows), then
 * the most recently updated one. An offline or invisible user shows none. {@code since} is kept per session, as
 * Discord keeps it, and like Discord's PRESENCE_UPDATE the hops do not carry it.
 * <p>
 * Owned by the shard's thread; allocation free in steady state (a user's buffers are allocated at its first change
 * and grow only to the largest activities it ever set).
 */
final class PresenceAggregator implements PresenceCoalescer.WindowEndHandler
{
    /**
     * Activities a session may hold; more are refused by the edge, and a frame with more is ignored here.
     */
    static final int MAX_ACTIVITIES = 5;

    /**
     * Longest encoded activities group kept per session.
     */
    static final int MAX_ACTIVITIES_BYTES = 4096;

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final ByteOrder ORDER = MessageHeaderEncoder.BYTE_ORDER;

    /**
     * What was last sent for one user.
     */
    private static final class Published
    {
        PresenceStatus status = PresenceStatus.OFFLINE;
        final ExpandableArrayBuffer activities = new ExpandableArrayBuffer(64);
        int activitiesLength;
    }

    private final int shardCount;
    private final ShardOutbound outbound;
    private final PresenceCoalescer coalescer;
    private final Long2ObjectHashMap<User> users;
    private final Long2ObjectHashMap<ArrayList<UserSession>> userSessions;
    private final Long2ObjectHashMap<Published> published = new Long2ObjectHashMap<>();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PresenceUpdatedEncoder encoder = new PresenceUpdatedEncoder();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1024);
    private long updateSequence;
    private long publishedCount;

    PresenceAggregator(
        final int shardCount,
        final ShardOutbound outbound,
        final long windowMs,
        final long startMs,
        final Long2ObjectHashMap<User> users,
        final Long2ObjectHashMap<ArrayList<UserSession>> userSessions)
    {
        this.shardCount = shardCount;
        this.outbound = outbound;
        this.users = users;
        this.userSessions = userSessions;
        this.coalescer = new PresenceCoalescer(windowMs, new ShardTimerWheel(startMs), this);
    }

    /**
     * Gateway op 3 (or the Identify presence) of one session: keeps its status and activities, then republishes.
     *
     * @param cmd     the command, positioned after its fixed block (status, since and afk already read).
     * @param sinceMs its {@code since}: when the client went idle, 0 for null.
     * @param afk     its {@code afk}.
     * @param nowMs   the clock's time.
     * @return false when the frame was refused (unknown session, bad status, too many or too long activities).
     */
    boolean onPresenceUpdate(
        final PresenceUpdateDecoder cmd, final long sinceMs, final boolean afk, final long nowMs)
    {
        final int edgeId = cmd.edgeId();
        final long sessionId = cmd.sessionId();
        final long userId = cmd.userId();
        final PresenceStatus status = cmd.status();
        final User user = users.get(userId);
        final ArrayList<UserSession> sessions = userSessions.get(userId);
        if (null == user || null == sessions || PresenceStatus.NULL_VAL == status)
        {
            return false;
        }
        UserSession session = null;
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final UserSession candidate = sessions.get(i);
            if (candidate.edgeId == edgeId && candidate.sessionId == sessionId)
            {
                session = candidate;
            }
        }
        final int start = cmd.limit();
        final PresenceUpdateDecoder.ActivitiesDecoder activities = cmd.activities();
        if (null == session || activities.count() > MAX_ACTIVITIES)
        {
            return false;
        }
        while (activities.hasNext())
        {
            activities.next().activityType();
            activities.skipName();
            activities.skipState();
        }
        final int length = cmd.limit() - start;
        if (length > MAX_ACTIVITIES_BYTES)
        {
            return false;
        }
        session.status = status;
        session.sinceMs = sinceMs;
        session.afk = afk;
        session.updateSequence = ++updateSequence;
        session.activities.putBytes(0, cmd.buffer(), start, length);
        session.activitiesLength = 0 == activities.count() ? 0 : length;
        onChange(user, nowMs);
        return true;
    }

    /**
     * A session opened or closed: republish the aggregate.
     *
     * @param user  the user.
     * @param nowMs the clock's time.
     */
    void onSessionsChanged(final User user, final long nowMs)
    {
        onChange(user, nowMs);
    }

    /**
     * @param session a newly opened session.
     */
    void onSessionOpened(final UserSession session)
    {
        session.updateSequence = ++updateSequence;
    }

    /**
     * Ends the coalescing windows due by now.
     *
     * @param nowMs the clock's time.
     * @return windows ended.
     */
    int poll(final long nowMs)
    {
        return coalescer.poll(nowMs);
    }

    /**
     * @return PresenceUpdated states published (each goes to every guild of its user).
     */
    long publishedCount()
    {
        return publishedCount;
    }

    PresenceCoalescer coalescer()
    {
        return coalescer;
    }

    public boolean onWindowEnd(final long userId, final long nowMs)
    {
        final User user = users.get(userId);
        return null != user && publishIfChanged(user);
    }

    private void onChange(final User user, final long nowMs)
    {
        final UserSession winner = winner(user.id());
        final PresenceStatus shown = shown(winner);
        final Published last = published.get(user.id());
        if (isSame(last, shown, winner))
        {
            return;
        }
        if (coalescer.onChange(user.id(), nowMs))
        {
            publishIfChanged(user);
        }
    }

    private boolean publishIfChanged(final User user)
    {
        final UserSession winner = winner(user.id());
        final PresenceStatus shown = shown(winner);
        Published last = published.get(user.id());
        if (isSame(last, shown, winner))
        {
            return false;
        }
        if (null == last)
        {
            last = new Published();
            published.put(user.id(), last);
        }
        final int activitiesLength = PresenceStatus.OFFLINE == shown ? 0 : winner.activitiesLength;
        last.status = shown;
        last.activitiesLength = activitiesLength;
        if (activitiesLength > 0)
        {
            last.activities.putBytes(0, winner.activities, 0, activitiesLength);
        }
        user.presence(shown);
        publishedCount++;

        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder).edgeId(0).guildId(0).userId(user.id()).status(shown);
        if (0 == activitiesLength)
        {
            encoder.activitiesCount(0);
        }
        else
        {
            final int groupAt = encoder.limit();
            buffer.putBytes(groupAt, last.activities, 0, activitiesLength);
            encoder.limit(groupAt + activitiesLength);
        }
        final int length = HEADER + encoder.encodedLength();
        final LongHashSet.LongIterator it = user.guildIds().iterator();
        while (it.hasNext())
        {
            final long guildId = it.nextValue();
            buffer.putLong(HEADER + PresenceUpdatedEncoder.guildIdEncodingOffset(), guildId, ORDER);
            outbound.toShard(CoreRouting.shardOfGuild(guildId, shardCount), buffer, 0, length);
        }
        return true;
    }

    private UserSession winner(final long userId)
    {
        final ArrayList<UserSession> sessions = userSessions.get(userId);
        UserSession winner = null;
        if (null != sessions)
        {
            for (int i = 0, n = sessions.size(); i < n; i++)
            {
                final UserSession session = sessions.get(i);
                if (null == winner || beats(session, winner))
                {
                    winner = session;
                }
            }
        }
        return winner;
    }

    private static boolean beats(final UserSession session, final UserSession winner)
    {
        final int rank = rank(session.status);
        final int winnerRank = rank(winner.status);
        if (rank != winnerRank)
        {
            return rank > winnerRank;
        }
        if (session.afk != winner.afk)
        {
            return !session.afk;
        }
        return session.updateSequence > winner.updateSequence;
    }

    private static PresenceStatus shown(final UserSession winner)
    {
        return null == winner || 0 == rank(winner.status) ? PresenceStatus.OFFLINE : winner.status;
    }

    private static boolean isSame(final Published last, final PresenceStatus shown, final UserSession winner)
    {
        if (null == last)
        {
            return PresenceStatus.OFFLINE == shown;
        }
        if (last.status != shown)
        {
            return false;
        }
        final int length = PresenceStatus.OFFLINE == shown ? 0 : winner.activitiesLength;
        return length == last.activitiesLength &&
            sameBytes(last.activities, winner.activities, length);
    }

    private static boolean sameBytes(
        final ExpandableArrayBuffer a, final ExpandableArrayBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    private static int rank(final PresenceStatus status)
    {
        switch (status)
        {
            case ONLINE:
                return 3;
            case DND:
                return 2;
            case IDLE:
                return 1;
            default:
                return 0;
        }
    }
}
