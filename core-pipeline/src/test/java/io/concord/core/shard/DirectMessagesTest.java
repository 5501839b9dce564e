package io.concord.core.shard;

import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.DmChannelInfoDecoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.PrivateChannelsDecoder;
import io.concord.codecs.ReadyDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.core.CoreRouting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Direct messages across three shards, driven deterministically through the {@link ShardHarness}: opening (one
 * channel per pair, owned by the pair's DM shard), subscriptions of both users' sessions, messages through the
 * durable store path without a guild, CHANNEL_CREATE per session, READY's private channels, errors, restart.
 */
class DirectMessagesTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;
    private static final int EDGE_C = 3;

    private ShardHarness harness;
    private EdgeCommands edge;
    private long alice;
    private long bob;
    private long carol;

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        carol = edge.register(EDGE_C, "carol");
    }

    private static DmChannelInfoDecoder info(final ShardHarness.Frame frame)
    {
        return new DmChannelInfoDecoder().wrapAndApplyHeader(frame.buffer(), 0, new MessageHeaderDecoder());
    }

    private List<DmChannelInfoDecoder> channelCreates(final long sessionId)
    {
        final List<DmChannelInfoDecoder> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(DmChannelInfoDecoder.TEMPLATE_ID))
        {
            final DmChannelInfoDecoder info = info(frame);
            if (info.sessionId() == sessionId)
            {
                result.add(info);
            }
        }
        return result;
    }

    private List<MessageCreatedDecoder> messagesTo(final int edgeId)
    {
        final List<MessageCreatedDecoder> result = new ArrayList<>();
        for (final ShardHarness.Frame frame : harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID))
        {
            if (frame.edgeId() == edgeId)
            {
                result.add(new MessageCreatedDecoder().wrapAndApplyHeader(
                    frame.buffer(), 0, new MessageHeaderDecoder()));
            }
        }
        return result;
    }

    private void assertLastReply(final ReplyStatus status, final int errorCode)
    {
        final CommandReplyDecoder reply = harness.lastReply();
        assertEquals(status, reply.status());
        assertEquals(errorCode, reply.errorCode());
    }

    @Test
    void openingTwiceFromEitherSideGivesTheSameChannelOwnedByThePairsShard()
    {
        final long dm = edge.openDm(EDGE_A, alice, bob);
        assertTrue(dm > 0);
        assertEquals(CoreRouting.shardOfDm(alice, bob, 3), CoreRouting.shardOfMintedId(dm),
            "the DM's id is minted by the pair's shard, so channel commands route to it");
        final DmChannelInfoDecoder fromAlice = info(harness.last(DmChannelInfoDecoder.TEMPLATE_ID));
        assertEquals(bob, fromAlice.recipientId());
        assertEquals("bob", fromAlice.recipientName());

        assertEquals(dm, edge.openDm(EDGE_A, alice, bob));
        assertEquals(dm, edge.openDm(EDGE_B, bob, alice));
        final DmChannelInfoDecoder fromBob = info(harness.last(DmChannelInfoDecoder.TEMPLATE_ID));
        assertEquals(alice, fromBob.recipientId());
        assertEquals("alice", fromBob.recipientName());

        assertTrue(edge.openDm(EDGE_A, alice, carol) != dm);
    }

    @Test
    void messagesReachBothRecipientsWithoutGuildAndNobodyElse()
    {
        edge.identify(EDGE_A, 10, alice);
        edge.identify(EDGE_B, 20, bob);
        edge.identify(EDGE_C, 30, carol);
        final long dm = edge.openDm(EDGE_A, alice, bob);
        assertTrue(harness.topicsOf(EDGE_A, 10).contains(dm));
        assertTrue(harness.topicsOf(EDGE_B, 20).contains(dm));
        assertFalse(harness.topicsOf(EDGE_C, 30).contains(dm));
        assertEquals(1, channelCreates(10).size(), "the opener's session gets CHANNEL_CREATE");
        assertEquals(0, channelCreates(20).size(), "the recipient hears of the DM with its first message");

        edge.createMessage(EDGE_B, bob, dm, "hi alice");
        final List<MessageCreatedDecoder> toAlice = messagesTo(EDGE_A);
        final List<MessageCreatedDecoder> toBob = messagesTo(EDGE_B);
        assertEquals(1, toAlice.size());
        assertEquals(1, toBob.size());
        assertEquals(0, messagesTo(EDGE_C).size());
        final MessageCreatedDecoder created = toAlice.get(0);
        assertEquals(0, created.guildId());
        assertEquals(dm, created.channelId());
        assertEquals(bob, created.authorId());
        assertEquals(edge.lastCorrelationId(), toBob.get(0).correlationId(), "the author's copy answers its POST");
        assertEquals(0, channelCreates(20).size(), "bob wrote the first message: nothing to announce to him");
        assertEquals(created.messageId(), harness.shards[CoreRouting.shardOfMintedId(dm)].dmChannel(dm)
            .lastMessageId());

        final long carolDm = edge.openDm(EDGE_C, carol, alice);
        assertEquals(0, channelCreates(10).stream().filter((i) -> i.channelId() == carolDm).count());
        edge.createMessage(EDGE_C, carol, carolDm, "hello from carol");
        assertEquals(1, channelCreates(10).stream().filter((i) -> i.channelId() == carolDm).count(),
            "alice's session gets CHANNEL_CREATE with the first message carol sends");
    }

    @Test
    void editDeleteHistoryAndTypingWorkForRecipientsOnly()
    {
        edge.identify(EDGE_A, 10, alice);
        edge.identify(EDGE_B, 20, bob);
        final long dm = edge.openDm(EDGE_A, alice, bob);
        edge.createMessage(EDGE_A, alice, dm, "first");
        edge.createMessage(EDGE_A, alice, dm, "second");
        final long second = messagesTo(EDGE_A).get(1).messageId();

        edge.history(EDGE_B, bob, dm, HistoryDirection.LATEST, 0);
        final HistoryResponseDecoder page = new HistoryResponseDecoder().wrapAndApplyHeader(
            harness.last(HistoryResponseDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(ReplyStatus.OK, page.status());
        assertEquals(0, page.guildId());
        final HistoryResponseDecoder.MessagesDecoder messages = page.messages();
        assertEquals(2, messages.count());
        assertEquals(second, messages.next().messageId(), "newest first");

        edge.editMessage(EDGE_B, bob, dm, second, "bob may not edit it");
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.NOT_AUTHOR);
        edge.editMessage(EDGE_A, alice, dm, second, "edited");
        final MessageUpdatedDecoder updated = new MessageUpdatedDecoder().wrapAndApplyHeader(
            harness.last(MessageUpdatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(0, updated.guildId());

        edge.deleteMessage(EDGE_B, bob, dm, second);
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_PERMISSIONS);
        edge.deleteMessage(EDGE_A, alice, dm, second);
        assertLastReply(ReplyStatus.OK, 0);
        assertEquals(2, harness.framesOf(MessageDeletedDecoder.TEMPLATE_ID).stream()
            .filter((f) -> f.edgeId() == EDGE_A || f.edgeId() == EDGE_B).count(), "both recipients' edges");

        edge.typing(EDGE_B, bob, dm);
        assertLastReply(ReplyStatus.OK, 0);
        final TypingStartedDecoder typing = new TypingStartedDecoder().wrapAndApplyHeader(
            harness.last(TypingStartedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(0, typing.guildId());
        assertEquals(bob, typing.userId());

        edge.createMessage(EDGE_C, carol, dm, "not mine");
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_ACCESS);
        edge.history(EDGE_C, carol, dm, HistoryDirection.LATEST, 0);
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_ACCESS);
        edge.typing(EDGE_C, carol, dm);
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_ACCESS);
        edge.getChannel(EDGE_C, carol, dm);
        assertLastReply(ReplyStatus.FORBIDDEN, GuildShard.MISSING_ACCESS);
        edge.bulkDelete(EDGE_A, alice, dm, 1L << 40, 2L << 40);
        assertLastReply(ReplyStatus.FORBIDDEN, DirectMessages.CANNOT_EXECUTE_IN_DM);
        edge.updateChannel(EDGE_A, alice, dm, "renamed");
        assertLastReply(ReplyStatus.FORBIDDEN, DirectMessages.CANNOT_EXECUTE_IN_DM);

        edge.getChannel(EDGE_B, bob, dm);
        final DmChannelInfoDecoder got = info(harness.last(DmChannelInfoDecoder.TEMPLATE_ID));
        assertEquals(alice, got.recipientId());
        assertEquals(second, got.lastMessageId());
    }

    @Test
    void badRecipientsAndUnknownChannelsAreClearErrors()
    {
        assertEquals(0, edge.openDm(EDGE_A, alice, alice));
        assertLastReply(ReplyStatus.INVALID, GuildShard.INVALID_FORM_BODY);
        assertEquals(0, edge.openDm(EDGE_A, alice, 12345L << 22));
        assertLastReply(ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_USER);

        final long unknown = (ShardHarness.START_MS - CoreRouting.DISCORD_EPOCH_MS) << 22;
        edge.createMessage(EDGE_A, alice, unknown, "nowhere");
        assertLastReply(ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_CHANNEL);
        edge.getChannel(EDGE_A, alice, unknown);
        assertLastReply(ReplyStatus.NOT_FOUND, GuildShard.UNKNOWN_CHANNEL);
    }

    @Test
    void newSessionsGetPrivateChannelsBeforeReadyAndTheirSubscriptionsAndItSurvivesARestart()
    {
        final long dm = edge.openDm(EDGE_A, alice, bob);
        edge.identify(EDGE_B, 21, bob);
        final int privateIndex = indexOfLast(PrivateChannelsDecoder.TEMPLATE_ID);
        final int readyIndex = indexOfLast(ReadyDecoder.TEMPLATE_ID);
        assertTrue(privateIndex >= 0 && privateIndex < readyIndex, "private channels precede READY");
        final PrivateChannelsDecoder channels = new PrivateChannelsDecoder().wrapAndApplyHeader(
            harness.edgeFrames.get(privateIndex).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(21, channels.sessionId());
        final PrivateChannelsDecoder.ChannelsDecoder group = channels.channels();
        assertEquals(1, group.count());
        group.next();
        assertEquals(dm, group.channelId());
        assertEquals(alice, group.recipientId());
        assertEquals("alice", group.recipientName());
        assertTrue(harness.topicsOf(EDGE_B, 21).contains(dm));

        edge.closeSession(EDGE_B, 21, bob);
        assertFalse(harness.topicsOf(EDGE_B, 21).contains(dm));

        final ShardHarness restarted = new ShardHarness(3, harness.metadata);
        harness = restarted;
        edge = new EdgeCommands(restarted);
        assertNotNull(restarted.shards[CoreRouting.shardOfMintedId(dm)].dmChannel(dm));
        assertEquals(dm, edge.openDm(EDGE_B, bob, alice), "the pair still has its one channel after a restart");
        edge.identify(EDGE_A, 11, alice);
        assertTrue(restarted.topicsOf(EDGE_A, 11).contains(dm));
        edge.createMessage(EDGE_B, bob, dm, "after the restart");
        assertEquals(1, messagesTo(EDGE_A).size());
    }

    private int indexOfLast(final int templateId)
    {
        for (int i = harness.edgeFrames.size() - 1; i >= 0; i--)
        {
            if (harness.edgeFrames.get(i).templateId() == templateId)
            {
                return i;
            }
        }
        return -1;
    }
}
