package io.concord.edge.http;

import io.concord.codecs.BooleanType;
import io.concord.codecs.ChangeMemberRoleEncoder;
import io.concord.codecs.ChannelKind;
import io.concord.codecs.CreateChannelEncoder;
import io.concord.codecs.CreateGuildEncoder;
import io.concord.codecs.CreateRoleEncoder;
import io.concord.codecs.DeleteGuildEncoder;
import io.concord.codecs.DeleteRoleEncoder;
import io.concord.codecs.GetGuildEncoder;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OverwriteKind;
import io.concord.codecs.RemoveMemberEncoder;
import io.concord.codecs.RoleChangedDecoder;
import io.concord.codecs.SubscriptionAction;
import io.concord.codecs.UpdateGuildEncoder;
import io.concord.codecs.UpdateRoleEncoder;
import io.concord.edge.rest.CoreViews;
import io.concord.edge.rest.CoreViews.ChannelView;
import io.concord.edge.rest.CoreViews.GuildView;
import io.concord.edge.rest.CoreViews.MemberView;
import io.concord.edge.rest.CoreViews.RoleView;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Guilds ({@code POST /guilds}, {@code GET/PATCH/DELETE /guilds/{id}}), their channels, roles and members, and
 * leaving a guild. Lists are cut from the guild snapshot the core sends for {@code GetGuild}. Runs on the request's
 * event loop.
 */
final class GuildRoutes
{
    private static final int ROLE_NAME = 1;
    private static final int ROLE_PERMISSIONS = 2;
    private static final int ROLE_COLOR = 4;
    private static final int ROLE_POSITION = 8;
    private static final int ROLE_HOIST = 16;
    private static final int ROLE_MENTIONABLE = 32;
    private static final int MAX_COLOR = 0xFFFFFF;

