package io.concord.server;

import io.concord.codecs.BooleanType;
import io.concord.codecs.CreateMessageEncoder;
import io.concord.codecs.HistoryDirection;
import io.concord.codecs.HistoryRequestEncoder;
import io.concord.codecs.HistoryResponseDecoder;
import io.concord.codecs.MessageCreatedDecoder;
import io.concord.codecs.MessageHeaderDecoder;
import io.concord.codecs.ReplyStatus;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every role in one JVM, as {@code concord serve} runs them, exercised across its real boundaries: a second edge
 * link (as a REST edge would) registers a user and creates a guild through the core; a real WebSocket client
 * identifies with a signed token and gets READY and GUILD_CREATE; a message created through the core is durable in
 * the LSM store, reaches the WebSocket as MESSAGE_CREATE, and comes back in history through the data service.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChatEndToEndTest
{
    private static final int TEST_EDGE_ID = 9;

    @RegisterExtension
    final EmbeddedServerExtension server = new EmbeddedServerExtension();

    @Test
    void registeredUserIdentifiesSeesItsGuildAndReceivesAMessageThatIsThenInHistory() throws Exception
    {
        final TestCoreLink link = server.closeAfterTest(new TestCoreLink(server.server(), TEST_EDGE_ID));
        final TestCoreLink.Account account = link.register("e2e-bot");
        final long userId = account.userId();
        final long textChannelId = link.createGuild(userId, "End to End")[1];
        assertTrue(textChannelId != 0, "a new guild has a general text channel");

        final String token = server.token(userId, account.generation());
        try (GatewayFrameClient frames = GatewayFrameClient.identify(server.httpAddress(), token,
            (1 << 0) | (1 << 9) | (1 << 15), ""))
        {
            final String ready = frames.await("\"t\":\"READY\"");
            assertTrue(ready.contains(Long.toString(userId)), ready);
            final String guildCreate = frames.await("\"t\":\"GUILD_CREATE\"");
            assertTrue(guildCreate.contains("End to End"), guildCreate);
            assertTrue(guildCreate.contains(Long.toString(textChannelId)), guildCreate);

            final long createId = link.nextCorrelationId();
            final CreateMessageEncoder create = new CreateMessageEncoder()
                .wrapAndApplyHeader(link.frame(), 0, link.headerEncoder())
                .edgeId(link.edgeId()).correlationId(createId).userId(userId).channelId(textChannelId)
                .referencedMessageId(0).enforceNonce(BooleanType.FALSE).nonce("n-1").content("hello, concord");
            final DirectBuffer created = link.request(createId, create.encodedLength());
            final MessageCreatedDecoder createdReply = new MessageCreatedDecoder()
                .wrapAndApplyHeader(created, 0, new MessageHeaderDecoder().wrap(created, 0));
            final long messageId = createdReply.messageId();

            final String dispatch = frames.await("\"t\":\"MESSAGE_CREATE\"");
            assertTrue(dispatch.contains("hello, concord"), dispatch);
            assertTrue(dispatch.contains(Long.toString(messageId)), dispatch);

            final long historyId = link.nextCorrelationId();
            final HistoryRequestEncoder history = new HistoryRequestEncoder()
                .wrapAndApplyHeader(link.frame(), 0, link.headerEncoder())
                .edgeId(link.edgeId()).correlationId(historyId).userId(userId).channelId(textChannelId)
                .direction(HistoryDirection.LATEST).anchorId(0).pageSize((short)50);
            final DirectBuffer page = link.request(historyId, history.encodedLength());
            final HistoryResponseDecoder response = new HistoryResponseDecoder()
                .wrapAndApplyHeader(page, 0, new MessageHeaderDecoder().wrap(page, 0));
            assertEquals(ReplyStatus.OK, response.status());
            response.guildId();
            response.channelId();
            final HistoryResponseDecoder.MessagesDecoder messages = response.messages();
            assertEquals(1, messages.count());
            messages.next();
            assertEquals(messageId, messages.messageId());
            assertEquals(userId, messages.authorId());
            messages.editedTimestampMs();
            messages.referencedMessageId();
            messages.flags();
            assertEquals("e2e-bot", messages.authorName());
            assertEquals("hello, concord", messages.content());
        }
    }
}
