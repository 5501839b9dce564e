package io.concord.bench.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * An in-memory stand-in for a socket: every write goes through Netty's pipeline and outbound buffer as on a real
 * channel, and the "socket" accepts all bytes at flush, releasing the buffers (no syscall). Counts the bytes so the
 * benchmark can check that something was really written.
 */
final class NullSocketChannel extends EmbeddedChannel
{
    private long bytesWritten;

    protected void doWrite(final ChannelOutboundBuffer in)
    {
        Object msg;
        while (null != (msg = in.current()))
        {
            if (msg instanceof ByteBuf)
            {
                bytesWritten += ((ByteBuf)msg).readableBytes();
            }
            in.remove();
        }
    }

    long bytesWritten()
    {
        return bytesWritten;
    }
}
