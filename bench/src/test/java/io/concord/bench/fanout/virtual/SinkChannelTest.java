package io.concord.bench.fanout.virtual;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SinkChannelTest
{
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = (EventLoop)group.next();

    @AfterEach
    void tearDown()
    {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void countsDeliveriesAndFlagsARepeatedSequenceAndAShrinkingMessageId() throws Exception
    {
        final long[] result = onLoop(() ->
        {
            final LoopProbe probe = new LoopProbe();
            final SinkChannel sink = new SinkChannel(probe, true);
            loop.register(sink);
            probe.arm(1, 4);
            dispatch(sink, 1, 100);
            dispatch(sink, 2, 200);
            dispatch(sink, 2, 300);
            dispatch(sink, 3, 250);
            return new long[]{
                probe.deliveries(), probe.errors(), probe.completed(), sink.delivered(), sink.lastSeq() };
        });

        assertEquals(4, result[0]);
        assertEquals(2, result[1]);
        assertEquals(4, result[2]);
        assertEquals(4, result[3]);
        assertEquals(3, result[4]);
    }

    @Test
    void framesBeforeArmingAreNotDeliveriesAndAFrameWithoutTailIsNotADispatch() throws Exception
    {
        final long[] result = onLoop(() ->
        {
            final LoopProbe probe = new LoopProbe();
            final SinkChannel sink = new SinkChannel(probe, false);
            loop.register(sink);
            dispatch(sink, 1, 1);
            probe.arm(1, 1);
            sink.writeAndFlush(frame("{\"op\":11,\"d\":null}"));
            dispatch(sink, 2, 2);
            return new long[]{ probe.deliveries(), probe.errors(), sink.frames() };
        });

        assertEquals(1, result[0]);
        assertEquals(0, result[1]);
        assertEquals(3, result[2]);
    }

    private static void dispatch(final SinkChannel sink, final long seq, final long messageId)
    {
        sink.write(frameHeader("{\"op\":0,\"s\":" + seq, 40));
        sink.writeAndFlush(Unpooled.copiedBuffer(
            ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"" + messageId + "\"}}", StandardCharsets.US_ASCII));
    }

    private static ByteBuf frame(final String payload)
    {
        final ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x81).writeByte(payload.length());
        buf.writeCharSequence(payload, StandardCharsets.US_ASCII);
        return buf;
    }

    private static ByteBuf frameHeader(final String envelope, final int tailLength)
    {
        final ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0x81).writeByte(envelope.length() + tailLength);
        buf.writeCharSequence(envelope, StandardCharsets.US_ASCII);
        return buf;
    }

    private long[] onLoop(final Supplier<long[]> task) throws Exception
    {
        final CompletableFuture<long[]> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(task.get()));
        return result.get(10, TimeUnit.SECONDS);
    }
}
