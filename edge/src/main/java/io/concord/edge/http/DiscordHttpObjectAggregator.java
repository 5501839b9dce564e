package io.concord.edge.http;

import io.concord.edge.rest.DiscordError;
import io.concord.edge.rest.RestResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's bounded aggregation, but an oversized request gets Discord's 413 body
 * ({@code {"message": "Request entity too large", "code": 40005}}) instead of an empty one. The connection is
 * closed after the answer: the rest of the oversized body is never read. One instance per connection.
 */
public final class DiscordHttpObjectAggregator extends HttpObjectAggregator
{
    /**
     * @param maxContentLength largest body accepted, in bytes.
     */
    public DiscordHttpObjectAggregator(final int maxContentLength)
    {
        super(maxContentLength, true);
    }

    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
    {
        final FullHttpResponse response = RestResponses.error(ctx.alloc(), DiscordError.REQUEST_ENTITY_TOO_LARGE);
        response.headers()
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
            .set(HttpHeaderNames.VIA, RestResponses.VIA);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
