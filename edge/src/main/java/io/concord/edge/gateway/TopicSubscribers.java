package io.concord.edge.gateway;

import java.util.Arrays;

/**
 * The local sessions of one event loop subscribed to one topic, as their {@link SessionSlots} slots: a dense int
 * array the fan-out walks, with O(1) removal (swap with the last; each session remembers its index per topic).
 * Sessions whose READY is not written yet ({@link ReadyHold}) are kept in a second list of the same shape, so the
 * fan-out pays one size check per dispatch for them and nothing per live recipient. Owned by the event loop.
 */
final class TopicSubscribers
{
    static final int NONE = -1;

    private static final int[] NO_SLOTS = new int[0];

    private int[] slots = new int[4];
    private int size;
    private int[] heldSlots = NO_SLOTS;
    private int heldSize;

    int size()
    {
        return size;
    }

    int slot(final int index)
    {
        return slots[index];
    }

    /**
     * @param slot the slot of a session not yet in this topic.
     * @return its index here.
     */
    int add(final int slot)
    {
        if (size == slots.length)
        {
            slots = Arrays.copyOf(slots, size * 2);
        }
        slots[size] = slot;
        return size++;
    }

    /**
     * @param index index of the session to remove.
     * @return the slot moved into {@code index}, or {@link #NONE} when the last one was removed.
     */
    int removeAt(final int index)
    {
        final int last = --size;
        final int moved = slots[last];
        if (index == last)
        {
            return NONE;
        }
        slots[index] = moved;
        return moved;
    }

    /**
     * @return sessions of this topic whose READY is not written yet.
     */
    int heldSize()
    {
        return heldSize;
    }

    int heldSlot(final int index)
    {
        return heldSlots[index];
    }

    /**
     * @param slot the slot of a held session not yet in this topic.
     * @return its index in the held list.
     */
    int addHeld(final int slot)
    {
        if (heldSize == heldSlots.length)
        {
            heldSlots = Arrays.copyOf(heldSlots, Math.max(4, heldSize * 2));
        }
        heldSlots[heldSize] = slot;
        return heldSize++;
    }

    /**
     * @param index index of the held session to remove.
     * @return the slot moved into {@code index}, or {@link #NONE} when the last one was removed.
     */
    int removeHeldAt(final int index)
    {
        final int last = --heldSize;
        final int moved = heldSlots[last];
        if (index == last)
        {
            return NONE;
        }
        heldSlots[index] = moved;
        return moved;
    }

    /**
     * @return true when neither list has a session.
     */
    boolean isEmpty()
    {
        return 0 == size && 0 == heldSize;
    }
}
