package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON shapes of DM channels at the gateway: READY's {@code private_channels} and a DM's CHANNEL_CREATE.
 */
class PrivateChannelRenderTest
{
    private static String text(final ByteBuf tail)
    {
        try
        {
            return tail.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            tail.release();
        }
    }

    @Test
    void readyListsPrivateChannelsWithTheOtherUserAsRecipient()
    {
        final ReadySnapshot ready = new ReadySnapshot(new UserSnapshot(1, "me", null, null, true), 1, List.of(),
            new long[0], List.of(new PrivateChannelSnapshot(77, 0, new UserSnapshot(2, "you", null, null, false))));
        final String json = text(DispatchRenderer.readyTail(UnpooledByteBufAllocator.DEFAULT, ready, List.of(),
            "abc", "ws://x/gateway", 0, 1));
        assertTrue(json.contains("\"private_channels\":[{\"id\":\"77\",\"type\":1,\"last_message_id\":null," +
            "\"flags\":0,\"recipients\":[{\"id\":\"2\",\"username\":\"you\""), json);
    }

    @Test
    void channelCreateOfADmHasNoGuild()
    {
        final String json = text(DispatchRenderer.privateChannelCreateTail(UnpooledByteBufAllocator.DEFAULT,
            new PrivateChannelSnapshot(77, 99, new UserSnapshot(2, "you", null, null, true))));
        assertTrue(json.startsWith(",\"t\":\"CHANNEL_CREATE\",\"d\":{\"id\":\"77\",\"type\":1," +
            "\"last_message_id\":\"99\""), json);
        assertTrue(json.contains("\"bot\":true"), json);
        assertTrue(json.endsWith("]}}"), json);
        assertTrue(!json.contains("guild_id"), json);
    }
}
