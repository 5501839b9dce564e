package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import static io.concord.edge.gateway.GatewayJson.ascii;
import static io.concord.edge.gateway.GatewayJson.snowflake;
import static io.concord.edge.gateway.GatewayJson.utf8String;

/**
 * Renders the shared tails of MESSAGE_REACTION_ADD, _REMOVE, _REMOVE_ALL and _REMOVE_EMOJI (see
 * {@link DispatchRenderer} for what a tail is). ADD in a guild carries the reacting {@code member} (JDA builds the
 * event's member from it). Concord has no burst reactions: {@code burst} is false and {@code type} 0. Stateless;
 * called by the core-link thread.
 */
final class ReactionDispatchRenderer
{
    private static final byte[] ADD = ascii(",\"t\":\"MESSAGE_REACTION_ADD\",\"d\":");
    private static final byte[] REMOVE = ascii(",\"t\":\"MESSAGE_REACTION_REMOVE\",\"d\":");
    private static final byte[] REMOVE_ALL = ascii(",\"t\":\"MESSAGE_REACTION_REMOVE_ALL\",\"d\":");
    private static final byte[] REMOVE_EMOJI = ascii(",\"t\":\"MESSAGE_REACTION_REMOVE_EMOJI\",\"d\":");
    private static final byte[] CHANNEL_ID_FIRST = ascii("{\"channel_id\":");
    private static final byte[] MESSAGE_ID = ascii(",\"message_id\":");
    private static final byte[] GUILD_ID = ascii(",\"guild_id\":");
    private static final byte[] USER_ID = ascii(",\"user_id\":");
    private static final byte[] MESSAGE_AUTHOR_ID = ascii(",\"message_author_id\":");
    private static final byte[] MEMBER = ascii(",\"member\":");
    private static final byte[] EMOJI = ascii(",\"emoji\":{\"id\":null,\"name\":");
    private static final byte[] NOT_BURST = ascii(",\"burst\":false,\"type\":0");
    private static final byte[] BURST_COLORS = ascii(",\"burst_colors\":[]");
    private static final byte[] END_TAIL = ascii("}}");

    private ReactionDispatchRenderer()
    {
    }

    /**
     * @param alloc allocator.
     * @param event the reaction change.
     * @return the tail (refCnt 1, owned by the caller).
     */
    static ByteBuf reactionTail(final ByteBufAllocator alloc, final ReactionEvent event)
    {
        final MemberEvent member = event.member();
        final ByteBuf buf = alloc.directBuffer(
            512 + event.emoji().capacity() * 6 + member.username().capacity() * 6 + 24 * member.roleCount());
        switch (event.action())
        {
            case ReactionEvent.ADD -> buf.writeBytes(ADD);
            case ReactionEvent.REMOVE -> buf.writeBytes(REMOVE);
            case ReactionEvent.REMOVE_ALL -> buf.writeBytes(REMOVE_ALL);
            default -> buf.writeBytes(REMOVE_EMOJI);
        }
        buf.writeBytes(CHANNEL_ID_FIRST);
        snowflake(buf, event.channelId());
        buf.writeBytes(MESSAGE_ID);
        snowflake(buf, event.messageId());
        if (0 != event.guildId())
        {
            buf.writeBytes(GUILD_ID);
            snowflake(buf, event.guildId());
        }
        final boolean perUser = ReactionEvent.ADD == event.action() || ReactionEvent.REMOVE == event.action();
        if (perUser)
        {
            buf.writeBytes(USER_ID);
            snowflake(buf, event.userId());
        }
        if (ReactionEvent.ADD == event.action())
        {
            if (0 != event.messageAuthorId())
            {
                buf.writeBytes(MESSAGE_AUTHOR_ID);
                snowflake(buf, event.messageAuthorId());
            }
            if (0 != event.guildId() && 0 != member.userId())
            {
                buf.writeBytes(MEMBER);
                DispatchRenderer.member(buf, member);
            }
            buf.writeBytes(BURST_COLORS);
        }
        if (ReactionEvent.REMOVE_ALL != event.action())
        {
            buf.writeBytes(EMOJI);
            utf8String(buf, event.emoji(), 0, event.emoji().capacity());
            buf.writeByte('}');
        }
        if (perUser)
        {
            buf.writeBytes(NOT_BURST);
        }
        buf.writeBytes(END_TAIL);
        return buf;
    }
}
