package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.MemberChangedDecoder;
import io.concord.codecs.MemberChangedEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.UpdateMemberEncoder;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.Guild;
import io.concord.core.state.Member;
import io.concord.core.state.Permissions;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code UpdateMember} through real shards: nickname, mute, deafen, role set and timeout with Discord's permission
 * and hierarchy rules, all-or-nothing application, the GUILD_MEMBER_UPDATE that answers the edge, persistence across
 * a restart, and member records written before schema version 2 still restoring.
 */
class MemberUpdatesTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final long HOUR_MS = 3_600_000;

    private ShardHarness harness;
    private EdgeCommands edge;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long correlationId = 5_000_000;
    private long alice;
    private long bob;
    private long guildId;
    private long general;

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(2);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        guildId = edge.createGuild(EDGE_A, alice, "members");
        general = guild().channels().get(0).id();
        edge.acceptInvite(EDGE_B, bob, edge.createInvite(EDGE_A, alice, general));
    }

    @Test
    void ownerSetsNickMuteDeafAndTheMemberUpdateAnswersAndPersists()
    {
        final long id = update(EDGE_A, alice, bob, MemberUpdates.NICK | MemberUpdates.MUTE | MemberUpdates.DEAF,
            "Bobby", true, true, 0);
        final MemberChangedDecoder changed = lastMemberChanged(EDGE_A);
        assertEquals(id, changed.correlationId(), "the requester's copy answers the command");
        assertEquals(bob, changed.userId());
        assertEquals(BooleanType.TRUE, changed.mute());
        assertEquals(BooleanType.TRUE, changed.deaf());
        assertEquals(0, changed.communicationDisabledUntilMs());
        changed.roles();
        assertEquals("bob", changed.username());
        assertEquals("Bobby", changed.nick());

        final Member member = guild().member(bob);
        assertEquals("Bobby", member.nick());
        assertTrue(member.mute() && member.deaf());

        update(EDGE_A, alice, bob, MemberUpdates.NICK | MemberUpdates.MUTE, "", false, false, 0);
        assertNull(guild().member(bob).nick(), "an empty nick clears it");
        assertFalse(guild().member(bob).mute());
        assertTrue(guild().member(bob).deaf(), "fields outside the mask are kept");

        update(EDGE_A, alice, bob, MemberUpdates.NICK, "Robert", false, false, 0);
        final ShardHarness restarted = new ShardHarness(2, harness.metadata);
        final Member restored = restarted.shardOfGuild(guildId).guild(guildId).member(bob);
        assertEquals("Robert", restored.nick());
        assertTrue(restored.deaf());
        assertFalse(restored.mute());
    }

    @Test
    void permissionsAndHierarchyAsDiscord()
    {
        update(EDGE_B, bob, bob, MemberUpdates.NICK, "me", false, false, 0);
        assertEquals("me", guild().member(bob).nick(), "@everyone has CHANGE_NICKNAME by default");

        update(EDGE_B, bob, alice, MemberUpdates.NICK, "boss", false, false, 0);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        update(EDGE_B, bob, bob, MemberUpdates.MUTE, null, true, false, 0);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        update(EDGE_B, bob, bob, MemberUpdates.DEAF, null, false, true, 0);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);

        final long moderator = edge.createRole(EDGE_A, alice, guildId,
            Permissions.MANAGE_NICKNAMES | Permissions.MODERATE_MEMBERS);
        edge.memberRole(EDGE_A, alice, guildId, bob, moderator, true);
        update(EDGE_B, bob, alice, MemberUpdates.NICK, "boss", false, false, 0);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        assertNull(guild().member(alice).nick(), "nobody is above the owner");
        update(EDGE_B, bob, alice, MemberUpdates.TIMEOUT, null, false, false, harness.clock.time() + HOUR_MS);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);

        update(EDGE_A, alice, 424242, MemberUpdates.NICK, "ghost", false, false, 0);
        assertReply(ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_MEMBER);
        update(EDGE_A, alice, bob, MemberUpdates.NICK, "x".repeat(Member.MAX_NICK_LENGTH + 1), false, false, 0);
        assertReply(ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
        assertEquals("me", guild().member(bob).nick(), "a refused edit changes nothing");
    }

    @Test
    void rolesReplaceTheSetWithinTheActorsHierarchy()
    {
        final long low = edge.createRole(EDGE_A, alice, guildId, 0);
        final long high = edge.createRole(EDGE_A, alice, guildId, Permissions.MANAGE_ROLES);
        edge.updateRolePosition(EDGE_A, alice, guildId, high, 5);
        update(EDGE_A, alice, bob, MemberUpdates.ROLES, null, false, false, 0, low, high);
        assertArrayEquals(new long[]{ low, high }, roles(bob));

        update(EDGE_A, alice, bob, MemberUpdates.ROLES, null, false, false, 0, high);
        assertArrayEquals(new long[]{ high }, roles(bob));

        final String code = edge.createInvite(EDGE_A, alice, general);
        final long carol = edge.register(EDGE_A, "carol");
        edge.acceptInvite(EDGE_A, carol, code);
        update(EDGE_B, bob, carol, MemberUpdates.ROLES, null, false, false, 0, high);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        update(EDGE_B, bob, carol, MemberUpdates.ROLES, null, false, false, 0, low);
        assertArrayEquals(new long[]{ low }, roles(carol), "a role below the actor's highest may be granted");

        update(EDGE_A, alice, bob, MemberUpdates.ROLES, null, false, false, 0, 777);
        assertReply(ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_ROLE);
        update(EDGE_A, alice, bob, MemberUpdates.ROLES | MemberUpdates.NICK, "x", false, false, 0, guildId);
        assertArrayEquals(new long[0], roles(bob), "@everyone in the list is ignored");
    }

    @Test
    void timedOutMemberCannotSendUntilTheTimeoutEnds()
    {
        final long until = harness.clock.time() + HOUR_MS;
        update(EDGE_A, alice, bob, MemberUpdates.TIMEOUT, null, false, false, until);
        assertEquals(until, lastMemberChanged(EDGE_A).communicationDisabledUntilMs());

        edge.createMessage(EDGE_B, bob, general, "let me speak");
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        edge.typing(EDGE_B, bob, general);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);

        update(EDGE_A, alice, alice, MemberUpdates.TIMEOUT, null, false, false, until);
        assertReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        update(EDGE_A, alice, bob, MemberUpdates.TIMEOUT, null, false, false,
            harness.clock.time() + MemberUpdates.MAX_TIMEOUT_MS + 1);
        assertReply(ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);

        harness.advance(HOUR_MS + 1);
        final int before = harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID).size();
        edge.createMessage(EDGE_B, bob, general, "free again");
        assertTrue(harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID).size() > before);

        update(EDGE_A, alice, bob, MemberUpdates.TIMEOUT, null, false, false, harness.clock.time() + HOUR_MS);
        update(EDGE_A, alice, bob, MemberUpdates.TIMEOUT, null, false, false, 0);
        assertFalse(guild().member(bob).timedOut(harness.clock.time()), "0 lifts the timeout");
    }

    @Test
    void memberRecordsFromSchemaVersionOneStillRestore()
    {
        update(EDGE_A, alice, bob, MemberUpdates.NICK, "Bobby", false, false, 0);
        final String key = "m:" + guildId + ":" + bob;
        final MetadataStore store = harness.metadata[harness.shardOfGuild(guildId).shardId()];
        final Map<String, byte[]> records = new HashMap<>();
        store.forEach((k, b, o, l) ->
        {
            final byte[] bytes = new byte[l];
            b.getBytes(o, bytes);
            records.put(k, bytes);
        });
        final byte[] v1 = asVersionOne(records.get(key));
        store.put(key, new UnsafeBuffer(v1), 0, v1.length);

        final ShardHarness restarted = new ShardHarness(2, harness.metadata);
        final Member restored = restarted.shardOfGuild(guildId).guild(guildId).member(bob);
        assertEquals("bob", restored.username());
        assertNull(restored.nick(), "a version 1 record has no nickname");
        assertFalse(restored.mute() || restored.deaf());
        assertEquals(0, restored.communicationDisabledUntilMs());
    }

    /**
     * A MemberChanged frame as schema version 1 wrote it: without mute, deaf and the timeout at the end of the root
     * block, and without the trailing (empty here) nick.
     */
    private static byte[] asVersionOne(final byte[] v2)
    {
        final UnsafeBuffer in = new UnsafeBuffer(v2);
        final MessageHeaderDecoder decoded = new MessageHeaderDecoder().wrap(in, 0);
        final int blockLength = decoded.blockLength();
        final int oldBlockLength = MemberChangedEncoder.muteEncodingOffset();
        final MemberChangedDecoder decoder = new MemberChangedDecoder().wrapAndApplyHeader(in, 0, decoded);
        decoder.edgeId();
        decoder.roles().forEach(MemberChangedDecoder.RolesDecoder::roleId);
        decoder.skipUsername();
        final int end = decoder.limit();
        final byte[] v1 = new byte[HEADER + oldBlockLength + (end - HEADER - blockLength)];
        final UnsafeBuffer out = new UnsafeBuffer(v1);
        new MessageHeaderEncoder().wrap(out, 0).blockLength(oldBlockLength).templateId(MemberChangedEncoder.TEMPLATE_ID)
            .schemaId(MemberChangedEncoder.SCHEMA_ID).version(1);
        out.putBytes(HEADER, in, HEADER, oldBlockLength);
        out.putBytes(HEADER + oldBlockLength, in, HEADER + blockLength, end - HEADER - blockLength);
        return v1;
    }

    private Guild guild()
    {
        return harness.shardOfGuild(guildId).guild(guildId);
    }

    private long[] roles(final long userId)
    {
        final Member member = guild().member(userId);
        return java.util.Arrays.copyOf(member.roleIds(), member.roleCount());
    }

    private long update(
        final int edgeId,
        final long userId,
        final long targetUserId,
        final int mask,
        final String nick,
        final boolean mute,
        final boolean deaf,
        final long timeoutUntilMs,
        final long... roleIds)
    {
        final long id = correlationId++;
        final UpdateMemberEncoder encoder = new UpdateMemberEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(id).userId(userId).guildId(guildId).targetUserId(targetUserId)
            .updateMask((short)mask)
            .mute(mute ? BooleanType.TRUE : BooleanType.FALSE)
            .deaf(deaf ? BooleanType.TRUE : BooleanType.FALSE)
            .communicationDisabledUntilMs(timeoutUntilMs);
        final UpdateMemberEncoder.RolesEncoder roles = encoder.rolesCount(roleIds.length);
        for (final long roleId : roleIds)
        {
            roles.next().roleId(roleId);
        }
        encoder.nick(null == nick ? "" : nick);
        harness.send(buffer, HEADER + encoder.encodedLength());
        return id;
    }

    private MemberChangedDecoder lastMemberChanged(final int edgeId)
    {
        final ShardHarness.Frame frame = harness.last(MemberChangedDecoder.TEMPLATE_ID);
        assertEquals(edgeId, frame.edgeId());
        final MemberChangedDecoder decoder = new MemberChangedDecoder().wrapAndApplyHeader(
            frame.buffer(), 0, new MessageHeaderDecoder());
        decoder.edgeId();
        return decoder;
    }

    private void assertReply(final ReplyStatus status, final int errorCode)
    {
        final CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(status, reply.status());
        assertEquals(errorCode, reply.errorCode());
    }
}
