package io.concord.edge.gateway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A member's aggregated presence in one guild (PRESENCE_UPDATE): a reusable holder the core link fills per frame and
 * the listener reads during the call only. Activity names and states are wrapped, not copied. Single-threaded: the
 * thread that fills it is the thread that reads it.
 */
public final class PresenceEvent
{
    /**
     * Discord's status strings, indexed by the core's {@code PresenceStatus} value (INVISIBLE shows as offline).
     */
    private static final String[] STATUS_NAMES = { "online", "idle", "dnd", "offline", "offline" };

    private long guildId;
    private long userId;
    private String status = "offline";
    private int activityCount;
    private int[] activityTypes = new int[4];
    private UnsafeBuffer[] activityNames = newBuffers(4);
    private UnsafeBuffer[] activityStates = newBuffers(4);

    /**
     * @param guildId guild (the topic).
     * @param userId  whose presence.
     * @param status  the core's {@code PresenceStatus} value; unknown values show as offline.
     * @return this, without activities.
     */
    public PresenceEvent reset(final long guildId, final long userId, final int status)
    {
        this.guildId = guildId;
        this.userId = userId;
        this.status = status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "offline";
        activityCount = 0;
        return this;
    }

    /**
     * Adds an activity; the name and state buffers are wrapped and must stay valid during the listener call.
     *
     * @param type        Discord activity type (0 playing .. 5 competing).
     * @param nameBuffer  holding the UTF-8 name.
     * @param nameOffset  of the name.
     * @param nameLength  of the name in bytes.
     * @param stateBuffer holding the UTF-8 state.
     * @param stateOffset of the state.
     * @param stateLength of the state in bytes, 0 when none.
     * @return this.
     */
    public PresenceEvent addActivity(
        final int type,
        final DirectBuffer nameBuffer,
        final int nameOffset,
        final int nameLength,
        final DirectBuffer stateBuffer,
        final int stateOffset,
        final int stateLength)
    {
        if (activityCount == activityTypes.length)
        {
            final int capacity = activityCount * 2;
            activityTypes = Arrays.copyOf(activityTypes, capacity);
            activityNames = grow(activityNames, capacity);
            activityStates = grow(activityStates, capacity);
        }
        activityTypes[activityCount] = type;
        activityNames[activityCount].wrap(nameBuffer, nameOffset, nameLength);
        activityStates[activityCount].wrap(stateBuffer, stateOffset, stateLength);
        activityCount++;
        return this;
    }

    public long guildId()
    {
        return guildId;
    }

    public long userId()
    {
        return userId;
    }

    /**
     * @return {@code online}, {@code idle}, {@code dnd} or {@code offline}.
     */
    public String status()
    {
        return status;
    }

    public int activityCount()
    {
        return activityCount;
    }

    public int activityType(final int index)
    {
        return activityTypes[index];
    }

    public DirectBuffer activityName(final int index)
    {
        return activityNames[index];
    }

    public DirectBuffer activityState(final int index)
    {
        return activityStates[index];
    }

    private static UnsafeBuffer[] newBuffers(final int count)
    {
        return grow(new UnsafeBuffer[0], count);
    }

    private static UnsafeBuffer[] grow(final UnsafeBuffer[] buffers, final int capacity)
    {
        final UnsafeBuffer[] grown = Arrays.copyOf(buffers, capacity);
        for (int i = buffers.length; i < capacity; i++)
        {
            grown[i] = new UnsafeBuffer(0, 0);
        }
        return grown;
    }
}
