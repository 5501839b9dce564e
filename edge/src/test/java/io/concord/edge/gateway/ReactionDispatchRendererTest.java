package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MESSAGE_REACTION_* payloads as Discord's gateway docs describe them, parsed back as JSON.
 */
class ReactionDispatchRendererTest
{
    private static final String THUMBS = "\uD83D\uDC4D";

    @Test
    void addCarriesMemberEmojiAuthorAndBurstFields()
    {
        final ReactionEvent event = new ReactionEvent().reset(ReactionEvent.ADD, 11, 22, 33, 44, 55).emoji(THUMBS);
        event.member().member(11, 44, 1_700_000_000_000L, false).username("bob").addRole(66);
        final ServerPayload payload = render(event);
        assertEquals("MESSAGE_REACTION_ADD", payload.t());
        final Map<String, Object> d = payload.dObject();
        assertEquals("22", d.get("channel_id"));
        assertEquals("33", d.get("message_id"));
        assertEquals("11", d.get("guild_id"));
        assertEquals("44", d.get("user_id"));
        assertEquals("55", d.get("message_author_id"));
        final Map<String, Object> emoji = object(d, "emoji");
        assertTrue(emoji.containsKey("id") && null == emoji.get("id"));
        assertEquals(THUMBS, emoji.get("name"));
        assertEquals(Boolean.FALSE, d.get("burst"));
        assertEquals(0L, d.get("type"));
        assertEquals(List.of(), d.get("burst_colors"));
        final Map<String, Object> member = object(d, "member");
        assertEquals("bob", object(member, "user").get("username"));
        assertEquals(List.of("66"), member.get("roles"));
    }

    @Test
    void removeAllAndRemoveEmojiCarryOnlyTheirFields()
    {
        final ServerPayload all = render(new ReactionEvent().reset(ReactionEvent.REMOVE_ALL, 11, 22, 33, 0, 55));
        assertEquals("MESSAGE_REACTION_REMOVE_ALL", all.t());
        assertEquals(3, all.dObject().size(), all.toString());

        final ServerPayload emoji = render(
            new ReactionEvent().reset(ReactionEvent.REMOVE_EMOJI, 11, 22, 33, 0, 55).emoji("\"\\"));
        assertEquals("MESSAGE_REACTION_REMOVE_EMOJI", emoji.t());
        assertEquals("\"\\", object(emoji.dObject(), "emoji").get("name"), "escaped like any string");
        assertFalse(emoji.dObject().containsKey("user_id"));

        final ServerPayload remove = render(new ReactionEvent().reset(ReactionEvent.REMOVE, 0, 22, 33, 44, 0)
            .emoji(THUMBS));
        assertEquals("MESSAGE_REACTION_REMOVE", remove.t());
        assertFalse(remove.dObject().containsKey("guild_id"), "a DM reaction has no guild_id");
        assertFalse(remove.dObject().containsKey("member"));
        assertEquals("44", remove.dObject().get("user_id"));
    }

    @SuppressWarnings("unchecked") // test helper over the JSON tree.
    private static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        return (Map<String, Object>)parent.get(name);
    }

    private static ServerPayload render(final ReactionEvent event)
    {
        final ByteBuf tail = ReactionDispatchRenderer.reactionTail(UnpooledByteBufAllocator.DEFAULT, event);
        try
        {
            return new ServerPayload("{\"op\":0,\"s\":1" + tail.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            tail.release();
        }
    }
}
