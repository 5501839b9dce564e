package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.DeleteChannelEncoder;
import io.concord.codecs.DeleteInviteEncoder;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.InviteChangedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.core.state.Permissions;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INVITE_CREATE/INVITE_DELETE go only to sessions with MANAGE_CHANNELS on the invite's channel and the GUILD_INVITES
 * intent; closing a DM ({@code DeleteChannel} on a DM) answers with the channel and sends CHANNEL_DELETE to the
 * closing user's sessions only, keeping the channel.
 */
class InviteAndDmCloseDispatchTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final long GUILD_INVITES = InviteDispatches.GUILD_INVITES_INTENT;
    private static final long GUILDS = 1;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private ShardHarness harness;
    private EdgeCommands edge;
    private long alice;
    private long bob;
    private long correlationId = 7_000_000;

    record InviteFrame(int edgeId, EntityChange change, String code, List<Long> sessions, String inviterName)
    {
    }

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
    }

    @Test
    void invitesReachOnlyChannelManagersWithTheIntent()
    {
        final long guildId = edge.createGuild(EDGE_A, alice, "invites");
        final long general = harness.shardOfGuild(guildId).guild(guildId).channels().get(0).id();
        edge.acceptInvite(EDGE_B, bob, edge.createInvite(EDGE_A, alice, general));
        edge.identify(EDGE_A, 11, alice, GUILDS | GUILD_INVITES, 250);
        edge.identify(EDGE_A, 12, alice, GUILDS, 250);
        edge.identify(EDGE_B, 21, bob, GUILDS | GUILD_INVITES, 250);
        harness.edgeFrames.clear();

        final String code = edge.createInvite(EDGE_A, alice, general);
        assertEquals(List.of(new InviteFrame(EDGE_A, EntityChange.CREATED, code, List.of(11L), "alice")), invites(),
            "bob lacks MANAGE_CHANNELS, session 12 lacks GUILD_INVITES");

        final long managers = edge.createRole(EDGE_A, alice, guildId, Permissions.MANAGE_CHANNELS);
        edge.memberRole(EDGE_A, alice, guildId, bob, managers, true);
        harness.edgeFrames.clear();
        final DeleteInviteEncoder delete = new DeleteInviteEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_B).correlationId(++correlationId).userId(bob).code(code);
        harness.send(buffer, MessageHeaderEncoder.ENCODED_LENGTH + delete.encodedLength());
        final List<InviteFrame> deleted = invites();
        assertEquals(2, deleted.size(), deleted.toString());
        assertTrue(deleted.contains(new InviteFrame(EDGE_A, EntityChange.DELETED, code, List.of(11L), "alice")));
        assertTrue(deleted.contains(new InviteFrame(EDGE_B, EntityChange.DELETED, code, List.of(21L), "alice")));
    }

    @Test
    void closingADmTellsOnlyTheClosersSessions()
    {
        edge.identify(EDGE_A, 11, alice, GUILDS, 250);
        edge.identify(EDGE_B, 21, bob, GUILDS, 250);
        final long channelId = edge.openDm(EDGE_A, alice, bob);
        harness.edgeFrames.clear();

        final long closeId = ++correlationId;
        final DeleteChannelEncoder close = new DeleteChannelEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(EDGE_A).correlationId(closeId).userId(alice).channelId(channelId);
        harness.send(buffer, MessageHeaderEncoder.ENCODED_LENGTH + close.encodedLength());

        final List<DmInfo> infos = dmInfos();
        assertEquals(List.of(new DmInfo(EDGE_A, closeId, 0, channelId, bob, false),
            new DmInfo(EDGE_A, 0, 11, channelId, bob, true)), infos);

        edge.createMessage(EDGE_B, bob, channelId, "still open");
        assertEquals(2, harness.framesOf(io.concord.codecs.MessageCreatedDecoder.TEMPLATE_ID).size(),
            "the channel stays: both users' edges get the message");
    }

    record DmInfo(int edgeId, long correlationId, long sessionId, long channelId, long recipientId, boolean closed)
    {
    }

    private List<DmInfo> dmInfos()
    {
        final List<DmInfo> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(DmChannelInfoDecoder.TEMPLATE_ID))
        {
            final DmChannelInfoDecoder d = new DmChannelInfoDecoder().wrapAndApplyHeader(
                frame.buffer(), 0, new MessageHeaderDecoder());
            final int edgeId = d.edgeId();
            final long correlation = d.correlationId();
            final long sessionId = d.sessionId();
            final long channelId = d.channelId();
            d.lastMessageId();
            result.add(new DmInfo(edgeId, correlation, sessionId, channelId, d.recipientId(),
                BooleanType.TRUE == d.closed()));
        }
        return result;
    }

    private List<InviteFrame> invites()
    {
        final List<InviteFrame> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(InviteChangedDecoder.TEMPLATE_ID))
        {
            final InviteChangedDecoder d = new InviteChangedDecoder().wrapAndApplyHeader(
                frame.buffer(), 0, new MessageHeaderDecoder());
            assertEquals(frame.edgeId(), d.edgeId());
            final EntityChange change = d.change();
            final List<Long> sessions = new ArrayList<>();
            d.sessions().forEach((s) -> sessions.add(s.sessionId()));
            result.add(new InviteFrame(frame.edgeId(), change, d.code(), sessions, d.inviterName()));
        }
        return result;
    }
}
