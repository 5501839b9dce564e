package io.concord.edge.http;

import io.concord.edge.http.RestHarness.Reply;
import io.concord.edge.http.RestHarness.User;
import io.concord.edge.rest.RestJson;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.concord.edge.http.TestJson.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every REST route against the real guild shards (through {@link FakeCore}), in an {@link
 * io.netty.channel.embedded.EmbeddedChannel}: success shapes, Discord error bodies, rate-limit headers and 429s,
 * timeouts.
 */
class RestRoutesTest
{
    private static final String API = "/api/v10";

    private RestHarness harness = new RestHarness();

    @AfterEach
    void close()
    {
        harness.close();
    }

    private void assertError(final Reply reply, final HttpResponseStatus status, final long code)
    {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.json().get("code"), reply.body());
        assertTrue(reply.json().get("message") instanceof String, reply.body());
    }

    private String createGuild(final User owner, final String name)
    {
        final Reply reply = harness.post(owner, API + "/guilds", "{\"name\":\"" + name + "\"}");
        assertEquals(HttpResponseStatus.CREATED, reply.status(), reply.body());
        return (String)reply.json().get("id");
    }

    private String firstTextChannel(final User user, final String guildId)
    {
        final Reply reply = harness.get(user, API + "/guilds/" + guildId + "/channels");
        assertEquals(HttpResponseStatus.OK, reply.status(), reply.body());
        for (final Object channel : TestJson.array(reply.body()))
        {
            if (Long.valueOf(0).equals(at(channel).get("type")))
            {
                return (String)at(channel).get("id");
            }
        }
        throw new AssertionError("no text channel in " + reply.body());
    }

    @Test
    void gatewayBotDescribesTheGatewayForShardingClients()
    {
        final User bot = harness.register("robot", true);
        final Reply reply = harness.get(bot, API + "/gateway/bot");
        assertEquals(HttpResponseStatus.OK, reply.status());
        final Map<String, Object> json = reply.json();
        assertEquals("ws://127.0.0.1:8080/gateway", json.get("url"));
        assertEquals(1L, json.get("shards"));
        final Map<String, Object> limit = at(json, "session_start_limit");
        assertEquals(1000L, limit.get("total"));
        assertEquals(1000L, limit.get("remaining"));
        assertEquals(1L, limit.get("max_concurrency"));
        assertNotNull(limit.get("reset_after"));
        assertEquals("1.1 concord", reply.header("Via"));
    }

    @Test
    void usersMeAcceptsBotBearerAndBareTokens()
    {
        final User bot = harness.register("robot", true);
        for (final String authorization : new String[]{ "Bot " + bot.token(), "Bearer " + bot.token(), bot.token() })
        {
            final Reply reply = harness.exchange(HttpMethod.GET, API + "/users/@me", authorization, null);
            assertEquals(HttpResponseStatus.OK, reply.status(), authorization);
            final Map<String, Object> user = reply.json();
            assertEquals(Long.toString(bot.id()), user.get("id"));
            assertEquals("robot", user.get("username"));
            assertEquals("0", user.get("discriminator"));
            assertEquals(true, user.get("bot"));
            assertEquals(true, user.get("verified"));
            assertTrue(user.containsKey("global_name"));
        }
    }

    @Test
    void applicationOfABot()
    {
        final User bot = harness.register("robot", true);
        for (final String path : new String[]{ "/applications/@me", "/oauth2/applications/@me" })
        {
            final Reply reply = harness.get(bot, API + path);
            assertEquals(HttpResponseStatus.OK, reply.status(), reply.body());
            assertEquals(Long.toString(bot.id()), reply.json().get("id"));
            assertEquals("robot", reply.json().get("name"));
            assertEquals(Long.toString(bot.id()), at(reply.json(), "owner").get("id"));
            assertEquals(true, at(reply.json(), "bot").get("bot"));
            assertTrue(reply.json().containsKey("team"));
        }
    }

    @Test
    void missingForgedOrRevokedTokensGetDiscords401()
    {
        final User user = harness.register("alice", false);
        final String forged = user.token().substring(0, user.token().length() - 2) + "xx";
        for (final String authorization : new String[]{ null, "", "Bot ", "Bot " + forged, "Bot a.b.c" })
        {
            final Reply reply = harness.exchange(HttpMethod.GET, API + "/users/@me", authorization, null);
            assertEquals(HttpResponseStatus.UNAUTHORIZED, reply.status());
            assertEquals("{\"message\":\"401: Unauthorized\",\"code\":0}", reply.body());
        }

        assertEquals(HttpResponseStatus.NO_CONTENT, harness.post(user, API + "/auth/revoke", null).status());
        assertEquals(HttpResponseStatus.UNAUTHORIZED, harness.get(user, API + "/users/@me").status());
    }

    @Test
    void unknownUserIs10013AndOtherUsersHaveNoPrivateFields()
    {
        final User alice = harness.register("alice", false);
        final User bob = harness.register("bob", false);
        final Reply reply = harness.get(alice, API + "/users/" + bob.id());
        assertEquals(HttpResponseStatus.OK, reply.status());
        assertEquals("bob", reply.json().get("username"));
        assertFalse(reply.json().containsKey("bot"));
        assertFalse(reply.json().containsKey("verified"));
        assertError(harness.get(alice, API + "/users/4194304"), HttpResponseStatus.NOT_FOUND, 10013);
    }

    @Test
    void guildLifecycleWithChannels()
    {
        final User owner = harness.register("owner", false);
        final Reply created = harness.post(owner, API + "/guilds", "{\"name\":\"Concord HQ\"}");
        assertEquals(HttpResponseStatus.CREATED, created.status(), created.body());
        final Map<String, Object> guild = created.json();
        final String guildId = (String)guild.get("id");
        assertEquals("Concord HQ", guild.get("name"));
        assertEquals(Long.toString(owner.id()), guild.get("owner_id"));
        final List<?> roles = (List<?>)guild.get("roles");
        assertEquals(guildId, at(roles, 0).get("id"), "the @everyone role has the guild's id");
        assertEquals("@everyone", at(roles, 0).get("name"));
        assertTrue(at(roles, 0).get("permissions") instanceof String);

        final Reply counted = harness.get(owner, API + "/guilds/" + guildId + "?with_counts=true");
        assertEquals(1L, counted.json().get("approximate_member_count"));

        final Reply renamed = harness.patch(owner, API + "/guilds/" + guildId, "{\"name\":\"Renamed\"}");
        assertEquals(HttpResponseStatus.OK, renamed.status(), renamed.body());
        assertEquals("Renamed", renamed.json().get("name"));

        final Reply channels = harness.get(owner, API + "/guilds/" + guildId + "/channels");
        assertEquals(2, TestJson.array(channels.body()).size(), channels.body());

        final Reply category = harness.post(owner, API + "/guilds/" + guildId + "/channels",
            "{\"name\":\"Text\",\"type\":4}");
        assertEquals(HttpResponseStatus.CREATED, category.status(), category.body());
        final String categoryId = (String)category.json().get("id");
        final Reply channel = harness.post(owner, API + "/guilds/" + guildId + "/channels",
            "{\"name\":\"random\",\"topic\":\"anything\",\"parent_id\":\"" + categoryId + "\"," +
            "\"rate_limit_per_user\":5,\"permission_overwrites\":[{\"id\":\"" + guildId + "\",\"type\":0," +
            "\"deny\":\"2048\"}]}");
        assertEquals(HttpResponseStatus.CREATED, channel.status(), channel.body());
        final Map<String, Object> json = channel.json();
        final String channelId = (String)json.get("id");
        assertEquals(0L, json.get("type"));
        assertEquals(guildId, json.get("guild_id"));
        assertEquals("anything", json.get("topic"));
        assertEquals(categoryId, json.get("parent_id"));
        assertEquals(5L, json.get("rate_limit_per_user"));
        assertEquals("2048", at(json, "permission_overwrites", 0).get("deny"));
        assertEquals("0", at(json, "permission_overwrites", 0).get("allow"));

        final Reply patched = harness.patch(owner, API + "/channels/" + channelId,
            "{\"name\":\"renamed\",\"topic\":null,\"parent_id\":null}");
        assertEquals(HttpResponseStatus.OK, patched.status(), patched.body());
        assertEquals("renamed", patched.json().get("name"));
        assertNull(patched.json().get("topic"));
        assertNull(patched.json().get("parent_id"));
        assertEquals("renamed", harness.get(owner, API + "/channels/" + channelId).json().get("name"));

        assertEquals(HttpResponseStatus.NO_CONTENT, harness.put(owner,
            API + "/channels/" + channelId + "/permissions/" + owner.id(), "{\"type\":1,\"allow\":\"1024\"}").status());
        assertEquals(HttpResponseStatus.NO_CONTENT,
            harness.delete(owner, API + "/channels/" + channelId + "/permissions/" + owner.id()).status());
        final Reply badOverwrite = harness.put(owner,
            API + "/channels/" + channelId + "/permissions/" + owner.id(), "{\"type\":7}");
        assertError(badOverwrite, HttpResponseStatus.BAD_REQUEST, 50035);
        assertTrue(badOverwrite.body().contains("\"type\":{\"_errors\":[{\"code\":\"NUMBER_TYPE_MAX\""),
            badOverwrite.body());

        final Reply deleted = harness.delete(owner, API + "/channels/" + channelId);
        assertEquals(HttpResponseStatus.OK, deleted.status(), deleted.body());
        assertEquals(channelId, deleted.json().get("id"));
        assertError(harness.get(owner, API + "/channels/" + channelId), HttpResponseStatus.NOT_FOUND, 10003);

        assertEquals(HttpResponseStatus.NO_CONTENT, harness.delete(owner, API + "/guilds/" + guildId).status());
        assertError(harness.get(owner, API + "/guilds/" + guildId), HttpResponseStatus.NOT_FOUND, 10004);
    }

    @Test
    void guildValidationNamesTheField()
    {
        final User owner = harness.register("owner", false);
        final Reply reply = harness.post(owner, API + "/guilds", "{\"name\":\"x\"}");
        assertError(reply, HttpResponseStatus.BAD_REQUEST, 50035);
        assertEquals("BASE_TYPE_BAD_LENGTH", at(reply.json(), "errors", "name", "_errors", 0).get("code"));

        final Reply missing = harness.post(owner, API + "/guilds", "{}");
        assertEquals("BASE_TYPE_REQUIRED", at(missing.json(), "errors", "name", "_errors", 0).get("code"));

        final String guildId = createGuild(owner, "Home");
        final Reply channel = harness.post(owner, API + "/guilds/" + guildId + "/channels",
            "{\"name\":\"\",\"type\":3,\"permission_overwrites\":[{\"type\":0}]}");
        assertError(channel, HttpResponseStatus.BAD_REQUEST, 50035);
        final Map<String, Object> errors = at(channel.json(), "errors");
        assertTrue(errors.containsKey("name"), channel.body());
        assertTrue(errors.containsKey("type"), channel.body());
        assertEquals("BASE_TYPE_REQUIRED",
            at(errors, "permission_overwrites", "0", "id", "_errors", 0).get("code"), channel.body());
    }

    @Test
    void rolesMembersAndInvites()
    {
        harness.close();
        harness = new RestHarness(Map.of("members", "1000/1000", "roles", "1000/1000", "guilds", "1000/1000"));
        final User owner = harness.register("owner", false);
        final User bot = harness.register("helper", true);
        final String guildId = createGuild(owner, "Home");
        final String channelId = firstTextChannel(owner, guildId);

        final Reply invite = harness.post(owner, API + "/channels/" + channelId + "/invites", "{\"max_age\":0}");
        assertEquals(HttpResponseStatus.OK, invite.status(), invite.body());
        final String code = (String)invite.json().get("code");
        assertEquals(0L, invite.json().get("max_age"));
        assertEquals(0L, invite.json().get("uses"));
        assertNull(invite.json().get("expires_at"));
        assertEquals(guildId, at(invite.json(), "guild").get("id"));
        assertEquals("general", at(invite.json(), "channel").get("name"));

        final Reply resolved = harness.get(bot, API + "/invites/" + code + "?with_counts=true");
        assertEquals(HttpResponseStatus.OK, resolved.status(), resolved.body());
        assertEquals(1L, resolved.json().get("approximate_member_count"));
        assertError(harness.get(bot, API + "/invites/no-pe!"), HttpResponseStatus.NOT_FOUND, 10006);
        assertError(harness.get(bot, API + "/guilds/" + guildId), HttpResponseStatus.NOT_FOUND, 10004);

        final Reply accepted = harness.post(bot, API + "/invites/" + code, null);
        assertEquals(HttpResponseStatus.OK, accepted.status(), accepted.body());
        assertEquals(HttpResponseStatus.OK, harness.get(bot, API + "/guilds/" + guildId).status());

        final Reply role = harness.post(owner, API + "/guilds/" + guildId + "/roles",
            "{\"name\":\"mods\",\"permissions\":\"8192\",\"color\":255,\"hoist\":true}");
        assertEquals(HttpResponseStatus.OK, role.status(), role.body());
        final String roleId = (String)role.json().get("id");
        assertEquals("8192", role.json().get("permissions"));
        assertEquals(255L, role.json().get("color"));
        assertEquals(true, role.json().get("hoist"));

        final Reply patchedRole = harness.patch(owner, API + "/guilds/" + guildId + "/roles/" + roleId,
            "{\"name\":\"moderators\",\"mentionable\":true}");
        assertEquals("moderators", patchedRole.json().get("name"));
        assertEquals(true, patchedRole.json().get("mentionable"));
        assertEquals(true, patchedRole.json().get("hoist"));
        assertEquals(2, TestJson.array(harness.get(owner, API + "/guilds/" + guildId + "/roles").body()).size());

        final String memberPath = API + "/guilds/" + guildId + "/members/" + bot.id();
        assertEquals(HttpResponseStatus.NO_CONTENT,
            harness.put(owner, memberPath + "/roles/" + roleId, null).status());
        final Reply member = harness.get(owner, memberPath);
        assertEquals(HttpResponseStatus.OK, member.status(), member.body());
        assertEquals(List.of(roleId), member.json().get("roles"));
        assertEquals("helper", at(member.json(), "user").get("username"));
        assertTrue(((String)member.json().get("joined_at")).endsWith("+00:00"));
        assertEquals(HttpResponseStatus.NO_CONTENT, harness.delete(owner, memberPath + "/roles/" + roleId).status());

        final Reply patchedMember = harness.patch(owner, memberPath, "{\"roles\":[\"" + roleId + "\"],\"nick\":null}");
        assertEquals(HttpResponseStatus.OK, patchedMember.status(), patchedMember.body());
        assertEquals(List.of(roleId), patchedMember.json().get("roles"));
        assertEquals(List.of(), harness.patch(owner, memberPath, "{\"roles\":[]}").json().get("roles"));
        assertError(harness.patch(owner, memberPath, "{\"roles\":[\"" + (Long.parseLong(roleId) + 1) + "\"]}"),
            HttpResponseStatus.NOT_FOUND, 10011);
        memberEdits(owner, bot, guildId, memberPath);

        final List<Object> firstPage = TestJson.array(
            harness.get(owner, API + "/guilds/" + guildId + "/members").body());
        assertEquals(1, firstPage.size(), "default limit is 1");
        final List<Object> all = TestJson.array(
            harness.get(owner, API + "/guilds/" + guildId + "/members?limit=1000").body());
        assertEquals(2, all.size());
        final String lowest = (String)at(all, 0, "user").get("id");
        final List<Object> after = TestJson.array(
            harness.get(owner, API + "/guilds/" + guildId + "/members?limit=10&after=" + lowest).body());
        assertEquals(1, after.size());
        assertError(harness.get(owner, API + "/guilds/" + guildId + "/members?limit=1001"),
            HttpResponseStatus.BAD_REQUEST, 50035);

        assertEquals(HttpResponseStatus.NO_CONTENT,
            harness.delete(owner, API + "/guilds/" + guildId + "/roles/" + roleId).status());
        assertError(harness.delete(owner, API + "/guilds/" + guildId + "/roles/" + roleId),
            HttpResponseStatus.NOT_FOUND, 10011);
        assertError(harness.delete(bot, memberPath.replace(Long.toString(bot.id()), Long.toString(owner.id()))),
            HttpResponseStatus.FORBIDDEN, 50013);
        assertEquals(HttpResponseStatus.NO_CONTENT, harness.delete(owner, memberPath).status());
        assertError(harness.get(owner, memberPath), HttpResponseStatus.NOT_FOUND, 10007);
        assertError(harness.get(bot, API + "/guilds/" + guildId), HttpResponseStatus.NOT_FOUND, 10004);
    }

    private void memberEdits(final User owner, final User bot, final String guildId, final String memberPath)
    {
        final Reply nick = harness.patch(owner, memberPath, "{\"nick\":\"Helpy\",\"mute\":true,\"deaf\":true}");
        assertEquals(HttpResponseStatus.OK, nick.status(), nick.body());
        assertEquals("Helpy", nick.json().get("nick"));
        assertEquals(true, nick.json().get("mute"));
        assertEquals(true, nick.json().get("deaf"));
        final Reply read = harness.get(owner, memberPath);
        assertEquals("Helpy", read.json().get("nick"), read.body());
        assertEquals(true, read.json().get("deaf"));
        final Reply cleared = harness.patch(owner, memberPath, "{\"nick\":null,\"mute\":false}");
        assertNull(cleared.json().get("nick"), cleared.body());
        assertEquals(false, cleared.json().get("mute"));
        assertEquals(true, cleared.json().get("deaf"), "deaf was not in the body");

        final Reply self = harness.patch(bot, API + "/guilds/" + guildId + "/members/@me", "{\"nick\":\"Me\"}");
        assertEquals(HttpResponseStatus.OK, self.status(), self.body());
        assertEquals("Me", self.json().get("nick"));
        assertEquals(Long.toString(bot.id()), at(self.json(), "user").get("id"));
        final String ownerPath = memberPath.replace(Long.toString(bot.id()), Long.toString(owner.id()));
        assertError(harness.patch(bot, ownerPath, "{\"nick\":\"Boss\"}"), HttpResponseStatus.FORBIDDEN, 50013);
        assertError(harness.patch(bot, memberPath, "{\"mute\":true}"), HttpResponseStatus.FORBIDDEN, 50013);
        assertError(harness.patch(owner, API + "/guilds/" + guildId + "/members/4242", "{\"nick\":\"x\"}"),
            HttpResponseStatus.NOT_FOUND, 10007);

        final String until = java.time.Instant.ofEpochMilli(FakeCore.START_MS + 3_600_000).toString();
        final Reply timedOut =
            harness.patch(owner, memberPath, "{\"communication_disabled_until\":\"" + until + "\"}");
        assertEquals(HttpResponseStatus.OK, timedOut.status(), timedOut.body());
        assertTrue(((String)timedOut.json().get("communication_disabled_until")).endsWith("+00:00"), timedOut.body());
        final Reply lifted = harness.patch(owner, memberPath, "{\"communication_disabled_until\":null}");
        assertNull(lifted.json().get("communication_disabled_until"), lifted.body());

        assertFieldError(harness.patch(owner, memberPath, "{\"nick\":\"" + "x".repeat(33) + "\"}"),
            "nick", "BASE_TYPE_BAD_LENGTH");
        assertFieldError(harness.patch(owner, memberPath, "{\"nick\":5}"), "nick", "STRING_TYPE_CONVERT");
        assertFieldError(harness.patch(owner, memberPath, "{\"mute\":\"yes\"}"), "mute", "BOOLEAN_TYPE_COERCE");
        assertFieldError(harness.patch(owner, memberPath, "{\"roles\":[\"nope\"]}"), "roles", null);
        assertFieldError(harness.patch(owner, memberPath, "{\"communication_disabled_until\":\"soon\"}"),
            "communication_disabled_until", "DATE_TYPE_CONVERT");
        assertFieldError(
            harness.patch(owner, memberPath, "{\"communication_disabled_until\":\"2999-01-01T00:00:00Z\"}"),
            "communication_disabled_until", "COMMUNICATION_DISABLED_UNTIL_TOO_LONG");
        assertFieldError(harness.patch(owner, memberPath, "{\"channel_id\":\"123\"}"), "channel_id", "UNSUPPORTED");
        assertEquals("Me", harness.get(owner, memberPath).json().get("nick"), "refused edits change nothing");
    }

    private void assertFieldError(final Reply reply, final String field, final String code)
    {
        assertError(reply, HttpResponseStatus.BAD_REQUEST, 50035);
        final Object errors = reply.json().get("errors");
        assertTrue(errors instanceof Map && ((Map<?, ?>)errors).containsKey(field), reply.body());
        if (null != code)
        {
            assertEquals(code, at(reply.json(), "errors", field, "_errors", 0).get("code"), reply.body());
        }
    }

    @Test
    void leavingAGuild()
    {
        final User owner = harness.register("owner", false);
        final User guest = harness.register("guest", false);
        final String guildId = createGuild(owner, "Home");
        final String channelId = firstTextChannel(owner, guildId);
        final String code = (String)harness.post(owner, API + "/channels/" + channelId + "/invites", "{}")
            .json().get("code");
        assertEquals(HttpResponseStatus.OK, harness.post(guest, API + "/invites/" + code, "{}").status());
        assertEquals(HttpResponseStatus.NO_CONTENT,
            harness.delete(guest, API + "/users/@me/guilds/" + guildId).status());
        assertError(harness.get(guest, API + "/guilds/" + guildId), HttpResponseStatus.NOT_FOUND, 10004);
    }

    @Test
    void messagesCreateReadEditDelete()
    {
        final User owner = harness.register("owner", false);
        final String guildId = createGuild(owner, "Home");
        final String channelId = firstTextChannel(owner, guildId);
        final String messages = API + "/channels/" + channelId + "/messages";

        final Reply created = harness.post(owner, messages,
            "{\"content\":\"hello <@" + owner.id() + "> and <@&" + guildId + ">\",\"nonce\":\"n-1\",\"tts\":false}");
        assertEquals(HttpResponseStatus.OK, created.status(), created.body());
        final Map<String, Object> message = created.json();
        final String firstId = (String)message.get("id");
        assertEquals(channelId, message.get("channel_id"));
        assertEquals("owner", at(message, "author").get("username"));
        assertEquals("n-1", message.get("nonce"));
        assertEquals(0L, message.get("type"));
        assertNull(message.get("edited_timestamp"));
        assertEquals(false, message.get("pinned"));
        assertEquals(false, message.get("mention_everyone"));
        assertEquals(Long.toString(owner.id()), at(message, "mentions", 0).get("id"));
        assertEquals(List.of(guildId), message.get("mention_roles"));
        assertEquals(RestJson.timestamp(RestJson.timestampMsOf(Long.parseLong(firstId))), message.get("timestamp"));
        assertTrue(((String)message.get("timestamp"))
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"));

        final Reply reply = harness.post(owner, messages,
            "{\"content\":\"a reply\",\"message_reference\":{\"message_id\":\"" + firstId + "\"}}");
        assertEquals(HttpResponseStatus.OK, reply.status(), reply.body());
        assertEquals(19L, reply.json().get("type"));
        assertEquals(firstId, at(reply.json(), "message_reference").get("message_id"));
        final String secondId = (String)reply.json().get("id");
        harness.core.advanceClock(1);
        final String thirdId = (String)harness.post(owner, messages, "{\"content\":\"third\"}").json().get("id");

        final List<Object> latest = TestJson.array(harness.get(owner, messages).body());
        assertEquals(3, latest.size());
        assertEquals(thirdId, at(latest, 0).get("id"), "newest first");
        assertEquals(firstId, at(latest, 2).get("id"));
        final List<Object> limited = TestJson.array(harness.get(owner, messages + "?limit=2").body());
        assertEquals(List.of(thirdId, secondId), List.of(at(limited, 0).get("id"), at(limited, 1).get("id")));
        final List<Object> before = TestJson.array(harness.get(owner, messages + "?before=" + thirdId).body());
        assertEquals(2, before.size());
        assertEquals(secondId, at(before, 0).get("id"));
        final List<Object> after = TestJson.array(harness.get(owner, messages + "?after=" + firstId).body());
        assertEquals(List.of(thirdId, secondId), List.of(at(after, 0).get("id"), at(after, 1).get("id")));
        assertError(harness.get(owner, messages + "?limit=101"), HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.get(owner, messages + "?limit=0"), HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.get(owner, messages + "?before=abc"), HttpResponseStatus.BAD_REQUEST, 50035);

        final Reply one = harness.get(owner, messages + "/" + secondId);
        assertEquals(HttpResponseStatus.OK, one.status(), one.body());
        assertEquals("a reply", one.json().get("content"));
        assertError(harness.get(owner, messages + "/" + (Long.parseLong(secondId) + 1)),
            HttpResponseStatus.NOT_FOUND, 10008);

        final Reply edited = harness.patch(owner, messages + "/" + firstId, "{\"content\":\"edited\"}");
        assertEquals(HttpResponseStatus.OK, edited.status(), edited.body());
        assertEquals("edited", edited.json().get("content"));
        assertNotNull(edited.json().get("edited_timestamp"));

        assertEquals(HttpResponseStatus.NO_CONTENT, harness.delete(owner, messages + "/" + firstId).status());
        assertError(harness.delete(owner, messages + "/" + firstId), HttpResponseStatus.NOT_FOUND, 10008);
        assertEquals(HttpResponseStatus.NO_CONTENT,
            harness.post(owner, API + "/channels/" + channelId + "/typing", null).status());

        assertEquals(HttpResponseStatus.NO_CONTENT, harness.post(owner, messages + "/bulk-delete",
            "{\"messages\":[\"" + secondId + "\",\"" + thirdId + "\"]}").status());
        assertEquals(0, TestJson.array(harness.get(owner, messages).body()).size());
    }

    @Test
    void messageValidationErrorsAreDiscordShaped()
    {
        harness.close();
        harness = new RestHarness(Map.of("messages.post", "1000/1000", "messages.bulk", "1000/1000"));
        final User owner = harness.register("owner", false);
        final User stranger = harness.register("stranger", false);
        final String guildId = createGuild(owner, "Home");
        final String channelId = firstTextChannel(owner, guildId);
        final String messages = API + "/channels/" + channelId + "/messages";

        assertError(harness.post(owner, messages, "{\"content\":"), HttpResponseStatus.BAD_REQUEST, 50109);
        assertError(harness.post(owner, messages, "not json"), HttpResponseStatus.BAD_REQUEST, 50109);
        assertError(harness.post(owner, messages, "{} {}"), HttpResponseStatus.BAD_REQUEST, 50109);
        final Reply array = harness.post(owner, messages, "[1]");
        assertError(array, HttpResponseStatus.BAD_REQUEST, 50035);
        assertEquals("DICT_TYPE_CONVERT", at(array.json(), "errors", "_errors", 0).get("code"));

        assertError(harness.post(owner, messages, "{}"), HttpResponseStatus.BAD_REQUEST, 50006);
        assertError(harness.post(owner, messages, "{\"content\":\"\"}"), HttpResponseStatus.BAD_REQUEST, 50006);
        final Reply tooLong = harness.post(owner, messages, "{\"content\":\"" + "x".repeat(2001) + "\"}");
        assertError(tooLong, HttpResponseStatus.BAD_REQUEST, 50035);
        assertEquals("BASE_TYPE_BAD_LENGTH", at(tooLong.json(), "errors", "content", "_errors", 0).get("code"));
        assertEquals(HttpResponseStatus.OK,
            harness.post(owner, messages, "{\"content\":\"" + "x".repeat(2000) + "\"}").status());

        final Reply badReference = harness.post(owner, messages,
            "{\"content\":\"x\",\"message_reference\":{\"message_id\":\"abc\"},\"nonce\":\"" + "n".repeat(26) +
            "\",\"allowed_mentions\":{\"parse\":[\"users\",\"nobody\"],\"users\":[\"1\"]}}");
        assertError(badReference, HttpResponseStatus.BAD_REQUEST, 50035);
        final Map<String, Object> errors = at(badReference.json(), "errors");
        assertEquals("NUMBER_TYPE_COERCE",
            at(errors, "message_reference", "message_id", "_errors", 0).get("code"), badReference.body());
        assertTrue(errors.containsKey("nonce"), badReference.body());
        assertEquals("BASE_TYPE_CHOICES", at(errors, "allowed_mentions", "parse", "1", "_errors", 0).get("code"));
        assertTrue(at(errors, "allowed_mentions").containsKey("users"), badReference.body());
        assertError(harness.post(owner, messages, "{\"content\":\"x\",\"embeds\":[{\"title\":\"t\"}]}"),
            HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.post(owner, messages, "{\"content\":\"x\",\"tts\":\"yes\"}"),
            HttpResponseStatus.BAD_REQUEST, 50035);

        assertError(harness.post(stranger, messages, "{\"content\":\"hi\"}"), HttpResponseStatus.FORBIDDEN, 50001);
        assertError(harness.get(stranger, messages), HttpResponseStatus.FORBIDDEN, 50001);
        assertError(harness.post(owner, API + "/channels/4194304/messages", "{\"content\":\"hi\"}"),
            HttpResponseStatus.NOT_FOUND, 10003);

        final String bulk = messages + "/bulk-delete";
        assertError(harness.post(owner, bulk, "{\"messages\":[\"1\"]}"), HttpResponseStatus.BAD_REQUEST, 50016);
        assertError(harness.post(owner, bulk, "{}"), HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.post(owner, bulk, "[\"1\",\"2\"]"), HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.post(owner, bulk, "{\"messages\":\"1,2\"}"), HttpResponseStatus.BAD_REQUEST, 50035);
        final long recent = (FakeCore.START_MS - RestJson.DISCORD_EPOCH_MS) << 22;
        assertError(harness.post(owner, bulk, "{\"messages\":[\"" + recent + "\",\"" + recent + "\"]}"),
            HttpResponseStatus.BAD_REQUEST, 50035);
        assertError(harness.post(owner, bulk, "{\"messages\":[\"4194304\",\"4194305\"]}"),
            HttpResponseStatus.BAD_REQUEST, 50034);

        final Reply badContentType = harness.exchange(HttpMethod.POST, messages, "Bot " + owner.token(), null);
        assertError(badContentType, HttpResponseStatus.BAD_REQUEST, 50006);
    }

    @Test
    void malformedQueryParametersAreNamedInFormErrors()
    {
        final User owner = harness.register("owner", false);
        final String guildId = createGuild(owner, "Home");
        final String channelId = firstTextChannel(owner, guildId);
        final String messages = API + "/channels/" + channelId + "/messages";

        assertQueryErrors(harness.get(owner, messages + "?limit=ten"), "limit", "Value \"ten\" is not int.");
        assertQueryErrors(harness.get(owner, API + "/guilds/" + guildId + "/members?limit=x&after=y"),
            "limit", "Value \"x\" is not int.", "after", "Value \"y\" is not snowflake.");
        assertQueryErrors(harness.get(owner, API + "/users/@me/guilds?before=b&after=a&limit=l"),
            "before", "Value \"b\" is not snowflake.", "after", "Value \"a\" is not snowflake.",
            "limit", "Value \"l\" is not int.");
        assertQueryErrors(harness.get(owner, messages + "/1/reactions/%F0%9F%91%8D?after=a&limit=z&type=t"),
            "after", "Value \"a\" is not snowflake.", "limit", "Value \"z\" is not int.",
            "type", "Value \"t\" is not int.");
    }

    private static void assertQueryErrors(final Reply reply, final String... fieldAndMessage)
    {
        assertEquals(HttpResponseStatus.BAD_REQUEST, reply.status(), reply.body());
        assertEquals(50035L, reply.json().get("code"), reply.body());
        final Map<String, Object> errors = at(reply.json(), "errors");
        assertEquals(fieldAndMessage.length / 2, errors.size(), reply.body());
        for (int i = 0; i < fieldAndMessage.length; i += 2)
        {
            final Map<String, Object> error = at(errors, fieldAndMessage[i], "_errors", 0);
            assertEquals("NUMBER_TYPE_COERCE", error.get("code"), reply.body());
            assertEquals(fieldAndMessage[i + 1], error.get("message"), reply.body());
        }
    }

    @Test
    void unknownRoutesWrongMethodsAndUnsupportedRoutes()
    {
        final User user = harness.register("alice", false);
        assertEquals("{\"message\":\"404: Not Found\",\"code\":0}", harness.get(user, API + "/nowhere").body());
        assertEquals(HttpResponseStatus.NOT_FOUND, harness.get(user, "/api/v8/users/@me").status());
        assertError(harness.exchange(HttpMethod.PUT, API + "/users/@me", "Bot " + user.token(), null),
            HttpResponseStatus.METHOD_NOT_ALLOWED, 0);
        assertEquals(HttpResponseStatus.NOT_FOUND, harness.get(user, API + "/channels/abc").status());
        assertError(harness.delete(user, API + "/invites/a.b"), HttpResponseStatus.NOT_FOUND, 10006);
        assertError(harness.delete(user, API + "/invites/abc"), HttpResponseStatus.NOT_FOUND, 10006);
        assertEquals(HttpResponseStatus.OK, harness.get(user, "/api/v9/users/@me").status());

        final long unownedId = (1L << 30) | (31L << 12);
        final int requestsBefore = harness.core.requests();
        assertError(harness.get(user, API + "/channels/" + unownedId), HttpResponseStatus.NOT_FOUND, 10003);
        assertError(harness.post(user, API + "/channels/" + unownedId + "/messages", "{\"content\":\"x\"}"),
            HttpResponseStatus.NOT_FOUND, 10003);
        assertEquals(requestsBefore, harness.core.requests(), "channel ids no shard minted never reach the core");
        assertError(harness.get(user, API + "/guilds/" + unownedId + "/roles"), HttpResponseStatus.NOT_FOUND, 10004);
        assertError(harness.post(user, API + "/guilds/" + unownedId + "/channels", "{\"name\":\"x\"}"),
            HttpResponseStatus.NOT_FOUND, 10004);
    }

    @Test
    void coreTimeoutAndBackPressureAnswer503()
    {
        final User user = harness.register("alice", false);
        harness.core.silence();
        harness.channel.writeInbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
            io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpMethod.GET, API + "/users/@me",
            io.netty.buffer.Unpooled.EMPTY_BUFFER,
            new io.netty.handler.codec.http.DefaultHttpHeaders().set("Authorization", "Bot " + user.token()),
            new io.netty.handler.codec.http.DefaultHttpHeaders()));
        harness.channel.runPendingTasks();
        assertNull(harness.channel.readOutbound(), "nothing before the timeout");
        harness.channel.advanceTimeBy(harness.api.ctx().requestTimeoutMs(), TimeUnit.MILLISECONDS);
        harness.channel.runScheduledPendingTasks();
        assertError(harness.read(), HttpResponseStatus.SERVICE_UNAVAILABLE, 0);

        harness.core.refuse();
        assertError(harness.get(user, API + "/users/@me"), HttpResponseStatus.SERVICE_UNAVAILABLE, 0);
    }

    @Test
    void routeRateLimitHeadersAnd429()
    {
        harness.close();
        harness = new RestHarness(Map.of("messages.post", "2/5000"));
        final User owner = harness.register("owner", false);
        final String guildId = createGuild(owner, "Home");
        final String messages = API + "/channels/" + firstTextChannel(owner, guildId) + "/messages";

        final Reply first = harness.post(owner, messages, "{\"content\":\"1\"}");
        assertEquals("2", first.header("X-RateLimit-Limit"));
        assertEquals("1", first.header("X-RateLimit-Remaining"));
        assertEquals("messages.post", first.header("X-RateLimit-Bucket"));
        assertEquals("5.000", first.header("X-RateLimit-Reset-After"));
        assertEquals(String.format("%d.%03d", (FakeCore.START_MS + 5000) / 1000, (FakeCore.START_MS + 5000) % 1000),
            first.header("X-RateLimit-Reset"));
        assertEquals("0", harness.post(owner, messages, "{\"content\":\"2\"}").header("X-RateLimit-Remaining"));

        harness.core.advanceClock(1500);
        final int requestsBefore = harness.core.requests();
        final Reply limited = harness.post(owner, messages, "{\"content\":\"3\"}");
        assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, limited.status());
        assertEquals(requestsBefore, harness.core.requests(), "a limited request never reaches the core");
        assertEquals("4", limited.header("Retry-After"));
        assertEquals("1.1 concord", limited.header("Via"));
        assertEquals("user", limited.header("X-RateLimit-Scope"));
        assertNull(limited.header("X-RateLimit-Global"));
        assertEquals(3.5, limited.json().get("retry_after"));
        assertEquals(false, limited.json().get("global"));
        assertEquals("You are being rate limited.", limited.json().get("message"));

        assertEquals(HttpResponseStatus.OK, harness.get(owner, API + "/users/@me").status(),
            "other buckets unaffected");
        harness.core.advanceClock(3500);
        assertEquals(HttpResponseStatus.OK, harness.post(owner, messages, "{\"content\":\"4\"}").status());
    }

    @Test
    void globalRateLimit()
    {
        harness.close();
        harness = new RestHarness(Map.of("global", "3/1000"));
        final User user = harness.register("alice", false);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(HttpResponseStatus.OK, harness.get(user, API + "/users/@me").status());
        }
        final Reply limited = harness.get(user, API + "/gateway/bot");
        assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, limited.status());
        assertEquals("true", limited.header("X-RateLimit-Global"));
        assertEquals("global", limited.header("X-RateLimit-Scope"));
        assertEquals(true, limited.json().get("global"));
        assertEquals("1", limited.header("Retry-After"));
        final User other = harness.register("bob", false);
        assertEquals(HttpResponseStatus.OK, harness.get(other, API + "/users/@me").status(), "limits are per user");
    }
}
