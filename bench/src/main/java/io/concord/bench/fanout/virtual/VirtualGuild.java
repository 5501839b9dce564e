package io.concord.bench.fanout.virtual;

import io.concord.codecs.PresenceStatus;
import io.concord.core.CoreRouting;
import io.concord.core.shard.GuildShard;
import io.concord.core.shard.TopicRoutes;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.GuildSession;
import io.concord.core.state.Member;
import io.concord.core.state.User;

import java.util.List;

/**
 * The guild of a virtual run: created through the real core (its owner registered and the guild made by commands
 * over Aeron), then filled directly with N members, one online session each, through the core's own state classes
 * ({@link User}, {@link Member}, {@link GuildSession}, {@link TopicRoutes}) instead of N invites and N Identify
 * round trips. Member ordinal i is user {@code USER_ID_BASE + i}, on edge {@code 1 + i % edges}.
 * <p>
 * {@link #seedCore} runs on the harness thread while the core is idle (no command in flight); the commands sent
 * afterwards over Aeron order those writes before the shard thread's next reads.
 */
final class VirtualGuild
{
    static final String GUILD_NAME = "virtual fan-out";
    static final String CHANNEL_NAME = "general";
    /**
     * Far below the ids the core mints now (those carry the current time), so seeded users never collide with them.
     */
    static final long USER_ID_BASE = 1_000_000_000L << 22;

    private final long guildId;
    private final long channelId;
    private final long ownerId;
    private final int members;
    private final int edges;
    private final long joinedAtMs;
    private final long everyonePermissions;

    /**
     * @param guildId             guild made by the core.
     * @param channelId           its text channel.
     * @param ownerId             its owner, the author of every message.
     * @param members             members to seed, each with one session.
     * @param edges               edges the sessions spread over.
     * @param everyonePermissions permissions of the guild's {@code @everyone} role, for the sessions' GUILD_CREATE.
     */
    VirtualGuild(
        final long guildId,
        final long channelId,
        final long ownerId,
        final int members,
        final int edges,
        final long everyonePermissions)
    {
        this.everyonePermissions = everyonePermissions;
        this.guildId = guildId;
        this.channelId = channelId;
        this.ownerId = ownerId;
        this.members = members;
        this.edges = edges;
        this.joinedAtMs = System.currentTimeMillis();
    }

    static String username(final int ordinal)
    {
        return "virtual-" + ordinal;
    }

    static long userId(final int ordinal)
    {
        return USER_ID_BASE + ordinal;
    }

    /**
     * @param userId a user id.
     * @return its member ordinal, or -1 when it is not a seeded member.
     */
    int ordinalOf(final long userId)
    {
        final long ordinal = userId - USER_ID_BASE;
        return ordinal >= 0 && ordinal < members ? (int)ordinal : -1;
    }

    /**
     * @param ordinal member ordinal.
     * @return the edge its session is on, 1..edges.
     */
    int edgeOf(final int ordinal)
    {
        return 1 + ordinal % edges;
    }

    /**
     * Adds every member and its session to the core: the user (online, in the guild) on its user shard, the member
     * and the guild session (subscribed to the text channel) on the guild's shard, and one route count per session
     * for the guild topic and the channel topic, as the core's session-open path leaves them.
     *
     * @param shards     the core's shards, indexed by shard id.
     * @param sessionIds edge session id of each ordinal.
     */
    void seedCore(final List<GuildShard> shards, final long[] sessionIds)
    {
        final GuildShard guildShard = shards.get(CoreRouting.shardOfGuild(guildId, shards.size()));
        final Guild guild = guildShard.guild(guildId);
        if (null == guild)
        {
            throw new IllegalStateException("guild " + guildId + " is not on shard " + guildShard.shardId());
        }
        final Channel channel = guildShard.channel(channelId);
        if (null == channel)
        {
            throw new IllegalStateException("channel " + channelId + " is not in guild " + guildId);
        }
        final TopicRoutes routes = guildShard.routes();
        for (int i = 0; i < members; i++)
        {
            final long userId = userId(i);
            final String name = username(i);
            final User user = new User(userId, name, false, 0);
            user.presence(PresenceStatus.ONLINE);
            user.guildIds().add(guildId);
            shards.get(CoreRouting.shardOfUser(userId, shards.size())).users().put(userId, user);

            guild.members().put(userId, new Member(userId, name, false, joinedAtMs));
            final int edgeId = edgeOf(i);
            final GuildSession session = new GuildSession(edgeId, sessionIds[i], userId);
            session.channelIds().add(channelId);
            guild.addSession(session);
            routes.add(guildId, edgeId);
            routes.add(channelId, edgeId);
        }
    }

    long guildId()
    {
        return guildId;
    }

    long channelId()
    {
        return channelId;
    }

    long ownerId()
    {
        return ownerId;
    }

    int memberCount()
    {
        return members + 1;
    }

    long joinedAtMs()
    {
        return joinedAtMs;
    }

    /**
     * @return the {@code @everyone} permissions of the core's guild.
     */
    long everyonePermissions()
    {
        return everyonePermissions;
    }
}
