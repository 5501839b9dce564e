package io.concord.bench.presence;

import io.concord.codecs.BooleanType;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.PresenceStatus;
import io.concord.codecs.PresenceUpdateEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The presence storm on one {@link StormShard}: {@code users} online users (one session each, GUILD_PRESENCES,
 * large_threshold 250, spread over the edges) in guilds of 10 and 1,000 members and one guild of all of them
 * (100,000 at full size), toggling status at random at a simulated {@code ratePerSecond} with the shard's duty cycle
 * run every simulated millisecond. Records the shard's thread CPU time and what the outbound counted.
 */
final class PresenceStorm
{
    static final int SMALL_GUILD = 10;
    static final int MEDIUM_GUILD = 1_000;
    private static final PresenceStatus[] STATUSES =
        { PresenceStatus.ONLINE, PresenceStatus.IDLE, PresenceStatus.DND, PresenceStatus.INVISIBLE };

    /**
     * Figures of one run.
     *
     * @param updates    PresenceUpdate commands applied.
     * @param cpuNs      shard thread CPU time for them (hops and window ends included).
     * @param wallNs     wall time for them.
     * @param published  states the user side published after coalescing.
     * @param hops       PresenceUpdated hops to guild sides.
     * @param dispatches PRESENCE_UPDATE frames to edges.
     * @param delivered  frames the edges would write to sessions.
     * @param naive      frames a fan-out to every member's session would write.
     */
    record Result(
        long updates, long cpuNs, long wallNs, long published, long hops, long dispatches, long delivered, long naive)
    {
        double updatesPerSecond()
        {
            return updates * 1e9 / cpuNs;
        }
    }

    private final StormShard storm;
    private final long[] userIds;
    private final long largeGuildId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final PresenceUpdateEncoder encoder = new PresenceUpdateEncoder();
    private final int length;
    private SplittableRandom random = new SplittableRandom(0);
    private int perMs = 1;
    private long steps;

    PresenceStorm(final int users, final long windowMs)
    {
        storm = new StormShard(windowMs, 10_000);
        userIds = new long[users];
        for (int i = 0; i < users; i++)
        {
            userIds[i] = storm.register("u" + i);
        }
        largeGuildId = storm.createGuild(userIds[0], "everyone");
        final String largeCode = storm.createInvite(userIds[0], generalOf(largeGuildId));
        for (int i = 1; i < users; i++)
        {
            storm.join(userIds[i], largeGuildId, largeCode);
        }
        joinInGroups(MEDIUM_GUILD);
        joinInGroups(SMALL_GUILD);
        for (int i = 0; i < users; i++)
        {
            storm.identify(i + 1, userIds[i], StormShard.GUILDS | StormShard.GUILD_PRESENCES);
        }
        storm.nowMs += 60_000;
        storm.doWork();
        encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .edgeId(1).sessionId(1).userId(0).status(PresenceStatus.ONLINE).sinceMs(0).afk(BooleanType.FALSE);
        encoder.activitiesCount(0);
        length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private void joinInGroups(final int size)
    {
        for (int start = 0; start + size <= userIds.length; start += size)
        {
            final long guildId = storm.createGuild(userIds[start], "g" + size + "-" + start);
            final String code = storm.createInvite(userIds[start], generalOf(guildId));
            for (int i = start + 1; i < start + size; i++)
            {
                storm.join(userIds[i], guildId, code);
            }
        }
    }

    private long generalOf(final long guildId)
    {
        return storm.shard.guild(guildId).channels().get(0).id();
    }

    long largeGuildMembers()
    {
        return storm.shard.guild(largeGuildId).memberCount();
    }

    /**
     * Sets up {@link #step()}: the simulated arrival rate and the random sequence.
     *
     * @param ratePerSecond simulated arrival rate.
     * @param seed          the random sequence (the same for every run compared).
     */
    void prepareSteps(final int ratePerSecond, final long seed)
    {
        random = new SplittableRandom(seed);
        perMs = Math.max(1, ratePerSecond / 1000);
        steps = 0;
    }

    /**
     * One random status change of a random user, and the shard's duty cycle when a simulated millisecond is over.
     *
     * @return the steps so far.
     */
    long step()
    {
        final int user = random.nextInt(userIds.length);
        final long sessionId = user + 1;
        encoder.edgeId(StormShard.edgeOf(sessionId)).sessionId(sessionId).userId(userIds[user])
            .status(STATUSES[random.nextInt(STATUSES.length)]);
        storm.onFrame(buffer, length);
        if (0 == ++steps % perMs)
        {
            storm.nowMs++;
            storm.doWork();
        }
        return steps;
    }

    /**
     * @param updates       how many status changes.
     * @param ratePerSecond simulated arrival rate.
     * @param seed          the random sequence (the same for every run compared).
     * @return the figures.
     */
    Result run(final long updates, final int ratePerSecond, final long seed)
    {
        prepareSteps(ratePerSecond, seed);
        final long publishedBefore = storm.shard.presencesPublished();
        storm.startCounting();

        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long startCpuNs = threads.getCurrentThreadCpuTime();
        final long startWallNs = System.nanoTime();
        for (long n = 0; n < updates; n++)
        {
            step();
        }
        storm.nowMs += 2_000;
        storm.doWork();
        final long wallNs = System.nanoTime() - startWallNs;
        final long cpuNs = threads.getCurrentThreadCpuTime() - startCpuNs;
        return new Result(updates, cpuNs, wallNs, storm.shard.presencesPublished() - publishedBefore,
            storm.presenceHops, storm.presenceDispatches, storm.presenceDelivered, storm.naiveDelivered);
    }
}
