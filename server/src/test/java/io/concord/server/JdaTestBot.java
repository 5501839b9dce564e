package io.concord.server;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

import java.util.EnumSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An unmodified JDA logged in to the embedded server as a bot (REST base URL and gateway pointed at it, no
 * compression), with every event it raises queued for the test to wait on. Read by one test thread.
 */
final class JdaTestBot implements AutoCloseable
{
    private static final long EVENT_WAIT_SECONDS = 30;

    private final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();
    private final JDA jda;

    private JdaTestBot(final String httpAddress, final String token, final EnumSet<GatewayIntent> intents)
        throws InterruptedException
    {
        jda = JDABuilder.createLight(token, intents)
            .setRestConfig(new RestConfig().setBaseUrl("http://" + httpAddress + "/api/v10/"))
            .setSessionController(new ConcurrentSessionController()
            {
                public String getGateway()
                {
                    return "ws://" + httpAddress + "/gateway";
                }
            })
            .setCompression(Compression.NONE)
            .addEventListeners((net.dv8tion.jda.api.hooks.EventListener)events::add)
            .build()
            .awaitReady();
    }

    /**
     * Logs in and waits for JDA to be ready (READY and every GUILD_CREATE).
     *
     * @param httpAddress server {@code host:port}.
     * @param token       the bot's token.
     * @param intents     gateway intents.
     * @return the logged-in bot.
     */
    static JdaTestBot login(final String httpAddress, final String token, final EnumSet<GatewayIntent> intents)
        throws InterruptedException
    {
        return new JdaTestBot(httpAddress, token, intents);
    }

    JDA jda()
    {
        return jda;
    }

    /**
     * @param type  event class.
     * @param which which event of that class.
     * @param <T>   event type.
     * @return the first matching event, skipping others.
     * @throws AssertionError when none comes in time.
     */
    <T> T await(final Class<T> type, final Predicate<T> which) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(EVENT_WAIT_SECONDS);
        while (System.nanoTime() < deadlineNs)
        {
            final GenericEvent event = events.poll(1, TimeUnit.SECONDS);
            if (type.isInstance(event) && which.test(type.cast(event)))
            {
                return type.cast(event);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + EVENT_WAIT_SECONDS + " s");
    }

    <T> T await(final Class<T> type) throws InterruptedException
    {
        return await(type, (event) -> true);
    }

    MessageReceivedEvent awaitMessage(final String messageId) throws InterruptedException
    {
        return await(MessageReceivedEvent.class, (event) -> event.getMessageId().equals(messageId));
    }

    public void close()
    {
        jda.shutdownNow();
    }
}
