package io.concord.core.shard;

import io.concord.codecs.ListUserGuildsDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.UserGuildsEncoder;
import io.concord.codecs.UserGuildsHopDecoder;
import io.concord.codecs.UserGuildsHopEncoder;
import io.concord.core.CoreRouting;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import io.concord.core.state.User;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /users/@me/guilds} inside one {@link GuildShard}. The user's shard picks the page of guild ids (ascending,
 * Discord's {@code before}/{@code after}/{@code limit} rules) and sends a {@code UserGuildsHop} to the shard of the
 * first one; every guild shard fills in the pending guilds it owns (name, owner, the user's guild permissions) and
 * passes it on, at most once per shard; the last one answers the edge. Metadata path: allocates. Only the shard's
 * thread may call it.
 */
final class UserGuildLists
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final GuildShard shard;
    private final int shardId;
    private final int shardCount;
    private final ShardOutbound outbound;
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(4096);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UserGuildsHopEncoder hopEncoder = new UserGuildsHopEncoder();
    private final UserGuildsEncoder replyEncoder = new UserGuildsEncoder();
    private final LongArrayList pending = new LongArrayList();
    private final List<Entry> found = new ArrayList<>();

    private record Entry(long guildId, long ownerId, long permissions, String name)
    {
    }

    UserGuildLists(final GuildShard shard, final int shardId, final int shardCount, final ShardOutbound outbound)
    {
        this.shard = shard;
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.outbound = outbound;
    }

    void onListUserGuilds(final ListUserGuildsDecoder cmd)
    {
        final int edgeId = cmd.edgeId();
        final long correlationId = cmd.correlationId();
        final long userId = cmd.userId();
        final long beforeId = cmd.beforeId();
        final long afterId = cmd.afterId();
        final int limit = cmd.maxGuilds();

        final User user = shard.user(userId);
        if (null == user)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_USER);
            return;
        }
        if (limit < 1 || limit > 200)
        {
            shard.reply(edgeId, correlationId, ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
            return;
        }
        final long[] ids = page(user.guildIds(), beforeId, afterId, limit);
        pending.clear();
        found.clear();
        for (final long id : ids)
        {
            pending.addLong(id);
        }
        forward(edgeId, correlationId, userId);
    }

    void onUserGuildsHop(final UserGuildsHopDecoder hop)
    {
        final int edgeId = hop.edgeId();
        final long correlationId = hop.correlationId();
        final long userId = hop.userId();
        pending.clear();
        found.clear();
        for (final UserGuildsHopDecoder.PendingDecoder entry : hop.pending())
        {
            pending.addLong(entry.guildId());
        }
        for (final UserGuildsHopDecoder.GuildsDecoder entry : hop.guilds())
        {
            final long guildId = entry.guildId();
            final long ownerId = entry.ownerId();
            final long permissions = entry.permissions();
            found.add(new Entry(guildId, ownerId, permissions, entry.name()));
        }
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final long guildId = pending.getLong(i);
            if (CoreRouting.shardOfGuild(guildId, shardCount) != shardId)
            {
                continue;
            }
            pending.remove(i);
            final Guild guild = shard.guild(guildId);
            final Member member = null == guild ? null : guild.member(userId);
            if (null != member)
            {
                found.add(new Entry(guildId, guild.ownerId(), Permissions.base(guild, member), guild.name()));
            }
        }
        forward(edgeId, correlationId, userId);
    }

    /**
     * Discord's page: ascending ids; with only {@code before}, the {@code limit} guilds just below it, otherwise the
     * first {@code limit} after {@code after}.
     */
    static long[] page(final LongHashSet guildIds, final long beforeId, final long afterId, final int limit)
    {
        final LongArrayList matching = new LongArrayList();
        final LongHashSet.LongIterator it = guildIds.iterator();
        while (it.hasNext())
        {
            final long id = it.nextValue();
            if ((0 == afterId || id > afterId) && (0 == beforeId || id < beforeId))
            {
                matching.addLong(id);
            }
        }
        final long[] sorted = matching.toLongArray();
        Arrays.sort(sorted);
        if (sorted.length <= limit)
        {
            return sorted;
        }
        return 0 != beforeId && 0 == afterId ?
            Arrays.copyOfRange(sorted, sorted.length - limit, sorted.length) : Arrays.copyOf(sorted, limit);
    }

    private void forward(final int edgeId, final long correlationId, final long userId)
    {
        if (pending.isEmpty())
        {
            found.sort((a, b) -> Long.compare(a.guildId(), b.guildId()));
            final UserGuildsEncoder.GuildsEncoder group = replyEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
                .edgeId(edgeId).correlationId(correlationId).userId(userId).guildsCount(found.size());
            for (final Entry entry : found)
            {
                group.next().guildId(entry.guildId()).ownerId(entry.ownerId()).permissions(entry.permissions())
                    .name(entry.name());
            }
            found.clear();
            shard.send(edgeId, out, HEADER + replyEncoder.encodedLength());
            return;
        }
        final UserGuildsHopEncoder.PendingEncoder pendingGroup = hopEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .edgeId(edgeId).correlationId(correlationId).userId(userId).pendingCount(pending.size());
        for (int i = 0, n = pending.size(); i < n; i++)
        {
            pendingGroup.next().guildId(pending.getLong(i));
        }
        final UserGuildsHopEncoder.GuildsEncoder foundGroup = hopEncoder.guildsCount(found.size());
        for (final Entry entry : found)
        {
            foundGroup.next().guildId(entry.guildId()).ownerId(entry.ownerId()).permissions(entry.permissions())
                .name(entry.name());
        }
        final int next = CoreRouting.shardOfGuild(pending.getLong(0), shardCount);
        pending.clear();
        found.clear();
        outbound.toShard(next, out, 0, HEADER + hopEncoder.encodedLength());
    }
}
