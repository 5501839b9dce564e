package io.concord.edge.gateway;

import java.util.Arrays;

/**
 * The local sessions of one event loop subscribed to one topic: a dense array iterated by the fan-out, with O(1)
 * removal (swap with the last; each session remembers its index per topic). Owned by the event loop.
 */
final class TopicSubscribers
{
    private GatewaySession[] sessions = new GatewaySession[4];
    private int size;

    int size()
    {
        return size;
    }

    GatewaySession session(final int index)
    {
        return sessions[index];
    }

    /**
     * @param session a session not yet in this topic.
     * @return its index here.
     */
    int add(final GatewaySession session)
    {
        if (size == sessions.length)
        {
            sessions = Arrays.copyOf(sessions, size * 2);
        }
        sessions[size] = session;
        return size++;
    }

    /**
     * @param index index of the session to remove.
     * @return the session moved into {@code index}, or null when the last one was removed.
     */
    GatewaySession removeAt(final int index)
    {
        final int last = --size;
        final GatewaySession moved = sessions[last];
        sessions[last] = null;
        if (index == last)
        {
            return null;
        }
        sessions[index] = moved;
        return moved;
    }
}
