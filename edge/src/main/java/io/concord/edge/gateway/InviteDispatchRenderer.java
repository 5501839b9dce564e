package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import static io.concord.edge.gateway.GatewayJson.ascii;
import static io.concord.edge.gateway.GatewayJson.bool;
import static io.concord.edge.gateway.GatewayJson.number;
import static io.concord.edge.gateway.GatewayJson.snowflake;
import static io.concord.edge.gateway.GatewayJson.string;
import static io.concord.edge.gateway.GatewayJson.timestamp;

/**
 * Renders INVITE_CREATE ({@code channel_id, code, created_at, guild_id, inviter, max_age, max_uses, temporary, uses})
 * and INVITE_DELETE ({@code channel_id, guild_id, code}) tails, as Discord shapes them. Stateless; any thread.
 */
final class InviteDispatchRenderer
{
    private static final byte[] INVITE_CREATE = ascii(",\"t\":\"INVITE_CREATE\",\"d\":{\"channel_id\":");
    private static final byte[] INVITE_DELETE = ascii(",\"t\":\"INVITE_DELETE\",\"d\":{\"channel_id\":");

    private InviteDispatchRenderer()
    {
    }

    /**
     * @param alloc   allocator.
     * @param created INVITE_CREATE, else INVITE_DELETE.
     * @param invite  the invite.
     * @return the tail.
     */
    static ByteBuf inviteTail(final ByteBufAllocator alloc, final boolean created, final InviteSnapshot invite)
    {
        final ByteBuf buf = alloc.directBuffer(512);
        buf.writeBytes(created ? INVITE_CREATE : INVITE_DELETE);
        snowflake(buf, invite.channelId());
        buf.writeBytes(ascii(",\"guild_id\":"));
        snowflake(buf, invite.guildId());
        buf.writeBytes(ascii(",\"code\":"));
        string(buf, invite.code());
        if (created)
        {
            buf.writeBytes(ascii(",\"created_at\":"));
            timestamp(buf, invite.createdAtMs());
            buf.writeBytes(ascii(",\"inviter\":{\"id\":"));
            snowflake(buf, invite.inviter().id());
            buf.writeBytes(ascii(",\"username\":"));
            string(buf, invite.inviter().username());
            buf.writeBytes(ascii(",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null,\"bot\":"));
            bool(buf, invite.inviter().bot());
            buf.writeBytes(ascii("},\"max_age\":"));
            number(buf, invite.maxAgeSeconds());
            buf.writeBytes(ascii(",\"max_uses\":"));
            number(buf, invite.maxUses());
            buf.writeBytes(ascii(",\"temporary\":false,\"uses\":"));
            number(buf, invite.uses());
        }
        buf.writeBytes(ascii("}}"));
        return buf;
    }
}
