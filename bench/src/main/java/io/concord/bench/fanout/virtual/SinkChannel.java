package io.concord.bench.fanout.virtual;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A virtual session's "socket": a Netty channel registered on the edge's own event loop, so the gateway's writes run
 * the real pipeline and outbound buffer (water marks included) exactly as on a socket, and flush hands the buffers
 * here instead of to {@code writev}. It counts bytes and frames, checks that dispatch sequence numbers ({@code "s"})
 * follow each other without gap or repeat, optionally that message ids only grow, and tells its loop's
 * {@link LoopProbe} when a dispatch frame was fully written.
 * <p>
 * Used only by the event loop it is registered on.
 */
final class SinkChannel extends AbstractChannel
{
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);
    private static final byte[] DISPATCH_PREFIX = "{\"op\":0,\"s\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_FIELD = "\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int FIN_TEXT = 0x81;

    private final DefaultChannelConfig config = new DefaultChannelConfig(this);
    private final LoopProbe probe;
    private final boolean verifyMessageIds;
    private boolean open = true;
    private boolean tailExpected;
    private long bytes;
    private long frames;
    private long lastSeq;
    private long lastMessageId;
    private long delivered;

    /**
     * @param probe            the probe of the loop this channel will be registered on.
     * @param verifyMessageIds whether to read each dispatch's message id and check it grows (costs a short scan of
     *                         the shared tail per recipient; off when timing).
     */
    SinkChannel(final LoopProbe probe, final boolean verifyMessageIds)
    {
        super(null);
        this.probe = probe;
        this.verifyMessageIds = verifyMessageIds;
    }

    protected void doWrite(final ChannelOutboundBuffer in)
    {
        Object msg;
        while (null != (msg = in.current()))
        {
            if (msg instanceof ByteBuf)
            {
                onBuffer((ByteBuf)msg);
            }
            in.remove();
        }
    }

    /**
     * A dispatch leaves as two buffers, [frame header + {@code {"op":0,"s":N}] then the shared tail; other frames
     * (Hello, heartbeat ACK) as one buffer.
     */
    private void onBuffer(final ByteBuf buf)
    {
        final int start = buf.readerIndex();
        final int length = buf.readableBytes();
        bytes += length;
        if (tailExpected)
        {
            tailExpected = false;
            if (probe.isArmed())
            {
                delivered++;
                if (verifyMessageIds)
                {
                    checkMessageId(buf, start, start + length);
                }
                probe.onDelivery();
            }
            return;
        }
        if (length < 2 || (buf.getByte(start) & 0xFF) != FIN_TEXT)
        {
            return;
        }
        frames++;
        if (length > LoopProbe.HEADER_SCRATCH_BYTES)
        {
            // Hello, READY, GUILD_CREATE: whole frames, not a dispatch header followed by a tail.
            return;
        }
        // One bounds-checked copy instead of a checked getByte per header byte: the sink's own cost is not edge work.
        final byte[] header = probe.headerScratch();
        buf.getBytes(start, header, 0, length);
        final int lengthCode = header[1] & 0x7F;
        final int payloadStart = lengthCode < 126 ? 2 : 126 == lengthCode ? 4 : 10;
        if (!startsWith(header, payloadStart, length, DISPATCH_PREFIX))
        {
            return;
        }
        long seq = 0;
        int i = payloadStart + DISPATCH_PREFIX.length;
        for (; i < length; i++)
        {
            final int digit = header[i] - '0';
            if (digit < 0 || digit > 9)
            {
                break;
            }
            seq = seq * 10 + digit;
        }
        if (seq != lastSeq + 1)
        {
            probe.onError();
        }
        lastSeq = seq;
        tailExpected = i == length;
    }

    private void checkMessageId(final ByteBuf tail, final int start, final int end)
    {
        for (int i = start, last = end - ID_FIELD.length; i <= last; i++)
        {
            if (startsWith(tail, i, end, ID_FIELD))
            {
                long id = 0;
                for (int j = i + ID_FIELD.length; j < end; j++)
                {
                    final int digit = tail.getByte(j) - '0';
                    if (digit < 0 || digit > 9)
                    {
                        break;
                    }
                    id = id * 10 + digit;
                }
                if (id <= lastMessageId)
                {
                    probe.onError();
                }
                lastMessageId = id;
                return;
            }
        }
        probe.onError();
    }

    private static boolean startsWith(final byte[] bytes, final int index, final int end, final byte[] prefix)
    {
        if (end - index < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (bytes[index + i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(final ByteBuf buf, final int index, final int end, final byte[] prefix)
    {
        if (end - index < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buf.getByte(index + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return bytes written to this channel.
     */
    long bytes()
    {
        return bytes;
    }

    /**
     * @return WebSocket frames written to this channel (Hello, READY and GUILD_CREATE included).
     */
    long frames()
    {
        return frames;
    }

    /**
     * @return dispatches delivered since the probe was armed.
     */
    long delivered()
    {
        return delivered;
    }

    /**
     * @return the last sequence number written.
     */
    long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return the last message id seen (only when verifying message ids).
     */
    long lastMessageId()
    {
        return lastMessageId;
    }

    public ChannelConfig config()
    {
        return config;
    }

    public boolean isOpen()
    {
        return open;
    }

    public boolean isActive()
    {
        return open;
    }

    public ChannelMetadata metadata()
    {
        return METADATA;
    }

    protected AbstractUnsafe newUnsafe()
    {
        return new SinkUnsafe();
    }

    protected boolean isCompatible(final EventLoop loop)
    {
        return true;
    }

    protected SocketAddress localAddress0()
    {
        return null;
    }

    protected SocketAddress remoteAddress0()
    {
        return null;
    }

    protected void doBind(final SocketAddress localAddress)
    {
        throw new UnsupportedOperationException("a virtual session sink does not bind");
    }

    protected void doDisconnect()
    {
        open = false;
    }

    protected void doClose()
    {
        open = false;
    }

    protected void doBeginRead()
    {
    }

    private final class SinkUnsafe extends AbstractUnsafe
    {
        public void connect(
            final SocketAddress remoteAddress, final SocketAddress localAddress, final ChannelPromise promise)
        {
            promise.setFailure(new UnsupportedOperationException("a virtual session sink does not connect"));
        }
    }
}
