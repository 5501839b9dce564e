package io.concord.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every message of the edge/core protocol encoded behind a header, decoded through the header, and compared field
 * by field. Runs with SBE precedence checks on (surefire sets sbe.enable.precedence.checks), so reading or writing
 * fields out of schema order fails here.
 */
class ConcordProtocolRoundTripTest
{
    private static final int OFFSET = 8;
    private static final long GUILD_ID = 175928847298985984L;
    private static final long CHANNEL_ID = 175928847299117063L;
    private static final long USER_ID = 80351110224678912L;
    private static final long MESSAGE_ID = 1_234_567_890_123_456_789L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    private void readHeader(final int expectedTemplateId, final int expectedBlockLength)
    {
        headerDecoder.wrap(buffer, OFFSET);
        assertEquals(expectedTemplateId, headerDecoder.templateId());
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(expectedBlockLength, headerDecoder.blockLength());
    }

    @Test
    void sessionOpened()
    {
        new SessionOpenedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(3).sessionId(42).userId(USER_ID).intents(33281).shardId(1).shardCount(4).largeThreshold(250)
            .status(PresenceStatus.DND);

        readHeader(SessionOpenedDecoder.TEMPLATE_ID, SessionOpenedDecoder.BLOCK_LENGTH);
        final SessionOpenedDecoder decoder = new SessionOpenedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(3, decoder.edgeId());
        assertEquals(42, decoder.sessionId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(33281, decoder.intents());
        assertEquals(1, decoder.shardId());
        assertEquals(4, decoder.shardCount());
        assertEquals(250, decoder.largeThreshold());
        assertEquals(PresenceStatus.DND, decoder.status());
    }

    @Test
    void sessionClosed()
    {
        new SessionClosedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(3).sessionId(42).userId(USER_ID);

        readHeader(SessionClosedDecoder.TEMPLATE_ID, SessionClosedDecoder.BLOCK_LENGTH);
        final SessionClosedDecoder decoder = new SessionClosedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(3, decoder.edgeId());
        assertEquals(42, decoder.sessionId());
        assertEquals(USER_ID, decoder.userId());
    }

    @Test
    void presenceUpdate()
    {
        final PresenceUpdateEncoder encoder = new PresenceUpdateEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).sessionId(7).userId(USER_ID).status(PresenceStatus.IDLE).sinceMs(1_700_000_000_000L)
            .afk(BooleanType.TRUE);
        encoder.activitiesCount(2)
            .next().activityType((short)0).name("Chess").state("")
            .next().activityType((short)4).name("Custom Status").state("in a meeting");

        readHeader(PresenceUpdateDecoder.TEMPLATE_ID, PresenceUpdateDecoder.BLOCK_LENGTH);
        final PresenceUpdateDecoder decoder = new PresenceUpdateDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(7, decoder.sessionId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(PresenceStatus.IDLE, decoder.status());
        assertEquals(1_700_000_000_000L, decoder.sinceMs());
        assertEquals(BooleanType.TRUE, decoder.afk());
        final PresenceUpdateDecoder.ActivitiesDecoder activities = decoder.activities();
        assertEquals(2, activities.count());
        activities.next();
        assertEquals(0, activities.activityType());
        assertEquals("Chess", activities.name());
        assertEquals("", activities.state());
        activities.next();
        assertEquals(4, activities.activityType());
        assertEquals("Custom Status", activities.name());
        assertEquals("in a meeting", activities.state());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void createMessage()
    {
        final CreateMessageEncoder encoder = new CreateMessageEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(99).userId(USER_ID).channelId(CHANNEL_ID).referencedMessageId(MESSAGE_ID)
            .enforceNonce(BooleanType.TRUE)
            .nonce("n-1")
            .content("héllo wörld ✓");

        readHeader(CreateMessageDecoder.TEMPLATE_ID, CreateMessageDecoder.BLOCK_LENGTH);
        final CreateMessageDecoder decoder = new CreateMessageDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(99, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.referencedMessageId());
        assertEquals(BooleanType.TRUE, decoder.enforceNonce());
        assertEquals("n-1", decoder.nonce());
        assertEquals("héllo wörld ✓", decoder.content());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void editMessage()
    {
        new EditMessageEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(100).userId(USER_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID)
            .content("edited");

        readHeader(EditMessageDecoder.TEMPLATE_ID, EditMessageDecoder.BLOCK_LENGTH);
        final EditMessageDecoder decoder = new EditMessageDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(100, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.messageId());
        assertEquals("edited", decoder.content());
    }

    @Test
    void deleteMessage()
    {
        new DeleteMessageEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(101).userId(USER_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID);

        readHeader(DeleteMessageDecoder.TEMPLATE_ID, DeleteMessageDecoder.BLOCK_LENGTH);
        final DeleteMessageDecoder decoder = new DeleteMessageDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(101, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.messageId());
    }

    @Test
    void historyRequest()
    {
        new HistoryRequestEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(102).userId(USER_ID).channelId(CHANNEL_ID)
            .direction(HistoryDirection.AROUND).anchorId(MESSAGE_ID).pageSize((short)100);

        readHeader(HistoryRequestDecoder.TEMPLATE_ID, HistoryRequestDecoder.BLOCK_LENGTH);
        final HistoryRequestDecoder decoder = new HistoryRequestDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(102, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(HistoryDirection.AROUND, decoder.direction());
        assertEquals(MESSAGE_ID, decoder.anchorId());
        assertEquals(100, decoder.pageSize());
    }

    @Test
    void triggerTyping()
    {
        new TriggerTypingEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(103).userId(USER_ID).channelId(CHANNEL_ID);

        readHeader(TriggerTypingDecoder.TEMPLATE_ID, TriggerTypingDecoder.BLOCK_LENGTH);
        final TriggerTypingDecoder decoder = new TriggerTypingDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(103, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(CHANNEL_ID, decoder.channelId());
    }

    @Test
    void commandReply()
    {
        new CommandReplyEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(104).status(ReplyStatus.FORBIDDEN).errorCode(50013);

        readHeader(CommandReplyDecoder.TEMPLATE_ID, CommandReplyDecoder.BLOCK_LENGTH);
        final CommandReplyDecoder decoder = new CommandReplyDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(104, decoder.correlationId());
        assertEquals(ReplyStatus.FORBIDDEN, decoder.status());
        assertEquals(50013, decoder.errorCode());
    }

    @Test
    void historyResponse()
    {
        final HistoryResponseEncoder encoder = new HistoryResponseEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(2).correlationId(105).status(ReplyStatus.OK).guildId(GUILD_ID).channelId(CHANNEL_ID);
        final HistoryResponseEncoder.MessagesEncoder messages = encoder.messagesCount(2);
        messages.next().messageId(MESSAGE_ID + 1).authorId(USER_ID).editedTimestampMs(0).referencedMessageId(0)
            .flags(0).authorName("alice").content("second");
        messages.next().messageId(MESSAGE_ID).authorId(USER_ID + 1).editedTimestampMs(1_700_000_000_001L)
            .referencedMessageId(0).flags(4).authorName("bob").content("first");

        readHeader(HistoryResponseDecoder.TEMPLATE_ID, HistoryResponseDecoder.BLOCK_LENGTH);
        final HistoryResponseDecoder decoder = new HistoryResponseDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(2, decoder.edgeId());
        assertEquals(105, decoder.correlationId());
        assertEquals(ReplyStatus.OK, decoder.status());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        final HistoryResponseDecoder.MessagesDecoder page = decoder.messages();
        assertEquals(2, page.count());
        page.next();
        assertEquals(MESSAGE_ID + 1, page.messageId());
        assertEquals(USER_ID, page.authorId());
        assertEquals(0, page.editedTimestampMs());
        assertEquals(0, page.referencedMessageId());
        assertEquals(0, page.flags());
        assertEquals("alice", page.authorName());
        assertEquals("second", page.content());
        page.next();
        assertEquals(MESSAGE_ID, page.messageId());
        assertEquals(USER_ID + 1, page.authorId());
        assertEquals(1_700_000_000_001L, page.editedTimestampMs());
        assertEquals(0, page.referencedMessageId());
        assertEquals(4, page.flags());
        assertEquals("bob", page.authorName());
        assertEquals("first", page.content());
        assertFalse(page.hasNext());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void subscriptionChanged()
    {
        final SubscriptionChangedEncoder encoder = new SubscriptionChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).sessionId(42).action(SubscriptionAction.SUBSCRIBE);
        encoder.topicsCount(2)
            .next().kind(TopicKind.GUILD).topicId(GUILD_ID)
            .next().kind(TopicKind.CHANNEL).topicId(CHANNEL_ID);

        readHeader(SubscriptionChangedDecoder.TEMPLATE_ID, SubscriptionChangedDecoder.BLOCK_LENGTH);
        final SubscriptionChangedDecoder decoder = new SubscriptionChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(42, decoder.sessionId());
        assertEquals(SubscriptionAction.SUBSCRIBE, decoder.action());
        final SubscriptionChangedDecoder.TopicsDecoder topics = decoder.topics();
        assertEquals(2, topics.count());
        topics.next();
        assertEquals(TopicKind.GUILD, topics.kind());
        assertEquals(GUILD_ID, topics.topicId());
        topics.next();
        assertEquals(TopicKind.CHANNEL, topics.kind());
        assertEquals(CHANNEL_ID, topics.topicId());
    }

    @Test
    void messageCreated()
    {
        final MessageCreatedEncoder encoder = new MessageCreatedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).correlationId(99).guildId(GUILD_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID)
            .authorId(USER_ID).referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE);
        encoder.mentionsCount(1).next().userId(USER_ID + 5);
        encoder.nonce("n-1").authorName("alice").content("hello <@" + (USER_ID + 5) + ">");

        readHeader(MessageCreatedDecoder.TEMPLATE_ID, MessageCreatedDecoder.BLOCK_LENGTH);
        final MessageCreatedDecoder decoder = new MessageCreatedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(99, decoder.correlationId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.messageId());
        assertEquals(USER_ID, decoder.authorId());
        assertEquals(0, decoder.referencedMessageId());
        assertEquals(0, decoder.flags());
        assertEquals(BooleanType.FALSE, decoder.mentionEveryone());
        final MessageCreatedDecoder.MentionsDecoder mentions = decoder.mentions();
        assertEquals(1, mentions.count());
        assertEquals(USER_ID + 5, mentions.next().userId());
        assertEquals("n-1", decoder.nonce());
        assertEquals("alice", decoder.authorName());
        assertEquals("hello <@" + (USER_ID + 5) + ">", decoder.content());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void messageUpdated()
    {
        new MessageUpdatedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).correlationId(0).guildId(GUILD_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID)
            .authorId(USER_ID).editedTimestampMs(1_700_000_000_002L).flags(0)
            .authorName("alice").content("edited");

        readHeader(MessageUpdatedDecoder.TEMPLATE_ID, MessageUpdatedDecoder.BLOCK_LENGTH);
        final MessageUpdatedDecoder decoder = new MessageUpdatedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(0, decoder.correlationId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.messageId());
        assertEquals(USER_ID, decoder.authorId());
        assertEquals(1_700_000_000_002L, decoder.editedTimestampMs());
        assertEquals(0, decoder.flags());
        assertEquals("alice", decoder.authorName());
        assertEquals("edited", decoder.content());
    }

    @Test
    void messageDeleted()
    {
        new MessageDeletedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).correlationId(7).guildId(GUILD_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID);

        readHeader(MessageDeletedDecoder.TEMPLATE_ID, MessageDeletedDecoder.BLOCK_LENGTH);
        final MessageDeletedDecoder decoder = new MessageDeletedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(7, decoder.correlationId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(MESSAGE_ID, decoder.messageId());
    }

    @Test
    void typingStarted()
    {
        final TypingStartedEncoder encoder = new TypingStartedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).guildId(GUILD_ID).channelId(CHANNEL_ID).userId(USER_ID).timestampMs(1_700_000_000_003L)
            .joinedAtMs(1_600_000_000_000L).bot(BooleanType.TRUE);
        encoder.rolesCount(2).next().roleId(GUILD_ID + 1).next().roleId(GUILD_ID + 2);
        encoder.username("älice");

        readHeader(TypingStartedDecoder.TEMPLATE_ID, TypingStartedDecoder.BLOCK_LENGTH);
        final TypingStartedDecoder decoder = new TypingStartedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(1_700_000_000_003L, decoder.timestampMs());
        assertEquals(1_600_000_000_000L, decoder.joinedAtMs());
        assertEquals(BooleanType.TRUE, decoder.bot());
        final TypingStartedDecoder.RolesDecoder roles = decoder.roles();
        assertEquals(2, roles.count());
        assertEquals(GUILD_ID + 1, roles.next().roleId());
        assertEquals(GUILD_ID + 2, roles.next().roleId());
        assertEquals("älice", decoder.username());
    }

    @Test
    void presenceUpdated()
    {
        final PresenceUpdatedEncoder encoder = new PresenceUpdatedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).guildId(GUILD_ID).userId(USER_ID).status(PresenceStatus.ONLINE);
        encoder.activitiesCount(1).next().activityType((short)2).name("Spotify").state("a song");

        readHeader(PresenceUpdatedDecoder.TEMPLATE_ID, PresenceUpdatedDecoder.BLOCK_LENGTH);
        final PresenceUpdatedDecoder decoder = new PresenceUpdatedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(PresenceStatus.ONLINE, decoder.status());
        final PresenceUpdatedDecoder.ActivitiesDecoder activities = decoder.activities();
        assertEquals(1, activities.count());
        activities.next();
        assertEquals(2, activities.activityType());
        assertEquals("Spotify", activities.name());
        assertEquals("a song", activities.state());
    }

    @Test
    void createGuild()
    {
        final CreateGuildEncoder encoder = new CreateGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.ownerBot(BooleanType.TRUE);
        encoder.name("name-0-0 é✓");
        encoder.ownerName("ownerName-0-0 é✓");

        readHeader(CreateGuildDecoder.TEMPLATE_ID, CreateGuildDecoder.BLOCK_LENGTH);
        final CreateGuildDecoder decoder = new CreateGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals(BooleanType.TRUE, decoder.ownerBot());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals("ownerName-0-0 é✓", decoder.ownerName());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void getGuild()
    {
        final GetGuildEncoder encoder = new GetGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));

        readHeader(GetGuildDecoder.TEMPLATE_ID, GetGuildDecoder.BLOCK_LENGTH);
        final GetGuildDecoder decoder = new GetGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void deleteGuild()
    {
        final DeleteGuildEncoder encoder = new DeleteGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));

