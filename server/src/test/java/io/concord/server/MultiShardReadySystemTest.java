package io.concord.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.core.CoreRouting;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * READY from a two-shard core over real sockets while messages keep arriving in guilds of both shards: every session
 * gets READY first, then a GUILD_CREATE of each guild before any of its events, with contiguous sequence numbers, and
 * the messages it gets of each channel are an unbroken run of those created (none lost in between, none reordered).
 * Which dispatches race the READY parts depends on timing; the deterministic reproduction is the edge's
 * {@code MultiShardReadyTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiShardReadySystemTest
{
    private static final int TEST_EDGE_ID = 9;
    private static final int SHARDS = 2;
    private static final int SESSIONS = 4;
    private static final int MESSAGES_PER_CHANNEL_PER_SESSION = 5;
    private static final int MAX_MESSAGES = 4_000;
    private static final long INTENTS = (1 << 0) | (1 << 9) | (1 << 15);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension()
        .property("concord.core.shards", Integer.toString(SHARDS))
        .property("concord.edge.gateway.identify.window.ms", "1");

    @Test
    void sessionsIdentifyingWhileBothShardsDispatchMissNothingAfterTheirGuildCreate() throws Exception
    {
        assertEquals(SHARDS, server.server().coreShards());
        final TestCoreLink link = server.closeAfterTest(new TestCoreLink(server.server(), TEST_EDGE_ID));
        final TestCoreLink.Account account = link.register("multi-shard-bot");
        final long userId = account.userId();
        final Map<Integer, long[]> guildOfShard = new HashMap<>();
        for (int i = 0; i < 16 && guildOfShard.size() < SHARDS; i++)
        {
            final long[] guild = link.createGuild(userId, "guild " + i);
            guildOfShard.putIfAbsent(CoreRouting.shardOfGuild(guild[0], SHARDS), guild);
        }
        assertEquals(SHARDS, guildOfShard.size(), "a guild on each core shard");
        final long[] channels = { guildOfShard.get(0)[1], guildOfShard.get(1)[1] };
        final Map<Long, List<Long>> created = new HashMap<>();
        for (final long channel : channels)
        {
            created.put(channel, new CopyOnWriteArrayList<>());
        }

        final AtomicBoolean writing = new AtomicBoolean(true);
        final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        final Thread writer = new Thread(() ->
        {
            try
            {
                for (int n = 0; writing.get() && n < MAX_MESSAGES; n++)
                {
                    final long channel = channels[n % channels.length];
                    created.get(channel).add(createMessage(link, userId, channel, "m" + n));
                }
            }
            catch (final Throwable ex)
            {
                writerFailure.set(ex);
            }
        }, "multi-shard-writer");

        final String token = server.token(userId, account.generation());
        final List<Map<Long, List<Long>>> delivered = new ArrayList<>();
        writer.start();
        try
        {
            for (int i = 0; i < SESSIONS; i++)
            {
                try (GatewayFrameClient frames = GatewayFrameClient.identify(server.httpAddress(), token, INTENTS, ""))
                {
                    delivered.add(readSession(frames, guildOfShard));
                }
            }
        }
        finally
        {
            writing.set(false);
            writer.join(30_000);
        }
        assertNull(writerFailure.get(), () -> "message writer failed: " + writerFailure.get());

        for (final Map<Long, List<Long>> session : delivered)
        {
            for (final long channel : channels)
            {
                assertUnbrokenRun(created.get(channel), session.get(channel));
            }
        }
    }

    /**
     * Reads one session until it has its GUILD_CREATEs and some messages of each channel, checking the order.
     *
     * @return the message ids it got per channel, in arrival order.
     */
    private static Map<Long, List<Long>> readSession(
        final GatewayFrameClient frames, final Map<Integer, long[]> guildOfShard) throws Exception
    {
        final Map<Long, List<Long>> messages = new HashMap<>();
        for (final long[] guild : guildOfShard.values())
        {
            messages.put(guild[1], new ArrayList<>());
        }
        final Set<Long> guildsCreated = new HashSet<>();
        long expectedSeq = 1;
        while (guildsCreated.size() < guildOfShard.size() || !enough(messages))
        {
            final JsonNode frame = MAPPER.readTree(frames.next());
            if (0 != frame.get("op").asInt())
            {
                continue;
            }
            final String type = frame.get("t").asText();
            assertEquals(expectedSeq, frame.get("s").asLong(), () -> "contiguous sequence numbers: " + frame);
            if (1 == expectedSeq)
            {
                assertEquals("READY", type, "READY first");
            }
            expectedSeq++;
            if ("GUILD_CREATE".equals(type))
            {
                guildsCreated.add(frame.get("d").get("id").asLong());
            }
            else if ("MESSAGE_CREATE".equals(type))
            {
                final long guildId = frame.get("d").get("guild_id").asLong();
                assertTrue(guildsCreated.contains(guildId), () -> "a guild's GUILD_CREATE precedes its events: " +
                    frame);
                messages.get(frame.get("d").get("channel_id").asLong()).add(frame.get("d").get("id").asLong());
            }
        }
        return messages;
    }

    private static boolean enough(final Map<Long, List<Long>> messages)
    {
        for (final List<Long> ids : messages.values())
        {
            if (ids.size() < MESSAGES_PER_CHANNEL_PER_SESSION)
            {
                return false;
            }
        }
        return true;
    }

    private static void assertUnbrokenRun(final List<Long> created, final List<Long> delivered)
    {
        final int first = created.indexOf(delivered.get(0));
        assertTrue(first >= 0, () -> "delivered message " + delivered.get(0) + " was created");
        assertEquals(created.subList(first, first + delivered.size()), delivered,
            "a session's messages of a channel are an unbroken run of those created");
    }

    private static long createMessage(
        final TestCoreLink link, final long userId, final long channelId, final String content) throws Exception
    {
        final long correlationId = link.nextCorrelationId();
        final CreateMessageEncoder create = new CreateMessageEncoder()
            .wrapAndApplyHeader(link.frame(), 0, link.headerEncoder())
            .edgeId(link.edgeId()).correlationId(correlationId).userId(userId).channelId(channelId)
            .referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("").content(content);
        final DirectBuffer reply = link.request(correlationId, create.encodedLength());
        return new MessageCreatedDecoder()
            .wrapAndApplyHeader(reply, 0, new MessageHeaderDecoder().wrap(reply, 0)).messageId();
    }
}
