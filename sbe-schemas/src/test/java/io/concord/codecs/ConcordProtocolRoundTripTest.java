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
        new TypingStartedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .edgeId(1).guildId(GUILD_ID).channelId(CHANNEL_ID).userId(USER_ID).timestampMs(1_700_000_000_003L);

        readHeader(TypingStartedDecoder.TEMPLATE_ID, TypingStartedDecoder.BLOCK_LENGTH);
        final TypingStartedDecoder decoder = new TypingStartedDecoder()
            .wrapAndApplyHeader(buffer, OFFSET, headerDecoder);
        assertEquals(1, decoder.edgeId());
        assertEquals(GUILD_ID, decoder.guildId());
        assertEquals(CHANNEL_ID, decoder.channelId());
        assertEquals(USER_ID, decoder.userId());
        assertEquals(1_700_000_000_003L, decoder.timestampMs());
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
}
