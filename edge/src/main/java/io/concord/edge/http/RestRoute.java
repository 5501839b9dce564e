package io.concord.edge.http;

import io.concord.edge.rest.JsonBody;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Every REST v10 route Concord knows, with its method, path pattern (relative to {@code /api/v10}), rate-limit
 * bucket and whether it needs a token. In a pattern {@code {id}} matches a snowflake and {@code {code}} any
 * segment; the first {@code {id}} of a guild or channel route is its major parameter for rate limits.
 */
enum RestRoute
{
    GATEWAY("GET", "gateway", "gateway", false, false),
    GATEWAY_BOT("GET", "gateway/bot", "gateway", true, false),
    AUTH_REGISTER("POST", "auth/register", "auth", false, false),
    AUTH_LOGIN("POST", "auth/login", "auth", false, false),
    AUTH_REVOKE("POST", "auth/revoke", "auth", true, false),

    USER_ME("GET", "users/@me", "users", true, false),
    USER_ME_GUILDS("GET", "users/@me/guilds", "users", true, false),
    LEAVE_GUILD("DELETE", "users/@me/guilds/{id}", "guilds", true, true),
    CREATE_DM("POST", "users/@me/channels", "users", true, false),
    USER("GET", "users/{id}", "users", true, false),
    APPLICATION_ME("GET", "applications/@me", "users", true, false),
    OAUTH2_APPLICATION_ME("GET", "oauth2/applications/@me", "users", true, false),

    CREATE_GUILD("POST", "guilds", "guilds.create", true, false),
    GET_GUILD("GET", "guilds/{id}", "guilds", true, true),
    UPDATE_GUILD("PATCH", "guilds/{id}", "guilds", true, true),
    DELETE_GUILD("DELETE", "guilds/{id}", "guilds", true, true),
    GUILD_CHANNELS("GET", "guilds/{id}/channels", "guilds", true, true),
    CREATE_CHANNEL("POST", "guilds/{id}/channels", "channels", true, true),
    GUILD_MEMBERS("GET", "guilds/{id}/members", "members", true, true),
    GUILD_MEMBER("GET", "guilds/{id}/members/{id}", "members", true, true),
    UPDATE_MEMBER("PATCH", "guilds/{id}/members/{id}", "members", true, true),
    UPDATE_SELF_MEMBER("PATCH", "guilds/{id}/members/@me", "members", true, true),
    KICK_MEMBER("DELETE", "guilds/{id}/members/{id}", "members", true, true),
    ADD_MEMBER_ROLE("PUT", "guilds/{id}/members/{id}/roles/{id}", "members", true, true),
    REMOVE_MEMBER_ROLE("DELETE", "guilds/{id}/members/{id}/roles/{id}", "members", true, true),
    GUILD_ROLES("GET", "guilds/{id}/roles", "roles", true, true),
    CREATE_ROLE("POST", "guilds/{id}/roles", "roles", true, true),
    UPDATE_ROLE("PATCH", "guilds/{id}/roles/{id}", "roles", true, true),
    DELETE_ROLE("DELETE", "guilds/{id}/roles/{id}", "roles", true, true),

