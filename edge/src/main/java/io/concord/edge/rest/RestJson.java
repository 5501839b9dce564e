package io.concord.edge.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.concord.edge.rest.CoreViews.ChannelView;
import io.concord.edge.rest.CoreViews.GuildView;
import io.concord.edge.rest.CoreViews.InviteView;
import io.concord.edge.rest.CoreViews.MemberView;
import io.concord.edge.rest.CoreViews.MessageView;
import io.concord.edge.rest.CoreViews.OverwriteView;
import io.concord.edge.rest.CoreViews.RoleView;
import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.util.List;

/**
 * Writes Discord's REST object shapes (User, Guild, Channel, Role, Member, Invite, Message) with Jackson's streaming
 * generator: snowflakes and permission bitsets as strings, timestamps as ISO-8601 with microseconds and
 * {@code +00:00} like Discord's, a message's {@code timestamp} taken from its snowflake. Stateless; any thread.
 */
public final class RestJson
{
    /**
     * Discord's epoch, 2015-01-01T00:00:00Z.
     */
    public static final long DISCORD_EPOCH_MS = 1_420_070_400_000L;

    private static final int DAYS_0000_TO_1970 = 719_528;

    private RestJson()
    {
    }

    /**
     * @param snowflake an id.
     * @return the epoch milliseconds in it.
     */
    public static long timestampMsOf(final long snowflake)
    {
        return (snowflake >>> 22) + DISCORD_EPOCH_MS;
    }

    /**
     * @param epochMs a time.
     * @return e.g. {@code 2017-07-11T17:27:07.299000+00:00}.
     */
    public static String timestamp(final long epochMs)
    {
        final long days = Math.floorDiv(epochMs, 86_400_000L);
        final long msOfDay = Math.floorMod(epochMs, 86_400_000L);
        // Civil-from-days (proleptic Gregorian), as in Howard Hinnant's date algorithms.
        final long z = days + DAYS_0000_TO_1970 - 60;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        final char[] text = "0000-00-00T00:00:00.000000+00:00".toCharArray();
        digits(text, 0, year, 4);
        digits(text, 5, month, 2);
        digits(text, 8, day, 2);
        digits(text, 11, msOfDay / 3_600_000, 2);
        digits(text, 14, (msOfDay / 60_000) % 60, 2);
        digits(text, 17, (msOfDay / 1000) % 60, 2);
        digits(text, 20, msOfDay % 1000, 3);
        return new String(text);
    }

    private static void digits(final char[] text, final int offset, final long value, final int width)
    {
        long remaining = value;
        for (int i = offset + width - 1; i >= offset; i--)
        {
            text[i] = (char)('0' + remaining % 10);
            remaining /= 10;
        }
    }

    /**
     * @param json     generator.
     * @param field    field name.
     * @param snowflake id, or 0 for JSON null.
     * @throws IOException if writing fails.
     */
    public static void snowflakeField(final JsonGenerator json, final String field, final long snowflake)
        throws IOException
    {
        if (0 == snowflake)
        {
            json.writeNullField(field);
        }
        else
        {
            json.writeStringField(field, Long.toUnsignedString(snowflake));
        }
    }

    /**
     * A User object.
     *
     * @param json     generator.
     * @param id       user id.
     * @param username name.
     * @param bot      bot account (the field is written only for bots, as Discord does).
     * @param self     adds the fields only {@code /users/@me} has.
     * @throws IOException if writing fails.
     */
    public static void user(
        final JsonGenerator json, final long id, final String username, final boolean bot, final boolean self)
        throws IOException
    {
        json.writeStartObject();
        snowflakeField(json, "id", id);
        json.writeStringField("username", username);
        json.writeStringField("discriminator", "0");
        json.writeNullField("global_name");
        json.writeNullField("avatar");
        if (bot)
        {
            json.writeBooleanField("bot", true);
        }
        json.writeNumberField("public_flags", 0);
        if (self)
        {
            json.writeNumberField("flags", 0);
            json.writeBooleanField("mfa_enabled", false);
            json.writeBooleanField("verified", true);
            json.writeNullField("email");
            json.writeNullField("banner");
            json.writeNullField("accent_color");
            json.writeStringField("locale", "en-US");
            json.writeNumberField("premium_type", 0);
        }
        json.writeEndObject();
    }

