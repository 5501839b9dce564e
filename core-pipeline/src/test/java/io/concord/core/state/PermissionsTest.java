package io.concord.core.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.concord.core.state.Permissions.ADMINISTRATOR;
import static io.concord.core.state.Permissions.ALL;
import static io.concord.core.state.Permissions.ATTACH_FILES;
import static io.concord.core.state.Permissions.MANAGE_MESSAGES;
import static io.concord.core.state.Permissions.READ_MESSAGE_HISTORY;
import static io.concord.core.state.Permissions.SEND_MESSAGES;
import static io.concord.core.state.Permissions.VIEW_CHANNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The permission matrix: who gets what in a channel, case by case, following Discord's algorithm (spec/rest.md).
 * Guild 100 (owner 1), roles 200 (mods) and 201 (muted), member 2 with the roles listed per row. 1248256 is
 * VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | MENTION_EVERYONE | CONNECT.
 */
class PermissionsTest
{
    private static final long GUILD = 100;
    private static final long OWNER = 1;
    private static final long MEMBER = 2;
    private static final long MODS = 200;
    private static final long MUTED = 201;

    private static Guild guild(final long everyonePermissions, final long modsPermissions)
    {
        final Guild guild = new Guild(GUILD, OWNER, "g", 0);
        guild.addRole(new Role(GUILD, GUILD, "@everyone", everyonePermissions, 0));
        guild.addRole(new Role(MODS, GUILD, "mods", modsPermissions, 2));
        guild.addRole(new Role(MUTED, GUILD, "muted", 0, 1));
        guild.members().put(OWNER, new Member(OWNER, "owner", false, 0));
        guild.members().put(MEMBER, new Member(MEMBER, "member", false, 0));
        return guild;
    }

    /**
     * Columns: everyone perms, mods perms, member roles (m = mods, u = muted), overwrites (target:allow:deny with
     * target e = everyone, m = mods, u = muted, p = the member), expected channel permissions.
     */
    @ParameterizedTest(name = "{index}: everyone={0} mods={1} roles={2} overwrites={3}")
    @CsvSource(delimiter = '|', value = {
        // Base only.
        "1248256 | 0     | ''  | ''                   | 1248256",
        // No VIEW_CHANNEL at all: nothing.
        "2048    | 0     | ''  | ''                   | 0",
        // @everyone overwrite denies view: nothing.
        "1248256 | 0     | ''  | e:0:1024             | 0",
        // Role overwrite allows view back after @everyone deny.
        "1248256 | 0     | m   | e:0:1024,m:1024:0    | 1248256",
        // Role allows win over role denies (all denies applied, then all allows).
        "1248256 | 0     | m,u | u:0:2048,m:2048:0    | 1248256",
        // Deny on one role, no allow on another: denied.
        "1248256 | 0     | u   | u:0:2048             | 1115136",
        // Member overwrite beats role allow.
        "1248256 | 0     | m   | m:2048:0,p:0:2048    | 1115136",
        // Member overwrite allows after role deny.
        "1248256 | 0     | u   | u:0:2048,p:2048:0    | 1248256",
        // Role grants MANAGE_MESSAGES at guild level.
        "1248256 | 8192  | m   | ''                   | 1256448",
        // No SEND_MESSAGES: MENTION_EVERYONE and ATTACH_FILES are dropped implicitly.
        "1278976 | 0     | ''  | ''                   | 1115136",
        // Overwrites for roles the member lacks do not apply.
        "1248256 | 0     | ''  | m:0:1024             | 1248256",
    })
    void matrix(
        final long everyone, final long mods, final String roles, final String overwrites, final long expected)
    {
        final Guild guild = guild(everyone, mods);
        final Member member = guild.member(MEMBER);
        for (final String role : roles.split(","))
        {
            if ("m".equals(role.trim()))
            {
                member.addRole(MODS);
            }
            else if ("u".equals(role.trim()))
            {
                member.addRole(MUTED);
            }
        }
        final Channel channel = new Channel(300, GUILD, Channel.GUILD_TEXT, "c");
        for (final String overwrite : overwrites.split(","))
        {
            if (overwrite.isBlank())
            {
                continue;
            }
            final String[] parts = overwrite.trim().split(":");
            final long allow = Long.parseLong(parts[1]);
            final long deny = Long.parseLong(parts[2]);
            switch (parts[0])
            {
                case "e":
                    channel.putOverwrite(GUILD, Overwrite.ROLE, allow, deny);
                    break;
                case "m":
                    channel.putOverwrite(MODS, Overwrite.ROLE, allow, deny);
                    break;
                case "u":
                    channel.putOverwrite(MUTED, Overwrite.ROLE, allow, deny);
                    break;
                default:
                    channel.putOverwrite(MEMBER, Overwrite.MEMBER, allow, deny);
                    break;
            }
        }
        assertEquals(expected, Permissions.inChannel(guild, member, channel));
    }

    @Test
    void ownerAndAdministratorsBypassEveryOverwrite()
    {
        final Guild guild = guild(0, ADMINISTRATOR);
        final Channel channel = new Channel(300, GUILD, Channel.GUILD_TEXT, "c");
        channel.putOverwrite(GUILD, Overwrite.ROLE, 0, ALL);
        channel.putOverwrite(OWNER, Overwrite.MEMBER, 0, ALL);
        channel.putOverwrite(MEMBER, Overwrite.MEMBER, 0, ALL);

        assertEquals(ALL, Permissions.inChannel(guild, guild.member(OWNER), channel));
        assertEquals(0, Permissions.inChannel(guild, guild.member(MEMBER), channel));
        guild.member(MEMBER).addRole(MODS);
        assertEquals(ALL, Permissions.inChannel(guild, guild.member(MEMBER), channel));
        assertEquals(ALL, Permissions.base(guild, guild.member(MEMBER)));
    }

    @Test
    void constantsMatchDiscord()
    {
        assertEquals(1024, VIEW_CHANNEL);
        assertEquals(2048, SEND_MESSAGES);
        assertEquals(8192, MANAGE_MESSAGES);
        assertEquals(65536, READ_MESSAGE_HISTORY);
        assertEquals(32768, ATTACH_FILES);
        assertEquals(0, ALL & (1L << 47));
        assertEquals(1L << 52, ALL & (1L << 52));
    }
}