        readHeader(DeleteGuildDecoder.TEMPLATE_ID, DeleteGuildDecoder.BLOCK_LENGTH);
        final DeleteGuildDecoder decoder = new DeleteGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void updateGuild()
    {
        final UpdateGuildEncoder encoder = new UpdateGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.name("name-0-0 é✓");

        readHeader(UpdateGuildDecoder.TEMPLATE_ID, UpdateGuildDecoder.BLOCK_LENGTH);
        final UpdateGuildDecoder decoder = new UpdateGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void createChannel()
    {
        final CreateChannelEncoder encoder = new CreateChannelEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.channelType(ChannelKind.GUILD_VOICE);
        encoder.parentId((USER_ID + 42));
        encoder.position(149);
        encoder.rateLimitPerUser(156);
        final CreateChannelEncoder.OverwritesEncoder overwrites0g0 = encoder.overwritesCount(2);
        overwrites0g0.next();
        overwrites0g0.targetId((USER_ID + 170));
        overwrites0g0.kind(OverwriteKind.MEMBER);
        overwrites0g0.allow((1L << 25));
        overwrites0g0.deny((1L << 32));
        overwrites0g0.next();
        overwrites0g0.targetId((USER_ID + 183));
        overwrites0g0.kind(OverwriteKind.MEMBER);
        overwrites0g0.allow((1L << 38));
        overwrites0g0.deny((1L << 45));
        encoder.name("name-0-0 é✓");
        encoder.topic("topic-0-0 é✓");

        readHeader(CreateChannelDecoder.TEMPLATE_ID, CreateChannelDecoder.BLOCK_LENGTH);
        final CreateChannelDecoder decoder = new CreateChannelDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals(ChannelKind.GUILD_VOICE, decoder.channelType());
        assertEquals((USER_ID + 42), decoder.parentId());
        assertEquals(149, decoder.position());
        assertEquals(156, decoder.rateLimitPerUser());
        final CreateChannelDecoder.OverwritesDecoder readOverwrites0g0 = decoder.overwrites();
        assertEquals(2, readOverwrites0g0.count());
        readOverwrites0g0.next();
        assertEquals((USER_ID + 170), readOverwrites0g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites0g0.kind());
        assertEquals((1L << 25), readOverwrites0g0.allow());
        assertEquals((1L << 32), readOverwrites0g0.deny());
        readOverwrites0g0.next();
        assertEquals((USER_ID + 183), readOverwrites0g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites0g0.kind());
        assertEquals((1L << 38), readOverwrites0g0.allow());
        assertEquals((1L << 45), readOverwrites0g0.deny());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals("topic-0-0 é✓", decoder.topic());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void updateChannel()
    {
        final UpdateChannelEncoder encoder = new UpdateChannelEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        encoder.updateMask((short)36);
        encoder.parentId((USER_ID + 42));
        encoder.position(149);
        encoder.rateLimitPerUser(156);
        encoder.name("name-0-0 é✓");
        encoder.topic("topic-0-0 é✓");

        readHeader(UpdateChannelDecoder.TEMPLATE_ID, UpdateChannelDecoder.BLOCK_LENGTH);
        final UpdateChannelDecoder decoder = new UpdateChannelDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals((short)36, decoder.updateMask());
        assertEquals((USER_ID + 42), decoder.parentId());
        assertEquals(149, decoder.position());
        assertEquals(156, decoder.rateLimitPerUser());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals("topic-0-0 é✓", decoder.topic());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void deleteChannel()
    {
        final DeleteChannelEncoder encoder = new DeleteChannelEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));

        readHeader(DeleteChannelDecoder.TEMPLATE_ID, DeleteChannelDecoder.BLOCK_LENGTH);
        final DeleteChannelDecoder decoder = new DeleteChannelDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void putOverwrite()
    {
        final PutOverwriteEncoder encoder = new PutOverwriteEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        encoder.targetId((USER_ID + 35));
        encoder.kind(OverwriteKind.MEMBER);
        encoder.allow((1L << 49));
        encoder.deny((1L << 3));

        readHeader(PutOverwriteDecoder.TEMPLATE_ID, PutOverwriteDecoder.BLOCK_LENGTH);
        final PutOverwriteDecoder decoder = new PutOverwriteDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals((USER_ID + 35), decoder.targetId());
        assertEquals(OverwriteKind.MEMBER, decoder.kind());
        assertEquals((1L << 49), decoder.allow());
        assertEquals((1L << 3), decoder.deny());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void deleteOverwrite()
    {
        final DeleteOverwriteEncoder encoder = new DeleteOverwriteEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        encoder.targetId((USER_ID + 35));

        readHeader(DeleteOverwriteDecoder.TEMPLATE_ID, DeleteOverwriteDecoder.BLOCK_LENGTH);
        final DeleteOverwriteDecoder decoder = new DeleteOverwriteDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals((USER_ID + 35), decoder.targetId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void createRole()
    {
        final CreateRoleEncoder encoder = new CreateRoleEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.permissions((1L << 35));
        encoder.color(142);
        encoder.hoist(BooleanType.TRUE);
        encoder.mentionable(BooleanType.TRUE);
        encoder.name("name-0-0 é✓");

        readHeader(CreateRoleDecoder.TEMPLATE_ID, CreateRoleDecoder.BLOCK_LENGTH);
        final CreateRoleDecoder decoder = new CreateRoleDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((1L << 35), decoder.permissions());
        assertEquals(142, decoder.color());
        assertEquals(BooleanType.TRUE, decoder.hoist());
        assertEquals(BooleanType.TRUE, decoder.mentionable());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void updateRole()
    {
        final UpdateRoleEncoder encoder = new UpdateRoleEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.roleId((USER_ID + 35));
        encoder.updateMask((short)43);
        encoder.permissions((1L << 49));
        encoder.color(156);
        encoder.position(163);
        encoder.hoist(BooleanType.TRUE);
        encoder.mentionable(BooleanType.TRUE);
        encoder.name("name-0-0 é✓");

        readHeader(UpdateRoleDecoder.TEMPLATE_ID, UpdateRoleDecoder.BLOCK_LENGTH);
        final UpdateRoleDecoder decoder = new UpdateRoleDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.roleId());
        assertEquals((short)43, decoder.updateMask());
        assertEquals((1L << 49), decoder.permissions());
        assertEquals(156, decoder.color());
        assertEquals(163, decoder.position());
        assertEquals(BooleanType.TRUE, decoder.hoist());
        assertEquals(BooleanType.TRUE, decoder.mentionable());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void deleteRole()
    {
        final DeleteRoleEncoder encoder = new DeleteRoleEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.roleId((USER_ID + 35));

        readHeader(DeleteRoleDecoder.TEMPLATE_ID, DeleteRoleDecoder.BLOCK_LENGTH);
        final DeleteRoleDecoder decoder = new DeleteRoleDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.roleId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void changeMemberRole()
    {
        final ChangeMemberRoleEncoder encoder = new ChangeMemberRoleEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.targetUserId((USER_ID + 35));
        encoder.roleId((USER_ID + 42));
        encoder.action(SubscriptionAction.UNSUBSCRIBE);

        readHeader(ChangeMemberRoleDecoder.TEMPLATE_ID, ChangeMemberRoleDecoder.BLOCK_LENGTH);
        final ChangeMemberRoleDecoder decoder = new ChangeMemberRoleDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.targetUserId());
        assertEquals((USER_ID + 42), decoder.roleId());
        assertEquals(SubscriptionAction.UNSUBSCRIBE, decoder.action());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void removeMember()
    {
        final RemoveMemberEncoder encoder = new RemoveMemberEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.targetUserId((USER_ID + 35));

        readHeader(RemoveMemberDecoder.TEMPLATE_ID, RemoveMemberDecoder.BLOCK_LENGTH);
        final RemoveMemberDecoder decoder = new RemoveMemberDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.targetUserId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void createInvite()
    {
        final CreateInviteEncoder encoder = new CreateInviteEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        encoder.maxAgeSeconds(135);
        encoder.maxUses(142);

        readHeader(CreateInviteDecoder.TEMPLATE_ID, CreateInviteDecoder.BLOCK_LENGTH);
        final CreateInviteDecoder decoder = new CreateInviteDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals(135, decoder.maxAgeSeconds());
        assertEquals(142, decoder.maxUses());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void resolveInvite()
    {
        final ResolveInviteEncoder encoder = new ResolveInviteEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.code("code-0-0 é✓");

        readHeader(ResolveInviteDecoder.TEMPLATE_ID, ResolveInviteDecoder.BLOCK_LENGTH);
        final ResolveInviteDecoder decoder = new ResolveInviteDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals("code-0-0 é✓", decoder.code());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void acceptInvite()
    {
        final AcceptInviteEncoder encoder = new AcceptInviteEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.code("code-0-0 é✓");

        readHeader(AcceptInviteDecoder.TEMPLATE_ID, AcceptInviteDecoder.BLOCK_LENGTH);
        final AcceptInviteDecoder decoder = new AcceptInviteDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals("code-0-0 é✓", decoder.code());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void bulkDeleteMessages()
    {
        final BulkDeleteMessagesEncoder encoder = new BulkDeleteMessagesEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        final BulkDeleteMessagesEncoder.MessagesEncoder messages0g0 = encoder.messagesCount(2);
        messages0g0.next();
        messages0g0.messageId((USER_ID + 142));
        messages0g0.next();
        messages0g0.messageId((USER_ID + 155));

        readHeader(BulkDeleteMessagesDecoder.TEMPLATE_ID, BulkDeleteMessagesDecoder.BLOCK_LENGTH);
        final BulkDeleteMessagesDecoder decoder = new BulkDeleteMessagesDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        final BulkDeleteMessagesDecoder.MessagesDecoder readMessages0g0 = decoder.messages();
        assertEquals(2, readMessages0g0.count());
        readMessages0g0.next();
        assertEquals((USER_ID + 142), readMessages0g0.messageId());
        readMessages0g0.next();
        assertEquals((USER_ID + 155), readMessages0g0.messageId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void registerUser()
    {
        final RegisterUserEncoder encoder = new RegisterUserEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.bot(BooleanType.TRUE);
        encoder.username("username-0-0 é✓");
        encoder.passwordHash("passwordHash-0-0 é✓");

        readHeader(RegisterUserDecoder.TEMPLATE_ID, RegisterUserDecoder.BLOCK_LENGTH);
        final RegisterUserDecoder decoder = new RegisterUserDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(BooleanType.TRUE, decoder.bot());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals("passwordHash-0-0 é✓", decoder.passwordHash());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void lookupCredentials()
    {
        final LookupCredentialsEncoder encoder = new LookupCredentialsEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.login("login-0-0 é✓");

        readHeader(LookupCredentialsDecoder.TEMPLATE_ID, LookupCredentialsDecoder.BLOCK_LENGTH);
        final LookupCredentialsDecoder decoder = new LookupCredentialsDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals("login-0-0 é✓", decoder.login());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void revokeTokens()
    {
        final RevokeTokensEncoder encoder = new RevokeTokensEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));

        readHeader(RevokeTokensDecoder.TEMPLATE_ID, RevokeTokensDecoder.BLOCK_LENGTH);
        final RevokeTokensDecoder decoder = new RevokeTokensDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void getUser()
    {
        final GetUserEncoder encoder = new GetUserEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.targetUserId((USER_ID + 28));

        readHeader(GetUserDecoder.TEMPLATE_ID, GetUserDecoder.BLOCK_LENGTH);
        final GetUserDecoder decoder = new GetUserDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.targetUserId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void getChannel()
    {
        final GetChannelEncoder encoder = new GetChannelEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));

        readHeader(GetChannelDecoder.TEMPLATE_ID, GetChannelDecoder.BLOCK_LENGTH);
        final GetChannelDecoder decoder = new GetChannelDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.channelId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void accountReply()
    {
        final AccountReplyEncoder encoder = new AccountReplyEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.status(ReplyStatus.CONFLICT);
        encoder.errorCode(1028L);
        encoder.userId((USER_ID + 35));
        encoder.tokenGeneration(142);
        encoder.bot(BooleanType.TRUE);
        encoder.username("username-0-0 é✓");
        encoder.passwordHash("passwordHash-0-0 é✓");

        readHeader(AccountReplyDecoder.TEMPLATE_ID, AccountReplyDecoder.BLOCK_LENGTH);
        final AccountReplyDecoder decoder = new AccountReplyDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(ReplyStatus.CONFLICT, decoder.status());
        assertEquals(1028L, decoder.errorCode());
        assertEquals((USER_ID + 35), decoder.userId());
        assertEquals(142, decoder.tokenGeneration());
        assertEquals(BooleanType.TRUE, decoder.bot());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals("passwordHash-0-0 é✓", decoder.passwordHash());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void ready()
    {
        final ReadyEncoder encoder = new ReadyEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.sessionId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.bot(BooleanType.TRUE);
        final ReadyEncoder.GuildsEncoder guilds0g0 = encoder.guildsCount(2);
        guilds0g0.next();
        guilds0g0.guildId((USER_ID + 142));
        guilds0g0.next();
        guilds0g0.guildId((USER_ID + 155));
        encoder.username("username-0-0 é✓");

        readHeader(ReadyDecoder.TEMPLATE_ID, ReadyDecoder.BLOCK_LENGTH);
        final ReadyDecoder decoder = new ReadyDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.sessionId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals(BooleanType.TRUE, decoder.bot());
        final ReadyDecoder.GuildsDecoder readGuilds0g0 = decoder.guilds();
        assertEquals(2, readGuilds0g0.count());
        readGuilds0g0.next();
        assertEquals((USER_ID + 142), readGuilds0g0.guildId());
        readGuilds0g0.next();
        assertEquals((USER_ID + 155), readGuilds0g0.guildId());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void guildSnapshot()
    {
        final GuildSnapshotEncoder encoder = new GuildSnapshotEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.sessionId(1021L);
        encoder.guildId((USER_ID + 28));
        encoder.ownerId((USER_ID + 35));
        encoder.memberCount(142);
        encoder.large(BooleanType.TRUE);
        final GuildSnapshotEncoder.RolesEncoder roles0g0 = encoder.rolesCount(2);
        roles0g0.next();
        roles0g0.roleId((USER_ID + 163));
        roles0g0.permissions((1L << 11));
        roles0g0.color(277);
        roles0g0.position(284);
        roles0g0.hoist(BooleanType.TRUE);
        roles0g0.mentionable(BooleanType.TRUE);
        roles0g0.name("name-1-0 é✓");
        roles0g0.next();
        roles0g0.roleId((USER_ID + 176));
        roles0g0.permissions((1L << 24));
        roles0g0.color(290);
        roles0g0.position(297);
        roles0g0.hoist(BooleanType.TRUE);
        roles0g0.mentionable(BooleanType.TRUE);
        roles0g0.name("name-1-1 é✓");
        final GuildSnapshotEncoder.ChannelsEncoder channels0g0 = encoder.channelsCount(2);
        channels0g0.next();
        channels0g0.channelId((USER_ID + 219));
        channels0g0.channelType(ChannelKind.GUILD_VOICE);
        channels0g0.parentId((USER_ID + 233));
        channels0g0.position(340);
        channels0g0.rateLimitPerUser(347);
        final GuildSnapshotEncoder.ChannelsEncoder.OverwritesEncoder overwrites1g0 = channels0g0.overwritesCount(2);
        overwrites1g0.next();
        overwrites1g0.targetId((USER_ID + 361));
        overwrites1g0.kind(OverwriteKind.MEMBER);
        overwrites1g0.allow((1L << 4));
        overwrites1g0.deny((1L << 11));
        overwrites1g0.next();
        overwrites1g0.targetId((USER_ID + 374));
        overwrites1g0.kind(OverwriteKind.MEMBER);
        overwrites1g0.allow((1L << 17));
        overwrites1g0.deny((1L << 24));
        channels0g0.name("name-1-0 é✓");
        channels0g0.topic("topic-1-0 é✓");
        channels0g0.next();
        channels0g0.channelId((USER_ID + 232));
        channels0g0.channelType(ChannelKind.GUILD_VOICE);
        channels0g0.parentId((USER_ID + 246));
        channels0g0.position(353);
        channels0g0.rateLimitPerUser(360);
        final GuildSnapshotEncoder.ChannelsEncoder.OverwritesEncoder overwrites1g1 = channels0g0.overwritesCount(2);
        overwrites1g1.next();
        overwrites1g1.targetId((USER_ID + 361));
        overwrites1g1.kind(OverwriteKind.MEMBER);
        overwrites1g1.allow((1L << 4));
        overwrites1g1.deny((1L << 11));
        overwrites1g1.next();
        overwrites1g1.targetId((USER_ID + 374));
        overwrites1g1.kind(OverwriteKind.MEMBER);
        overwrites1g1.allow((1L << 17));
        overwrites1g1.deny((1L << 24));
        channels0g0.name("name-1-1 é✓");
        channels0g0.topic("topic-1-1 é✓");
        final GuildSnapshotEncoder.MembersEncoder members0g0 = encoder.membersCount(2);
        members0g0.next();
        members0g0.userId((USER_ID + 310));
        members0g0.joinedAtMs((1_700_000_000_000L + 317));
        members0g0.bot(BooleanType.TRUE);
        final GuildSnapshotEncoder.MembersEncoder.RolesEncoder roles1g0 = members0g0.rolesCount(2);
        roles1g0.next();
        roles1g0.roleId((USER_ID + 438));
        roles1g0.next();
        roles1g0.roleId((USER_ID + 451));
        members0g0.username("username-1-0 é✓").nick("nick-1-0");
        members0g0.next();
        members0g0.userId((USER_ID + 323));
        members0g0.joinedAtMs((1_700_000_000_000L + 330));
        members0g0.bot(BooleanType.TRUE);
        final GuildSnapshotEncoder.MembersEncoder.RolesEncoder roles1g1 = members0g0.rolesCount(2);
        roles1g1.next();
        roles1g1.roleId((USER_ID + 438));
        roles1g1.next();
        roles1g1.roleId((USER_ID + 451));
        members0g0.username("username-1-1 é✓").nick("");
        encoder.name("name-0-0 é✓");

        readHeader(GuildSnapshotDecoder.TEMPLATE_ID, GuildSnapshotDecoder.BLOCK_LENGTH);
        final GuildSnapshotDecoder decoder = new GuildSnapshotDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(1021L, decoder.sessionId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.ownerId());
        assertEquals(142, decoder.memberCount());
        assertEquals(BooleanType.TRUE, decoder.large());
        final GuildSnapshotDecoder.RolesDecoder readRoles0g0 = decoder.roles();
        assertEquals(2, readRoles0g0.count());
        readRoles0g0.next();
        assertEquals((USER_ID + 163), readRoles0g0.roleId());
        assertEquals((1L << 11), readRoles0g0.permissions());
        assertEquals(277, readRoles0g0.color());
        assertEquals(284, readRoles0g0.position());
        assertEquals(BooleanType.TRUE, readRoles0g0.hoist());
        assertEquals(BooleanType.TRUE, readRoles0g0.mentionable());
        assertEquals("name-1-0 é✓", readRoles0g0.name());
        readRoles0g0.next();
        assertEquals((USER_ID + 176), readRoles0g0.roleId());
        assertEquals((1L << 24), readRoles0g0.permissions());
        assertEquals(290, readRoles0g0.color());
        assertEquals(297, readRoles0g0.position());
        assertEquals(BooleanType.TRUE, readRoles0g0.hoist());
        assertEquals(BooleanType.TRUE, readRoles0g0.mentionable());
        assertEquals("name-1-1 é✓", readRoles0g0.name());
        final GuildSnapshotDecoder.ChannelsDecoder readChannels0g0 = decoder.channels();
        assertEquals(2, readChannels0g0.count());
        readChannels0g0.next();
        assertEquals((USER_ID + 219), readChannels0g0.channelId());
        assertEquals(ChannelKind.GUILD_VOICE, readChannels0g0.channelType());
        assertEquals((USER_ID + 233), readChannels0g0.parentId());
        assertEquals(340, readChannels0g0.position());
        assertEquals(347, readChannels0g0.rateLimitPerUser());
        final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder readOverwrites1g0 = readChannels0g0.overwrites();
        assertEquals(2, readOverwrites1g0.count());
        readOverwrites1g0.next();
        assertEquals((USER_ID + 361), readOverwrites1g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites1g0.kind());
        assertEquals((1L << 4), readOverwrites1g0.allow());
        assertEquals((1L << 11), readOverwrites1g0.deny());
        readOverwrites1g0.next();
        assertEquals((USER_ID + 374), readOverwrites1g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites1g0.kind());
        assertEquals((1L << 17), readOverwrites1g0.allow());
        assertEquals((1L << 24), readOverwrites1g0.deny());
        assertEquals("name-1-0 é✓", readChannels0g0.name());
        assertEquals("topic-1-0 é✓", readChannels0g0.topic());
        readChannels0g0.next();
        assertEquals((USER_ID + 232), readChannels0g0.channelId());
        assertEquals(ChannelKind.GUILD_VOICE, readChannels0g0.channelType());
        assertEquals((USER_ID + 246), readChannels0g0.parentId());
        assertEquals(353, readChannels0g0.position());
        assertEquals(360, readChannels0g0.rateLimitPerUser());
        final GuildSnapshotDecoder.ChannelsDecoder.OverwritesDecoder readOverwrites1g1 = readChannels0g0.overwrites();
        assertEquals(2, readOverwrites1g1.count());
        readOverwrites1g1.next();
        assertEquals((USER_ID + 361), readOverwrites1g1.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites1g1.kind());
        assertEquals((1L << 4), readOverwrites1g1.allow());
        assertEquals((1L << 11), readOverwrites1g1.deny());
        readOverwrites1g1.next();
        assertEquals((USER_ID + 374), readOverwrites1g1.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites1g1.kind());
        assertEquals((1L << 17), readOverwrites1g1.allow());
        assertEquals((1L << 24), readOverwrites1g1.deny());
        assertEquals("name-1-1 é✓", readChannels0g0.name());
        assertEquals("topic-1-1 é✓", readChannels0g0.topic());
        final GuildSnapshotDecoder.MembersDecoder readMembers0g0 = decoder.members();
        assertEquals(2, readMembers0g0.count());
        readMembers0g0.next();
        assertEquals((USER_ID + 310), readMembers0g0.userId());
        assertEquals((1_700_000_000_000L + 317), readMembers0g0.joinedAtMs());
        assertEquals(BooleanType.TRUE, readMembers0g0.bot());
        final GuildSnapshotDecoder.MembersDecoder.RolesDecoder readRoles1g0 = readMembers0g0.roles();
        assertEquals(2, readRoles1g0.count());
        readRoles1g0.next();
        assertEquals((USER_ID + 438), readRoles1g0.roleId());
        readRoles1g0.next();
        assertEquals((USER_ID + 451), readRoles1g0.roleId());
        assertEquals("username-1-0 é✓", readMembers0g0.username());
        assertEquals("nick-1-0", readMembers0g0.nick());
        readMembers0g0.next();
        assertEquals((USER_ID + 323), readMembers0g0.userId());
        assertEquals((1_700_000_000_000L + 330), readMembers0g0.joinedAtMs());
        assertEquals(BooleanType.TRUE, readMembers0g0.bot());
        final GuildSnapshotDecoder.MembersDecoder.RolesDecoder readRoles1g1 = readMembers0g0.roles();
        assertEquals(2, readRoles1g1.count());
        readRoles1g1.next();
        assertEquals((USER_ID + 438), readRoles1g1.roleId());
        readRoles1g1.next();
        assertEquals((USER_ID + 451), readRoles1g1.roleId());
        assertEquals("username-1-1 é✓", readMembers0g0.username());
        assertEquals("", readMembers0g0.nick());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void guildChanged()
    {
        final GuildChangedEncoder encoder = new GuildChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.change(EntityChange.UPDATED);
        encoder.guildId((USER_ID + 28));
        encoder.ownerId((USER_ID + 35));
        encoder.memberCount(142);
        encoder.name("name-0-0 é✓");

        readHeader(GuildChangedDecoder.TEMPLATE_ID, GuildChangedDecoder.BLOCK_LENGTH);
        final GuildChangedDecoder decoder = new GuildChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.ownerId());
        assertEquals(142, decoder.memberCount());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void channelChanged()
    {
        final ChannelChangedEncoder encoder = new ChannelChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.change(EntityChange.UPDATED);
        encoder.guildId((USER_ID + 28));
        encoder.channelId((USER_ID + 35));
        encoder.channelType(ChannelKind.GUILD_VOICE);
        encoder.parentId((USER_ID + 49));
        encoder.position(156);
        encoder.rateLimitPerUser(163);
        final ChannelChangedEncoder.OverwritesEncoder overwrites0g0 = encoder.overwritesCount(2);
        overwrites0g0.next();
        overwrites0g0.targetId((USER_ID + 177));
        overwrites0g0.kind(OverwriteKind.MEMBER);
        overwrites0g0.allow((1L << 32));
        overwrites0g0.deny((1L << 39));
        overwrites0g0.next();
        overwrites0g0.targetId((USER_ID + 190));
        overwrites0g0.kind(OverwriteKind.MEMBER);
        overwrites0g0.allow((1L << 45));
        overwrites0g0.deny((1L << 52));
        encoder.name("name-0-0 é✓");
        encoder.topic("topic-0-0 é✓");

        readHeader(ChannelChangedDecoder.TEMPLATE_ID, ChannelChangedDecoder.BLOCK_LENGTH);
        final ChannelChangedDecoder decoder = new ChannelChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.channelId());
        assertEquals(ChannelKind.GUILD_VOICE, decoder.channelType());
        assertEquals((USER_ID + 49), decoder.parentId());
        assertEquals(156, decoder.position());
        assertEquals(163, decoder.rateLimitPerUser());
        final ChannelChangedDecoder.OverwritesDecoder readOverwrites0g0 = decoder.overwrites();
        assertEquals(2, readOverwrites0g0.count());
        readOverwrites0g0.next();
        assertEquals((USER_ID + 177), readOverwrites0g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites0g0.kind());
        assertEquals((1L << 32), readOverwrites0g0.allow());
        assertEquals((1L << 39), readOverwrites0g0.deny());
        readOverwrites0g0.next();
        assertEquals((USER_ID + 190), readOverwrites0g0.targetId());
        assertEquals(OverwriteKind.MEMBER, readOverwrites0g0.kind());
        assertEquals((1L << 45), readOverwrites0g0.allow());
        assertEquals((1L << 52), readOverwrites0g0.deny());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals("topic-0-0 é✓", decoder.topic());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void roleChanged()
    {
        final RoleChangedEncoder encoder = new RoleChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.change(EntityChange.UPDATED);
        encoder.guildId((USER_ID + 28));
        encoder.roleId((USER_ID + 35));
        encoder.permissions((1L << 42));
        encoder.color(149);
        encoder.position(156);
        encoder.hoist(BooleanType.TRUE);
        encoder.mentionable(BooleanType.TRUE);
        encoder.name("name-0-0 é✓");

        readHeader(RoleChangedDecoder.TEMPLATE_ID, RoleChangedDecoder.BLOCK_LENGTH);
        final RoleChangedDecoder decoder = new RoleChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.roleId());
        assertEquals((1L << 42), decoder.permissions());
        assertEquals(149, decoder.color());
        assertEquals(156, decoder.position());
        assertEquals(BooleanType.TRUE, decoder.hoist());
        assertEquals(BooleanType.TRUE, decoder.mentionable());
        assertEquals("name-0-0 é✓", decoder.name());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void memberChanged()
    {
        final MemberChangedEncoder encoder = new MemberChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.change(EntityChange.UPDATED);
        encoder.guildId((USER_ID + 28));
        encoder.userId((USER_ID + 35));
        encoder.joinedAtMs((1_700_000_000_000L + 42));
        encoder.bot(BooleanType.TRUE);
        final MemberChangedEncoder.RolesEncoder roles0g0 = encoder.rolesCount(2);
        roles0g0.next();
        roles0g0.roleId((USER_ID + 163));
        roles0g0.next();
        roles0g0.roleId((USER_ID + 176));
        encoder.username("username-0-0 é✓");

        readHeader(MemberChangedDecoder.TEMPLATE_ID, MemberChangedDecoder.BLOCK_LENGTH);
        final MemberChangedDecoder decoder = new MemberChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.userId());
        assertEquals((1_700_000_000_000L + 42), decoder.joinedAtMs());
        assertEquals(BooleanType.TRUE, decoder.bot());
        final MemberChangedDecoder.RolesDecoder readRoles0g0 = decoder.roles();
        assertEquals(2, readRoles0g0.count());
        readRoles0g0.next();
        assertEquals((USER_ID + 163), readRoles0g0.roleId());
        readRoles0g0.next();
        assertEquals((USER_ID + 176), readRoles0g0.roleId());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void inviteInfo()
    {
        final InviteInfoEncoder encoder = new InviteInfoEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.change(EntityChange.UPDATED);
        encoder.guildId((USER_ID + 28));
        encoder.channelId((USER_ID + 35));
        encoder.channelType(ChannelKind.GUILD_VOICE);
        encoder.inviterId((USER_ID + 49));
        encoder.createdAtMs((1_700_000_000_000L + 56));
        encoder.maxAgeSeconds(163);
        encoder.maxUses(170);
        encoder.uses(177);
        encoder.memberCount(184);
        encoder.code("code-0-0 é✓");
        encoder.guildName("guildName-0-0 é✓");
        encoder.channelName("channelName-0-0 é✓");

        readHeader(InviteInfoDecoder.TEMPLATE_ID, InviteInfoDecoder.BLOCK_LENGTH);
        final InviteInfoDecoder decoder = new InviteInfoDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals((USER_ID + 35), decoder.channelId());
        assertEquals(ChannelKind.GUILD_VOICE, decoder.channelType());
        assertEquals((USER_ID + 49), decoder.inviterId());
        assertEquals((1_700_000_000_000L + 56), decoder.createdAtMs());
        assertEquals(163, decoder.maxAgeSeconds());
        assertEquals(170, decoder.maxUses());
        assertEquals(177, decoder.uses());
        assertEquals(184, decoder.memberCount());
        assertEquals("code-0-0 é✓", decoder.code());
        assertEquals("guildName-0-0 é✓", decoder.guildName());
        assertEquals("channelName-0-0 é✓", decoder.channelName());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void messagesBulkDeleted()
    {
        final MessagesBulkDeletedEncoder encoder = new MessagesBulkDeletedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.guildId((USER_ID + 21));
        encoder.channelId((USER_ID + 28));
        final MessagesBulkDeletedEncoder.MessagesEncoder messages0g0 = encoder.messagesCount(2);
        messages0g0.next();
        messages0g0.messageId((USER_ID + 142));
        messages0g0.next();
        messages0g0.messageId((USER_ID + 155));

        readHeader(MessagesBulkDeletedDecoder.TEMPLATE_ID, MessagesBulkDeletedDecoder.BLOCK_LENGTH);
        final MessagesBulkDeletedDecoder decoder = new MessagesBulkDeletedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.guildId());
        assertEquals((USER_ID + 28), decoder.channelId());
        final MessagesBulkDeletedDecoder.MessagesDecoder readMessages0g0 = decoder.messages();
        assertEquals(2, readMessages0g0.count());
        readMessages0g0.next();
        assertEquals((USER_ID + 142), readMessages0g0.messageId());
        readMessages0g0.next();
        assertEquals((USER_ID + 155), readMessages0g0.messageId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void tokensRevoked()
    {
        final TokensRevokedEncoder encoder = new TokensRevokedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.userId((USER_ID + 14));
        encoder.tokenGeneration(121);

        readHeader(TokensRevokedDecoder.TEMPLATE_ID, TokensRevokedDecoder.BLOCK_LENGTH);
        final TokensRevokedDecoder decoder = new TokensRevokedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals((USER_ID + 14), decoder.userId());
        assertEquals(121, decoder.tokenGeneration());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void joinGuild()
    {
        final JoinGuildEncoder encoder = new JoinGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.inviteId((USER_ID + 28));
        encoder.bot(BooleanType.TRUE);
        encoder.username("username-0-0 é✓");

        readHeader(JoinGuildDecoder.TEMPLATE_ID, JoinGuildDecoder.BLOCK_LENGTH);
        final JoinGuildDecoder decoder = new JoinGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.inviteId());
        assertEquals(BooleanType.TRUE, decoder.bot());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void membershipChanged()
    {
        final MembershipChangedEncoder encoder = new MembershipChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.userId((USER_ID + 7));
        encoder.guildId((USER_ID + 14));
        encoder.change(EntityChange.UPDATED);

        readHeader(MembershipChangedDecoder.TEMPLATE_ID, MembershipChangedDecoder.BLOCK_LENGTH);
        final MembershipChangedDecoder decoder = new MembershipChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals((USER_ID + 7), decoder.userId());
        assertEquals((USER_ID + 14), decoder.guildId());
        assertEquals(EntityChange.UPDATED, decoder.change());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void sessionGuild()
    {
        final SessionGuildEncoder encoder = new SessionGuildEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.sessionId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.guildId((USER_ID + 28));
        encoder.action(SubscriptionAction.UNSUBSCRIBE);
        encoder.largeThreshold(142);

        readHeader(SessionGuildDecoder.TEMPLATE_ID, SessionGuildDecoder.BLOCK_LENGTH);
        final SessionGuildDecoder decoder = new SessionGuildDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.sessionId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals((USER_ID + 28), decoder.guildId());
        assertEquals(SubscriptionAction.UNSUBSCRIBE, decoder.action());
        assertEquals(142, decoder.largeThreshold());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void userCreated()
    {
        final UserCreatedEncoder encoder = new UserCreatedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.bot(BooleanType.TRUE);
        encoder.username("username-0-0 é✓");

        readHeader(UserCreatedDecoder.TEMPLATE_ID, UserCreatedDecoder.BLOCK_LENGTH);
        final UserCreatedDecoder decoder = new UserCreatedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals(BooleanType.TRUE, decoder.bot());
        assertEquals("username-0-0 é✓", decoder.username());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void credentialsFound()
    {
        final CredentialsFoundEncoder encoder = new CredentialsFoundEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(107);
        encoder.correlationId(1014L);
        encoder.userId((USER_ID + 21));
        encoder.passwordHash("passwordHash-0-0 é✓");

        readHeader(CredentialsFoundDecoder.TEMPLATE_ID, CredentialsFoundDecoder.BLOCK_LENGTH);
        final CredentialsFoundDecoder decoder = new CredentialsFoundDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(107, decoder.edgeId());
        assertEquals(1014L, decoder.correlationId());
        assertEquals((USER_ID + 21), decoder.userId());
        assertEquals("passwordHash-0-0 é✓", decoder.passwordHash());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void storageCompleted()
    {
        final StorageCompletedEncoder encoder = new StorageCompletedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.token(1007L);
        encoder.status(ReplyStatus.CONFLICT);
        encoder.latencyNs(1021L);

        readHeader(StorageCompletedDecoder.TEMPLATE_ID, StorageCompletedDecoder.BLOCK_LENGTH);
        final StorageCompletedDecoder decoder = new StorageCompletedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1007L, decoder.token());
        assertEquals(ReplyStatus.CONFLICT, decoder.status());
        assertEquals(1021L, decoder.latencyNs());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void updateMember()
    {
        final UpdateMemberEncoder encoder = new UpdateMemberEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(7);
        encoder.correlationId(1101L);
        encoder.userId(USER_ID);
        encoder.guildId(GUILD_ID);
        encoder.targetUserId(USER_ID + 1);
        encoder.updateMask((short)31);
        encoder.mute(BooleanType.TRUE);
        encoder.deaf(BooleanType.FALSE);
        encoder.communicationDisabledUntilMs(1_700_000_000_000L);
        final UpdateMemberEncoder.RolesEncoder roles = encoder.rolesCount(2);
        roles.next().roleId(USER_ID + 2);
        roles.next().roleId(USER_ID + 3);
        encoder.nick("nick é✓");

        readHeader(UpdateMemberDecoder.TEMPLATE_ID, UpdateMemberDecoder.BLOCK_LENGTH);
        final UpdateMemberDecoder decoder = new UpdateMemberDecoder().wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(7, decoder.edgeId());
        assertEquals(1101L, decoder.correlationId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(USER_ID + 1, decoder.targetUserId());
        assertEquals(31, decoder.updateMask());
        assertEquals(BooleanType.TRUE, decoder.mute());
        assertEquals(BooleanType.FALSE, decoder.deaf());
        assertEquals(1_700_000_000_000L, decoder.communicationDisabledUntilMs());
        final UpdateMemberDecoder.RolesDecoder readRoles = decoder.roles();
        assertEquals(2, readRoles.count());
        assertEquals(USER_ID + 2, readRoles.next().roleId());
        assertEquals(USER_ID + 3, readRoles.next().roleId());
        assertEquals("nick é✓", decoder.nick());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void memberChangedVersionTwoFields()
    {
        final MemberChangedEncoder encoder = new MemberChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).correlationId(2).change(EntityChange.UPDATED).guildId(GUILD_ID).userId(USER_ID)
            .joinedAtMs(3).bot(BooleanType.FALSE).mute(BooleanType.TRUE).deaf(BooleanType.TRUE)
            .communicationDisabledUntilMs(1_700_000_000_000L);
        encoder.rolesCount(0);
        encoder.username("bob").nick("Bobby");

        readHeader(MemberChangedDecoder.TEMPLATE_ID, MemberChangedDecoder.BLOCK_LENGTH);
        assertEquals(2, headerDecoder.version());
        final MemberChangedDecoder decoder = new MemberChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(BooleanType.TRUE, decoder.mute());
        assertEquals(BooleanType.TRUE, decoder.deaf());
        assertEquals(1_700_000_000_000L, decoder.communicationDisabledUntilMs());
        assertEquals(0, decoder.roles().count());
        assertEquals("bob", decoder.username());
        assertEquals("Bobby", decoder.nick());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void messageCreatedOfVersionOneHasNoAuthorBot()
    {
        new MessageCreatedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).correlationId(0).guildId(GUILD_ID).channelId(CHANNEL_ID).messageId(MESSAGE_ID)
            .authorId(USER_ID).referencedMessageId(0).flags(0).mentionEveryone(BooleanType.FALSE)
            .authorBot(BooleanType.TRUE)
            .mentionsCount(0);
        headerDecoder.wrap(buffer, OFFSET);
        final MessageCreatedDecoder decoder = new MessageCreatedDecoder();
        decoder.wrap(buffer, OFFSET + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), 2);
        assertEquals(BooleanType.TRUE, decoder.authorBot());
        decoder.wrap(buffer, OFFSET + MessageHeaderDecoder.ENCODED_LENGTH,
            MessageCreatedDecoder.authorBotEncodingOffset(), 1);
        assertEquals(BooleanType.NULL_VAL, decoder.authorBot(), "an acting version 1 frame has no authorBot");
    }

    @Test
    void linkProbe()
    {
        final LinkProbeEncoder encoder = new LinkProbeEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder);
        encoder.edgeId(108);
        encoder.correlationId(1015L);
        encoder.shardId(7);

        readHeader(LinkProbeDecoder.TEMPLATE_ID, LinkProbeDecoder.BLOCK_LENGTH);
        final LinkProbeDecoder decoder = new LinkProbeDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(108, decoder.edgeId());
        assertEquals(1015L, decoder.correlationId());
        assertEquals(7, decoder.shardId());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }

    @Test
    void inviteChanged()
    {
        final InviteChangedEncoder encoder = new InviteChangedEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(4).change(EntityChange.DELETED).guildId(GUILD_ID).channelId(CHANNEL_ID).inviterId(USER_ID)
            .inviterBot(BooleanType.TRUE).createdAtMs(1_700_000_000_000L).maxAgeSeconds(86_400).maxUses(5).uses(2);
        final InviteChangedEncoder.SessionsEncoder sessions = encoder.sessionsCount(2);
        sessions.next().sessionId(11);
        sessions.next().sessionId(12);
        encoder.code("AbCd1234").inviterName("inviter é✓");

        readHeader(InviteChangedDecoder.TEMPLATE_ID, InviteChangedDecoder.BLOCK_LENGTH);
        final InviteChangedDecoder decoder = new InviteChangedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(4, decoder.edgeId());
        assertEquals(EntityChange.DELETED, decoder.change());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(USER_ID, decoder.inviterId());
        assertEquals(BooleanType.TRUE, decoder.inviterBot());
        assertEquals(1_700_000_000_000L, decoder.createdAtMs());
        assertEquals(86_400, decoder.maxAgeSeconds());
        assertEquals(5, decoder.maxUses());
        assertEquals(2, decoder.uses());
        final InviteChangedDecoder.SessionsDecoder readSessions = decoder.sessions();
        assertEquals(2, readSessions.count());
        assertEquals(11, readSessions.next().sessionId());
        assertEquals(12, readSessions.next().sessionId());
        assertEquals("AbCd1234", decoder.code());
        assertEquals("inviter é✓", decoder.inviterName());
        assertEquals(encoder.encodedLength(), decoder.encodedLength());
    }
}
