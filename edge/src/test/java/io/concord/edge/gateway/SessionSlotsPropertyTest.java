package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link SessionSlots} and {@link ReplayLog} against a simple model: every session keeps the list of the bodies it
 * was sent, in order; the window must replay exactly the last {@code windowSize} of them with their sequence
 * numbers, and a body must stay alive exactly while the publisher or some session's window holds it. Random
 * operations (sessions opening and ending with slot reuse, broadcasts to random subsets, single-session
 * dispatches) from fixed seeds.
 */
class SessionSlotsPropertyTest
{
    @Test
    void windowsAndLogMatchTheModel()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            run(seed, 1 << new Random(seed).nextInt(5), 300);
        }
    }

    @Test
    @Tag("slow")
    void windowsAndLogMatchTheModelLong()
    {
        for (int seed = 1_000; seed < 1_200; seed++)
        {
            run(seed, 1 << new Random(seed).nextInt(7), 2_000);
        }
    }

    @Test
    void windowSizeMustBeAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new SessionSlots(new ReplayLog(), 3));
        assertThrows(IllegalArgumentException.class, () -> new SessionSlots(new ReplayLog(), 0));
    }

    private static void run(final long seed, final int windowSize, final int operations)
    {
        final Random random = new Random(seed);
        final ReplayLog log = new ReplayLog();
        final SessionSlots slots = new SessionSlots(log, windowSize);
        final Map<Integer, List<ByteBuf>> sent = new HashMap<>();
        final List<ByteBuf> bodies = new ArrayList<>();
        final ArrayDeque<Integer> open = new ArrayDeque<>();
        long nextSessionId = 1;

        for (int op = 0; op < operations; op++)
        {
            final int choice = random.nextInt(10);
            if (choice < 2 || open.isEmpty())
            {
                final GatewaySession session = new GatewaySession(nextSessionId++, 0,
                    new IdentifyRequest(random.nextInt(100), random.nextInt(1 << 20), 0, 1, 50, "online"));
                final int slot = slots.allocate(session);
                session.bind(slots, slot);
                assertEquals(0, slots.seq(slot), "seed " + seed);
                assertEquals(0, slots.oldestSeq(slot), "seed " + seed);
                assertSame(session, slots.session(slot));
                sent.put(slot, new ArrayList<>());
                open.addLast(slot);
            }
            else if (choice < 3)
            {
                final int slot = pick(random, open);
                open.remove(slot);
                slots.session(slot).terminate();
                sent.remove(slot);
            }
            else if (choice < 5)
            {
                final int slot = pick(random, open);
                final ByteBuf body = newBody(bodies);
                slots.dispatch(slot, body, random.nextBoolean());
                body.release();
                sent.get(slot).add(body);
            }
            else
            {
                final ByteBuf body = newBody(bodies);
                final int index = log.add(body);
                for (final int slot : open)
                {
                    if (random.nextInt(4) != 0)
                    {
                        slots.deliver(slot, index, body, true);
                        sent.get(slot).add(body);
                    }
                }
                log.release(index);
            }
            check(seed, windowSize, slots, log, sent, bodies);
        }
        for (final int slot : new ArrayList<>(open))
        {
            slots.session(slot).terminate();
            sent.remove(slot);
        }
        check(seed, windowSize, slots, log, sent, bodies);
        assertEquals(0, log.liveBodies(), "seed " + seed);
        assertEquals(0, slots.size(), "seed " + seed);
    }

    private static void check(
        final long seed,
        final int windowSize,
        final SessionSlots slots,
        final ReplayLog log,
        final Map<Integer, List<ByteBuf>> sent,
        final List<ByteBuf> bodies)
    {
        final Set<ByteBuf> held = Collections.newSetFromMap(new IdentityHashMap<>());
        for (final Map.Entry<Integer, List<ByteBuf>> entry : sent.entrySet())
        {
            final int slot = entry.getKey();
            final List<ByteBuf> list = entry.getValue();
            assertEquals(list.size(), slots.seq(slot), "seed " + seed);
            final long expectedOldest = list.isEmpty() ? 0 : Math.max(1, list.size() - windowSize + 1);
            assertEquals(expectedOldest, slots.oldestSeq(slot), "seed " + seed);
            for (long s = Math.max(1, expectedOldest); s <= list.size(); s++)
            {
                final ByteBuf expected = list.get((int)s - 1);
                assertSame(expected, slots.body(slot, s), "seed " + seed + " slot " + slot + " seq " + s);
                held.add(expected);
            }
        }
        for (final ByteBuf body : bodies)
        {
            assertEquals(held.contains(body) ? 1 : 0, body.refCnt(), "seed " + seed);
        }
        assertEquals(held.size(), log.liveBodies(), "seed " + seed);
    }

    private static ByteBuf newBody(final List<ByteBuf> bodies)
    {
        final ByteBuf body = Unpooled.buffer(4).writeInt(bodies.size());
        bodies.add(body);
        return body;
    }

    private static int pick(final Random random, final ArrayDeque<Integer> open)
    {
        final int skip = random.nextInt(open.size());
        int i = 0;
        for (final int slot : open)
        {
            if (i++ == skip)
            {
                return slot;
            }
        }
        throw new IllegalStateException("empty");
    }
}
