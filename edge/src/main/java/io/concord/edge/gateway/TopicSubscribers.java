package io.concord.edge.gateway;

import java.util.Arrays;

/**
 * The local sessions of one event loop subscribed to one topic, as their {@link SessionSlots} slots: a dense int
 * array the fan-out walks, with O(1) removal (swap with the last; each session remembers its index per topic).
 * Owned by the event loop.
 */
final class TopicSubscribers
{
    static final int NONE = -1;

    private int[] slots = new int[4];
    private int size;

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
}
