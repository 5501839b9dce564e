package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.zip.Deflater;

/**
 * Discord's {@code compress=zlib-stream}: one zlib context for the whole connection, every payload deflated with
 * {@code Z_SYNC_FLUSH} (so it ends with {@code 00 00 FF FF}) and sent as one binary frame. The compressed stream is
 * per connection, so a compressed session cannot share the fan-out tail bytes: it pays one deflate per dispatch
 * (the same trade Discord makes). Scratch arrays are reused. Owned by the connection's event loop.
 */
final class ZlibStreamDeflater implements AutoCloseable
{
    private static final byte[] DISPATCH_PREFIX = GatewayJson.ascii("{\"op\":0,\"s\":");

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, false);
    private byte[] input = new byte[1024];
    private byte[] output = new byte[1024];
    private boolean closed;

    /**
     * @param alloc allocator for the frame.
     * @param seq   the session's sequence number.
     * @param tail  shared tail (not consumed).
     * @return a complete binary frame.
     */
    ByteBuf deflateDispatch(final ByteBufAllocator alloc, final long seq, final ByteBuf tail)
    {
        final int tailLength = tail.readableBytes();
        final int digits = GatewayJson.digits(seq);
        final int length = DISPATCH_PREFIX.length + digits + tailLength;
        ensureInput(length);
        System.arraycopy(DISPATCH_PREFIX, 0, input, 0, DISPATCH_PREFIX.length);
        long remaining = seq;
        for (int i = DISPATCH_PREFIX.length + digits - 1; i >= DISPATCH_PREFIX.length; i--)
        {
            input[i] = (byte)('0' + remaining % 10);
            remaining /= 10;
        }
        tail.getBytes(tail.readerIndex(), input, DISPATCH_PREFIX.length + digits, tailLength);
        return deflate(alloc, length);
    }

    /**
     * @param alloc   allocator for the frame.
     * @param payload a complete JSON payload.
     * @return a complete binary frame.
     */
    ByteBuf deflatePayload(final ByteBufAllocator alloc, final byte[] payload)
    {
        ensureInput(payload.length);
        System.arraycopy(payload, 0, input, 0, payload.length);
        return deflate(alloc, payload.length);
    }

    public void close()
    {
        if (!closed)
        {
            closed = true;
            deflater.end();
        }
    }

    private ByteBuf deflate(final ByteBufAllocator alloc, final int length)
    {
        if (closed)
        {
            throw new IllegalStateException("zlib-stream context already closed");
        }
        deflater.setInput(input, 0, length);
        int outputLength = 0;
        while (true)
        {
            outputLength += deflater.deflate(output, outputLength, output.length - outputLength, Deflater.SYNC_FLUSH);
            if (outputLength < output.length)
            {
                break;
            }
            final byte[] grown = new byte[output.length * 2];
            System.arraycopy(output, 0, grown, 0, outputLength);
            output = grown;
        }
        final ByteBuf frame = alloc.directBuffer(GatewayFrames.frameHeaderLength(outputLength) + outputLength);
        GatewayFrames.frameHeader(frame, GatewayFrames.OPCODE_BINARY, outputLength);
        frame.writeBytes(output, 0, outputLength);
        return frame;
    }

    private void ensureInput(final int length)
    {
        if (input.length < length)
        {
            input = new byte[Math.max(length, input.length * 2)];
        }
    }
}
