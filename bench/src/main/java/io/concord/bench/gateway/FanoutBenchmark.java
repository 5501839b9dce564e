package io.concord.bench.gateway;

import io.concord.edge.EdgeConfiguration;
import io.concord.edge.gateway.Gateway;
import io.concord.edge.gateway.GatewayIntents;
import io.concord.edge.gateway.MessageEvent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.agrona.concurrent.SystemEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Edge fan-out of one MESSAGE_CREATE to N local sessions subscribed to its channel, on in-memory channels: one
 * render of the body, then per recipient the intent/shard filter over the session's dense slot, its sequence and
 * replay-window entry, the pooled per-session header, a retained duplicate of the shared tail, and Netty's outbound
 * buffer add + flush (straight to the outbound buffer: only the WebSocket encoder sits below the gateway handler).
 * Time and allocation per op divided by N are the per-recipient figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutBenchmark
{
    static final int CONTENT_BYTES = 200;

    @Param({ "1000", "10000", "100000" })
    public int sessions;

    private final Executor direct = Runnable::run;
    private final List<NullSocketChannel> channels = new ArrayList<>();
    private final MessageEvent event = new MessageEvent();
    private Gateway gateway;
    private long messageId = 1L << 40;

    @Setup(Level.Trial)
    public void setUp()
    {
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .identifyMaxConcurrency(Integer.MAX_VALUE)
            .rateLimitCommands(Integer.MAX_VALUE)
            .conclude();
        gateway = new Gateway(ctx, new BenchGatewayCore(), (token) -> 42, SystemEpochClock.INSTANCE, List.of(direct));
        final String identify = "{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":" +
            (GatewayIntents.GUILDS | GatewayIntents.GUILD_MESSAGES | GatewayIntents.MESSAGE_CONTENT) +
            ",\"properties\":{\"os\":\"linux\",\"browser\":\"bench\",\"device\":\"bench\"}}}";
        for (int i = 0; i < sessions; i++)
        {
            final NullSocketChannel channel = new NullSocketChannel();
            // The production pipeline below the gateway handler: the WebSocket encoder, which dispatch buffers pass.
            channel.pipeline().addLast(new WebSocket13FrameEncoder(false));
            channel.pipeline().addLast(gateway.newConnectionHandler(channel.eventLoop(), "ws://bench/gateway", false));
            channel.writeInbound(new TextWebSocketFrame(identify));
            channels.add(channel);
        }
        event.reset()
            .ids(BenchGatewayCore.GUILD_ID, BenchGatewayCore.CHANNEL_ID, messageId, BenchGatewayCore.AUTHOR_ID)
            .texts("author", "x".repeat(CONTENT_BYTES));
        fanout();
        final long expectedMinimum = (long)sessions * CONTENT_BYTES;
        long written = 0;
        for (final NullSocketChannel channel : channels)
        {
            written += channel.bytesWritten();
        }
        if (written < expectedMinimum)
        {
            throw new IllegalStateException("fan-out wrote " + written + " bytes, expected > " + expectedMinimum);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        gateway.shutdown(10_000);
        for (final NullSocketChannel channel : channels)
        {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * One dispatch to every session.
     *
     * @return the message id, so the work is not dead code.
     */
    @Benchmark
    public long fanout()
    {
        event.ids(BenchGatewayCore.GUILD_ID, BenchGatewayCore.CHANNEL_ID, ++messageId, BenchGatewayCore.AUTHOR_ID);
        gateway.onMessageCreated(event);
        return messageId;
    }
}
