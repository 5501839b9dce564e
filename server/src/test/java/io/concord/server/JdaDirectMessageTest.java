package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JDA, unmodified, in a direct message with a user: it opens the DM (by id and through {@code User}), sends into it,
 * reads its history, and receives the user's DM message as a {@code MessageReceivedEvent} from a private channel.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JdaDirectMessageTest
{
    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private JDA jda;

    @BeforeEach
    void start() throws Exception
    {
        System.setProperty(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        System.setProperty("concord.edge.host", "127.0.0.1");
        System.setProperty("concord.edge.port", "0");
        System.setProperty("concord.edge.rest.password.iterations", "1000");
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());
    }

    @AfterEach
    void stop()
    {
        if (null != jda)
        {
            jda.shutdownNow();
        }
        server.close();
        System.clearProperty(ServerConfiguration.DATA_DIR_PROP_NAME);
        System.clearProperty("concord.edge.host");
        System.clearProperty("concord.edge.port");
        System.clearProperty("concord.edge.rest.password.iterations");
    }

    @Test
    void jdaOpensADmSendsAndReceivesTheUsersMessage() throws Exception
    {
        final RestTestClient rest = new RestTestClient(server.httpAddress());
        final String botToken = rest.register("jda-dm-bot", true).text("token");
        final RestTestClient.Response human = rest.register("dm-human", false);
        final String humanToken = human.text("token");
        final String humanId = human.text("user_id");

        final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
        jda = JDABuilder.createLight(botToken, EnumSet.of(GatewayIntent.DIRECT_MESSAGES, GatewayIntent.MESSAGE_CONTENT))
            .setRestConfig(new RestConfig().setBaseUrl(rest.base()))
            .setSessionController(new ConcurrentSessionController()
            {
                public String getGateway()
                {
                    return "ws://" + server.httpAddress() + "/gateway";
                }
            })
            .setCompression(Compression.NONE)
            .addEventListeners((net.dv8tion.jda.api.hooks.EventListener)events::add)
            .build()
            .awaitReady();

        final PrivateChannel dm = jda.openPrivateChannelById(humanId).complete();
        assertEquals(ChannelType.PRIVATE, dm.getType());
        assertEquals(humanId, dm.getUser().getId());
        assertEquals("dm-human", dm.getUser().getName());

        final User user = jda.retrieveUserById(humanId).complete();
        assertEquals(dm.getId(), user.openPrivateChannel().complete().getId(), "the same DM through User");

        final Message sent = dm.sendMessage("hello human").complete();
        assertTrue(sent.isFromType(ChannelType.PRIVATE));
        assertEquals("hello human", sent.getContentRaw());

        final String replyId = rest.call("POST", "channels/" + dm.getId() + "/messages", humanToken,
            "{\"content\":\"hello bot\"}").text("id");
        final MessageReceivedEvent received = awaitMessage(events, replyId);
        assertTrue(received.isFromType(ChannelType.PRIVATE), "a DM message event");
        assertEquals("hello bot", received.getMessage().getContentRaw());
        assertEquals("dm-human", received.getAuthor().getName());
        assertEquals(dm.getId(), received.getChannel().getId());

        final List<Message> history = dm.getHistory().retrievePast(10).complete();
        assertEquals(2, history.size());
        assertEquals(replyId, history.get(0).getId(), "newest first");
        assertEquals(sent.getId(), history.get(1).getId());
        assertTrue(history.get(1).getAuthor().isBot(), "the bot's own message says it is from a bot");
    }

    private static MessageReceivedEvent awaitMessage(final BlockingQueue<GenericEvent> events, final String id)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs)
        {
            final GenericEvent event = events.poll(1, TimeUnit.SECONDS);
            if (event instanceof MessageReceivedEvent && ((MessageReceivedEvent)event).getMessageId().equals(id))
            {
                return (MessageReceivedEvent)event;
            }
        }
        throw new AssertionError("no MessageReceivedEvent for " + id + " within 30 s");
    }
}