    /**
     * A Message object. {@code mentions} and {@code mention_roles} come from the content's {@code <@id>} and
     * {@code <@&id>} (the core resolves no names for them: mentioned users other than the author carry an empty
     * username).
     *
     * @param json    generator.
     * @param message the message.
     * @param bot     whether the author is a bot, when known.
     * @throws IOException if writing fails.
     */
    public static void message(final JsonGenerator json, final MessageView message, final boolean bot)
        throws IOException
    {
        message(json, message, bot, null);
    }

    /**
     * A Message object with its reactions as the asking user sees them.
     *
     * @param json      the generator.
     * @param message   the message.
     * @param bot       whether the author is a bot.
     * @param reactions its reactions, null or empty for none.
     * @throws IOException from the generator.
     */
    public static void message(
        final JsonGenerator json,
        final MessageView message,
        final boolean bot,
        final List<ReactionViews.ReactionView> reactions)
        throws IOException
    {
        json.writeStartObject();
        snowflakeField(json, "id", message.id());
        snowflakeField(json, "channel_id", message.channelId());
        json.writeFieldName("author");
        user(json, message.authorId(), message.authorName(), bot, false);
        json.writeStringField("content", message.content());
        json.writeStringField("timestamp", timestamp(timestampMsOf(message.id())));
        if (0 == message.editedTimestampMs())
        {
            json.writeNullField("edited_timestamp");
        }
        else
        {
            json.writeStringField("edited_timestamp", timestamp(message.editedTimestampMs()));
        }
        json.writeBooleanField("tts", false);
        json.writeBooleanField("mention_everyone", message.mentionEveryone());

        if (message.content().indexOf("<@") < 0 && 0 == message.mentionIds().length)
        {
            // Most messages mention nobody: skip the lists.
            json.writeArrayFieldStart("mentions");
            json.writeEndArray();
            json.writeArrayFieldStart("mention_roles");
            json.writeEndArray();
        }
        else
        {
            mentions(json, message);
        }
        json.writeArrayFieldStart("attachments");
        json.writeEndArray();
        json.writeArrayFieldStart("embeds");
        json.writeEndArray();
        json.writeArrayFieldStart("components");
        json.writeEndArray();
        ReactionViews.reactionsField(json, reactions);
        json.writeBooleanField("pinned", false);
        json.writeNumberField("type", 0 == message.referencedMessageId() ? 0 : 19);
        json.writeNumberField("flags", message.flags());
        if (!message.nonce().isEmpty())
        {
            json.writeStringField("nonce", message.nonce());
        }
        if (0 != message.referencedMessageId())
        {
            json.writeObjectFieldStart("message_reference");
            json.writeNumberField("type", 0);
            snowflakeField(json, "message_id", message.referencedMessageId());
            snowflakeField(json, "channel_id", message.channelId());
            if (0 != message.guildId())
            {
                snowflakeField(json, "guild_id", message.guildId());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void mentions(final JsonGenerator json, final MessageView message) throws IOException
    {
        final LongArrayList users = new LongArrayList();
        final LongArrayList roles = new LongArrayList();
        parseMentions(message.content(), users, roles);
        for (final long id : message.mentionIds())
        {
            if (!users.containsLong(id))
            {
                users.addLong(id);
            }
        }
        json.writeArrayFieldStart("mentions");
        for (int i = 0, n = users.size(); i < n; i++)
        {
            final long userId = users.getLong(i);
            user(json, userId, userId == message.authorId() ? message.authorName() : "", false, false);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("mention_roles");
        for (int i = 0, n = roles.size(); i < n; i++)
        {
            json.writeString(Long.toUnsignedString(roles.getLong(i)));
        }
        json.writeEndArray();
    }

    /**
     * Collects {@code <@id>}/{@code <@!id>} user mentions and {@code <@&id>} role mentions, each once, in order.
     *
     * @param content message content.
     * @param users   receives user ids.
     * @param roles   receives role ids.
     */
    public static void parseMentions(final String content, final LongArrayList users, final LongArrayList roles)
    {
        int from = 0;
        int start;
        while ((start = content.indexOf("<@", from)) >= 0)
        {
            int i = start + 2;
            boolean role = false;
            if (i < content.length() && (content.charAt(i) == '!' || content.charAt(i) == '&'))
            {
                role = content.charAt(i) == '&';
                i++;
            }
            final int digitsStart = i;
            long id = 0;
            while (i < content.length() && i - digitsStart < 20 && content.charAt(i) >= '0' &&
                content.charAt(i) <= '9')
            {
                id = id * 10 + (content.charAt(i) - '0');
                i++;
            }
            if (i > digitsStart && i < content.length() && content.charAt(i) == '>' && id > 0)
            {
                final LongArrayList target = role ? roles : users;
                if (!target.containsLong(id))
                {
                    target.addLong(id);
                }
                from = i + 1;
            }
            else
            {
                from = start + 2;
            }
        }
    }

    /**
     * A Channel object (guild channel).
     *
     * @param json    generator.
     * @param channel the channel.
     * @throws IOException if writing fails.
     */
    public static void channel(final JsonGenerator json, final ChannelView channel) throws IOException
    {
        json.writeStartObject();
        snowflakeField(json, "id", channel.id());
        json.writeNumberField("type", channel.type());
        snowflakeField(json, "guild_id", channel.guildId());
        json.writeStringField("name", channel.name());
        json.writeNumberField("position", channel.position());
        json.writeArrayFieldStart("permission_overwrites");
        for (final OverwriteView overwrite : channel.overwrites())
        {
            json.writeStartObject();
            snowflakeField(json, "id", overwrite.targetId());
            json.writeNumberField("type", overwrite.kind());
            json.writeStringField("allow", Long.toString(overwrite.allow()));
            json.writeStringField("deny", Long.toString(overwrite.deny()));
            json.writeEndObject();
        }
        json.writeEndArray();
        snowflakeField(json, "parent_id", channel.parentId());
        json.writeBooleanField("nsfw", false);
        json.writeNumberField("flags", 0);
        switch (channel.type())
        {
            case 0:
                if (channel.topic().isEmpty())
                {
                    json.writeNullField("topic");
                }
                else
                {
                    json.writeStringField("topic", channel.topic());
                }
                json.writeNumberField("rate_limit_per_user", channel.rateLimitPerUser());
                json.writeNullField("last_message_id");
                json.writeNumberField("default_auto_archive_duration", 1440);
                break;
            case 2:
                json.writeNumberField("bitrate", 64_000);
                json.writeNumberField("user_limit", 0);
                json.writeNullField("rtc_region");
                json.writeNumberField("rate_limit_per_user", channel.rateLimitPerUser());
                json.writeNullField("last_message_id");
                break;
            default:
                break;
        }
        json.writeEndObject();
    }

    /**
     * A Role object.
     *
     * @param json generator.
     * @param role the role.
     * @throws IOException if writing fails.
     */
    public static void role(final JsonGenerator json, final RoleView role) throws IOException
    {
        json.writeStartObject();
        snowflakeField(json, "id", role.id());
        json.writeStringField("name", role.name());
        json.writeNumberField("color", role.color());
        json.writeObjectFieldStart("colors");
        json.writeNumberField("primary_color", role.color());
        json.writeNullField("secondary_color");
        json.writeNullField("tertiary_color");
        json.writeEndObject();
        json.writeBooleanField("hoist", role.hoist());
        json.writeNullField("icon");
        json.writeNullField("unicode_emoji");
        json.writeNumberField("position", role.position());
        json.writeStringField("permissions", Long.toString(role.permissions()));
        json.writeBooleanField("managed", false);
        json.writeBooleanField("mentionable", role.mentionable());
        json.writeNumberField("flags", 0);
        json.writeEndObject();
    }

    /**
     * A guild Member object, with its user.
     *
     * @param json   generator.
     * @param member the member.
     * @throws IOException if writing fails.
     */
    public static void member(final JsonGenerator json, final MemberView member) throws IOException
    {
        json.writeStartObject();
        json.writeFieldName("user");
        user(json, member.userId(), member.username(), member.bot(), false);
        if (null == member.nick())
        {
            json.writeNullField("nick");
        }
        else
        {
            json.writeStringField("nick", member.nick());
        }
        json.writeNullField("avatar");
        json.writeNullField("banner");
        json.writeArrayFieldStart("roles");
        for (final long roleId : member.roleIds())
        {
            json.writeString(Long.toUnsignedString(roleId));
        }
        json.writeEndArray();
        json.writeStringField("joined_at", timestamp(member.joinedAtMs()));
        json.writeNullField("premium_since");
        json.writeBooleanField("deaf", member.deaf());
        json.writeBooleanField("mute", member.mute());
        json.writeNumberField("flags", 0);
        json.writeBooleanField("pending", false);
        if (0 == member.timeoutUntil())
        {
            json.writeNullField("communication_disabled_until");
        }
        else
        {
            json.writeStringField("communication_disabled_until", timestamp(member.timeoutUntil()));
        }
        json.writeEndObject();
    }

    /**
     * A Guild object (REST shape: roles, no channels or members).
     *
     * @param json       generator.
     * @param guild      the guild.
     * @param withCounts adds {@code approximate_member_count} and {@code approximate_presence_count}.
     * @throws IOException if writing fails.
     */
    public static void guild(final JsonGenerator json, final GuildView guild, final boolean withCounts)
        throws IOException
    {
        json.writeStartObject();
        snowflakeField(json, "id", guild.id());
        json.writeStringField("name", guild.name());
        json.writeNullField("icon");
        json.writeNullField("icon_hash");
        json.writeNullField("splash");
        json.writeNullField("discovery_splash");
        snowflakeField(json, "owner_id", guild.ownerId());
        json.writeNullField("region");
        json.writeNullField("afk_channel_id");
        json.writeNumberField("afk_timeout", 300);
        json.writeBooleanField("widget_enabled", false);
        json.writeNullField("widget_channel_id");
        json.writeNumberField("verification_level", 0);
        json.writeNumberField("default_message_notifications", 0);
        json.writeNumberField("explicit_content_filter", 0);
        json.writeArrayFieldStart("roles");
        for (final RoleView role : guild.roles())
        {
            role(json, role);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("emojis");
        json.writeEndArray();
        json.writeArrayFieldStart("stickers");
        json.writeEndArray();
        json.writeArrayFieldStart("features");
        json.writeEndArray();
        json.writeNumberField("mfa_level", 0);
        json.writeNullField("application_id");
        json.writeNullField("system_channel_id");
        json.writeNumberField("system_channel_flags", 0);
        json.writeNullField("rules_channel_id");
        json.writeNullField("max_presences");
        json.writeNumberField("max_members", 500_000);
        json.writeNullField("vanity_url_code");
        json.writeNullField("description");
        json.writeNullField("banner");
        json.writeNumberField("premium_tier", 0);
        json.writeNumberField("premium_subscription_count", 0);
        json.writeStringField("preferred_locale", "en-US");
        json.writeNullField("public_updates_channel_id");
        json.writeNumberField("nsfw_level", 0);
        json.writeBooleanField("premium_progress_bar_enabled", false);
        json.writeNullField("safety_alerts_channel_id");
        json.writeNullField("incidents_data");
        if (withCounts)
        {
            json.writeNumberField("approximate_member_count", guild.memberCount());
            json.writeNumberField("approximate_presence_count", 0);
        }
        json.writeEndObject();
    }

    /**
     * An Invite object.
     *
     * @param json         generator.
     * @param invite       the invite.
     * @param withMetadata adds {@code uses}, {@code max_uses}, {@code max_age}, {@code temporary},
     *                     {@code created_at}.
     * @param withCounts   adds {@code approximate_member_count}.
     * @throws IOException if writing fails.
     */
    public static void invite(
        final JsonGenerator json, final InviteView invite, final boolean withMetadata, final boolean withCounts)
        throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("type", 0);
        json.writeStringField("code", invite.code());
        json.writeObjectFieldStart("guild");
        snowflakeField(json, "id", invite.guildId());
        json.writeStringField("name", invite.guildName());
        json.writeNullField("icon");
        json.writeNullField("splash");
        json.writeNullField("banner");
        json.writeNullField("description");
        json.writeArrayFieldStart("features");
        json.writeEndArray();
        json.writeNumberField("verification_level", 0);
        json.writeNumberField("nsfw_level", 0);
        json.writeEndObject();
        snowflakeField(json, "guild_id", invite.guildId());
        json.writeObjectFieldStart("channel");
        snowflakeField(json, "id", invite.channelId());
        json.writeStringField("name", invite.channelName());
        json.writeNumberField("type", invite.channelType());
        json.writeEndObject();
        if (0 == invite.maxAgeSeconds())
        {
            json.writeNullField("expires_at");
        }
        else
        {
            json.writeStringField("expires_at",
                timestamp(invite.createdAtMs() + invite.maxAgeSeconds() * 1000L));
        }
        if (withCounts)
        {
            json.writeNumberField("approximate_member_count", invite.memberCount());
            json.writeNumberField("approximate_presence_count", 0);
        }
        if (withMetadata)
        {
            json.writeNumberField("uses", invite.uses());
            json.writeNumberField("max_uses", invite.maxUses());
            json.writeNumberField("max_age", invite.maxAgeSeconds());
            json.writeBooleanField("temporary", false);
            json.writeStringField("created_at", timestamp(invite.createdAtMs()));
        }
        json.writeEndObject();
    }
}
