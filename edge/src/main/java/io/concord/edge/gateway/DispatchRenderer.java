package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.agrona.DirectBuffer;

import java.util.List;

import static io.concord.edge.gateway.GatewayJson.ascii;
import static io.concord.edge.gateway.GatewayJson.bool;
import static io.concord.edge.gateway.GatewayJson.nullValue;
import static io.concord.edge.gateway.GatewayJson.number;
import static io.concord.edge.gateway.GatewayJson.snowflake;
import static io.concord.edge.gateway.GatewayJson.string;
import static io.concord.edge.gateway.GatewayJson.timestamp;
import static io.concord.edge.gateway.GatewayJson.utf8String;

/**
 * Renders dispatch "tails": the part of a dispatch payload that is the same for every recipient,
 * <pre>
 *   {"op":0,"s":42          per session (see {@link GatewayFrames#dispatchPrefix})
 *   ,"t":"NAME","d":{...}}  shared tail, rendered once per dispatch
 * </pre>
 * Each method returns a new buffer (refCnt 1) from the given allocator, owned by the caller. Stateless; the
 * core-link thread calls it for fan-out dispatches, event loops for per-session ones (READY, GUILD_CREATE, RESUMED).
 */
public final class DispatchRenderer
{
    /**
     * Discord's GUILD_VOICE channel type; clients require its bitrate and user limit.
     */
    private static final int VOICE_CHANNEL_TYPE = 2;

    public static final byte[] MESSAGE_CREATE = ascii(",\"t\":\"MESSAGE_CREATE\",\"d\":");
    public static final byte[] MESSAGE_UPDATE = ascii(",\"t\":\"MESSAGE_UPDATE\",\"d\":");
    private static final byte[] MESSAGE_DELETE = ascii(",\"t\":\"MESSAGE_DELETE\",\"d\":");
    private static final byte[] TYPING_START = ascii(",\"t\":\"TYPING_START\",\"d\":");
    private static final byte[] READY = ascii(",\"t\":\"READY\",\"d\":");
    private static final byte[] GUILD_CREATE = ascii(",\"t\":\"GUILD_CREATE\",\"d\":");
    private static final byte[] RESUMED = ascii(",\"t\":\"RESUMED\",\"d\":{}}");
    private static final byte[] GUILD_UPDATE = ascii(",\"t\":\"GUILD_UPDATE\",\"d\":");
    private static final byte[] GUILD_DELETE = ascii(",\"t\":\"GUILD_DELETE\",\"d\":");
    private static final byte[] CHANNEL_CREATE = ascii(",\"t\":\"CHANNEL_CREATE\",\"d\":");
    private static final byte[] CHANNEL_UPDATE = ascii(",\"t\":\"CHANNEL_UPDATE\",\"d\":");
    private static final byte[] CHANNEL_DELETE = ascii(",\"t\":\"CHANNEL_DELETE\",\"d\":");
    private static final byte[] GUILD_ROLE_CREATE = ascii(",\"t\":\"GUILD_ROLE_CREATE\",\"d\":");
    private static final byte[] GUILD_ROLE_UPDATE = ascii(",\"t\":\"GUILD_ROLE_UPDATE\",\"d\":");
    private static final byte[] GUILD_ROLE_DELETE = ascii(",\"t\":\"GUILD_ROLE_DELETE\",\"d\":");
    private static final byte[] GUILD_MEMBER_ADD = ascii(",\"t\":\"GUILD_MEMBER_ADD\",\"d\":");
    private static final byte[] GUILD_MEMBER_UPDATE = ascii(",\"t\":\"GUILD_MEMBER_UPDATE\",\"d\":");
    private static final byte[] GUILD_MEMBER_REMOVE = ascii(",\"t\":\"GUILD_MEMBER_REMOVE\",\"d\":");
    private static final byte[] MESSAGE_DELETE_BULK = ascii(",\"t\":\"MESSAGE_DELETE_BULK\",\"d\":");

