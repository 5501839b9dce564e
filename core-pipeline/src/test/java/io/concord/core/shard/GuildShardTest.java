package io.concord.core.shard;

import io.concord.codecs.AccountReplyDecoder;
import io.concord.codecs.BooleanType;
import io.concord.codecs.ChannelChangedDecoder;
import io.concord.codecs.CommandReplyDecoder;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.EntityChange;
import io.concord.codecs.GuildChangedDecoder;
import io.concord.codecs.GuildSnapshotDecoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.InviteInfoDecoder;
import io.concord.codecs.LinkProbeEncoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageDeletedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.MessageHeaderEncoder;
import io.concord.codecs.MessageUpdatedDecoder;
import io.concord.codecs.MessagesBulkDeletedDecoder;
import io.concord.codecs.ReadyDecoder;
import io.concord.codecs.ReplyStatus;
import io.concord.codecs.TokensRevokedDecoder;
import io.concord.codecs.TypingStartedDecoder;
import io.concord.core.CoreRouting;
import io.concord.core.state.Channel;
import io.concord.core.state.Guild;
import io.concord.core.state.Permissions;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GuildShard driven deterministically: frames applied directly, shard hops and storage completions delivered by
 * the harness, an injected clock. Three shards, so user shard / guild shard hops really hop.
 */
class GuildShardTest
{
    private static final int EDGE_A = 1;
    private static final int EDGE_B = 2;

    private ShardHarness harness;
    private EdgeCommands edge;
    private long alice;
    private long bob;
    private long guildId;
    private long general;
    private long voice;

    @BeforeEach
    void setUp()
    {
        harness = new ShardHarness(3);
        edge = new EdgeCommands(harness);
        alice = edge.register(EDGE_A, "alice");
        bob = edge.register(EDGE_B, "bob");
        guildId = edge.createGuild(EDGE_A, alice, "Alice's place");
        final Guild guild = harness.shardOfGuild(guildId).guild(guildId);
        general = guild.channels().get(0).id();
        voice = guild.channels().get(1).id();
    }

