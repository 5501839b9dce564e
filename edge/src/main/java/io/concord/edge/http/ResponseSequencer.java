package io.concord.edge.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Keeps a connection's responses in request order. REST answers arrive whenever the core replies, but HTTP/1.1
 * requires a client that pipelines requests to get the responses in the order it sent them: each request takes a
 * sequence number, and a response that is ready early waits here until every earlier one has been written.
 * <p>
 * One per connection, used only by that connection's event loop.
 */
final class ResponseSequencer
{
    private static final AttributeKey<ResponseSequencer> KEY = AttributeKey.valueOf("concord.rest.sequencer");

    private final Long2ObjectHashMap<Parked> parked = new Long2ObjectHashMap<>();
    private long nextRequest;
    private long nextToWrite;
    private boolean closing;

    private record Parked(FullHttpResponse response, boolean close)
    {
    }

    /**
     * @param ctx the connection's context.
     * @return the connection's sequencer, created on first use.
     */
    static ResponseSequencer of(final ChannelHandlerContext ctx)
    {
        ResponseSequencer sequencer = ctx.channel().attr(KEY).get();
        if (null == sequencer)
        {
            sequencer = new ResponseSequencer();
            ctx.channel().attr(KEY).set(sequencer);
        }
        return sequencer;
    }

    /**
     * @return the sequence number of the request just read.
     */
    long nextSequence()
    {
        return nextRequest++;
    }

    /**
     * Writes the response now if every earlier one is written, else parks it. A response for a sequence already
     * answered is released.
     *
     * @param ctx      the connection's context.
     * @param sequence the request's sequence number.
     * @param response the response.
     * @param close    close the connection after this response.
     */
    void complete(
        final ChannelHandlerContext ctx, final long sequence, final FullHttpResponse response, final boolean close)
    {
        if (closing || sequence < nextToWrite || parked.containsKey(sequence))
        {
            ReferenceCountUtil.release(response);
            return;
        }
        if (sequence != nextToWrite)
        {
            parked.put(sequence, new Parked(response, close));
            return;
        }
        write(ctx, response, close);
        Parked next;
        while (!closing && null != (next = parked.remove(nextToWrite)))
        {
            write(ctx, next.response(), next.close());
        }
    }

    private void write(final ChannelHandlerContext ctx, final FullHttpResponse response, final boolean close)
    {
        nextToWrite++;
        if (close)
        {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            for (final Parked later : parked.values())
            {
                ReferenceCountUtil.release(later.response());
            }
            parked.clear();
        }
        else
        {
            // A client that has gone away fails the write quietly; there is nobody left to answer.
            ctx.writeAndFlush(response);
        }
    }
}
