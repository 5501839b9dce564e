package io.concord.edge.gateway;

import io.concord.common.PresenceTopics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * In-memory stand-in for the core, behaving like the real one towards the gateway: guilds with roles, channels and
 * members, per-user channel visibility, topic subscriptions (guild + visible channels) computed at open and updated
 * by deltas when visibility changes, and messages/typing dispatched to channel topics after a permission check.
 * Every model change and every call into the edge runs on one "core thread" (the given executor), as the real
 * core link does.
 */
final class FakeGatewayCore implements GatewayCore
{
    static final long APPLICATION_ID = 9_000L << 22;

    private final Executor coreThread;
    private final Map<Long, UserSnapshot> users = new HashMap<>();
    private final Map<Long, Guild> guilds = new LinkedHashMap<>();
    private final Map<Long, Long> guildOfChannel = new HashMap<>();
    private final Map<Long, IdentifyRequest> sessions = new HashMap<>();
    private final List<Long> closedSessions = new CopyOnWriteArrayList<>();
    private final List<String> presenceUpdates = new CopyOnWriteArrayList<>();
    private final List<MemberRequest> memberRequests = new CopyOnWriteArrayList<>();
    private final MessageEvent messageEvent = new MessageEvent();
    private final MemberEvent memberEvent = new MemberEvent();
    private GatewayCoreListener edge;
    private long lastMessageId;
    private int rejectNextWith;

    FakeGatewayCore(final Executor coreThread)
    {
        this.coreThread = coreThread;
    }

    static final class Guild
    {
        final long id;
        final String name;
        final long ownerId;
        final Map<Long, String> channels = new LinkedHashMap<>();
        final Set<Long> members = new HashSet<>();
        final Map<Long, Set<Long>> hiddenFrom = new HashMap<>();

        Guild(final long id, final String name, final long ownerId)
        {
            this.id = id;
            this.name = name;
            this.ownerId = ownerId;
        }

        boolean canView(final long userId, final long channelId)
        {
            return members.contains(userId) && !hiddenFrom.getOrDefault(channelId, Set.of()).contains(userId);
        }
    }

    void edge(final GatewayCoreListener edge)
    {
        this.edge = edge;
    }

    /**
     * A snowflake whose creation time is the guild's shard routing input: {@code id >> 22} is the "time" part.
     */
    static long snowflake(final long timePart, final long low)
    {
        return (timePart << 22) | low;
    }

    void addUser(final long id, final String name, final boolean bot)
    {
        run(() -> users.put(id, new UserSnapshot(id, name, null, null, bot)));
    }

    void addGuild(final long guildId, final String name, final long ownerId)
    {
        run(() -> guilds.put(guildId, new Guild(guildId, name, ownerId)));
    }

    void addChannel(final long guildId, final long channelId, final String name)
    {
        run(() ->
        {
            guilds.get(guildId).channels.put(channelId, name);
            guildOfChannel.put(channelId, guildId);
        });
    }

    void addMember(final long guildId, final long userId)
    {
        run(() -> guilds.get(guildId).members.add(userId));
    }

    void rejectNextOpen(final int reason)
    {
        run(() -> rejectNextWith = reason);
    }

    /**
     * Changes whether a user can view a channel and pushes the subscription delta to the user's sessions, in order
     * with later dispatches.
     */
    void setCanView(final long userId, final long channelId, final boolean canView)
    {
        run(() ->
        {
            final Guild guild = guilds.get(guildOfChannel.get(channelId));
            final Set<Long> hidden = guild.hiddenFrom.computeIfAbsent(channelId, (k) -> new HashSet<>());
            if (canView)
            {
                hidden.remove(userId);
            }
            else
            {
                hidden.add(userId);
            }
            for (final Map.Entry<Long, IdentifyRequest> session : sessions.entrySet())
            {
                if (session.getValue().userId() == userId)
                {
                    edge.onSubscriptionChanged(session.getKey(), canView && guild.members.contains(userId), channelId);
                }
            }
        });
    }

    boolean canView(final long userId, final long channelId)
    {
        final Guild guild = guilds.get(guildOfChannel.get(channelId));
        return guild.canView(userId, channelId);
    }