    @Test
    void everyShardAnswersTheLinkProbeSentToItOnTheProbingEdgesStream()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        for (int shard = 0; shard < 3; shard++)
        {
            final LinkProbeEncoder probe = new LinkProbeEncoder()
                .wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
                .edgeId(77).correlationId(9000 + shard).shardId(shard);
            assertEquals(shard, CoreRouting.shardOf(frame, 0, 3));
            harness.send(frame, MessageHeaderEncoder.ENCODED_LENGTH + probe.encodedLength());

            final ShardHarness.Frame answer = harness.last(CommandReplyDecoder.TEMPLATE_ID);
            assertEquals(77, answer.edgeId());
            final CommandReplyDecoder reply = harness.lastReply();
            assertEquals(77, reply.edgeId());
            assertEquals(9000 + shard, reply.correlationId());
            assertEquals(ReplyStatus.OK, reply.status());
        }
    }

    private void bobJoinsAndBothIdentify()
    {
        final String code = edge.createInvite(EDGE_A, alice, general);
        edge.acceptInvite(EDGE_B, bob, code);
        edge.identify(EDGE_A, 10, alice);
        edge.identify(EDGE_B, 20, bob);
    }

    @Test
    void createGuildMakesEveryoneRoleGeneralTextAndVoiceChannelsLikeDiscord()
    {
        final Guild guild = harness.shardOfGuild(guildId).guild(guildId);
        assertEquals(alice, guild.ownerId());
        assertEquals(Permissions.EVERYONE_DEFAULT, guild.role(guildId).permissions());
        assertEquals("@everyone", guild.role(guildId).name());
        assertEquals(2, guild.channels().size());
        assertEquals("general", guild.channels().get(0).name());
        assertEquals(Channel.GUILD_TEXT, guild.channels().get(0).channelType());
        assertEquals("General", guild.channels().get(1).name());
        assertEquals(Channel.GUILD_VOICE, guild.channels().get(1).channelType());
        assertEquals(1, guild.memberCount());
        assertTrue(harness.shardOfUser(alice).user(alice).guildIds().contains(guildId));
        assertEquals(CoreRouting.shardOfMintedId(general), CoreRouting.shardOfGuild(guildId, 3),
            "channels are minted by the guild's shard so edges can route by channel id");
    }

    @Test
    void accountsRejectTakenNamesAndLookupReturnsHashAndGeneration()
    {
        edge.register(EDGE_A, "ALICE");
        final AccountReplyDecoder conflict = harness.lastAccountReply();
        assertEquals(ReplyStatus.CONFLICT, conflict.status());

        edge.lookup(EDGE_A, "Alice");
        AccountReplyDecoder found = harness.lastAccountReply();
        assertEquals(ReplyStatus.OK, found.status());
        found.errorCode();
        assertEquals(alice, found.userId());
        assertEquals(0, found.tokenGeneration());
        found.bot();
        assertEquals("alice", found.username());
        assertEquals("pbkdf2$salt$alice", found.passwordHash());

        edge.revoke(EDGE_A, alice);
        final TokensRevokedDecoder revoked = new TokensRevokedDecoder().wrapAndApplyHeader(
            harness.last(TokensRevokedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        revoked.edgeId();
        assertEquals(alice, revoked.userId());
        assertEquals(1, revoked.tokenGeneration());

        edge.lookup(EDGE_A, "alice");
        found = harness.lastAccountReply();
        found.status();
        found.errorCode();
        found.userId();
        assertEquals(1, found.tokenGeneration());

        edge.lookup(EDGE_A, "nobody");
        assertEquals(ReplyStatus.NOT_FOUND, harness.lastAccountReply().status());
    }

    @Test
    void identifyGivesReadyThenGuildCreateAndSubscribesVisibleChannels()
    {
        edge.identify(EDGE_A, 10, alice);

        final ReadyDecoder ready = new ReadyDecoder().wrapAndApplyHeader(
            harness.last(ReadyDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_A, ready.edgeId());
        assertEquals(10, ready.sessionId());
        assertEquals(alice, ready.userId());
        ready.bot();
        final ReadyDecoder.GuildsDecoder guilds = ready.guilds();
        assertEquals(1, guilds.count());
        assertEquals(guildId, guilds.next().guildId());
        assertEquals("alice", ready.username());

        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(
            harness.last(GuildSnapshotDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        snapshot.edgeId();
        assertEquals(0, snapshot.correlationId());
        assertEquals(10, snapshot.sessionId());
        assertEquals(guildId, snapshot.guildId());

        assertEquals(Set.of(guildId, general, voice), harness.topicsOf(EDGE_A, 10));
        assertEquals(1, harness.shardOfGuild(guildId).routes().edges(general).sessionCount(EDGE_A));

        edge.closeSession(EDGE_A, 10, alice);
        assertEquals(Set.of(), harness.topicsOf(EDGE_A, 10));
        assertEquals(0, harness.shardOfGuild(guildId).routes().topicCount());
    }

    @Test
    void messageIsDispatchedOncePerSubscribedEdgeOnlyAfterStorageCompletes()
    {
        bobJoinsAndBothIdentify();
        harness.edgeFrames.clear();

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final CreateMessageEncoder cmd = new CreateMessageEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .edgeId(EDGE_B).correlationId(777).userId(bob).channelId(general).referencedMessageId(0)
            .enforceNonce(BooleanType.FALSE).nonce("abc").content("hello @everyone");
        final GuildShard shard = harness.shardOfGuild(guildId);
        shard.onFrame(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + cmd.encodedLength());
        assertEquals(List.of(), harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID), "nothing before durability");
        assertEquals(1, shard.pendingOpCount());

        harness.pump();
        assertEquals(0, shard.pendingOpCount());
        final List<ShardHarness.Frame> created = harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID);
        assertEquals(2, created.size(), "one per edge with subscribers");
        long messageId = 0;
        for (final ShardHarness.Frame frame : created)
        {
            final MessageCreatedDecoder decoder = new MessageCreatedDecoder()
                .wrapAndApplyHeader(frame.buffer(), 0, new MessageHeaderDecoder());
            assertEquals(frame.edgeId(), decoder.edgeId());
            assertEquals(frame.edgeId() == EDGE_B ? 777 : 0, decoder.correlationId());
            assertEquals(guildId, decoder.guildId());
            assertEquals(general, decoder.channelId());
            messageId = decoder.messageId();
            assertEquals(bob, decoder.authorId());
            decoder.referencedMessageId();
            decoder.flags();
            assertEquals(BooleanType.TRUE, decoder.mentionEveryone());
            decoder.mentions();
            assertEquals("abc", decoder.nonce());
            assertEquals("bob", decoder.authorName());
            assertEquals("hello @everyone", decoder.content());
        }
        assertEquals(ShardHarness.START_MS, (messageId >>> 22) + CoreRouting.DISCORD_EPOCH_MS);
        assertEquals(1, harness.stores[CoreRouting.shardOfGuild(guildId, 3)].messageCount(general));

        harness.clock.advance(5);
        edge.createMessage(EDGE_A, alice, general, "second");
        final MessageCreatedDecoder second = new MessageCreatedDecoder().wrapAndApplyHeader(
            harness.last(MessageCreatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        second.edgeId();
        second.correlationId();
        second.guildId();
        second.channelId();
        assertTrue(second.messageId() > messageId, "snowflakes strictly increase per shard");
    }

    @Test
    void editIsAuthorOnlyAndDeleteNeedsAuthorOrManageMessages()
    {
        bobJoinsAndBothIdentify();
        edge.createMessage(EDGE_A, alice, general, "from alice");
        final MessageCreatedDecoder created = new MessageCreatedDecoder().wrapAndApplyHeader(
            harness.last(MessageCreatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        created.edgeId();
        created.correlationId();
        created.guildId();
        created.channelId();
        final long messageId = created.messageId();

        edge.editMessage(EDGE_B, bob, general, messageId, "hijack");
        CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.FORBIDDEN, reply.status());
        assertEquals(GuildShard.NOT_AUTHOR, reply.errorCode());

        edge.editMessage(EDGE_A, alice, general, messageId, "edited");
        final MessageUpdatedDecoder updated = new MessageUpdatedDecoder().wrapAndApplyHeader(
            harness.last(MessageUpdatedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        updated.edgeId();
        updated.correlationId();
        updated.guildId();
        updated.channelId();
        assertEquals(messageId, updated.messageId());
        updated.authorId();
        assertEquals(ShardHarness.START_MS, updated.editedTimestampMs());
        updated.flags();
        updated.authorName();
        assertEquals("edited", updated.content());

        edge.deleteMessage(EDGE_B, bob, general, messageId);
        reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.FORBIDDEN, reply.status());

        edge.deleteMessage(EDGE_A, alice, general, messageId + 1);
        reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.NOT_FOUND, reply.status());
        assertEquals(GuildShard.UNKNOWN_MESSAGE, reply.errorCode());

        edge.deleteMessage(EDGE_A, alice, general, messageId);
        assertEquals(ReplyStatus.OK, harness.lastReply().status());
        assertEquals(2, harness.framesOf(MessageDeletedDecoder.TEMPLATE_ID).size());
        assertEquals(0, harness.stores[CoreRouting.shardOfGuild(guildId, 3)].messageCount(general));
    }

    @Test
    void bulkDeleteValidatesCountAndDispatchesOnce()
    {
        bobJoinsAndBothIdentify();
        edge.createMessage(EDGE_A, alice, general, "one");
        harness.clock.advance(1);
        edge.createMessage(EDGE_A, alice, general, "two");
        final long[] ids = new long[2];
        final List<ShardHarness.Frame> frames = harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID);
        for (int i = 0; i < 2; i++)
        {
            final MessageCreatedDecoder d = new MessageCreatedDecoder().wrapAndApplyHeader(
                frames.get(frames.size() - 1 - i * 2).buffer(), 0, new MessageHeaderDecoder());
            d.edgeId();
            d.correlationId();
            d.guildId();
            d.channelId();
            ids[i] = d.messageId();
        }
        assertNotEquals(ids[0], ids[1]);

        edge.bulkDelete(EDGE_A, alice, general, ids[0]);
        assertEquals(GuildShard.BULK_DELETE_COUNT, harness.lastReply().sbeSkip().errorCode());

        edge.bulkDelete(EDGE_B, bob, general, ids[0], ids[1]);
        assertEquals(ReplyStatus.FORBIDDEN, statusOfLastReply());

        edge.bulkDelete(EDGE_A, alice, general, ids[0], ids[1]);
        assertEquals(ReplyStatus.OK, statusOfLastReply());
        assertEquals(2, harness.framesOf(MessagesBulkDeletedDecoder.TEMPLATE_ID).size());
        assertEquals(0, harness.stores[CoreRouting.shardOfGuild(guildId, 3)].messageCount(general));
    }

    private ReplyStatus statusOfLastReply()
    {
        final CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        return reply.status();
    }

    @Test
    void overwriteDenyingViewUnsubscribesAndForbidsSending()
    {
        bobJoinsAndBothIdentify();
        assertTrue(harness.topicsOf(EDGE_B, 20).contains(general));

        edge.putOverwrite(EDGE_A, alice, general, guildId, false, 0, Permissions.VIEW_CHANNEL);
        assertFalse(harness.topicsOf(EDGE_B, 20).contains(general));
        assertTrue(harness.topicsOf(EDGE_A, 10).contains(general), "the owner still sees it");

        edge.createMessage(EDGE_B, bob, general, "hello?");
        final CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.FORBIDDEN, reply.status());
        assertEquals(GuildShard.MISSING_ACCESS, reply.errorCode());

        final long role = edge.createRole(EDGE_A, alice, guildId, 0);
        edge.putOverwrite(EDGE_A, alice, general, role, false, Permissions.VIEW_CHANNEL, 0);
        edge.memberRole(EDGE_A, alice, guildId, bob, role, true);
        assertTrue(harness.topicsOf(EDGE_B, 20).contains(general));

        edge.putOverwrite(EDGE_A, alice, general, bob, true, 0, Permissions.VIEW_CHANNEL);
        assertFalse(harness.topicsOf(EDGE_B, 20).contains(general), "member overwrite applies last");

        edge.deleteOverwrite(EDGE_A, alice, general, bob);
        assertTrue(harness.topicsOf(EDGE_B, 20).contains(general));

        edge.deleteRole(EDGE_A, alice, guildId, role);
        assertFalse(harness.topicsOf(EDGE_B, 20).contains(general));
    }

    @Test
    void nonMembersAndMissingPermissionsAreRefusedWithDiscordCodes()
    {
        edge.createMessage(EDGE_B, bob, general, "not a member");
        assertEquals(GuildShard.MISSING_ACCESS, harness.lastReply().sbeSkip().errorCode());

        edge.createChannel(EDGE_B, bob, guildId, "nope", Channel.GUILD_TEXT);
        CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.NOT_FOUND, reply.status());
        assertEquals(GuildShard.UNKNOWN_GUILD, reply.errorCode());

        bobJoinsAndBothIdentify();
        edge.createRole(EDGE_B, bob, guildId, Permissions.ADMINISTRATOR);
        reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.FORBIDDEN, reply.status());
        assertEquals(GuildShard.MISSING_PERMISSIONS, reply.errorCode());

        edge.createMessage(EDGE_A, alice, voice, "voice channels take no text");
        assertEquals(GuildShard.NOT_TEXT_CHANNEL, harness.lastReply().sbeSkip().errorCode());

        edge.createMessage(EDGE_A, alice, general, "");
        assertEquals(GuildShard.EMPTY_MESSAGE, harness.lastReply().sbeSkip().errorCode());

        edge.createMessage(EDGE_A, alice, general, "x".repeat(GuildShard.MAX_CONTENT_UTF16 + 1));
        assertEquals(GuildShard.INVALID_FORM_BODY, harness.lastReply().sbeSkip().errorCode());

        edge.createMessage(EDGE_A, alice, 42L << 22, "unknown channel");
        assertEquals(GuildShard.UNKNOWN_CHANNEL, harness.lastReply().sbeSkip().errorCode());
    }

    @Test
    void malformedFramesAreCountedAndChangeNothing()
    {
        final GuildShard shard = harness.shardOfGuild(guildId);
        final long before = harness.counters[shard.shardId()].malformed().get();

        shard.onFrame(new UnsafeBuffer(new byte[4]), 0, 4);
        final UnsafeBuffer unknown = new UnsafeBuffer(new byte[64]);
        new MessageHeaderEncoder().wrap(unknown, 0).blockLength(8).templateId(999)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(0);
        shard.onFrame(unknown, 0, 64);

        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final CreateMessageEncoder cmd = new CreateMessageEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .edgeId(EDGE_A).correlationId(5).userId(alice).channelId(general).referencedMessageId(0)
            .enforceNonce(BooleanType.FALSE).nonce("").content("truncated content");
        final int full = MessageHeaderEncoder.ENCODED_LENGTH + cmd.encodedLength();
        final UnsafeBuffer truncated = new UnsafeBuffer(new byte[full - 6]);
        truncated.putBytes(0, buffer, 0, full - 6);
        shard.onFrame(truncated, 0, full - 6);

        assertEquals(before + 3, harness.counters[shard.shardId()].malformed().get());
        assertEquals(0, harness.stores[shard.shardId()].messageCount(general));
        assertEquals(0, shard.pendingOpCount());
    }

    @Test
    void historyComesBackNewestFirstAndNeedsViewChannel()
    {
        bobJoinsAndBothIdentify();
        for (int i = 0; i < 3; i++)
        {
            harness.clock.advance(1);
            edge.createMessage(EDGE_A, alice, general, "m" + i);
        }
        edge.history(EDGE_B, bob, general, HistoryDirection.LATEST, 0);
        final HistoryResponseDecoder page = new HistoryResponseDecoder().wrapAndApplyHeader(
            harness.last(HistoryResponseDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_B, page.edgeId());
        assertEquals(edge.lastCorrelationId(), page.correlationId());
        assertEquals(ReplyStatus.OK, page.status());
        page.guildId();
        page.channelId();
        final HistoryResponseDecoder.MessagesDecoder messages = page.messages();
        assertEquals(3, messages.count());
        for (int i = 2; i >= 0; i--)
        {
            messages.next();
            messages.messageId();
            assertEquals(alice, messages.authorId());
            messages.editedTimestampMs();
            messages.referencedMessageId();
            messages.flags();
            assertEquals("alice", messages.authorName());
            assertEquals("m" + i, messages.content());
        }

        edge.putOverwrite(EDGE_A, alice, general, bob, true, 0, Permissions.VIEW_CHANNEL);
        edge.history(EDGE_B, bob, general, HistoryDirection.LATEST, 0);
        assertEquals(GuildShard.MISSING_ACCESS, harness.lastReply().sbeSkip().errorCode());
    }

    @Test
    void typingGoesToTheChannelTopic()
    {
        bobJoinsAndBothIdentify();
        harness.edgeFrames.clear();
        edge.typing(EDGE_B, bob, general);
        assertEquals(2, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size());
        assertEquals(ReplyStatus.OK, statusOfLastReply());

        harness.clock.advance(GuildShard.TYPING_TTL_MS - 1);
        edge.typing(EDGE_B, bob, general);
        assertEquals(2, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size(), "deduplicated within the TTL");
        assertEquals(ReplyStatus.OK, statusOfLastReply());

        edge.createMessage(EDGE_B, bob, general, "sent: the indicator ends");
        edge.typing(EDGE_B, bob, general);
        assertEquals(4, harness.framesOf(TypingStartedDecoder.TEMPLATE_ID).size());
    }

    @Test
    void readsAndUpdatesAnswerWithEntitiesAndDeleteGuildCleansUp()
    {
        bobJoinsAndBothIdentify();
        edge.updateGuild(EDGE_B, bob, guildId, "bob's now");
        assertEquals(GuildShard.MISSING_PERMISSIONS, harness.lastReply().sbeSkip().errorCode());
        harness.edgeFrames.clear();
        edge.updateGuild(EDGE_A, alice, guildId, "renamed");
        final List<ShardHarness.Frame> updated = harness.framesOf(GuildChangedDecoder.TEMPLATE_ID);
        assertEquals(2, updated.size());
        final GuildChangedDecoder changed = new GuildChangedDecoder()
            .wrapAndApplyHeader(harness.last(GuildChangedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        changed.edgeId();
        changed.correlationId();
        assertEquals(EntityChange.UPDATED, changed.change());
        assertEquals(guildId, changed.guildId());
        changed.ownerId();
        assertEquals(2, changed.memberCount());
        assertEquals("renamed", changed.name());

        edge.getGuild(EDGE_B, bob, guildId);
        final GuildSnapshotDecoder snapshot = new GuildSnapshotDecoder().wrapAndApplyHeader(
            harness.last(GuildSnapshotDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_B, snapshot.edgeId());
        assertEquals(edge.lastCorrelationId(), snapshot.correlationId());

        edge.updateChannel(EDGE_A, alice, general, "lobby");
        assertEquals("lobby", harness.shardOfGuild(guildId).channel(general).name());
        assertEquals("new topic", harness.shardOfGuild(guildId).channel(general).topic());
        edge.getChannel(EDGE_B, bob, general);
        final ChannelChangedDecoder channel = new ChannelChangedDecoder().wrapAndApplyHeader(
            harness.last(ChannelChangedDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_B, channel.edgeId());
        assertEquals(edge.lastCorrelationId(), channel.correlationId());
        assertEquals(EntityChange.SNAPSHOT, channel.change());

        final String code = edge.createInvite(EDGE_A, alice, general);
        edge.resolveInvite(EDGE_B, bob, code);
        final InviteInfoDecoder invite = new InviteInfoDecoder().wrapAndApplyHeader(
            harness.last(InviteInfoDecoder.TEMPLATE_ID).buffer(), 0, new MessageHeaderDecoder());
        assertEquals(EDGE_B, invite.edgeId());
        assertEquals(edge.lastCorrelationId(), invite.correlationId());
        assertEquals(EntityChange.SNAPSHOT, invite.change());

        edge.getUser(EDGE_B, bob, alice);
        final AccountReplyDecoder user = harness.lastAccountReply();
        user.edgeId();
        user.correlationId();
        assertEquals(ReplyStatus.OK, user.status());
        user.errorCode();
        assertEquals(alice, user.userId());
        user.tokenGeneration();
        user.bot();
        assertEquals("alice", user.username());
        assertEquals("", user.passwordHash());

        edge.deleteGuild(EDGE_B, bob, guildId);
        assertEquals(GuildShard.MISSING_PERMISSIONS, harness.lastReply().sbeSkip().errorCode());
        edge.deleteGuild(EDGE_A, alice, guildId);
        assertEquals(ReplyStatus.OK, statusOfLastReply());
        assertNull(harness.shardOfGuild(guildId).guild(guildId));
        assertNull(harness.shardOfGuild(guildId).channel(general));
        assertEquals(Set.of(), harness.topicsOf(EDGE_A, 10));
        assertEquals(Set.of(), harness.topicsOf(EDGE_B, 20));
        assertFalse(harness.shardOfUser(bob).user(bob).guildIds().contains(guildId));
        assertFalse(harness.shardOfUser(alice).user(alice).guildIds().contains(guildId));
        assertEquals(0, harness.shardOfGuild(guildId).routes().topicCount());
    }

    @Test
    void slowmodeRateLimitsMembersButNotModerators()
    {
        bobJoinsAndBothIdentify();
        harness.shardOfGuild(guildId).channel(general).rateLimitPerUser(5);
        edge.createMessage(EDGE_B, bob, general, "first");
        assertEquals(1, harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID).size() / 2);
        edge.createMessage(EDGE_B, bob, general, "too soon");
        CommandReplyDecoder reply = harness.lastReply();
        reply.edgeId();
        reply.correlationId();
        assertEquals(ReplyStatus.RATE_LIMITED, reply.status());
        assertEquals(GuildShard.SLOWMODE_RATE_LIMITED, reply.errorCode());

        edge.createMessage(EDGE_A, alice, general, "the owner is exempt");
        edge.createMessage(EDGE_A, alice, general, "still exempt");
        assertEquals(3, harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID).size() / 2);

        harness.clock.advance(5_000);
        edge.createMessage(EDGE_B, bob, general, "after the slowmode");
        assertEquals(4, harness.framesOf(MessageCreatedDecoder.TEMPLATE_ID).size() / 2);
    }

    @Test
    void roleHierarchyBindsEveryoneButTheOwner()
    {
        bobJoinsAndBothIdentify();
        final long carol = edge.register(EDGE_B, "carol");
        edge.acceptInvite(EDGE_B, carol, edge.createInvite(EDGE_A, alice, general));
        final long mod = edge.createRole(EDGE_A, alice, guildId,
            Permissions.MANAGE_ROLES | Permissions.KICK_MEMBERS | Permissions.VIEW_CHANNEL);
        final long low = edge.createRole(EDGE_A, alice, guildId, 0);
        edge.updateRolePosition(EDGE_A, alice, guildId, mod, 5);
        assertEquals(5, harness.shardOfGuild(guildId).guild(guildId).role(mod).position());
        edge.memberRole(EDGE_A, alice, guildId, bob, mod, true);
        assertEquals(ReplyStatus.OK, statusOfLastReply());

        edge.memberRole(EDGE_B, bob, guildId, carol, low, true);
        assertEquals(ReplyStatus.OK, statusOfLastReply(), "below bob's highest role");
        edge.memberRole(EDGE_B, bob, guildId, carol, mod, true);
        assertEquals(ReplyStatus.FORBIDDEN, statusOfLastReply(), "not at his own level");
        edge.updateRolePosition(EDGE_B, bob, guildId, low, 6);
        assertEquals(ReplyStatus.FORBIDDEN, statusOfLastReply(), "not above himself");
        edge.deleteRole(EDGE_B, bob, guildId, mod);
        assertEquals(ReplyStatus.FORBIDDEN, statusOfLastReply());

        edge.removeMember(EDGE_B, bob, guildId, carol);
        assertEquals(ReplyStatus.OK, statusOfLastReply(), "carol ranks below bob");
        edge.removeMember(EDGE_B, bob, guildId, alice);
        assertEquals(ReplyStatus.INVALID, statusOfLastReply(), "nobody kicks the owner");
        edge.removeMember(EDGE_A, alice, guildId, bob);
        assertEquals(ReplyStatus.OK, statusOfLastReply(), "the owner is above every role");
    }

    @Test
    void userMentionsAreParsedDistinctAndAllocationFree()
    {
        final long[] ids = new long[GuildShard.MAX_MENTIONS];
        final byte[] text = ("hi <@123> and <@!123>, <@456>; not <@> nor <@12a> nor <#789> " +
            "<@175928847299117063>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final int count = GuildShard.parseUserMentions(new UnsafeBuffer(text), text.length, ids);
        assertEquals(3, count);
        assertEquals(123, ids[0]);
        assertEquals(456, ids[1]);
        assertEquals(175928847299117063L, ids[2]);
    }

    @Test
    void kickedMemberLosesEveryTopicAndTheGuildFromItsUser()
    {
        bobJoinsAndBothIdentify();
        assertTrue(harness.shardOfUser(bob).user(bob).guildIds().contains(guildId));
        assertEquals(Set.of(guildId, general, voice), harness.topicsOf(EDGE_B, 20));

        edge.removeMember(EDGE_A, alice, guildId, bob);
        assertEquals(ReplyStatus.OK, statusOfLastReply());
        assertEquals(Set.of(), harness.topicsOf(EDGE_B, 20));
        assertFalse(harness.shardOfUser(bob).user(bob).guildIds().contains(guildId));
        assertEquals(1, harness.shardOfGuild(guildId).guild(guildId).memberCount());

        edge.removeMember(EDGE_A, alice, guildId, alice);
        assertEquals(ReplyStatus.INVALID, statusOfLastReply(), "the owner cannot leave");
    }

    @Test
    void invitesResolveAndAreRejectedWhenUnknown()
    {
        edge.acceptInvite(EDGE_B, bob, "zzzz");
        assertEquals(GuildShard.UNKNOWN_INVITE, harness.lastReply().sbeSkip().errorCode());
        edge.acceptInvite(EDGE_B, bob, "not a code!");
        assertEquals(GuildShard.UNKNOWN_INVITE, harness.lastReply().sbeSkip().errorCode());
        final String code = edge.createInvite(EDGE_A, alice, general);
        assertNotNull(code);
        edge.acceptInvite(EDGE_B, bob, code);
        assertEquals(2, harness.shardOfGuild(guildId).guild(guildId).memberCount());
    }
}
