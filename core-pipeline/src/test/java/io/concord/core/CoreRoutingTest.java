package io.concord.core;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.GetGuildEncoder;
import io.concord.codecs.LinkProbeEncoder;
import io.concord.codecs.MessageCreatedEncoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.RegisterUserEncoder;
import io.concord.codecs.ResolveInviteEncoder;
import io.concord.codecs.SessionOpenedEncoder;
import io.concord.core.state.Invite;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.SnowflakeIdGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing functions on their own: Discord's shard formula, shard bits in minted ids, case-insensitive
 * username routing, and which key each command routes by.
 */
class CoreRoutingTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void guildShardIsDiscordsFormula()
    {
        final long guildId = 175928847299117063L;
        assertEquals((int)((guildId >> 22) % 16), CoreRouting.shardOfGuild(guildId, 16));
        assertEquals(0, CoreRouting.shardOfGuild(guildId, 1));
        assertEquals(CoreRouting.shardOfGuild(guildId, 7), CoreRouting.shardOfUser(guildId, 7));
    }

    @Test
    void mintedIdsCarryNodeAndShardAndDiscordsEpoch()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(1_462_015_105_796L);
        final SnowflakeIdGenerator ids = new SnowflakeIdGenerator(
            10, 12, CoreRouting.workerId(3, 17), CoreRouting.DISCORD_EPOCH_MS, clock);
        final long id = ids.nextId();
        assertEquals(17, CoreRouting.shardOfMintedId(id));
        assertEquals(3, (id >>> 17) & 0x1F, "node in Discord's worker bits");
        assertEquals(17, (id >>> 12) & 0x1F, "shard in Discord's process bits");
        assertEquals(1_462_015_105_796L, (id >>> 22) + CoreRouting.DISCORD_EPOCH_MS);
        assertTrue(ids.nextId() > id);
    }

    @Test
    void usernamesRouteCaseInsensitively()
    {
        assertEquals(CoreRouting.shardOfUsername("Alice", 13), CoreRouting.shardOfUsername("aLICE", 13));
        assertEquals(CoreRouting.shardOfUsername("Alice", 13), routeRegister("ALICE", 13));
    }

    @Test
    void commandsRouteByTheirKey()
    {
        final long guildId = 175928847299117063L;
        final long userId = 80351110224678912L;
        final long channelId = (12345L << 22) | (5L << 12);

        new GetGuildEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1).userId(userId)
            .guildId(guildId);
        assertEquals(CoreRouting.shardOfGuild(guildId, 8), CoreRouting.shardOf(buffer, 0, 8));

        new SessionOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).sessionId(1).userId(userId);
        assertEquals(CoreRouting.shardOfUser(userId, 8), CoreRouting.shardOf(buffer, 0, 8));

        new CreateMessageEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1).userId(userId)
            .channelId(channelId).referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("").content("x");
        assertEquals(5, CoreRouting.shardOf(buffer, 0, 8));
        assertEquals(CoreRouting.NOT_ROUTABLE, CoreRouting.shardOf(buffer, 0, 4), "a forged channel id");

        new ResolveInviteEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1).userId(userId)
            .code(Invite.codeOf(channelId));
        assertEquals(5, CoreRouting.shardOf(buffer, 0, 8));

        new MessageCreatedEncoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(CoreRouting.NOT_ROUTABLE, CoreRouting.shardOf(buffer, 0, 8), "dispatches are not commands");

        new LinkProbeEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1).shardId(6);
        assertEquals(6, CoreRouting.shardOf(buffer, 0, 8), "a link probe names its shard");
        assertEquals(CoreRouting.NOT_ROUTABLE, CoreRouting.shardOf(buffer, 0, 4), "a probe of a shard not there");
        new LinkProbeEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1).shardId(-1);
        assertEquals(CoreRouting.NOT_ROUTABLE, CoreRouting.shardOf(buffer, 0, 8), "a negative shard");
    }

    @Test
    void inviteCodesRoundTripAndRejectGarbage()
    {
        final long id = 175928847299117063L;
        assertEquals(id, Invite.idOf(Invite.codeOf(id)));
        assertEquals(0, Invite.idOf(""));
        assertEquals(0, Invite.idOf("not a code"));
        assertEquals(0, Invite.idOf("zzzzzzzzzzzzz"));
    }

    @Test
    void badConfigurationIsRefusedWithTheSettingNamed()
    {
        final IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
            () -> new CoreConfiguration.Context().shards(33).conclude());
        assertTrue(shards.getMessage().contains(CoreConfiguration.SHARDS_PROP_NAME), shards.getMessage());
        final IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
            () -> new CoreConfiguration.Context().ringSize(1000).conclude());
        assertTrue(ring.getMessage().contains("power of two"), ring.getMessage());
        final IllegalArgumentException wait = assertThrows(IllegalArgumentException.class,
            () -> new CoreConfiguration.Context().ringWaitStrategy("nap").conclude());
        assertTrue(wait.getMessage().contains(CoreConfiguration.RING_WAIT_STRATEGY_PROP_NAME), wait.getMessage());
    }

    private int routeRegister(final String username, final int shards)
    {
        new RegisterUserEncoder().wrapAndApplyHeader(buffer, 0, header).edgeId(1).correlationId(1)
            .bot(BooleanType.FALSE).username(username).passwordHash("h");
        return CoreRouting.shardOf(buffer, 0, shards);
    }
}