    GET_CHANNEL("GET", "channels/{id}", "channels", true, true),
    UPDATE_CHANNEL("PATCH", "channels/{id}", "channels", true, true),
    DELETE_CHANNEL("DELETE", "channels/{id}", "channels", true, true),
    PUT_OVERWRITE("PUT", "channels/{id}/permissions/{id}", "overwrites", true, true),
    DELETE_OVERWRITE("DELETE", "channels/{id}/permissions/{id}", "overwrites", true, true),
    HISTORY("GET", "channels/{id}/messages", "messages", true, true),
    CREATE_MESSAGE("POST", "channels/{id}/messages", "messages.post", true, true),
    BULK_DELETE("POST", "channels/{id}/messages/bulk-delete", "messages.bulk", true, true),
    GET_MESSAGE("GET", "channels/{id}/messages/{id}", "messages", true, true),
    EDIT_MESSAGE("PATCH", "channels/{id}/messages/{id}", "messages", true, true),
    DELETE_MESSAGE("DELETE", "channels/{id}/messages/{id}", "messages", true, true),
    ADD_REACTION("PUT", "channels/{id}/messages/{id}/reactions/{code}/@me", "messages", true, true),
    REMOVE_REACTION("DELETE", "channels/{id}/messages/{id}/reactions/{code}/@me", "messages", true, true),
    GET_REACTIONS("GET", "channels/{id}/messages/{id}/reactions/{code}", "messages", true, true),
    REMOVE_USER_REACTION("DELETE", "channels/{id}/messages/{id}/reactions/{code}/{id}", "messages", true, true),
    REMOVE_EMOJI_REACTIONS("DELETE", "channels/{id}/messages/{id}/reactions/{code}", "messages", true, true),
    REMOVE_ALL_REACTIONS("DELETE", "channels/{id}/messages/{id}/reactions", "messages", true, true),
    TYPING("POST", "channels/{id}/typing", "typing", true, true),
    CREATE_INVITE("POST", "channels/{id}/invites", "invites", true, true),

    GET_INVITE("GET", "invites/{code}", "invites", true, false),
    ACCEPT_INVITE("POST", "invites/{code}", "invites", true, false),
    DELETE_INVITE("DELETE", "invites/{code}", "invites", true, false);

    /**
     * At most this many {@code {id}} parameters in one pattern.
     */
    static final int MAX_IDS = 3;

    private static final RestRoute[] VALUES = values();
    private static final String ID = "{id}";
    private static final String CODE = "{code}";

    private final HttpMethod method;
    private final String[] segments;
    private final String bucketName;
    private final boolean authenticated;
    private final boolean hasMajor;

    RestRoute(
        final String method,
        final String pattern,
        final String bucketName,
        final boolean authenticated,
        final boolean hasMajor)
    {
        this.method = HttpMethod.valueOf(method);
        this.segments = pattern.split("/");
        this.bucketName = bucketName;
        this.authenticated = authenticated;
        this.hasMajor = hasMajor;
    }

    HttpMethod method()
    {
        return method;
    }

    /**
     * @return the first path segment: {@code guilds}, {@code channels}, {@code users}, {@code invites}, ...
     */
    String resource()
    {
        return segments[0];
    }

    String bucketName()
    {
        return bucketName;
    }

    boolean authenticated()
    {
        return authenticated;
    }

    /**
     * @return true when the first id parameter keys the rate limit (guild or channel id).
     */
    boolean hasMajor()
    {
        return hasMajor;
    }

    /**
     * Outcome of matching a path.
     */
    static final class Match
    {
        RestRoute route;
        boolean pathMatched;
        final long[] ids = new long[MAX_IDS];
        String code;
    }

    /**
     * Finds the route of a request.
     *
     * @param method   request method.
     * @param segments path segments below the API prefix (already URL-decoded).
     * @param match    filled: the route (null when none), whether some route had this path (for 405), parameters.
     */
    static void match(final HttpMethod method, final String[] segments, final Match match)
    {
        match.route = null;
        match.pathMatched = false;
        for (final RestRoute route : VALUES)
        {
            if (route.matchesPath(segments, match))
            {
                match.pathMatched = true;
                if (route.method.equals(method))
                {
                    match.route = route;
                    return;
                }
            }
        }
    }

    private boolean matchesPath(final String[] path, final Match match)
    {
        if (path.length != segments.length)
        {
            return false;
        }
        int idIndex = 0;
        for (int i = 0; i < path.length; i++)
        {
            final String pattern = segments[i];
            if (ID.equals(pattern))
            {
                final long id = JsonBody.parseId(path[i]);
                if (id <= 0)
                {
                    return false;
                }
                match.ids[idIndex++] = id;
            }
            else if (CODE.equals(pattern))
            {
                if (path[i].isEmpty())
                {
                    return false;
                }
                match.code = path[i];
            }
            else if (!pattern.equals(path[i]))
            {
                return false;
            }
        }
        return true;
    }
}