    /**
     * The Guild object's fields Concord has no state for, between {@code name} and {@code owner_id}, and after
     * {@code owner_id}: the same in GUILD_CREATE and GUILD_UPDATE.
     */
    private static final byte[] GUILD_FIELDS_BEFORE_OWNER = ascii(",\"icon\":null,\"splash\":null," +
        "\"discovery_splash\":null,\"banner\":null,\"description\":null,\"owner_id\":");
    private static final byte[] GUILD_FIELDS_AFTER_OWNER = ascii(",\"afk_channel_id\":null,\"afk_timeout\":300," +
        "\"verification_level\":0,\"default_message_notifications\":0,\"explicit_content_filter\":0," +
        "\"mfa_level\":0,\"nsfw_level\":0,\"premium_tier\":0,\"premium_subscription_count\":0," +
        "\"system_channel_id\":null,\"system_channel_flags\":0,\"rules_channel_id\":null," +
        "\"public_updates_channel_id\":null,\"safety_alerts_channel_id\":null,\"vanity_url_code\":null," +
        "\"preferred_locale\":\"en-US\",\"premium_progress_bar_enabled\":false,\"features\":[]," +
        "\"stickers\":[],\"emojis\":[]");
    private static final byte[] NAME = ascii(",\"name\":");
    private static final byte[] PRESENCE_UPDATE = ascii(",\"t\":\"PRESENCE_UPDATE\",\"d\":");
    private static final byte[] PRESENCE_USER = ascii("{\"user\":{\"id\":");
    private static final byte[] PRESENCE_STATUS = ascii(",\"status\":");
    private static final byte[] PRESENCE_ACTIVITIES = ascii(",\"activities\":[");
    private static final byte[] ACTIVITY_NAME = ascii("{\"name\":");
    private static final byte[] ACTIVITY_STATE = ascii(",\"state\":");
    private static final byte[] PRESENCE_CLIENT_STATUS = ascii("],\"client_status\":{");
    private static final byte[] WEB = ascii("\"web\":");
    private static final byte[] ROLE = ascii(",\"role\":");
    private static final byte[] ROLE_ID = ascii(",\"role_id\":");
    private static final byte[] GUILD_ID_FIRST = ascii("{\"guild_id\":");
    private static final byte[] USER = ascii(",\"user\":");
    private static final byte[] IDS = ascii("{\"ids\":[");
    private static final byte[] IDS_END_CHANNEL_ID = ascii("],\"channel_id\":");

    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] OVERWRITE_ID = ascii(",{\"id\":");
    private static final byte[] CHANNEL_ID = ascii(",\"channel_id\":");
    private static final byte[] GUILD_ID = ascii(",\"guild_id\":");
    private static final byte[] AUTHOR_ID = ascii(",\"author\":{\"id\":");
    private static final byte[] USERNAME = ascii(",\"username\":");
    private static final byte[] AUTHOR_REST = ascii(",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null");
    private static final byte[] BOT = ascii(",\"bot\":");
    private static final byte[] CONTENT = ascii("},\"content\":");
    private static final byte[] EMPTY_CONTENT = ascii("},\"content\":\"\"");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] EDITED_TIMESTAMP = ascii(",\"edited_timestamp\":");
    private static final byte[] MESSAGE_FLAGS = ascii(",\"tts\":false,\"pinned\":false,\"type\":");
    private static final byte[] FLAGS = ascii(",\"flags\":");
    private static final byte[] MENTION_EVERYONE = ascii(",\"mention_everyone\":");
    private static final byte[] MENTIONS = ascii(",\"mentions\":[");
    private static final byte[] MENTION_USER = ascii("{\"id\":");
    private static final byte[] MENTION_USER_REST = ascii(
        ",\"username\":\"\",\"discriminator\":\"0\",\"global_name\":null,\"avatar\":null}");
    private static final byte[] MESSAGE_ARRAYS = ascii(
        "],\"mention_roles\":[],\"attachments\":[],\"embeds\":[],\"components\":[]");
    private static final byte[] NONCE = ascii(",\"nonce\":");
    private static final byte[] MESSAGE_REFERENCE = ascii(",\"message_reference\":{\"message_id\":");
    private static final byte[] CHANNEL_TYPE = ascii(",\"channel_type\":");
    private static final byte[] END_TAIL = ascii("}}");
    private static final byte[] USER_ID = ascii(",\"user_id\":");
    private static final byte[] TYPING_CHANNEL_ID = ascii("{\"channel_id\":");
    private static final byte[] TYPING_TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] MEMBER = ascii(",\"member\":");
    private static final byte[] MEMBER_USER = ascii("{\"user\":");
    private static final byte[] MEMBER_NICK = ascii(",\"nick\":");
    private static final byte[] MEMBER_ROLES = ascii(",\"avatar\":null,\"banner\":null,\"roles\":[");
    private static final byte[] MEMBER_JOINED_AT = ascii("],\"joined_at\":");
    private static final byte[] MEMBER_DEAF = ascii(",\"premium_since\":null,\"deaf\":");
    private static final byte[] MEMBER_MUTE = ascii(",\"mute\":");
    private static final byte[] MEMBER_REST = ascii(",\"flags\":0,\"pending\":false,\"communication_disabled_until\":");

    // The fixed JSON of READY, GUILD_CREATE and the Role, Channel and User objects, encoded once, not per call.
    private static final byte[] READY_USER = ascii("{\"v\":10,\"user\":");
    private static final byte[] READY_GUILDS = ascii(",\"guilds\":[");
    private static final byte[] UNAVAILABLE_GUILD_END = ascii(",\"unavailable\":true}");
    private static final byte[] READY_SESSION_ID = ascii("],\"session_id\":");
    private static final byte[] READY_RESUME_GATEWAY_URL =
        ascii(",\"session_type\":\"normal\",\"resume_gateway_url\":");
    private static final byte[] READY_SHARD = ascii(",\"shard\":[");
    private static final byte[] READY_APPLICATION_ID = ascii("],\"application\":{\"id\":");
    private static final byte[] READY_PRIVATE_CHANNELS = ascii(",\"flags\":0},\"private_channels\":[");
    private static final byte[] READY_END = ascii("],\"relationships\":[],\"presences\":[]");
    private static final byte[] DM_TYPE_LAST_MESSAGE_ID = ascii(",\"type\":1,\"last_message_id\":");
    private static final byte[] DM_RECIPIENTS = ascii(",\"flags\":0,\"recipients\":[");
    private static final byte[] DM_END = ascii("]}");
    private static final byte[] GUILD_PRESENCES = ascii(",\"voice_states\":[],\"threads\":[],\"presences\":[");
    private static final byte[] GUILD_LARGE =
        ascii("],\"stage_instances\":[],\"guild_scheduled_events\":[],\"soundboard_sounds\":[]," +
            "\"unavailable\":false,\"lazy\":true,\"large\":");
    private static final byte[] GUILD_MEMBER_COUNT = ascii(",\"member_count\":");
    private static final byte[] GUILD_JOINED_AT = ascii(",\"joined_at\":");
    private static final byte[] GUILD_ROLES = ascii(",\"roles\":[");
    private static final byte[] GUILD_CHANNELS = ascii("],\"channels\":[");
    private static final byte[] GUILD_MEMBERS = ascii("],\"members\":[");
    private static final byte[] ARRAY_END = ascii("]");
    private static final byte[] ROLE_PERMISSIONS = ascii(",\"permissions\":\"");
    private static final byte[] ROLE_POSITION = ascii("\",\"position\":");
    private static final byte[] ROLE_COLOR = ascii(",\"color\":");
    private static final byte[] ROLE_PRIMARY_COLOR = ascii(",\"colors\":{\"primary_color\":");
    private static final byte[] ROLE_OTHER_COLORS = ascii(",\"secondary_color\":null,\"tertiary_color\":null}");
    private static final byte[] ROLE_HOIST = ascii(",\"hoist\":");
    private static final byte[] ROLE_MENTIONABLE = ascii(",\"managed\":false,\"mentionable\":");
    private static final byte[] ROLE_END = ascii(",\"icon\":null,\"unicode_emoji\":null,\"flags\":0}");
    private static final byte[] TYPE = ascii(",\"type\":");
    private static final byte[] POSITION = ascii(",\"position\":");
    private static final byte[] CHANNEL_PARENT_ID = ascii(",\"parent_id\":");
    private static final byte[] CHANNEL_TOPIC = ascii(",\"topic\":");
    private static final byte[] VOICE_CHANNEL_FIELDS = ascii(",\"bitrate\":64000,\"user_limit\":0,\"rtc_region\":null");
    private static final byte[] CHANNEL_RATE_LIMIT_PER_USER =
        ascii(",\"nsfw\":false,\"last_message_id\":null,\"rate_limit_per_user\":");
    private static final byte[] CHANNEL_OVERWRITES = ascii(",\"permission_overwrites\":[");
    private static final byte[] OVERWRITE_ALLOW = ascii(",\"allow\":\"");
    private static final byte[] OVERWRITE_DENY = ascii("\",\"deny\":\"");
    private static final byte[] OVERWRITE_END = ascii("\"}");
    private static final byte[] CHANNEL_END = ascii("],\"flags\":0}");
    private static final byte[] USER_GLOBAL_NAME = ascii(",\"discriminator\":\"0\",\"global_name\":");
    private static final byte[] USER_AVATAR = ascii(",\"avatar\":");
    private static final byte[] SELF_USER_FIELDS =
        ascii(",\"verified\":true,\"mfa_enabled\":false,\"email\":null,\"flags\":0");

    private static final int MESSAGE_TYPE_DEFAULT = 0;
    private static final int MESSAGE_TYPE_REPLY = 19;
    private static final int CHANNEL_TYPE_GUILD_TEXT = 0;
    private static final int CHANNEL_TYPE_DM = 1;

    private DispatchRenderer()
    {
    }

    /**
     * MESSAGE_CREATE or MESSAGE_UPDATE tail.
     *
     * @param alloc       allocator.
     * @param eventName   {@link #MESSAGE_CREATE} or {@link #MESSAGE_UPDATE}.
     * @param event       the message.
     * @param withContent false renders the content empty, as Discord does for recipients without MESSAGE_CONTENT.
     * @return the tail.
     */
    public static ByteBuf messageTail(
        final ByteBufAllocator alloc, final byte[] eventName, final MessageEvent event, final boolean withContent)
    {
        final DirectBuffer content = event.content();
        final ByteBuf buf = alloc.directBuffer(384 + 2 * content.capacity() + 64 * event.mentionCount());
        buf.writeBytes(eventName);
        buf.writeBytes(ID);
        snowflake(buf, event.messageId());
        buf.writeBytes(CHANNEL_ID);
        snowflake(buf, event.channelId());
        optionalGuildId(buf, event.guildId());
        buf.writeBytes(AUTHOR_ID);
        snowflake(buf, event.authorId());
        buf.writeBytes(USERNAME);
        utf8(buf, event.authorName());
        buf.writeBytes(AUTHOR_REST);
        if (event.authorBot())
        {
            buf.writeBytes(BOT);
            bool(buf, true);
        }
        if (withContent)
        {
            buf.writeBytes(CONTENT);
            utf8(buf, content);
        }
        else
        {
            buf.writeBytes(EMPTY_CONTENT);
        }
        buf.writeBytes(TIMESTAMP);
        timestamp(buf, GatewayJson.snowflakeTimestampMs(event.messageId()));
        buf.writeBytes(EDITED_TIMESTAMP);
        timestampOrNull(buf, event.editedTimestampMs());
        buf.writeBytes(MESSAGE_FLAGS);
        number(buf, 0 == event.referencedMessageId() ? MESSAGE_TYPE_DEFAULT : MESSAGE_TYPE_REPLY);
        buf.writeBytes(FLAGS);
        number(buf, event.flags());
        buf.writeBytes(MENTION_EVERYONE);
        bool(buf, event.mentionEveryone());
        buf.writeBytes(MENTIONS);
        for (int i = 0, count = event.mentionCount(); i < count; i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            buf.writeBytes(MENTION_USER);
            snowflake(buf, event.mentionId(i));
            buf.writeBytes(MENTION_USER_REST);
        }
        buf.writeBytes(MESSAGE_ARRAYS);
        if (event.nonce().capacity() > 0)
        {
            buf.writeBytes(NONCE);
            utf8(buf, event.nonce());
        }
        if (0 != event.referencedMessageId())
        {
            buf.writeBytes(MESSAGE_REFERENCE);
            snowflake(buf, event.referencedMessageId());
            buf.writeBytes(CHANNEL_ID);
            snowflake(buf, event.channelId());
            buf.writeByte('}');
        }
        buf.writeBytes(CHANNEL_TYPE);
        number(buf, 0 == event.guildId() ? CHANNEL_TYPE_DM : CHANNEL_TYPE_GUILD_TEXT);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * MESSAGE_DELETE tail.
     *
     * @param alloc     allocator.
     * @param guildId   guild, 0 for a DM.
     * @param channelId channel.
     * @param messageId deleted message.
     * @return the tail.
     */
    public static ByteBuf messageDeleteTail(
        final ByteBufAllocator alloc, final long guildId, final long channelId, final long messageId)
    {
        final ByteBuf buf = alloc.directBuffer(128);
        buf.writeBytes(MESSAGE_DELETE);
        buf.writeBytes(ID);
        snowflake(buf, messageId);
        buf.writeBytes(CHANNEL_ID);
        snowflake(buf, channelId);
        optionalGuildId(buf, guildId);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * TYPING_START tail ({@code timestamp} in unix seconds, as Discord sends it); in a guild with the typing
     * {@code member} (user included), which JDA needs to raise the event and uses to refresh its member cache.
     *
     * @param alloc       allocator.
     * @param channelId   channel.
     * @param timestampMs when, ms since 1970.
     * @param member      who types; its guild is 0 for a DM (no member then).
     * @return the tail.
     */
    public static ByteBuf typingTail(
        final ByteBufAllocator alloc, final long channelId, final long timestampMs, final MemberEvent member)
    {
        final ByteBuf buf = alloc.directBuffer(512 + member.username().capacity() + 24 * member.roleCount());
        buf.writeBytes(TYPING_START);
        buf.writeBytes(TYPING_CHANNEL_ID);
        snowflake(buf, channelId);
        optionalGuildId(buf, member.guildId());
        buf.writeBytes(USER_ID);
        snowflake(buf, member.userId());
        buf.writeBytes(TYPING_TIMESTAMP);
        number(buf, timestampMs / 1000);
        if (0 != member.guildId())
        {
            buf.writeBytes(MEMBER);
            member(buf, member);
        }
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * A member object with its user, from a {@link MemberEvent} (no avatar: Concord has none).
     */
    static void member(final ByteBuf buf, final MemberEvent member)
    {
        memberFields(buf, member);
        buf.writeByte('}');
    }

    private static void memberFields(final ByteBuf buf, final MemberEvent member)
    {
        buf.writeBytes(MEMBER_USER);
        memberUser(buf, member);
        buf.writeBytes(MEMBER_NICK);
        if (0 == member.nick().capacity())
        {
            nullValue(buf);
        }
        else
        {
            utf8(buf, member.nick());
        }
        buf.writeBytes(MEMBER_ROLES);
        for (int i = 0, count = member.roleCount(); i < count; i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            snowflake(buf, member.roleId(i));
        }
        memberState(buf, member.joinedAtMs(), member.deaf(), member.mute(), member.timeoutUntilMs());
    }

    /**
     * A member object from {@code ],"joined_at"} to {@code communication_disabled_until}, its closing brace left to
     * the caller.
     */
    private static void memberState(
        final ByteBuf buf, final long joinedAtMs, final boolean deaf, final boolean mute, final long timeoutUntilMs)
    {
        buf.writeBytes(MEMBER_JOINED_AT);
        timestamp(buf, joinedAtMs);
        buf.writeBytes(MEMBER_DEAF);
        bool(buf, deaf);
        buf.writeBytes(MEMBER_MUTE);
        bool(buf, mute);
        buf.writeBytes(MEMBER_REST);
        timestampOrNull(buf, timeoutUntilMs);
    }

    private static void memberUser(final ByteBuf buf, final MemberEvent member)
    {
        buf.writeBytes(ID);
        snowflake(buf, member.userId());
        buf.writeBytes(USERNAME);
        utf8(buf, member.username());
        buf.writeBytes(AUTHOR_REST);
        buf.writeBytes(BOT);
        bool(buf, member.bot());
        buf.writeByte('}');
    }

    /**
     * RESUMED tail: {@code "d": {}} (JDA ignores dispatches whose {@code d} is not an object).
     *
     * @param alloc allocator.
     * @return the tail.
     */
    public static ByteBuf resumedTail(final ByteBufAllocator alloc)
    {
        final ByteBuf buf = alloc.directBuffer(RESUMED.length);
        buf.writeBytes(RESUMED);
        return buf;
    }

    /**
     * READY tail with what discord.js and JDA require beyond the docs ({@code application}, {@code private_channels}).
     *
     * @param alloc            allocator.
     * @param ready            the core's snapshot.
     * @param guilds           guilds of the session's shard, listed as unavailable.
     * @param sessionId        the session id string for Resume.
     * @param resumeGatewayUrl where to resume.
     * @param shardId          session shard.
     * @param shardCount       session shard count.
     * @return the tail.
     */
    public static ByteBuf readyTail(
        final ByteBufAllocator alloc,
        final ReadySnapshot ready,
        final List<GuildSnapshot> guilds,
        final String sessionId,
        final String resumeGatewayUrl,
        final int shardId,
        final int shardCount)
    {
        final ByteBuf buf = alloc.directBuffer(512 + 48 * guilds.size());
        buf.writeBytes(READY);
        buf.writeBytes(READY_USER);
        user(buf, ready.user(), true);
        buf.writeBytes(READY_GUILDS);
        for (int i = 0; i < guilds.size(); i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            buf.writeBytes(ID);
            snowflake(buf, guilds.get(i).id());
            buf.writeBytes(UNAVAILABLE_GUILD_END);
        }
        buf.writeBytes(READY_SESSION_ID);
        string(buf, sessionId);
        buf.writeBytes(READY_RESUME_GATEWAY_URL);
        string(buf, resumeGatewayUrl);
        buf.writeBytes(READY_SHARD);
        number(buf, shardId);
        buf.writeByte(',');
        number(buf, shardCount);
        buf.writeBytes(READY_APPLICATION_ID);
        snowflake(buf, ready.applicationId());
        buf.writeBytes(READY_PRIVATE_CHANNELS);
        final List<PrivateChannelSnapshot> privateChannels = ready.privateChannels();
        for (int i = 0; i < privateChannels.size(); i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            privateChannel(buf, privateChannels.get(i));
        }
        buf.writeBytes(READY_END);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * CHANNEL_CREATE tail of a DM channel, for one session (its recipients list names the other user only).
     *
     * @param alloc   allocator.
     * @param channel the DM as the session's user sees it.
     * @return the tail.
     */
    public static ByteBuf privateChannelCreateTail(final ByteBufAllocator alloc, final PrivateChannelSnapshot channel)
    {
        return privateChannelTail(alloc, CHANNEL_CREATE, channel);
    }

    /**
     * CHANNEL_DELETE of a DM for one session (its user closed it).
     *
     * @param alloc   allocator.
     * @param channel the DM as that session's user sees it.
     * @return the tail.
     */
    public static ByteBuf privateChannelDeleteTail(final ByteBufAllocator alloc, final PrivateChannelSnapshot channel)
    {
        return privateChannelTail(alloc, CHANNEL_DELETE, channel);
    }

    private static ByteBuf privateChannelTail(
        final ByteBufAllocator alloc, final byte[] eventName, final PrivateChannelSnapshot channel)
    {
        final ByteBuf buf = alloc.directBuffer(256 + 4 * channel.recipient().username().length());
        buf.writeBytes(eventName);
        privateChannel(buf, channel);
        buf.writeByte('}');
        return buf;
    }

    /**
     * A DM Channel object: {@code {"id","type":1,"last_message_id","flags":0,"recipients":[User]}}.
     */
    private static void privateChannel(final ByteBuf buf, final PrivateChannelSnapshot channel)
    {
        buf.writeBytes(ID);
        snowflake(buf, channel.id());
        buf.writeBytes(DM_TYPE_LAST_MESSAGE_ID);
        if (0 == channel.lastMessageId())
        {
            nullValue(buf);
        }
        else
        {
            snowflake(buf, channel.lastMessageId());
        }
        buf.writeBytes(DM_RECIPIENTS);
        user(buf, channel.recipient(), false);
        buf.writeBytes(DM_END);
    }

    /**
     * GUILD_CREATE tail with the arrays JDA reads strictly and {@code "unavailable": false} for discord.js.
     * With GUILD_PRESENCES, {@code members} holds what the core sent (every member of a small guild; the viewer and a
     * bounded set of online members of a large one) and {@code presences} their presences that are not offline;
     * without it, {@code members} holds only the session's own member and {@code presences} is empty, as Discord's.
     *
     * @param alloc          allocator.
     * @param guild          the guild as the session's user sees it.
     * @param selfUserId     the session's user.
     * @param largeThreshold the session's {@code large_threshold}.
     * @param intents        the session's intents.
     * @return the tail.
     */
    public static ByteBuf guildCreateTail(
        final ByteBufAllocator alloc,
        final GuildSnapshot guild,
        final long selfUserId,
        final int largeThreshold,
        final long intents)
    {
        final boolean large = guild.memberCount() > largeThreshold;
        final boolean withPresences = (intents & GatewayIntents.GUILD_PRESENCES) != 0;
        final ByteBuf buf = alloc.directBuffer(1024 + 128 * (guild.channels().size() + guild.roles().size()));
        buf.writeBytes(GUILD_CREATE);
        guildFields(buf, guild.id(), guild.name(), guild.ownerId());
        buf.writeBytes(GUILD_PRESENCES);
        if (withPresences)
        {
            final List<PresenceSnapshot> presences = guild.presences();
            for (int i = 0, n = presences.size(); i < n; i++)
            {
                if (i > 0)
                {
                    buf.writeByte(',');
                }
                guildPresence(buf, presences.get(i));
            }
        }
        buf.writeBytes(GUILD_LARGE);
        bool(buf, large);
        buf.writeBytes(GUILD_MEMBER_COUNT);
        number(buf, guild.memberCount());
        buf.writeBytes(GUILD_JOINED_AT);
        timestamp(buf, guild.joinedAtMs());
        buf.writeBytes(GUILD_ROLES);
        final List<RoleSnapshot> roles = guild.roles();
        for (int i = 0; i < roles.size(); i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            role(buf, roles.get(i));
        }
        buf.writeBytes(GUILD_CHANNELS);
        final List<ChannelSnapshot> channels = guild.channels();
        for (int i = 0; i < channels.size(); i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            channel(buf, guild.id(), channels.get(i));
        }
        buf.writeBytes(GUILD_MEMBERS);
        boolean first = true;
        for (final MemberSnapshot member : guild.members())
        {
            if (withPresences || member.user().id() == selfUserId)
            {
                if (!first)
                {
                    buf.writeByte(',');
                }
                first = false;
                member(buf, member);
            }
        }
        buf.writeBytes(ARRAY_END);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * A presence in GUILD_CREATE: {@code {"user":{"id"},"status","activities":[],"client_status":{"web"}}} (the
     * snapshot carries statuses only; activities arrive with the next PRESENCE_UPDATE).
     */
    private static void guildPresence(final ByteBuf buf, final PresenceSnapshot presence)
    {
        buf.writeBytes(PRESENCE_USER);
        snowflake(buf, presence.userId());
        buf.writeByte('}');
        buf.writeBytes(PRESENCE_STATUS);
        string(buf, presence.status());
        buf.writeBytes(PRESENCE_ACTIVITIES);
        buf.writeBytes(PRESENCE_CLIENT_STATUS);
        buf.writeBytes(WEB);
        string(buf, presence.status());
        buf.writeBytes(END_TAIL);
    }

    /**
     * GUILD_UPDATE tail: the Guild object without GUILD_CREATE's extras.
     *
     * @param alloc   allocator.
     * @param guildId guild.
     * @param ownerId its owner.
     * @param name    its name.
     * @return the tail.
     */
    public static ByteBuf guildUpdateTail(
        final ByteBufAllocator alloc, final long guildId, final long ownerId, final String name)
    {
        final ByteBuf buf = alloc.directBuffer(1024 + 3 * name.length());
        buf.writeBytes(GUILD_UPDATE);
        guildFields(buf, guildId, name, ownerId);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * The Guild object's fields that GUILD_CREATE and GUILD_UPDATE share, from its opening brace on.
     */
    private static void guildFields(final ByteBuf buf, final long guildId, final String name, final long ownerId)
    {
        buf.writeBytes(ID);
        snowflake(buf, guildId);
        buf.writeBytes(NAME);
        string(buf, name);
        buf.writeBytes(GUILD_FIELDS_BEFORE_OWNER);
        snowflake(buf, ownerId);
        buf.writeBytes(GUILD_FIELDS_AFTER_OWNER);
    }

    /**
     * GUILD_DELETE tail for a guild the session left or was removed from: {@code unavailable} absent, as Discord
     * sends it when the user is no longer a member.
     *
     * @param alloc   allocator.
     * @param guildId guild.
     * @return the tail.
     */
    public static ByteBuf guildDeleteTail(final ByteBufAllocator alloc, final long guildId)
    {
        final ByteBuf buf = alloc.directBuffer(64);
        buf.writeBytes(GUILD_DELETE);
        buf.writeBytes(ID);
        snowflake(buf, guildId);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * CHANNEL_CREATE/UPDATE/DELETE tail: the Channel object, as GUILD_CREATE lists it.
     *
     * @param alloc   allocator.
     * @param change  {@link GatewayCoreListener#CHANGE_CREATED}, {@code _UPDATED} or {@code _DELETED}.
     * @param guildId guild.
     * @param channel the channel (after the change).
     * @return the tail.
     */
    public static ByteBuf channelTail(
        final ByteBufAllocator alloc, final int change, final long guildId, final ChannelSnapshot channel)
    {
        final ByteBuf buf = alloc.directBuffer(512 + 3 * channel.name().length() + 96 * channel.overwrites().size() +
            (null == channel.topic() ? 0 : 6 * channel.topic().length()));
        buf.writeBytes(GatewayCoreListener.CHANGE_CREATED == change ? CHANNEL_CREATE :
            GatewayCoreListener.CHANGE_UPDATED == change ? CHANNEL_UPDATE : CHANNEL_DELETE);
        channel(buf, guildId, channel);
        buf.writeByte('}');
        return buf;
    }

    /**
     * GUILD_ROLE_CREATE/UPDATE ({@code {guild_id, role}}) or GUILD_ROLE_DELETE ({@code {guild_id, role_id}}) tail.
     *
     * @param alloc   allocator.
     * @param change  {@link GatewayCoreListener#CHANGE_CREATED}, {@code _UPDATED} or {@code _DELETED}.
     * @param guildId guild.
     * @param role    the role (after the change).
     * @return the tail.
     */
    public static ByteBuf roleTail(
        final ByteBufAllocator alloc, final int change, final long guildId, final RoleSnapshot role)
    {
        final ByteBuf buf = alloc.directBuffer(512 + 6 * role.name().length());
        final boolean deleted = GatewayCoreListener.CHANGE_DELETED == change;
        buf.writeBytes(deleted ? GUILD_ROLE_DELETE :
            GatewayCoreListener.CHANGE_CREATED == change ? GUILD_ROLE_CREATE : GUILD_ROLE_UPDATE);
        buf.writeBytes(GUILD_ID_FIRST);
        snowflake(buf, guildId);
        if (deleted)
        {
            buf.writeBytes(ROLE_ID);
            snowflake(buf, role.id());
        }
        else
        {
            buf.writeBytes(ROLE);
            role(buf, role);
        }
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * GUILD_MEMBER_ADD/UPDATE (the member with its user, plus {@code guild_id}) or GUILD_MEMBER_REMOVE
     * ({@code {guild_id, user}}) tail.
     *
     * @param alloc  allocator.
     * @param change {@link GatewayCoreListener#CHANGE_CREATED}, {@code _UPDATED} or {@code _DELETED}.
     * @param member the member (before its removal, for REMOVE).
     * @return the tail.
     */
    public static ByteBuf memberTail(final ByteBufAllocator alloc, final int change, final MemberEvent member)
    {
        final ByteBuf buf = alloc.directBuffer(512 + 6 * member.username().capacity() + 24 * member.roleCount());
        if (GatewayCoreListener.CHANGE_DELETED == change)
        {
            buf.writeBytes(GUILD_MEMBER_REMOVE);
            buf.writeBytes(GUILD_ID_FIRST);
            snowflake(buf, member.guildId());
            buf.writeBytes(USER);
            memberUser(buf, member);
        }
        else
        {
            buf.writeBytes(GatewayCoreListener.CHANGE_CREATED == change ? GUILD_MEMBER_ADD : GUILD_MEMBER_UPDATE);
            memberFields(buf, member);
            buf.writeBytes(GUILD_ID);
            snowflake(buf, member.guildId());
        }
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * MESSAGE_DELETE_BULK tail.
     *
     * @param alloc      allocator.
     * @param guildId    guild, 0 for a DM.
     * @param channelId  channel.
     * @param messageIds deleted messages, valid up to count.
     * @param count      how many.
     * @return the tail.
     */
    public static ByteBuf messagesBulkDeleteTail(
        final ByteBufAllocator alloc, final long guildId, final long channelId, final long[] messageIds,
        final int count)
    {
        final ByteBuf buf = alloc.directBuffer(128 + 24 * count);
        buf.writeBytes(MESSAGE_DELETE_BULK);
        buf.writeBytes(IDS);
        snowflakes(buf, messageIds, count);
        buf.writeBytes(IDS_END_CHANNEL_ID);
        snowflake(buf, channelId);
        optionalGuildId(buf, guildId);
        buf.writeBytes(END_TAIL);
        return buf;
    }

    /**
     * PRESENCE_UPDATE tail: {@code user} with its id only, status, activities and a {@code client_status} that names
     * the web client unless offline (Concord does not track client kinds).
     *
     * @param alloc    allocator.
     * @param presence the presence.
     * @return the tail.
     */
    public static ByteBuf presenceTail(final ByteBufAllocator alloc, final PresenceEvent presence)
    {
        int textBytes = 0;
        for (int i = 0, count = presence.activityCount(); i < count; i++)
        {
            textBytes += presence.activityName(i).capacity() + presence.activityState(i).capacity();
        }
        final ByteBuf buf = alloc.directBuffer(256 + 6 * textBytes + 64 * presence.activityCount());
        buf.writeBytes(PRESENCE_UPDATE);
        buf.writeBytes(PRESENCE_USER);
        snowflake(buf, presence.userId());
        buf.writeByte('}');
        buf.writeBytes(GUILD_ID);
        snowflake(buf, presence.guildId());
        buf.writeBytes(PRESENCE_STATUS);
        string(buf, presence.status());
        buf.writeBytes(PRESENCE_ACTIVITIES);
        for (int i = 0, count = presence.activityCount(); i < count; i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            buf.writeBytes(ACTIVITY_NAME);
            utf8(buf, presence.activityName(i));
            buf.writeBytes(TYPE);
            number(buf, presence.activityType(i));
            if (presence.activityState(i).capacity() > 0)
            {
                buf.writeBytes(ACTIVITY_STATE);
                utf8(buf, presence.activityState(i));
            }
            buf.writeByte('}');
        }
        buf.writeBytes(PRESENCE_CLIENT_STATUS);
        if (!"offline".equals(presence.status()))
        {
            buf.writeBytes(WEB);
            string(buf, presence.status());
        }
        buf.writeBytes(END_TAIL);
        buf.writeByte('}');
        return buf;
    }

    private static void role(final ByteBuf buf, final RoleSnapshot role)
    {
        buf.writeBytes(ID);
        snowflake(buf, role.id());
        buf.writeBytes(NAME);
        string(buf, role.name());
        buf.writeBytes(ROLE_PERMISSIONS);
        number(buf, role.permissions());
        buf.writeBytes(ROLE_POSITION);
        number(buf, role.position());
        buf.writeBytes(ROLE_COLOR);
        number(buf, role.color());
        buf.writeBytes(ROLE_PRIMARY_COLOR);
        number(buf, role.color());
        buf.writeBytes(ROLE_OTHER_COLORS);
        buf.writeBytes(ROLE_HOIST);
        bool(buf, role.hoist());
        buf.writeBytes(ROLE_MENTIONABLE);
        bool(buf, role.mentionable());
        buf.writeBytes(ROLE_END);
    }

    private static void channel(final ByteBuf buf, final long guildId, final ChannelSnapshot channel)
    {
        buf.writeBytes(ID);
        snowflake(buf, channel.id());
        buf.writeBytes(TYPE);
        number(buf, channel.type());
        buf.writeBytes(GUILD_ID);
        snowflake(buf, guildId);
        buf.writeBytes(NAME);
        string(buf, channel.name());
        buf.writeBytes(POSITION);
        number(buf, channel.position());
        buf.writeBytes(CHANNEL_PARENT_ID);
        snowflake(buf, channel.parentId());
        buf.writeBytes(CHANNEL_TOPIC);
        string(buf, channel.topic());
        if (VOICE_CHANNEL_TYPE == channel.type())
        {
            buf.writeBytes(VOICE_CHANNEL_FIELDS);
        }
        buf.writeBytes(CHANNEL_RATE_LIMIT_PER_USER);
        number(buf, channel.rateLimitPerUser());
        buf.writeBytes(CHANNEL_OVERWRITES);
        final List<OverwriteSnapshot> overwrites = channel.overwrites();
        for (int i = 0, n = overwrites.size(); i < n; i++)
        {
            final OverwriteSnapshot overwrite = overwrites.get(i);
            buf.writeBytes(0 == i ? ID : OVERWRITE_ID);
            snowflake(buf, overwrite.id());
            buf.writeBytes(TYPE);
            number(buf, overwrite.type());
            buf.writeBytes(OVERWRITE_ALLOW);
            number(buf, overwrite.allow());
            buf.writeBytes(OVERWRITE_DENY);
            number(buf, overwrite.deny());
            buf.writeBytes(OVERWRITE_END);
        }
        buf.writeBytes(CHANNEL_END);
    }

    private static void member(final ByteBuf buf, final MemberSnapshot member)
    {
        buf.writeBytes(MEMBER_USER);
        user(buf, member.user(), false);
        buf.writeBytes(MEMBER_NICK);
        string(buf, member.nick());
        buf.writeBytes(MEMBER_ROLES);
        snowflakes(buf, member.roleIds(), member.roleIds().length);
        memberState(buf, member.joinedAtMs(), member.deaf(), member.mute(), member.timeoutUntilMs());
        buf.writeByte('}');
    }

    private static void user(final ByteBuf buf, final UserSnapshot user, final boolean self)
    {
        buf.writeBytes(ID);
        snowflake(buf, user.id());
        buf.writeBytes(USERNAME);
        string(buf, user.username());
        buf.writeBytes(USER_GLOBAL_NAME);
        string(buf, user.globalName());
        buf.writeBytes(USER_AVATAR);
        string(buf, user.avatar());
        buf.writeBytes(BOT);
        bool(buf, user.bot());
        if (self)
        {
            buf.writeBytes(SELF_USER_FIELDS);
        }
        buf.writeByte('}');
    }

    private static void optionalGuildId(final ByteBuf buf, final long guildId)
    {
        if (0 != guildId)
        {
            buf.writeBytes(GUILD_ID);
            snowflake(buf, guildId);
        }
    }

    private static void timestampOrNull(final ByteBuf buf, final long timestampMs)
    {
        if (0 == timestampMs)
        {
            nullValue(buf);
        }
        else
        {
            timestamp(buf, timestampMs);
        }
    }

    /**
     * The first {@code count} ids, comma separated.
     */
    private static void snowflakes(final ByteBuf buf, final long[] ids, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                buf.writeByte(',');
            }
            snowflake(buf, ids[i]);
        }
    }

    private static void utf8(final ByteBuf buf, final DirectBuffer text)
    {
        utf8String(buf, text, 0, text.capacity());
    }
}
