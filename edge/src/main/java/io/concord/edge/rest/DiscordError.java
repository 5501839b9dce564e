package io.concord.edge.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Discord's JSON error codes that Concord answers with, each with the HTTP status and message Discord uses.
 */
public enum DiscordError
{
    UNAUTHORIZED(0, HttpResponseStatus.UNAUTHORIZED, "401: Unauthorized"),
    NOT_FOUND(0, HttpResponseStatus.NOT_FOUND, "404: Not Found"),
    METHOD_NOT_ALLOWED(0, HttpResponseStatus.METHOD_NOT_ALLOWED, "405: Method Not Allowed"),
    BAD_REQUEST(0, HttpResponseStatus.BAD_REQUEST, "400: Bad Request"),
    UNKNOWN_CHANNEL(10003, HttpResponseStatus.NOT_FOUND, "Unknown Channel"),
    UNKNOWN_GUILD(10004, HttpResponseStatus.NOT_FOUND, "Unknown Guild"),
    UNKNOWN_INVITE(10006, HttpResponseStatus.NOT_FOUND, "Unknown Invite"),
    UNKNOWN_MEMBER(10007, HttpResponseStatus.NOT_FOUND, "Unknown Member"),
    UNKNOWN_MESSAGE(10008, HttpResponseStatus.NOT_FOUND, "Unknown Message"),
    UNKNOWN_ROLE(10011, HttpResponseStatus.NOT_FOUND, "Unknown Role"),
    UNKNOWN_USER(10013, HttpResponseStatus.NOT_FOUND, "Unknown User"),
    UNKNOWN_EMOJI(10014, HttpResponseStatus.BAD_REQUEST, "Unknown Emoji"),
    MAX_REACTIONS(30010, HttpResponseStatus.BAD_REQUEST, "Maximum number of reactions reached (20)"),
    REQUEST_ENTITY_TOO_LARGE(40005, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request entity too large"),
    MISSING_ACCESS(50001, HttpResponseStatus.FORBIDDEN, "Missing Access"),
    CANNOT_EXECUTE_IN_DM(50003, HttpResponseStatus.FORBIDDEN, "Cannot execute action on a DM channel"),
    CANNOT_EDIT_OTHERS_MESSAGE(50005, HttpResponseStatus.FORBIDDEN, "Cannot edit a message authored by another user"),
    EMPTY_MESSAGE(50006, HttpResponseStatus.BAD_REQUEST, "Cannot send an empty message"),
    MISSING_PERMISSIONS(50013, HttpResponseStatus.FORBIDDEN, "Missing Permissions"),
    INVALID_TOKEN(50014, HttpResponseStatus.UNAUTHORIZED, "Invalid authentication token provided"),
    BULK_DELETE_COUNT(50016, HttpResponseStatus.BAD_REQUEST,
        "You can only bulk delete messages that are between 2 and 100 in count"),
    MESSAGE_TOO_OLD_TO_BULK_DELETE(50034, HttpResponseStatus.BAD_REQUEST,
        "You can only bulk delete messages that are under 14 days old"),
    INVALID_FORM_BODY(50035, HttpResponseStatus.BAD_REQUEST, "Invalid Form Body"),
    INVALID_GUILD(50055, HttpResponseStatus.BAD_REQUEST, "Invalid Guild"),
    INVALID_API_VERSION(50041, HttpResponseStatus.BAD_REQUEST, "Invalid API version provided"),
    INVALID_JSON(50109, HttpResponseStatus.BAD_REQUEST, "The request body contains invalid JSON."),
    MAX_CHANNELS(30013, HttpResponseStatus.BAD_REQUEST, "Maximum number of guild channels reached (500)"),
    NOT_TEXT_CHANNEL(50008, HttpResponseStatus.BAD_REQUEST, "Cannot send messages in a non-text channel"),
    UNSUPPORTED_ROUTE(0, HttpResponseStatus.BAD_REQUEST,
        "Concord does not support this route yet: its core protocol has no command for it"),
    INTERNAL(0, HttpResponseStatus.INTERNAL_SERVER_ERROR, "500: Internal Server Error"),
    SERVICE_UNAVAILABLE(0, HttpResponseStatus.SERVICE_UNAVAILABLE, "503: Service Unavailable");

    private static final DiscordError[] VALUES = values();

    private final int code;
    private final HttpResponseStatus status;
    private final String message;

    DiscordError(final int code, final HttpResponseStatus status, final String message)
    {
        this.code = code;
        this.status = status;
        this.message = message;
    }

    /**
     * The error the core means by a non-zero Discord JSON error code in a reply.
     *
     * @param code the reply's error code.
     * @return the matching error, or null when Concord does not know the code.
     */
    public static DiscordError ofCode(final int code)
    {
        for (final DiscordError error : VALUES)
        {
            if (error.code == code && 0 != code)
            {
                return error;
            }
        }
        return null;
    }

    /**
     * @return the JSON {@code code}.
     */
    public int code()
    {
        return code;
    }

    public HttpResponseStatus status()
    {
        return status;
    }

    public String message()
    {
        return message;
    }
}
