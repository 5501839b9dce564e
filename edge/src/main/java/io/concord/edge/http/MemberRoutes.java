package io.concord.edge.http;

import io.concord.codecs.BooleanType;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.UpdateMemberEncoder;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.CoreViews.MemberView;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.collections.LongArrayList;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code PATCH /guilds/{id}/members/{user}} ({@code nick}, {@code mute}, {@code deaf}, {@code roles},
 * {@code communication_disabled_until}) and {@code PATCH /guilds/{id}/members/@me} ({@code nick}): the body is
 * validated here, then one {@code UpdateMember} carries every change to the guild's shard, which checks permissions
 * and applies them all or none; its {@code MemberChanged} answers with the member (200). Runs on the request's event
 * loop.
 */
final class MemberRoutes
{
    static final int NICK = 1;
    static final int MUTE = 2;
    static final int DEAF = 4;
    static final int ROLES = 8;
    static final int TIMEOUT = 16;

    static final int MAX_NICK_LENGTH = 32;
    static final long MAX_TIMEOUT_MS = 28L * 24 * 3600 * 1000;

    private MemberRoutes()
    {
    }

    /**
     * @param r       the request; {@code ids[0]} is the guild.
     * @param self    {@code @me}: only {@code nick}, on the caller.
     * @param orElse  answers a request that changes nothing (the member as it is).
     */
    static void update(final RestRequest r, final boolean self, final Runnable orElse)
    {
        final JsonBody body = r.body;
        int mask = 0;
        String nick = null;
        if (body.has("nick"))
        {
            mask |= NICK;
            nick = body.string("nick", false, 0, MAX_NICK_LENGTH);
        }
        boolean mute = false;
        boolean deaf = false;
        long timeoutUntilMs = 0;
        final LongArrayList roleIds = new LongArrayList();
        if (!self)
        {
            if (body.hasValue("mute"))
            {
                mask |= MUTE;
                mute = body.bool("mute", false);
            }
            if (body.hasValue("deaf"))
            {
                mask |= DEAF;
                deaf = body.bool("deaf", false);
            }
            if (body.hasValue("channel_id"))
            {
                body.error("channel_id", "UNSUPPORTED", "Concord has no voice channels to move members between.");
            }
            body.integer("flags", 0, Integer.MAX_VALUE, 0);
            final List<Object> roles = body.array("roles", false);
            if (null != roles)
            {
                mask |= ROLES;
                for (int i = 0; i < roles.size(); i++)
                {
                    final long roleId = body.snowflakeValue("roles." + i, roles.get(i));
                    if (0 != roleId && !roleIds.containsLong(roleId))
                    {
                        roleIds.addLong(roleId);
                    }
                }
            }
            if (body.has("communication_disabled_until"))
            {
                mask |= TIMEOUT;
                timeoutUntilMs = timeout(body, r.api.clock().time());
            }
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        if (0 == mask)
        {
            orElse.run();
            return;
        }

        final long correlationId = r.api.core().nextCorrelationId();
        final UpdateMemberEncoder encoder = new UpdateMemberEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .targetUserId(self ? r.userId : r.ids[1])
            .updateMask((short)mask)
            .mute(mute ? BooleanType.TRUE : BooleanType.FALSE)
            .deaf(deaf ? BooleanType.TRUE : BooleanType.FALSE)
            .communicationDisabledUntilMs(timeoutUntilMs);
        final UpdateMemberEncoder.RolesEncoder roles = encoder.rolesCount(roleIds.size());
        for (int i = 0; i < roleIds.size(); i++)
        {
            roles.next().roleId(roleIds.getLong(i));
        }
        encoder.nick(null == nick ? "" : nick);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), (request, templateId, buffer, offset) ->
        {
            if (MemberChangedDecoder.TEMPLATE_ID != templateId)
            {
                request.otherReply(templateId, buffer, offset);
                return;
            }
            final MemberView member = CoreViews.member(buffer, offset);
            request.json(HttpResponseStatus.OK, (json) -> RestJson.member(json, member));
        });
    }

    /**
     * {@code communication_disabled_until}: null clears the timeout, else an ISO-8601 time at most 28 days ahead (a
     * time in the past clears it too).
     *
     * @return the timeout end in ms since 1970, 0 for none.
     */
    static long timeout(final JsonBody body, final long nowMs)
    {
        final Object value = body.raw("communication_disabled_until");
        if (!(value instanceof String))
        {
            if (JsonBody.NULL != value)
            {
                body.error("communication_disabled_until", "DATE_TYPE_CONVERT", "Could not parse " + value +
                    ". Should be ISO8601.");
            }
            return 0;
        }
        final long untilMs;
        try
        {
            untilMs = OffsetDateTime.parse((String)value).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            body.error("communication_disabled_until", "DATE_TYPE_CONVERT", "Could not parse " + value +
                ". Should be ISO8601.");
            return 0;
        }
        if (untilMs > nowMs + MAX_TIMEOUT_MS)
        {
            body.error("communication_disabled_until", "COMMUNICATION_DISABLED_UNTIL_TOO_LONG",
                "Communication disabled timeout must be less than 28 days in the future.");
            return 0;
        }
        return untilMs <= nowMs ? 0 : untilMs;
    }
}
