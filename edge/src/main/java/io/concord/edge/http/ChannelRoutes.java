package io.concord.edge.http;

import io.concord.codecs.AcceptInviteEncoder;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.CreateInviteEncoder;
import io.concord.codecs.DeleteChannelEncoder;
import io.concord.codecs.DeleteInviteEncoder;
import io.concord.codecs.DeleteOverwriteEncoder;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.GetChannelEncoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OverwriteKind;
import io.concord.codecs.PutOverwriteEncoder;
import io.concord.codecs.ResolveInviteEncoder;
import io.concord.codecs.UpdateChannelEncoder;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;

/**
 * One channel ({@code GET/PATCH/DELETE /channels/{id}}), its permission overwrites, and invites (create on a
 * channel, resolve, accept). Runs on the request's event loop.
 */
final class ChannelRoutes
{
    static final int UPDATE_NAME = 1;
    static final int UPDATE_TOPIC = 2;
    static final int UPDATE_POSITION = 4;
    static final int UPDATE_PARENT = 8;
    static final int UPDATE_RATE_LIMIT = 16;
    static final int MAX_RATE_LIMIT_PER_USER = 21_600;
    static final int MAX_INVITE_AGE_SECONDS = 604_800;
    static final int DEFAULT_INVITE_AGE_SECONDS = 86_400;
    static final int MAX_INVITE_CODE_CHARS = 13;
    static final int INVITE_CODE_RADIX = 36;

    /**
     * Renders the invite with its metadata (create, delete) or as anyone may see it (accept).
     */
    private static final RestRequest.ReplyRenderer ON_INVITE_WITH_METADATA =
        (r, templateId, buffer, offset) -> onInvite(r, templateId, buffer, offset, true, false);
    private static final RestRequest.ReplyRenderer ON_INVITE =
        (r, templateId, buffer, offset) -> onInvite(r, templateId, buffer, offset, false, false);

    private ChannelRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case GET_CHANNEL -> getChannel(r);
            case UPDATE_CHANNEL -> updateChannel(r);
            case DELETE_CHANNEL -> deleteChannel(r);
            case PUT_OVERWRITE -> putOverwrite(r);
            case DELETE_OVERWRITE -> deleteOverwrite(r);
            case CREATE_INVITE -> createInvite(r);
            case GET_INVITE -> resolveInvite(r);
            case ACCEPT_INVITE -> acceptInvite(r);
            case DELETE_INVITE -> deleteInvite(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    private static MessageHeaderEncoder header()
    {
        return new MessageHeaderEncoder();
    }

    private static void getChannel(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final GetChannelEncoder encoder = new GetChannelEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ChannelRoutes::onChannel);
    }

    static void onChannel(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (DmChannelInfoDecoder.TEMPLATE_ID == templateId)
        {
            PrivateChannelRoutes.onDmChannel(r, templateId, buffer, offset);
            return;
        }
        if (ChannelChangedDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final CoreViews.ChannelView channel = CoreViews.channel(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) -> RestJson.channel(json, channel));
    }

    private static void updateChannel(final RestRequest r)
    {
        final JsonBody body = r.body;
        int mask = 0;
        final String name = body.string("name", false, 1, 100);
        if (null != name)
        {
            mask |= UPDATE_NAME;
        }
        String topic = body.string("topic", false, 0, 1024);
        if (body.has("topic") && !body.hasValue("topic"))
        {
            topic = "";
        }
        if (null != topic)
        {
            mask |= UPDATE_TOPIC;
        }
        final long position = body.integer("position", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
        if (body.hasValue("position"))
        {
            mask |= UPDATE_POSITION;
        }
        final long parentId = body.snowflake("parent_id", false);
        if (body.has("parent_id"))
        {
            mask |= UPDATE_PARENT;
        }
        final long rateLimitPerUser = body.integer("rate_limit_per_user", 0, MAX_RATE_LIMIT_PER_USER, 0);
        if (body.has("rate_limit_per_user"))
        {
            mask |= UPDATE_RATE_LIMIT;
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final UpdateChannelEncoder encoder = new UpdateChannelEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .updateMask((short)mask)
            .parentId(parentId)
            .position((int)position)
            .rateLimitPerUser((int)rateLimitPerUser)
            .name(null == name ? "" : name)
            .topic(null == topic ? "" : topic);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ChannelRoutes::onChannel);
    }

    private static void deleteChannel(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteChannelEncoder encoder = new DeleteChannelEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ChannelRoutes::onChannel);
    }

