package io.concord.edge.gateway;

import io.concord.edge.EdgeConfiguration;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state fan-out allocates nothing per recipient: measured with the JVM's per-thread allocation counter on an
 * event-loop-like thread ({@code FastThreadLocalThread}, where Netty recycles its pooled objects), over in-memory
 * channels whose "socket" accepts and releases every write. Only per-dispatch objects remain (a few hundred bytes
 * per dispatch, whatever the number of recipients). No timing is asserted.
 */
class FanoutAllocationTest
{
    private static final int SESSIONS = 2_000;
    private static final int WARMUP_DISPATCHES = 300;
    private static final int MEASURED_DISPATCHES = 300;

    /**
     * A channel whose writes are accepted and released at flush, like a socket that never pushes back.
     */
    static final class NullSocketChannel extends EmbeddedChannel
    {
        long bytesWritten;

        protected void doWrite(final ChannelOutboundBuffer in)
        {
            Object msg;
            while (null != (msg = in.current()))
            {
                bytesWritten += ((ByteBuf)msg).readableBytes();
                in.remove();
            }
        }
    }

    @Test
    void fanoutAllocatesNothingPerRecipient() throws Exception
    {
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread thread = new FastThreadLocalThread(() ->
        {
            try
            {
                outcome.set(measureBytesPerRecipient());
            }
            catch (final Throwable ex)
            {
                outcome.set(ex);
            }
        });
        try
        {
            thread.start();
            thread.join();
        }
        finally
        {
            ResourceLeakDetector.setLevel(level);
        }
        if (outcome.get() instanceof Throwable)
        {
            throw new AssertionError("measurement failed", (Throwable)outcome.get());
        }
        final double bytesPerRecipient = (Double)outcome.get();
        assertTrue(bytesPerRecipient < 1.0, "allocated " + bytesPerRecipient + " B per recipient");
    }

    private static double measureBytesPerRecipient() throws InterruptedException
    {
        final Executor direct = Runnable::run;
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .identifyMaxConcurrency(Integer.MAX_VALUE)
            .rateLimitCommands(Integer.MAX_VALUE)
            .conclude();
        final FakeGatewayCore core = new FakeGatewayCore(direct);
        final long guild = FakeGatewayCore.snowflake(4000, 1);
        final long channelId = FakeGatewayCore.snowflake(4000, 2);
        core.addUser(1, "author", false);
        core.addUser(2, "reader", true);
        core.addGuild(guild, "alloc", 1);
        core.addChannel(guild, channelId, "general");
        core.addMember(guild, 1);
        core.addMember(guild, 2);
        final Gateway gateway = new Gateway(ctx, core, (token) -> 2, SystemEpochClock.INSTANCE, List.of(direct));
        core.edge(gateway);

        final List<NullSocketChannel> channels = new ArrayList<>();
        final String identify = GatewayHandlerTest.identify(2, GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES);
        for (int i = 0; i < SESSIONS; i++)
        {
            final NullSocketChannel channel = new NullSocketChannel();
            channel.pipeline().addLast(new WebSocket13FrameEncoder(false));
            channel.pipeline().addLast(gateway.newConnectionHandler(channel.eventLoop(), "ws://test/gateway", false));
            channel.writeInbound(new TextWebSocketFrame(identify));
            channels.add(channel);
        }

        final MessageEvent event = new MessageEvent().reset().texts("author", "x".repeat(200));
        long messageId = 1L << 40;
        for (int i = 0; i < WARMUP_DISPATCHES; i++)
        {
            gateway.onMessageCreated(event.ids(guild, channelId, ++messageId, 1));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_DISPATCHES; i++)
        {
            gateway.onMessageCreated(event.ids(guild, channelId, ++messageId, 1));
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        long written = 0;
        for (final NullSocketChannel channel : channels)
        {
            written += channel.bytesWritten;
        }
        assertTrue(written > (long)SESSIONS * (WARMUP_DISPATCHES + MEASURED_DISPATCHES) * 200,
            "every session must have been written every dispatch");
        assertEquals(SESSIONS, gateway.counters().total(GatewayCounters.SESSIONS));
        gateway.shutdown(1_000);
        for (final NullSocketChannel channel : channels)
        {
            channel.finishAndReleaseAll();
        }
        return allocated / (double)SESSIONS / MEASURED_DISPATCHES;
    }
}
