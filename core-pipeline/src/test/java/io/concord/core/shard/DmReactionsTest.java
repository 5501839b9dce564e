package io.concord.core.shard;

import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.GetReactionUsersEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.ReactToMessageEncoder;
import io.concord.codecs.ReactionAction;
import io.concord.codecs.ReactionChangedDecoder;
import io.concord.codecs.ReactionUsersDecoder;
import io.concord.codecs.ReplyStatus;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reactions in a DM: either recipient adds and removes its own, the other recipient's edge hears of it without a
 * guild, moderation actions answer 50003, strangers 50001, and the reactors page carries the recipients' names.
 */
class DmReactionsTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final int EDGE_C = 3;
    private static final String THUMBS = "\uD83D\uDC4D";

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final List<String> reactorNames = new ArrayList<>();
    private ShardHarness harness;
    private EdgeCommands edge;
    private long alice;
    private long bob;
    private long carol;
    private long channelId;
    private long messageId;
    private long correlationId = 9_000_000;

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        carol = edge.register(EDGE_C, "carol");
        edge.identify(EDGE_A, 11, alice);
        edge.identify(EDGE_B, 21, bob);
        channelId = edge.openDm(EDGE_A, alice, bob);
        edge.createMessage(EDGE_A, alice, channelId, "react to me");
        final MessageCreatedDecoder created = new MessageCreatedDecoder().wrapAndApplyHeader(
            harness.last(MessageCreatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        created.edgeId();
        created.correlationId();
        created.guildId();
        created.channelId();
        messageId = created.messageId();
        harness.edgeFrames.clear();
    }

    @Test
    void recipientsReactAndBothEdgesHearIt()
    {
        react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS);
        assertReply(ReplyStatus.OK, 0);
        final List<String> changes = changes();
        assertEquals(List.of("1 ADD " + bob + " guild 0", "2 ADD " + bob + " guild 0"), changes);

        react(EDGE_A, alice, ReactionAction.ADD, alice, THUMBS);
        assertEquals(List.of(alice, bob), reactors(EDGE_A, alice));
        assertEquals(List.of("alice", "bob"), reactorNames);

        react(EDGE_A, alice, ReactionAction.REMOVE, bob, THUMBS);
        assertReply(ReplyStatus.FORBIDDEN, ReactionHandler.CANNOT_EXECUTE_IN_DM);
        react(EDGE_A, alice, ReactionAction.REMOVE_ALL, 0, "");
        assertReply(ReplyStatus.FORBIDDEN, ReactionHandler.CANNOT_EXECUTE_IN_DM);
        react(EDGE_C, carol, ReactionAction.ADD, carol, THUMBS);
        assertReply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_ACCESS);

        react(EDGE_B, bob, ReactionAction.REMOVE, bob, THUMBS);
        assertReply(ReplyStatus.OK, 0);
        assertEquals(List.of(alice), reactors(EDGE_A, alice));

        final ShardHarness restarted = new ShardHarness(3, harness.metadata);
        harness = restarted;
        assertEquals(List.of(alice), reactors(EDGE_B, bob), "DM reactions are restored");
    }

    private void react(
        final int edgeId, final long userId, final ReactionAction action, final long target, final String emoji)
    {
        final ReactToMessageEncoder e = new ReactToMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(++correlationId).userId(userId).channelId(channelId).messageId(messageId)
            .messageAuthorId(alice).action(action).targetUserId(target).emoji(emoji);
        harness.send(buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private List<Long> reactors(final int edgeId, final long userId)
    {
        final GetReactionUsersEncoder e = new GetReactionUsersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(++correlationId).userId(userId).channelId(channelId).messageId(messageId)
            .messageAuthorId(alice).afterUserId(0).pageSize((short)25).emoji(THUMBS);
        harness.send(buffer, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        final ReactionUsersDecoder users = new ReactionUsersDecoder().wrapAndApplyHeader(
            harness.last(ReactionUsersDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        users.edgeId();
        users.correlationId();
        final List<Long> ids = new ArrayList<>();
        reactorNames.clear();
        for (final ReactionUsersDecoder.UsersDecoder user : users.users())
        {
            ids.add(user.userId());
            user.bot();
            reactorNames.add(user.username());
        }
        return ids;
    }

    private List<String> changes()
    {
        final List<String> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(ReactionChangedDecoder.TEMPLATE_ID))
        {
            final ReactionChangedDecoder d = new ReactionChangedDecoder().wrapAndApplyHeader(
                frame.buffer(), 0, new MessageHeaderDecoder());
            d.edgeId();
            d.correlationId();
            final ReactionAction action = d.action();
            final long guildId = d.guildId();
            d.channelId();
            d.messageId();
            result.add(frame.edgeId() + " " + action + " " + d.userId() + " guild " + guildId);
        }
        result.sort(String::compareTo);
        return result;
    }

    private void assertReply(final ReplyStatus status, final int errorCode)
    {
        final CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        assertEquals(correlationId, reply.correlationId());
        assertEquals(status, reply.status());
        assertEquals(errorCode, reply.errorCode());
    }
}
