package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Drives a {@link GatewayHandler} in an {@link EmbeddedChannel}: sends client payloads as text frames and decodes
 * what the handler writes (raw frames below the WebSocket encoder, and close frames).
 */
final class EmbeddedGatewayClient
{
    final EmbeddedChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Inflater inflater = new Inflater();
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    private int closeCode = -1;
    private String closeReason;

    EmbeddedGatewayClient(final Gateway gateway, final boolean zlibStream)
    {
        final GatewayLoop loop = gateway.loopFor(null);
        channel = new EmbeddedChannel();
        channel.pipeline().addLast("gateway", new GatewayHandler(loop, "ws://127.0.0.1/gateway", zlibStream));
    }

    EmbeddedGatewayClient(final Gateway gateway)
    {
        this(gateway, false);
    }

    void send(final String json)
    {
        channel.writeInbound(new TextWebSocketFrame(json));
        channel.runPendingTasks();
    }

    void sendBytes(final byte[] payload)
    {
        channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        channel.runPendingTasks();
    }

    void sendClose(final int code)
    {
        channel.writeInbound(new CloseWebSocketFrame(code, "bye"));
        channel.runPendingTasks();
    }

    /**
     * @return every payload written since the last call, in order.
     */
    List<ServerPayload> drain()
    {
        channel.runPendingTasks();
        final List<ServerPayload> payloads = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null)
        {
            if (msg instanceof CloseWebSocketFrame)
            {
                final CloseWebSocketFrame close = (CloseWebSocketFrame)msg;
                closeCode = close.statusCode();
                closeReason = close.reasonText();
                close.release();
                continue;
            }
            if (msg instanceof ByteBuf)
            {
                final ByteBuf buf = (ByteBuf)msg;
                final byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                pending.writeBytes(bytes);
                parseFrames(payloads);
            }
            else
            {
                ReferenceCountUtil.release(msg);
            }
        }
        return payloads;
    }

    ServerPayload next()
    {
        final List<ServerPayload> payloads = drain();
        if (payloads.size() != 1)
        {
            throw new AssertionError("expected one payload, got " + payloads);
        }
        return payloads.get(0);
    }

    int closeCode()
    {
        drain();
        return closeCode;
    }

    String closeReason()
    {
        return closeReason;
    }

    private void parseFrames(final List<ServerPayload> payloads)
    {
        final byte[] bytes = pending.toByteArray();
        int offset = 0;
        while (bytes.length - offset >= 2)
        {
            final int opcode = bytes[offset] & 0x0F;
            int length = bytes[offset + 1] & 0x7F;
            int headerLength = 2;
            if (126 == length)
            {
                if (bytes.length - offset < 4)
                {
                    break;
                }
                length = ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
                headerLength = 4;
            }
            else if (127 == length)
            {
                if (bytes.length - offset < 10)
                {
                    break;
                }
                length = (int)Unpooled.wrappedBuffer(bytes, offset + 2, 8).readLong();
                headerLength = 10;
            }
            if (bytes.length - offset < headerLength + length)
            {
                break;
            }
            final byte[] payload = new byte[length];
            System.arraycopy(bytes, offset + headerLength, payload, 0, length);
            offset += headerLength + length;
            if (GatewayFrames.OPCODE_BINARY == opcode)
            {
                payloads.add(new ServerPayload(inflate(payload)));
            }
            else
            {
                payloads.add(new ServerPayload(new String(payload, StandardCharsets.UTF_8)));
            }
        }
        final byte[] rest = new byte[bytes.length - offset];
        System.arraycopy(bytes, offset, rest, 0, rest.length);
        pending.reset();
        pending.writeBytes(rest);
    }

    private String inflate(final byte[] payload)
    {
        compressed.reset();
        inflater.setInput(payload);
        final byte[] out = new byte[8192];
        try
        {
            int n;
            while ((n = inflater.inflate(out)) > 0)
            {
                compressed.write(out, 0, n);
            }
        }
        catch (final DataFormatException ex)
        {
            throw new AssertionError("bad zlib-stream data", ex);
        }
        return compressed.toString(StandardCharsets.UTF_8);
    }
}
