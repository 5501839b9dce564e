package io.concord.edge.gateway;

import io.concord.edge.EdgeConfiguration;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: under random permission changes, messages, disconnects and resumes, no session ever receives a
 * dispatch for a channel its user cannot view at that moment, and every session receives every dispatch of every
 * channel it can view (none lost, in order, gap-free {@code s}). Checked against the fake core's model for many
 * seeded random runs; the default run is short, {@code slow} runs many more seeds.
 */
class VisibilityPropertyTest
{
    private static final long GUILD = FakeGatewayCore.snowflake(3000, 1);
    private static final int USERS = 5;
    private static final int CHANNELS = 4;
    private static final long ALL_INTENTS = GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES |
        GatewayIntents.MESSAGE_CONTENT;

    @Test
    void noDispatchLeaksToSessionsThatCannotViewTheChannel() throws InterruptedException
    {
        for (long seed = 1; seed <= 8; seed++)
        {
            runSeed(seed, 200);
        }
    }

    @Test
    @Tag("slow")
    void noDispatchLeaksUnderManySeeds() throws InterruptedException
    {
        for (long seed = 1; seed <= 100; seed++)
        {
            runSeed(seed, 1_000);
        }
    }

    private static void runSeed(final long seed, final int steps) throws InterruptedException
    {
        final Random random = new Random(seed);
        final Executor direct = Runnable::run;
        final CachedEpochClock clock = new CachedEpochClock();
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .replayBufferSize(1024)
            .identifyMaxConcurrency(1_000)
            .rateLimitCommands(Integer.MAX_VALUE)
            .conclude();
        final FakeGatewayCore core = new FakeGatewayCore(direct);
        final Gateway gateway = new Gateway(ctx, core, GatewayHandlerTest::authenticate, clock, List.of(direct));
        core.edge(gateway);
        core.addGuild(GUILD, "property", 1);
        final long[] channels = new long[CHANNELS];
        for (int c = 0; c < CHANNELS; c++)
        {
            channels[c] = FakeGatewayCore.snowflake(3000, 10 + c);
            core.addChannel(GUILD, channels[c], "c" + c);
        }
        for (long user = 1; user <= USERS; user++)
        {
            core.addUser(user, "u" + user, false);
            core.addMember(GUILD, user);
            for (final long channel : channels)
            {
                if (random.nextBoolean())
                {
                    core.setCanView(user, channel, false);
                }
            }
        }

        final List<EmbeddedGatewayClient> clients = new ArrayList<>();
        final Map<Long, EmbeddedGatewayClient> connected = new HashMap<>();
        final Map<Long, String> sessionIds = new HashMap<>();
        final Map<Long, Long> lastSeq = new HashMap<>();
        final Map<Long, Integer> expectedCount = new HashMap<>();
        final Map<Long, Integer> receivedCount = new HashMap<>();
        final Map<String, Set<Long>> allowedViewers = new HashMap<>();
        for (long user = 1; user <= USERS; user++)
        {
            final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
            clients.add(client);
            client.drain();
            client.send(GatewayHandlerTest.identify(user, ALL_INTENTS));
            final List<ServerPayload> ready = client.drain();
            sessionIds.put(user, (String)ready.get(0).dObject().get("session_id"));
            lastSeq.put(user, ready.get(ready.size() - 1).s());
            connected.put(user, client);
            expectedCount.put(user, 0);
            receivedCount.put(user, 0);
        }

        for (int step = 0; step < steps; step++)
        {
            final long user = 1 + random.nextInt(USERS);
            final long channel = channels[random.nextInt(CHANNELS)];
            final int action = random.nextInt(10);
            if (action < 3)
            {
                core.setCanView(user, channel, random.nextBoolean());
            }
            else if (action < 8)
            {
                final String content = "m" + step;
                if (core.canView(user, channel))
                {
                    final Set<Long> viewers = new HashSet<>();
                    for (long viewer = 1; viewer <= USERS; viewer++)
                    {
                        if (core.canView(viewer, channel))
                        {
                            viewers.add(viewer);
                            expectedCount.merge(viewer, 1, Integer::sum);
                        }
                    }
                    allowedViewers.put(content, viewers);
                }
                core.createMessage(user, channel, content);
            }
            else if (action == 8 && connected.containsKey(user))
            {
                connected.remove(user).channel.close();
            }
            else if (action == 9 && !connected.containsKey(user))
            {
                final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
                clients.add(client);
                client.drain();
                client.send("{\"op\":6,\"d\":{\"token\":\"token-" + user + "\",\"session_id\":\"" +
                    sessionIds.get(user) + "\",\"seq\":" + lastSeq.get(user) + "}}");
                connected.put(user, client);
            }

            for (final Map.Entry<Long, EmbeddedGatewayClient> entry : connected.entrySet())
            {
                final long viewer = entry.getKey();
                for (final ServerPayload payload : entry.getValue().drain())
                {
                    if (0 != payload.op())
                    {
                        continue;
                    }
                    assertEquals(lastSeq.get(viewer) + 1, payload.s(), "seed " + seed + " gap-free s: " + payload);
                    lastSeq.put(viewer, payload.s());
                    if ("RESUMED".equals(payload.t()))
                    {
                        continue;
                    }
                    assertTrue(allowedViewers.get((String)payload.dObject().get("content")).contains(viewer),
                        "seed " + seed + ": user " + viewer + " got " + payload + " for a channel it could not view");
                    receivedCount.merge(viewer, 1, Integer::sum);
                }
            }
        }
        for (long user = 1; user <= USERS; user++)
        {
            if (!connected.containsKey(user))
            {
                final EmbeddedGatewayClient client = new EmbeddedGatewayClient(gateway);
                clients.add(client);
                client.drain();
                client.send("{\"op\":6,\"d\":{\"token\":\"token-" + user + "\",\"session_id\":\"" +
                    sessionIds.get(user) + "\",\"seq\":" + lastSeq.get(user) + "}}");
                for (final ServerPayload payload : client.drain())
                {
                    if (0 == payload.op() && !"RESUMED".equals(payload.t()))
                    {
                        assertTrue(allowedViewers.get((String)payload.dObject().get("content")).contains(user),
                            "seed " + seed + ": user " + user + " got " + payload + " for a channel it could not view");
                        receivedCount.merge(user, 1, Integer::sum);
                    }
                }
            }
            assertEquals(expectedCount.get(user), receivedCount.get(user), "seed " + seed + ": user " + user +
                " must get every dispatch of the channels it can view, exactly once");
        }
        gateway.shutdown(1_000);
        for (final EmbeddedGatewayClient client : clients)
        {
            client.drain();
            client.channel.finishAndReleaseAll();
        }
    }
}
