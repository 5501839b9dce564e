package io.concord.edge.gateway;

import io.netty.buffer.ByteBuf;

import static io.concord.edge.gateway.GatewayJson.ascii;

/**
 * Server-to-client WebSocket frames written as raw bytes below the WebSocket encoder (server frames are unmasked),
 * so one dispatch leaves as [frame header + per-session envelope] followed by the shared tail, in one gathering write:
 * <pre>
 *   0x81 len[,ext len]  {"op":0,"s":42   ,"t":"MESSAGE_CREATE","d":{...}}
 *   |---- per-session header buffer ---| |-------- shared tail ----------|
 * </pre>
 * Stateless; any thread may call it.
 */
public final class GatewayFrames
{
    static final int OPCODE_TEXT = 0x1;
    static final int OPCODE_BINARY = 0x2;

    private static final int FIN = 0x80;
    private static final byte[] DISPATCH_PREFIX = ascii("{\"op\":0,\"s\":");
    private static final byte[] HEARTBEAT_ACK = ascii("{\"op\":11,\"d\":null}");
    private static final byte[] RECONNECT = ascii("{\"op\":7,\"d\":null}");
    private static final byte[] INVALID_SESSION_FALSE = ascii("{\"op\":9,\"d\":false}");
    private static final byte[] INVALID_SESSION_TRUE = ascii("{\"op\":9,\"d\":true}");
    private static final byte[] HELLO_PREFIX = ascii("{\"op\":10,\"d\":{\"heartbeat_interval\":");
    private static final byte[] HELLO_SUFFIX = ascii("},\"s\":null,\"t\":null}");

    private GatewayFrames()
    {
    }

    /**
     * @param payloadLength payload bytes of the frame.
     * @return bytes of the WebSocket frame header for an unmasked server frame.
     */
    public static int frameHeaderLength(final long payloadLength)
    {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /**
     * Writes an unmasked final-frame header.
     *
     * @param buf           destination.
     * @param opcode        {@link #OPCODE_TEXT} or {@link #OPCODE_BINARY}.
     * @param payloadLength payload bytes that follow.
     */
    public static void frameHeader(final ByteBuf buf, final int opcode, final long payloadLength)
    {
        buf.writeByte(FIN | opcode);
        if (payloadLength < 126)
        {
            buf.writeByte((int)payloadLength);
        }
        else if (payloadLength <= 0xFFFF)
        {
            buf.writeByte(126);
            buf.writeShort((int)payloadLength);
        }
        else
        {
            buf.writeByte(127);
            buf.writeLong(payloadLength);
        }
    }

    /**
     * @param seq the session's sequence number for this dispatch.
     * @return bytes of {@code {"op":0,"s":seq}}, the per-session envelope before the tail.
     */
    public static int dispatchPrefixLength(final long seq)
    {
        return DISPATCH_PREFIX.length + GatewayJson.digits(seq);
    }

    /**
     * Writes the per-session envelope {@code {"op":0,"s":seq} (without frame header).
     *
     * @param buf destination.
     * @param seq sequence number.
     */
    public static void dispatchPrefix(final ByteBuf buf, final long seq)
    {
        buf.writeBytes(DISPATCH_PREFIX);
        GatewayJson.number(buf, seq);
    }

    /**
     * @param heartbeatIntervalMs the interval to announce.
     * @return Hello payload (no frame header).
     */
    public static byte[] helloPayload(final long heartbeatIntervalMs)
    {
        final byte[] interval = ascii(Long.toString(heartbeatIntervalMs));
        final byte[] payload = new byte[HELLO_PREFIX.length + interval.length + HELLO_SUFFIX.length];
        System.arraycopy(HELLO_PREFIX, 0, payload, 0, HELLO_PREFIX.length);
        System.arraycopy(interval, 0, payload, HELLO_PREFIX.length, interval.length);
        System.arraycopy(HELLO_SUFFIX, 0, payload, HELLO_PREFIX.length + interval.length, HELLO_SUFFIX.length);
        return payload;
    }

    /**
     * @return Heartbeat ACK payload {@code {"op":11,"d":null}}.
     */
    public static byte[] heartbeatAckPayload()
    {
        return HEARTBEAT_ACK;
    }

    /**
     * @return Reconnect payload {@code {"op":7,"d":null}}.
     */
    public static byte[] reconnectPayload()
    {
        return RECONNECT;
    }

    /**
     * @param resumable the {@code d} of op 9.
     * @return Invalid Session payload.
     */
    public static byte[] invalidSessionPayload(final boolean resumable)
    {
        return resumable ? INVALID_SESSION_TRUE : INVALID_SESSION_FALSE;
    }
}