    private GuildRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case CREATE_GUILD -> createGuild(r);
            case GET_GUILD -> getGuild(r, GuildRoutes::onGuild);
            case UPDATE_GUILD -> updateGuild(r);
            case DELETE_GUILD -> deleteGuild(r);
            case GUILD_CHANNELS -> getGuild(r, GuildRoutes::onChannels);
            case CREATE_CHANNEL -> createChannel(r);
            case GUILD_MEMBERS -> members(r);
            case GUILD_MEMBER -> getGuild(r, GuildRoutes::onMember);
            case UPDATE_MEMBER -> MemberRoutes.update(r, false, () -> getGuild(r, GuildRoutes::onMember));
            case UPDATE_SELF_MEMBER ->
            {
                r.ids[1] = r.userId;
                MemberRoutes.update(r, true, () -> getGuild(r, GuildRoutes::onMember));
            }
            case KICK_MEMBER -> removeMember(r, r.ids[1]);
            case LEAVE_GUILD -> removeMember(r, r.userId);
            case ADD_MEMBER_ROLE -> changeMemberRole(r, SubscriptionAction.SUBSCRIBE);
            case REMOVE_MEMBER_ROLE -> changeMemberRole(r, SubscriptionAction.UNSUBSCRIBE);
            case GUILD_ROLES -> getGuild(r, GuildRoutes::onRoles);
            case CREATE_ROLE -> createRole(r);
            case UPDATE_ROLE -> updateRole(r);
            case DELETE_ROLE -> deleteRole(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    private static MessageHeaderEncoder header()
    {
        return new MessageHeaderEncoder();
    }

    private static void createGuild(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String name = body.string("name", true, 2, 100);
        if (null != name && name.strip().length() < 2)
        {
            body.error("name", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.");
        }
        for (final String field : new String[]{ "roles", "channels" })
        {
            final java.util.List<Object> values = body.hasValue(field) ? body.array(field, false) : null;
            if (null != values && !values.isEmpty())
            {
                body.error(field, "UNSUPPORTED", "Concord creates a guild with its default roles and channels only.");
            }
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final CreateGuildEncoder encoder = new CreateGuildEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(0)
            .ownerBot(BooleanType.FALSE)
            .name(name.strip())
            .ownerName("");
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) ->
            {
                final GuildView guild = snapshot(request, templateId, buffer, offset);
                if (null != guild)
                {
                    request.json(HttpResponseStatus.CREATED, (json) -> RestJson.guild(json, guild, false));
                }
            });
    }

    private static void getGuild(final RestRequest r, final RestRequest.ReplyRenderer renderer)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final GetGuildEncoder encoder = new GetGuildEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), renderer);
    }

    private static GuildView snapshot(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (GuildSnapshotDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return null;
        }
        return CoreViews.guild(buffer, offset);
    }

    private static void onGuild(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final GuildView guild = snapshot(r, templateId, buffer, offset);
        if (null != guild)
        {
            final boolean withCounts = r.queryFlag("with_counts");
            r.json(HttpResponseStatus.OK, (json) -> RestJson.guild(json, guild, withCounts));
        }
    }

    private static void onChannels(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final GuildView guild = snapshot(r, templateId, buffer, offset);
        if (null != guild)
        {
            r.json(HttpResponseStatus.OK, (json) ->
            {
                json.writeStartArray();
                for (final ChannelView channel : guild.channels())
                {
                    RestJson.channel(json, channel);
                }
                json.writeEndArray();
            });
        }
    }

    private static void onRoles(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final GuildView guild = snapshot(r, templateId, buffer, offset);
        if (null != guild)
        {
            r.json(HttpResponseStatus.OK, (json) ->
            {
                json.writeStartArray();
                for (final RoleView role : guild.roles())
                {
                    RestJson.role(json, role);
                }
                json.writeEndArray();
            });
        }
    }

    private static void onMember(
        final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        final GuildView guild = snapshot(r, templateId, buffer, offset);
        if (null == guild)
        {
            return;
        }
        for (final MemberView member : guild.members())
        {
            if (member.userId() == r.ids[1])
            {
                r.json(HttpResponseStatus.OK, (json) -> RestJson.member(json, member));
                return;
            }
        }
        r.error(DiscordError.UNKNOWN_MEMBER);
    }

    private static void members(final RestRequest r)
    {
        final JsonBody query = JsonBody.of(Map.of());
        final long limit = r.intParam(query, "limit", 1, 1000, 1);
        final long after = r.snowflakeParam(query, "after");
        if (r.rejectedForm(query))
        {
            return;
        }
        final int pageSize = (int)limit;
        getGuild(r, (request, templateId, buffer, offset) ->
        {
            final GuildView guild = snapshot(request, templateId, buffer, offset);
            if (null == guild)
            {
                return;
            }
            final List<MemberView> page = new ArrayList<>();
            for (final MemberView member : guild.members())
            {
                if (member.userId() > after)
                {
                    page.add(member);
                }
            }
            page.sort(Comparator.comparingLong(MemberView::userId));
            final List<MemberView> cut = page.size() > pageSize ? page.subList(0, pageSize) : page;
            request.json(HttpResponseStatus.OK, (json) ->
            {
                json.writeStartArray();
                for (final MemberView member : cut)
                {
                    RestJson.member(json, member);
                }
                json.writeEndArray();
            });
        });
    }

    private static void updateGuild(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String name = body.string("name", false, 2, 100);
        if (r.rejectedForm(body))
        {
            return;
        }
        if (null == name)
        {
            getGuild(r, GuildRoutes::onGuild);
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final UpdateGuildEncoder encoder = new UpdateGuildEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .name(name);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) ->
            {
                if (GuildChangedDecoder.TEMPLATE_ID != templateId)
                {
                    request.otherReply(templateId, buffer, offset);
                    return;
                }
                // The update answers with the guild's header only; the full Guild object comes from a snapshot.
                getGuild(request, GuildRoutes::onGuild);
            });
    }

    private static void deleteGuild(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteGuildEncoder encoder = new DeleteGuildEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void createChannel(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String name = body.string("name", true, 1, 100);
        final long type = body.integer("type", 0, 4, 0);
        if (type != 0 && type != 2 && type != 4)
        {
            body.error("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4}.");
        }
        final String topic = body.string("topic", false, 0, 1024);
        final long position = body.integer("position", Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
        final long parentId = body.snowflake("parent_id", false);
        final long rateLimitPerUser = body.integer(
            "rate_limit_per_user", 0, ChannelRoutes.MAX_RATE_LIMIT_PER_USER, 0);
        final List<Object> overwrites = body.array("permission_overwrites", false);
        final List<long[]> parsed = new ArrayList<>();
        if (null != overwrites)
        {
            for (int i = 0; i < overwrites.size(); i++)
            {
                final Object value = overwrites.get(i);
                if (!(value instanceof Map))
                {
                    body.error("permission_overwrites." + i, "DICT_TYPE_CONVERT",
                        "Only dictionaries may be used in a DictType");
                    continue;
                }
                @SuppressWarnings("unchecked") // JsonBody builds only Map<String, Object> for objects
                final JsonBody overwrite = JsonBody.of((Map<String, Object>)value);
                final long id = overwrite.snowflake("id", true);
                final Object rawType = overwrite.raw("type");
                final long kind = null == rawType || JsonBody.NULL == rawType ? -1 : overwrite.integerValue(
                    "type", rawType instanceof String ? (Object)JsonBody.parseId((String)rawType) : rawType, 0, 1, -1);
                if (null == rawType || JsonBody.NULL == rawType)
                {
                    overwrite.error("type", "BASE_TYPE_REQUIRED", "This field is required");
                }
                final long allow = overwrite.permissions("allow", 0);
                final long deny = overwrite.permissions("deny", 0);
                for (final Map.Entry<String, String[]> error : overwrite.errors().entrySet())
                {
                    body.error("permission_overwrites." + i + "." + error.getKey(), error.getValue()[0],
                        error.getValue()[1]);
                }
                parsed.add(new long[]{ id, kind, allow, deny });
            }
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final CreateChannelEncoder encoder = new CreateChannelEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .channelType(ChannelKind.get((short)type))
            .parentId(parentId)
            .position((int)position)
            .rateLimitPerUser((int)rateLimitPerUser);
        final CreateChannelEncoder.OverwritesEncoder group = encoder.overwritesCount(parsed.size());
        for (final long[] overwrite : parsed)
        {
            group.next()
                .targetId(overwrite[0])
                .kind(0 == overwrite[1] ? OverwriteKind.ROLE : OverwriteKind.MEMBER)
                .allow(overwrite[2])
                .deny(overwrite[3]);
        }
        encoder.name(name).topic(null == topic ? "" : topic);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(),
            (request, templateId, buffer, offset) ->
            {
                if (io.concord.codecs.ChannelChangedDecoder.TEMPLATE_ID != templateId)
                {
                    request.otherReply(templateId, buffer, offset);
                    return;
                }
                final ChannelView channel = CoreViews.channel(buffer, offset);
                request.json(HttpResponseStatus.CREATED, (json) -> RestJson.channel(json, channel));
            });
    }

    private static void removeMember(final RestRequest r, final long targetUserId)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final RemoveMemberEncoder encoder = new RemoveMemberEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .targetUserId(targetUserId);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void changeMemberRole(final RestRequest r, final SubscriptionAction action)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final ChangeMemberRoleEncoder encoder = new ChangeMemberRoleEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .targetUserId(r.ids[1])
            .roleId(r.ids[2])
            .action(action);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }

    private static void onRole(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (RoleChangedDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final RoleView role = CoreViews.role(buffer, offset);
        r.json(HttpResponseStatus.OK, (json) -> RestJson.role(json, role));
    }

    private static void createRole(final RestRequest r)
    {
        final JsonBody body = r.body;
        final String name = body.string("name", false, 0, 100);
        final long permissions = body.permissions("permissions", 0);
        final long color = body.integer("color", 0, MAX_COLOR, 0);
        final boolean hoist = body.bool("hoist", false);
        final boolean mentionable = body.bool("mentionable", false);
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final CreateRoleEncoder encoder = new CreateRoleEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .permissions(permissions)
            .color((int)color)
            .hoist(hoist ? BooleanType.TRUE : BooleanType.FALSE)
            .mentionable(mentionable ? BooleanType.TRUE : BooleanType.FALSE)
            .name(null == name ? "" : name);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), GuildRoutes::onRole);
    }

    private static void updateRole(final RestRequest r)
    {
        final JsonBody body = r.body;
        int mask = 0;
        final String name = body.string("name", false, 1, 100);
        mask |= null != name ? ROLE_NAME : 0;
        final long permissions = body.permissions("permissions", 0);
        mask |= body.hasValue("permissions") ? ROLE_PERMISSIONS : 0;
        final long color = body.integer("color", 0, MAX_COLOR, 0);
        mask |= body.hasValue("color") ? ROLE_COLOR : 0;
        final long position = body.integer("position", 0, Integer.MAX_VALUE, 0);
        mask |= body.hasValue("position") ? ROLE_POSITION : 0;
        final boolean hoist = body.bool("hoist", false);
        mask |= body.hasValue("hoist") ? ROLE_HOIST : 0;
        final boolean mentionable = body.bool("mentionable", false);
        mask |= body.hasValue("mentionable") ? ROLE_MENTIONABLE : 0;
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final UpdateRoleEncoder encoder = new UpdateRoleEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .roleId(r.ids[1])
            .updateMask((short)mask)
            .permissions(permissions)
            .color((int)color)
            .position((int)position)
            .hoist(hoist ? BooleanType.TRUE : BooleanType.FALSE)
            .mentionable(mentionable ? BooleanType.TRUE : BooleanType.FALSE)
            .name(null == name ? "" : name);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), GuildRoutes::onRole);
    }

    private static void deleteRole(final RestRequest r)
    {
        final long correlationId = r.api.core().nextCorrelationId();
        final DeleteRoleEncoder encoder = new DeleteRoleEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, header())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .guildId(r.ids[0])
            .roleId(r.ids[1]);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), MessageRoutes::onCommandReply);
    }
}