    private static void putOverwrite(final RestRequest r)
    {
        final JsonBody body = r.body;
        final Object rawType = body.raw("type");
        long kind = -1;
        if (null == rawType || JsonBody.NULL == rawType)
        {
            body.error("type", "BASE_TYPE_REQUIRED", "This field is required");
        }
        else
        {
            final Object type = rawType instanceof String ? (Object)JsonBody.parseId((String)rawType) : rawType;
            kind = body.integerValue("type", type, 0, 1, -1);
        }
        final long allow = body.permissions("allow", 0);
        final long deny = body.permissions("deny", 0);
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final PutOverwriteEncoder encoder = new PutOverwriteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .targetId(r.ids[1])
            .kind(0 == kind ? OverwriteKind.ROLE : OverwriteKind.MEMBER)
            .allow(allow)
            .deny(deny);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void deleteOverwrite(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteOverwriteEncoder encoder = new DeleteOverwriteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .targetId(r.ids[1]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void createInvite(final RestRequest r)
    {
        final JsonBody body = r.body;
        final long maxAge = body.integer("max_age", 0, MAX_INVITE_AGE_SECONDS, DEFAULT_INVITE_AGE_SECONDS);
        final long maxUses = body.integer("max_uses", 0, 100, 0);
        if (body.bool("temporary", false))
        {
            body.error("temporary", "UNSUPPORTED", "Concord does not support temporary membership yet.");
        }
        body.bool("unique", false);
        if (body.hasValue("target_type"))
        {
            body.error("target_type", "UNSUPPORTED", "Concord does not support invite targets yet.");
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final CreateInviteEncoder encoder = new CreateInviteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .channelId(r.ids[0])
            .maxAgeSeconds((int)maxAge)
            .maxUses((int)maxUses);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ON_INVITE_WITH_METADATA);
    }

    /**
     * Invite codes are base-36 renderings of the invite's snowflake (1 to 13 characters); anything else cannot
     * exist and is answered without asking the core.
     */
    static boolean validCode(final String code)
    {
        if (null == code || code.isEmpty() || code.length() > MAX_INVITE_CODE_CHARS)
        {
            return false;
        }
        for (int i = 0; i < code.length(); i++)
        {
            if (Character.digit(code.charAt(i), INVITE_CODE_RADIX) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Answers {@link DiscordError#UNKNOWN_INVITE} for a route's code that cannot exist.
     *
     * @return true when it did and the request is done.
     */
    private static boolean rejectedCode(final RestRequest r)
    {
        if (validCode(r.code))
        {
            return false;
        }
        r.error(DiscordError.UNKNOWN_INVITE);
        return true;
    }

    private static void resolveInvite(final RestRequest r)
    {
        if (rejectedCode(r))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final ResolveInviteEncoder encoder = new ResolveInviteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .code(r.code);
        final boolean withCounts = r.queryFlag("with_counts");
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) ->
                onInvite(request, templateId, buffer, offset, false, withCounts));
    }

    private static void deleteInvite(final RestRequest r)
    {
        if (rejectedCode(r))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteInviteEncoder encoder = new DeleteInviteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .code(r.code);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ON_INVITE_WITH_METADATA);
    }

    private static void acceptInvite(final RestRequest r)
    {
        if (rejectedCode(r))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final AcceptInviteEncoder encoder = new AcceptInviteEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .code(r.code);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), ON_INVITE);
    }

    private static void onInvite(
        final RestRequest r,
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final boolean withMetadata,
        final boolean withCounts)
    {
        if (InviteInfoDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final CoreViews.InviteView invite = CoreViews.invite(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) -> RestJson.invite(json, invite, withMetadata, withCounts));
    }
}
