package io.concord.edge.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A validated gateway op 3 payload (or the {@code presence} of an Identify): status, activities, {@code since} (ms
 * since 1970 when the client went idle, 0 for null) and {@code afk}. Limits (bots may
 * set only name, type, state and url, as on Discord): at most {@link #MAX_ACTIVITIES} activities, names and states of
 * at most {@link #MAX_TEXT_CHARS} characters, types 0..5. An unknown status closes the connection with 4001 (invalid
 * payload for the op); a payload over the limits closes it with 4002 (decode error) and a reason naming the limit,
 * rather than being cut silently. Immutable; parsed on the connection's event loop.
 */
public final class PresenceRequest
{
    public static final int MAX_ACTIVITIES = 5;
    public static final int MAX_TEXT_CHARS = 128;
    public static final int MAX_ACTIVITY_TYPE = 5;

    /**
     * One activity as a bot may set it.
     *
     * @param type  0 playing, 1 streaming, 2 listening, 3 watching, 4 custom, 5 competing.
     * @param name  its name.
     * @param state its state, empty when none.
     */
    public record Activity(int type, String name, String state)
    {
    }

    /**
     * Why a payload was refused: the close code and its reason.
     */
    public static final class InvalidPresenceException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int closeCode;

        InvalidPresenceException(final int closeCode, final String message)
        {
            super(message, null, false, false);
            this.closeCode = closeCode;
        }

        public int closeCode()
        {
            return closeCode;
        }
    }

    private static final PresenceRequest ONLINE = new PresenceRequest("online", Collections.emptyList());

    private final String status;
    private final List<Activity> activities;
    private final long sinceMs;
    private final boolean afk;

    /**
     * @param status     {@code online}, {@code idle}, {@code dnd}, {@code invisible} or {@code offline}.
     * @param activities at most {@link #MAX_ACTIVITIES}.
     */
    public PresenceRequest(final String status, final List<Activity> activities)
    {
        this(status, activities, 0, false);
    }

    /**
     * @param status     {@code online}, {@code idle}, {@code dnd}, {@code invisible} or {@code offline}.
     * @param activities at most {@link #MAX_ACTIVITIES}.
     * @param sinceMs    when the client went idle, ms since 1970, 0 for none.
     * @param afk        whether the client says it is away from keyboard.
     */
    public PresenceRequest(final String status, final List<Activity> activities, final long sinceMs, final boolean afk)
    {
        this.status = status;
        this.activities = activities;
        this.sinceMs = sinceMs;
        this.afk = afk;
    }

    /**
     * @return the presence a session has when Identify names none.
     */
    public static PresenceRequest online()
    {
        return ONLINE;
    }

    public String status()
    {
        return status;
    }

    public List<Activity> activities()
    {
        return activities;
    }

    /**
     * @return when the client went idle, ms since 1970, 0 for null.
     */
    public long sinceMs()
    {
        return sinceMs;
    }

    public boolean afk()
    {
        return afk;
    }

    /**
     * @param d the op 3 {@code d} (or Identify's {@code presence}).
     * @return the validated presence.
     * @throws InvalidPresenceException naming the close code and the broken rule.
     */
    public static PresenceRequest parse(final Object d) throws InvalidPresenceException
    {
        if (!(d instanceof Map) || !(((Map<?, ?>)d).get("status") instanceof String))
        {
            throw new InvalidPresenceException(GatewayCloseCodes.UNKNOWN_OPCODE,
                "Presence Update needs a string \"status\"");
        }
        final Map<?, ?> map = (Map<?, ?>)d;
        final String status = (String)map.get("status");
        switch (status)
        {
            case "online":
            case "idle":
            case "dnd":
            case "invisible":
            case "offline":
                break;
            default:
                throw new InvalidPresenceException(GatewayCloseCodes.UNKNOWN_OPCODE,
                    "unknown presence status '" + status + "'");
        }
        final Object since = map.get("since");
        if (null != since && (!(since instanceof Long) || (Long)since < 0))
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR,
                "presence \"since\" must be null or ms since 1970");
        }
        final long sinceMs = null == since ? 0 : (Long)since;
        final Object afk = map.get("afk");
        if (null != afk && !(afk instanceof Boolean))
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR, "presence \"afk\" must be a boolean");
        }
        final boolean isAfk = Boolean.TRUE.equals(afk);
        final Object list = map.get("activities");
        if (null == list)
        {
            return new PresenceRequest(status, Collections.emptyList(), sinceMs, isAfk);
        }
        if (!(list instanceof List))
        {
            throw new InvalidPresenceException(
                GatewayCloseCodes.DECODE_ERROR, "presence \"activities\" must be an array");
        }
        final List<?> items = (List<?>)list;
        if (items.size() > MAX_ACTIVITIES)
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR,
                "presence: at most " + MAX_ACTIVITIES + " activities, got " + items.size());
        }
        final List<Activity> activities = new ArrayList<>(items.size());
        for (final Object item : items)
        {
            activities.add(activity(item));
        }
        return new PresenceRequest(status, Collections.unmodifiableList(activities), sinceMs, isAfk);
    }

    private static Activity activity(final Object item) throws InvalidPresenceException
    {
        if (!(item instanceof Map))
        {
            throw new InvalidPresenceException(
                GatewayCloseCodes.DECODE_ERROR, "presence: an activity must be an object");
        }
        final Map<?, ?> map = (Map<?, ?>)item;
        final Object name = map.get("name");
        final Object type = map.get("type");
        final Object state = map.get("state");
        if (!(name instanceof String) || ((String)name).isEmpty() || ((String)name).length() > MAX_TEXT_CHARS)
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR,
                "presence: an activity needs a \"name\" of 1.." + MAX_TEXT_CHARS + " characters");
        }
        if (!(type instanceof Long) || (Long)type < 0 || (Long)type > MAX_ACTIVITY_TYPE)
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR,
                "presence: activity \"type\" must be 0.." + MAX_ACTIVITY_TYPE);
        }
        if (null != state && (!(state instanceof String) || ((String)state).length() > MAX_TEXT_CHARS))
        {
            throw new InvalidPresenceException(GatewayCloseCodes.DECODE_ERROR,
                "presence: activity \"state\" must be a string of at most " + MAX_TEXT_CHARS + " characters");
        }
        return new Activity((int)(long)(Long)type, (String)name, null == state ? "" : (String)state);
    }
}
