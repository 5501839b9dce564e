package io.concord.bench.gateway;

import io.concord.edge.gateway.ChannelSnapshot;
import io.concord.edge.gateway.GatewayCore;
import io.concord.edge.gateway.GuildSnapshot;
import io.concord.edge.gateway.IdentifyRequest;
import io.concord.edge.gateway.MemberSnapshot;
import io.concord.edge.gateway.ReadySnapshot;
import io.concord.edge.gateway.RoleSnapshot;
import io.concord.edge.gateway.UserSnapshot;

import java.util.List;

/**
 * A core with one guild and one text channel that every session joins: answers opens synchronously on the calling
 * thread and subscribes each session to the guild and channel topics. Benchmark scaffolding, not a model of
 * permissions (the tests' fake core is).
 */
final class BenchGatewayCore implements GatewayCore
{
    static final long GUILD_ID = 1000L << 22;
    static final long CHANNEL_ID = (1000L << 22) | 1;
    static final long AUTHOR_ID = 7;

    public void openSession(final long sessionId, final IdentifyRequest request, final SessionOpenListener listener)
    {
        final UserSnapshot user = new UserSnapshot(request.userId(), "bench-" + request.userId(), null, null, true);
        final GuildSnapshot guild = new GuildSnapshot(GUILD_ID, "bench", AUTHOR_ID, 1_600_000_000_000L, 2,
            List.of(new RoleSnapshot(GUILD_ID, "@everyone", 0xC00L, 0, 0)),
            List.of(new ChannelSnapshot(CHANNEL_ID, 0, "general", 0, 0, null)),
            List.of(new MemberSnapshot(user, new long[0], null, 1_600_000_000_000L)));
        listener.onReady(new ReadySnapshot(user, request.userId(), List.of(guild), new long[]{ GUILD_ID, CHANNEL_ID }));
    }

    public void closeSession(final long sessionId, final long userId)
    {
    }

    public void updatePresence(final long sessionId, final long userId, final String status)
    {
    }
}
