package io.concord.core.shard;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.GetMessageReactionsEncoder;
import io.concord.codecs.GetReactionUsersEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageReactionsDecoder;
import io.concord.codecs.ReactToMessageEncoder;
import io.concord.codecs.ReactionAction;
import io.concord.codecs.ReactionChangedDecoder;
import io.concord.codecs.ReactionUsersDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.core.persist.MetadataStore;
import io.concord.core.state.Guild;
import io.concord.core.state.Permissions;
import io.concord.core.state.ReactionBook;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reactions through real shards: permission checks as Discord's, idempotent adds, dispatches to the channel topic
 * only, pages of reactors, per-user {@code me}, the 20-emoji limit, deletes that take reactions with them, and a
 * restart from the metadata store.
 */
class ReactionHandlerTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final int EDGE_C = 3;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final String THUMBS = "\uD83D\uDC4D";
    private static final String FIRE = "\uD83D\uDD25";

    private ShardHarness harness;
    private EdgeCommands edge;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long correlationId = 1_000_000;
    private long alice;
    private long bob;
    private long carol;
    private long guildId;
    private long general;
    private long messageId;

    record Reply(ReplyStatus status, long errorCode)
    {
    }

    record Changed(int edgeId, ReactionAction action, long userId, long messageAuthorId, String username,
        String emoji)
    {
    }

    record Reaction(long messageId, int count, boolean me, String emoji)
    {
    }

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        carol = edge.register(EDGE_C, "carol");
        guildId = edge.createGuild(EDGE_A, alice, "reacting");
        final Guild guild = harness.shardOfGuild(guildId).guild(guildId);
        general = guild.channels().get(0).id();
        final String code = edge.createInvite(EDGE_A, alice, general);
        edge.acceptInvite(EDGE_B, bob, code);
        edge.identify(EDGE_A, 10, alice);
        edge.identify(EDGE_B, 20, bob);
        edge.createMessage(EDGE_A, alice, general, "react to me");
        messageId = lastMessageId();
    }

    @Test
    void addDispatchesOnceToChannelSubscribersAndIsIdempotent()
    {
        final int mark = harness.edgeFrames.size();
        assertEquals(ReplyStatus.OK, react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS, alice).status());
        List<Changed> changes = changedSince(mark);
        assertEquals(2, changes.size(), "one dispatch per subscribed edge");
        final Changed change = changes.get(0);
        assertEquals(ReactionAction.ADD, change.action());
        assertEquals(bob, change.userId());
        assertEquals(alice, change.messageAuthorId());
        assertEquals("bob", change.username());
        assertEquals(THUMBS, change.emoji());

        final int again = harness.edgeFrames.size();
        assertEquals(ReplyStatus.OK, react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS, alice).status());
        assertEquals(0, changedSince(again).size(), "a second PUT changes nothing");

        react(EDGE_A, alice, ReactionAction.ADD, alice, THUMBS, alice);
        List<Reaction> seen = reactions(EDGE_A, alice, messageId);
        assertEquals(List.of(new Reaction(messageId, 2, true, THUMBS)), seen);
        react(EDGE_A, alice, ReactionAction.REMOVE, alice, THUMBS, alice);
        seen = reactions(EDGE_A, alice, messageId);
        assertEquals(List.of(new Reaction(messageId, 1, false, THUMBS)), seen, "me is per asking user");
        changes = changedSince(again);
        assertEquals(ReactionAction.REMOVE, changes.get(changes.size() - 1).action());
    }

    @Test
    void permissionsAndUnknownMessageAsDiscord()
    {
        assertEquals(new Reply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_ACCESS),
            react(EDGE_C, carol, ReactionAction.ADD, carol, THUMBS, alice), "not a member: cannot view");
        assertEquals(new Reply(ReplyStatus.NOT_FOUND, ReactionHandler.UNKNOWN_MESSAGE),
            react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS, 0));

        edge.putOverwrite(EDGE_A, alice, general, guildId, false, 0, Permissions.ADD_REACTIONS);
        assertEquals(new Reply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_PERMISSIONS),
            react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice), "a new emoji needs ADD_REACTIONS");
        assertEquals(ReplyStatus.OK, react(EDGE_A, alice, ReactionAction.ADD, alice, FIRE, alice).status());
        assertEquals(ReplyStatus.OK, react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice).status(),
            "an emoji already there needs only READ_MESSAGE_HISTORY");

        assertEquals(new Reply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_PERMISSIONS),
            react(EDGE_B, bob, ReactionAction.REMOVE, alice, FIRE, alice), "someone else's needs MANAGE_MESSAGES");
        assertEquals(new Reply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_PERMISSIONS),
            react(EDGE_B, bob, ReactionAction.REMOVE_ALL, 0, "", alice));
        assertEquals(ReplyStatus.OK, react(EDGE_A, alice, ReactionAction.REMOVE, bob, FIRE, alice).status(),
            "the owner may remove bob's");

        edge.putOverwrite(EDGE_A, alice, general, guildId, false, 0, Permissions.READ_MESSAGE_HISTORY);
        assertEquals(new Reply(ReplyStatus.FORBIDDEN, ReactionHandler.MISSING_PERMISSIONS),
            react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice));
        assertEquals(new Reply(ReplyStatus.INVALID, ReactionHandler.UNKNOWN_EMOJI),
            react(EDGE_B, bob, ReactionAction.ADD, bob, "", alice));
    }

    @Test
    void reactorsArePagedByIdAndRemoveEmojiAndAllDispatch()
    {
        react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS, alice);
        react(EDGE_A, alice, ReactionAction.ADD, alice, THUMBS, alice);
        react(EDGE_A, alice, ReactionAction.ADD, alice, FIRE, alice);
        final long first = Math.min(alice, bob);
        final long second = Math.max(alice, bob);
        assertEquals(List.of(first, second), users(EDGE_A, alice, THUMBS, 0, 100));
        assertEquals(List.of(first), users(EDGE_A, alice, THUMBS, 0, 1));
        assertEquals(List.of(second), users(EDGE_A, alice, THUMBS, first, 100));
        assertEquals(List.of(), users(EDGE_A, alice, "\uD83D\uDE00", 0, 100));

        final int mark = harness.edgeFrames.size();
        assertEquals(ReplyStatus.OK, react(EDGE_A, alice, ReactionAction.REMOVE_EMOJI, 0, THUMBS, alice).status());
        assertEquals(List.of(new Reaction(messageId, 1, true, FIRE)), reactions(EDGE_A, alice, messageId));
        assertEquals(ReplyStatus.OK, react(EDGE_A, alice, ReactionAction.REMOVE_ALL, 0, "", alice).status());
        assertEquals(List.of(), reactions(EDGE_A, alice, messageId));
        final List<Changed> changes = changedSince(mark);
        assertEquals(ReactionAction.REMOVE_EMOJI, changes.get(0).action());
        assertEquals(ReactionAction.REMOVE_ALL, changes.get(changes.size() - 1).action());
        assertEquals(0, reactionRecords());
    }

    @Test
    void atMostTwentyEmojisPerMessage()
    {
        for (int i = 0; i < ReactionBook.MAX_EMOJIS_PER_MESSAGE; i++)
        {
            assertEquals(ReplyStatus.OK,
                react(EDGE_A, alice, ReactionAction.ADD, alice, new String(Character.toChars(0x1F600 + i)), alice)
                    .status());
        }
        assertEquals(new Reply(ReplyStatus.INVALID, ReactionHandler.MAX_REACTIONS_REACHED),
            react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice));
        assertEquals(ReplyStatus.OK,
            react(EDGE_B, bob, ReactionAction.ADD, bob, new String(Character.toChars(0x1F600)), alice).status());
    }

    @Test
    void deletingTheMessageOrChannelDropsItsReactions()
    {
        react(EDGE_B, bob, ReactionAction.ADD, bob, THUMBS, alice);
        edge.createMessage(EDGE_A, alice, general, "second");
        final long second = lastMessageId();
        react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice, second);
        assertEquals(2, reactionRecords());

        edge.deleteMessage(EDGE_A, alice, general, messageId);
        assertEquals(List.of(), reactions(EDGE_A, alice, messageId));
        assertEquals(1, reactionRecords());
        edge.bulkDelete(EDGE_A, alice, general, second, second + 1);
        assertEquals(0, reactionRecords());
    }

    @Test
    void restartKeepsReactionsAndTheirOrder()
    {
        react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice);
        react(EDGE_A, alice, ReactionAction.ADD, alice, THUMBS, alice);
        react(EDGE_A, alice, ReactionAction.ADD, alice, FIRE, alice);
        final List<Reaction> before = reactions(EDGE_A, alice, messageId);
        assertEquals(List.of(new Reaction(messageId, 2, true, FIRE), new Reaction(messageId, 1, true, THUMBS)),
            before);

        harness = new ShardHarness(3, harness.metadata);
        assertEquals(before, reactions(EDGE_A, alice, messageId));
        assertEquals(ReplyStatus.OK, react(EDGE_B, bob, ReactionAction.ADD, bob, FIRE, alice).status());
        assertEquals(List.of(new Reaction(messageId, 2, true, FIRE), new Reaction(messageId, 1, false, THUMBS)),
            reactions(EDGE_B, bob, messageId), "idempotent after restart too");
    }

    private Reply react(
        final int edgeId, final long userId, final ReactionAction action, final long target, final String emoji,
        final long authorId)
    {
        return react(edgeId, userId, action, target, emoji, authorId, messageId);
    }

    private Reply react(
        final int edgeId, final long userId, final ReactionAction action, final long target, final String emoji,
        final long authorId, final long message)
    {
        final long id = correlationId++;
        final ReactToMessageEncoder e = new ReactToMessageEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(id).userId(userId).channelId(general).messageId(message)
            .messageAuthorId(authorId).action(action).targetUserId(target).emoji(emoji);
        harness.send(buffer, HEADER + e.encodedLength());
        final CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        assertEquals(id, reply.correlationId());
        return new Reply(reply.status(), reply.errorCode());
    }

    private List<Reaction> reactions(final int edgeId, final long userId, final long message)
    {
        final GetMessageReactionsEncoder e = new GetMessageReactionsEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(general);
        e.messagesCount(1).next().messageId(message);
        harness.send(buffer, HEADER + e.encodedLength());
        final MessageReactionsDecoder d = new MessageReactionsDecoder().wrapAndApplyHeader(
            harness.last(MessageReactionsDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        d.edgeId();
        d.correlationId();
        final List<Reaction> result = new ArrayList<>();
        for (final MessageReactionsDecoder.ReactionsDecoder r : d.reactions())
        {
            result.add(new Reaction(r.messageId(), r.reactionCount(), r.me() == BooleanType.TRUE, r.emoji()));
        }
        return result;
    }

    private List<Long> users(final int edgeId, final long userId, final String emoji, final long after,
        final int limit)
    {
        final GetReactionUsersEncoder e = new GetReactionUsersEncoder().wrapAndApplyHeader(buffer, 0, header)
            .edgeId(edgeId).correlationId(correlationId++).userId(userId).channelId(general).messageId(messageId)
            .messageAuthorId(alice).afterUserId(after).pageSize((short)limit).emoji(emoji);
        harness.send(buffer, HEADER + e.encodedLength());
        final ReactionUsersDecoder d = new ReactionUsersDecoder().wrapAndApplyHeader(
            harness.last(ReactionUsersDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        d.edgeId();
        d.correlationId();
        final List<Long> result = new ArrayList<>();
        for (final ReactionUsersDecoder.UsersDecoder u : d.users())
        {
            result.add(u.userId());
            u.bot();
            final String username = u.username();
            assertTrue(username.equals("alice") || username.equals("bob"), username);
        }
        return result;
    }

    private List<Changed> changedSince(final int mark)
    {
        final List<Changed> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.edgeFrames.subList(mark, harness.edgeFrames.size()))
        {
            if (frame.templateId() != ReactionChangedDecoder.TEMPLATE_ID)
            {
                continue;
            }
            final ReactionChangedDecoder d = new ReactionChangedDecoder().wrapAndApplyHeader(
                frame.buffer(), 0, new MessageHeaderDecoder());
            final int edgeId = d.edgeId();
            d.correlationId();
            final ReactionAction action = d.action();
            assertEquals(guildId, d.guildId());
            assertEquals(general, d.channelId());
            d.messageId();
            final long userId = d.userId();
            final long authorId = d.messageAuthorId();
            d.joinedAtMs();
            d.bot();
            for (final ReactionChangedDecoder.RolesDecoder role : d.roles())
            {
                role.roleId();
            }
            final String username = d.username();
            result.add(new Changed(edgeId, action, userId, authorId, username, d.emoji()));
        }
        return result;
    }

    private int reactionRecords()
    {
        final int[] count = new int[1];
        for (final MetadataStore store : harness.metadata)
        {
            store.forEach((key, b, offset, length) -> count[0] += key.startsWith("x:") ? 1 : 0);
        }
        return count[0];
    }

    private long lastMessageId()
    {
        final MessageCreatedDecoder created = new MessageCreatedDecoder().wrapAndApplyHeader(
            harness.last(MessageCreatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        created.edgeId();
        created.correlationId();
        created.guildId();
        created.channelId();
        return created.messageId();
    }
}