    /**
     * Sends a message as a user, as the core does for REST {@code POST /channels/{id}/messages}.
     */
    void createMessage(final long authorId, final long channelId, final String content, final long... mentions)
    {
        run(() ->
        {
            final long guildId = guildOfChannel.get(channelId);
            if (!guilds.get(guildId).canView(authorId, channelId))
            {
                return;
            }
            final long messageId = nextMessageId();
            messageEvent.reset()
                .ids(guildId, channelId, messageId, authorId)
                .texts(users.get(authorId).username(), content)
                .authorBot(users.get(authorId).bot());
            for (final long mention : mentions)
            {
                messageEvent.addMention(mention);
            }
            edge.onMessageCreated(messageEvent);
        });
    }

    void typing(final long userId, final long channelId)
    {
        run(() -> edge.onTypingStarted(channelId, 1_700_000_000_000L, memberEvent.reset()
            .member(guildOfChannel.get(channelId), userId, 1_600_000_000_000L, users.get(userId).bot())
            .username(users.get(userId).username())));
    }

    /**
     * @return the id of the open session of a user (the first, when several).
     */
    long sessionOf(final long userId)
    {
        for (final Map.Entry<Long, IdentifyRequest> session : sessions.entrySet())
        {
            if (session.getValue().userId() == userId)
            {
                return session.getKey();
            }
        }
        throw new IllegalStateException("no session of user " + userId);
    }

    List<Long> closedSessions()
    {
        return closedSessions;
    }

    List<String> presenceUpdates()
    {
        return presenceUpdates;
    }

    public void openSession(final long sessionId, final IdentifyRequest request, final SessionOpenListener listener)
    {
        run(() ->
        {
            if (0 != rejectNextWith)
            {
                final int reason = rejectNextWith;
                rejectNextWith = 0;
                listener.onRejected(reason);
                return;
            }
            final UserSnapshot user = users.get(request.userId());
            if (null == user)
            {
                listener.onRejected(SessionRejection.AUTHENTICATION_FAILED);
                return;
            }
            sessions.put(sessionId, request);
            final List<GuildSnapshot> snapshots = new ArrayList<>();
            final List<Long> topics = new ArrayList<>();
            for (final Guild guild : guilds.values())
            {
                if (!guild.members.contains(request.userId()) ||
                    !GatewayIntents.isOnShard(guild.id, request.shardId(), request.shardCount()))
                {
                    continue;
                }
                topics.add(guild.id);
                if ((request.intents() & GatewayIntents.GUILD_PRESENCES) != 0)
                {
                    // As the core does for a guild that is not large for the session.
                    topics.add(PresenceTopics.presenceTopicOf(guild.id));
                }
                final List<ChannelSnapshot> channels = new ArrayList<>();
                int position = 0;
                for (final Map.Entry<Long, String> channel : guild.channels.entrySet())
                {
                    if (guild.canView(request.userId(), channel.getKey()))
                    {
                        channels.add(new ChannelSnapshot(channel.getKey(), 0, channel.getValue(), position++, 0, null));
                        topics.add(channel.getKey());
                    }
                }
                final List<MemberSnapshot> members = new ArrayList<>();
                for (final long memberId : guild.members)
                {
                    members.add(new MemberSnapshot(users.get(memberId), new long[0], null, 1_600_000_000_000L));
                }
                snapshots.add(new GuildSnapshot(guild.id, guild.name, guild.ownerId, 1_600_000_000_000L,
                    guild.members.size(), List.of(new RoleSnapshot(guild.id, "@everyone", 0x400L | 0x800L, 0, 0)),
                    channels, members));
            }
            final long[] topicIds = topics.stream().mapToLong(Long::longValue).toArray();
            listener.onReady(new ReadySnapshot(user, APPLICATION_ID, snapshots, topicIds));
        });
    }

    public void closeSession(final long sessionId, final long userId)
    {
        run(() ->
        {
            sessions.remove(sessionId);
            closedSessions.add(sessionId);
        });
    }

    public void requestGuildMembers(final long sessionId, final long userId, final MemberRequest request)
    {
        run(() -> memberRequests.add(request));
    }

    List<MemberRequest> memberRequests()
    {
        return memberRequests;
    }

    public void updatePresence(final long sessionId, final long userId, final String status)
    {
        run(() -> presenceUpdates.add(userId + ":" + status));
    }

    private long nextMessageId()
    {
        final long candidate = snowflake(System.currentTimeMillis() - GatewayJson.DISCORD_EPOCH_MS, 0);
        lastMessageId = Math.max(candidate, lastMessageId + 1);
        return lastMessageId;
    }

    private void run(final Runnable task)
    {
        coreThread.execute(task);
    }
}
