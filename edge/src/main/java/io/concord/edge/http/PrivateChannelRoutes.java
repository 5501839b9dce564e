package io.concord.edge.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.codecs.BooleanType;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.ListUserGuildsEncoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.OpenDmEncoder;
import io.concord.codecs.UserGuildsDecoder;
import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.JsonBody;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The current user's DM channels and guild list: {@code POST /users/@me/channels} (open, or find, the DM with
 * {@code recipient_id}) and {@code GET /users/@me/guilds} (partial guilds, {@code before}/{@code after}/{@code limit}
 * 1..200). DM channels themselves ({@code GET /channels/{id}}, messages, typing) go through the channel and message
 * routes; this class also renders the DM Channel object they answer with. Runs on the request's event loop.
 */
final class PrivateChannelRoutes
{
    static final int MAX_GUILDS = 200;

    private PrivateChannelRoutes()
    {
    }

    static void handle(final RestRequest r)
    {
        switch (r.route)
        {
            case CREATE_DM -> openDm(r);
            case USER_ME_GUILDS -> listGuilds(r);
            default -> r.error(DiscordError.UNSUPPORTED_ROUTE);
        }
    }

    private static void openDm(final RestRequest r)
    {
        final JsonBody body = r.body;
        final long recipientId = body.snowflake("recipient_id", true);
        if (body.valid() && recipientId == r.userId)
        {
            body.error("recipient_id", "BASE_TYPE_INVALID", "Cannot open a DM channel with yourself.");
        }
        if (r.rejectedForm(body))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final OpenDmEncoder encoder = new OpenDmEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .recipientId(recipientId);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), PrivateChannelRoutes::onDmChannel);
    }

    /**
     * Answers with the DM Channel object the core sent, or the error it meant.
     *
     * @param r          the request.
     * @param templateId reply template.
     * @param buffer     the frame.
     * @param offset     of the frame.
     */
    static void onDmChannel(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (DmChannelInfoDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final DmChannelInfoDecoder info = new DmChannelInfoDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        info.edgeId();
        info.correlationId();
        info.sessionId();
        final long channelId = info.channelId();
        final long lastMessageId = info.lastMessageId();
        final long recipientId = info.recipientId();
        final boolean recipientBot = BooleanType.TRUE == info.recipientBot();
        final String recipientName = info.recipientName();
        r.json(HttpResponseStatus.OK,
            (json) -> dmChannel(json, channelId, lastMessageId, recipientId, recipientName, recipientBot));
    }

    /**
     * A DM Channel object: {@code {"id","type":1,"last_message_id","flags":0,"recipients":[User]}}.
     *
     * @param json          generator.
     * @param channelId     channel id.
     * @param lastMessageId newest message, 0 for null.
     * @param recipientId   the other user.
     * @param recipientName its name.
     * @param recipientBot  whether it is a bot.
     * @throws IOException if writing fails.
     */
    static void dmChannel(
        final JsonGenerator json,
        final long channelId,
        final long lastMessageId,
        final long recipientId,
        final String recipientName,
        final boolean recipientBot) throws IOException
    {
        json.writeStartObject();
        RestJson.snowflakeField(json, "id", channelId);
        json.writeNumberField("type", 1);
        if (0 == lastMessageId)
        {
            json.writeNullField("last_message_id");
        }
        else
        {
            RestJson.snowflakeField(json, "last_message_id", lastMessageId);
        }
        json.writeNumberField("flags", 0);
        json.writeArrayFieldStart("recipients");
        RestJson.user(json, recipientId, recipientName, recipientBot, false);
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void listGuilds(final RestRequest r)
    {
        final JsonBody query = JsonBody.of(Map.of());
        final long beforeId = r.snowflakeParam(query, "before");
        final long afterId = r.snowflakeParam(query, "after");
        final int limit = (int)r.intParam(query, "limit", 1, MAX_GUILDS, MAX_GUILDS);
        if (r.rejectedForm(query))
        {
            return;
        }
        final long correlationId = r.api.core().nextCorrelationId();
        final ListUserGuildsEncoder encoder = new ListUserGuildsEncoder()
            .wrapAndApplyHeader(r.commandBuffer(), 0, new MessageHeaderEncoder())
            .edgeId(r.api.core().edgeId())
            .correlationId(correlationId)
            .userId(r.userId)
            .beforeId(beforeId)
            .afterId(afterId)
            .maxGuilds((short)limit);
        r.call(correlationId, RestRequest.HEADER + encoder.encodedLength(), PrivateChannelRoutes::onGuilds);
    }

    private record PartialGuild(long id, long ownerId, long permissions, String name)
    {
    }

    private static void onGuilds(final RestRequest r, final int templateId, final DirectBuffer buffer, final int offset)
    {
        if (UserGuildsDecoder.TEMPLATE_ID != templateId)
        {
            r.otherReply(templateId, buffer, offset);
            return;
        }
        final UserGuildsDecoder decoder = new UserGuildsDecoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
        decoder.edgeId();
        decoder.correlationId();
        final long userId = decoder.userId();
        final List<PartialGuild> guilds = new ArrayList<>();
        for (final UserGuildsDecoder.GuildsDecoder guild : decoder.guilds())
        {
            final long guildId = guild.guildId();
            final long ownerId = guild.ownerId();
            final long permissions = guild.permissions();
            guilds.add(new PartialGuild(guildId, ownerId, permissions, guild.name()));
        }
        r.json(HttpResponseStatus.OK, (json) ->
        {
            json.writeStartArray();
            for (final PartialGuild guild : guilds)
            {
                json.writeStartObject();
                RestJson.snowflakeField(json, "id", guild.id());
                json.writeStringField("name", guild.name());
                json.writeNullField("icon");
                json.writeNullField("banner");
                json.writeBooleanField("owner", guild.ownerId() == userId);
                json.writeStringField("permissions", Long.toString(guild.permissions()));
                json.writeArrayFieldStart("features");
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }
}
