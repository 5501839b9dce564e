package io.concord.core.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A direct-message channel (Discord type 1) between two users, held by the shard that owns the pair (see
 * {@code CoreRouting.shardOfDm}): its recipients as they were when it was opened (name and bot flag), the last
 * message sent, typing indicators, and the gateway sessions subscribed to its topic. Touched only by that shard's
 * thread.
 */
public final class DmChannel
{
    /**
     * Discord's DM channel type.
     */
    public static final int DM = 1;

    private final long id;
    private final long[] userIds;
    private final String[] usernames;
    private final byte[][] usernamesUtf8;
    private final boolean[] bots;
    private final Channel typing;
    private final List<GuildSession> sessions = new ArrayList<>(4);
    private long lastMessageId;

    /**
     * @param id            channel id, minted by the owning shard.
     * @param userId        the user who opened it.
     * @param username      that user's name.
     * @param bot           whether that user is a bot.
     * @param recipientId   the other user.
     * @param recipientName the other user's name.
     * @param recipientBot  whether the other user is a bot.
     */
    public DmChannel(
        final long id,
        final long userId,
        final String username,
        final boolean bot,
        final long recipientId,
        final String recipientName,
        final boolean recipientBot)
    {
        this.id = id;
        this.userIds = new long[]{ userId, recipientId };
        this.usernames = new String[]{ username, recipientName };
        this.usernamesUtf8 = new byte[][]{
            username.getBytes(StandardCharsets.UTF_8), recipientName.getBytes(StandardCharsets.UTF_8) };
        this.bots = new boolean[]{ bot, recipientBot };
        this.typing = new Channel(id, 0, DM, "");
    }

    public long id()
    {
        return id;
    }

    /**
     * @param userId a user.
     * @return 0 or 1 for a recipient, -1 for anyone else.
     */
    public int indexOf(final long userId)
    {
        return userIds[0] == userId ? 0 : userIds[1] == userId ? 1 : -1;
    }

    /**
     * @param index 0 (the opener) or 1.
     * @return that recipient's id.
     */
    public long userId(final int index)
    {
        return userIds[index];
    }

    /**
     * @param index 0 or 1.
     * @return that recipient's name.
     */
    public String username(final int index)
    {
        return usernames[index];
    }

    /**
     * @param index 0 or 1.
     * @return that recipient's name as UTF-8, shared: do not modify.
     */
    public byte[] usernameUtf8(final int index)
    {
        return usernamesUtf8[index];
    }

    /**
     * @param index 0 or 1.
     * @return whether that recipient is a bot.
     */
    public boolean bot(final int index)
    {
        return bots[index];
    }

    /**
     * @return the newest message id sent in this channel since the shard started, 0 if none.
     */
    public long lastMessageId()
    {
        return lastMessageId;
    }

    public void lastMessageId(final long lastMessageId)
    {
        this.lastMessageId = lastMessageId;
    }

    /**
     * @return the channel state used for typing indicators (guild 0, type DM).
     */
    public Channel typing()
    {
        return typing;
    }

    /**
     * @return sessions subscribed to this channel's topic.
     */
    public List<GuildSession> sessions()
    {
        return sessions;
    }

    /**
     * @param edgeId    edge.
     * @param sessionId session on that edge.
     * @return the subscription or null.
     */
    public GuildSession session(final int edgeId, final long sessionId)
    {
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final GuildSession session = sessions.get(i);
            if (session.edgeId() == edgeId && session.sessionId() == sessionId)
            {
                return session;
            }
        }
        return null;
    }
}
