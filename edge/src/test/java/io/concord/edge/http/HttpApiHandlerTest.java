package io.concord.edge.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class HttpApiHandlerTest
{
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpApiHandler());

    @AfterEach
    void close()
    {
        assertFalse(channel.finish(), "no unread outbound messages left behind");
    }

    @Test
    void gatewayAnswersWithTheWebSocketUrlOfTheHostAsked()
    {
        final Reply reply = exchange(HttpMethod.GET, "/api/v10/gateway");
        assertEquals(HttpResponseStatus.OK, reply.status());
        assertEquals("application/json", reply.contentType());
        assertEquals("{\"url\":\"ws://127.0.0.1:8080/gateway\"}", reply.body());
    }

    @Test
    void versionNineAndTrailingSlashAndQueryAreAccepted()
    {
        assertEquals(HttpResponseStatus.OK, exchange(HttpMethod.GET, "/api/v9/gateway/?x=1").status());
    }

    @Test
    void unknownRouteIsDiscordShaped404()
    {
        final Reply reply = exchange(HttpMethod.GET, "/api/v10/nowhere");
        assertEquals(HttpResponseStatus.NOT_FOUND, reply.status());
        assertEquals("{\"message\":\"404: Not Found\",\"code\":0}", reply.body());
        assertEquals(HttpResponseStatus.NOT_FOUND, exchange(HttpMethod.GET, "/api/v100/gateway").status());
    }

    @Test
    void wrongMethodIsDiscordShaped405()
    {
        final Reply reply = exchange(HttpMethod.DELETE, "/api/v10/gateway");
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, reply.status());
        assertEquals("{\"message\":\"405: Method Not Allowed\",\"code\":0}", reply.body());
    }

    @Test
    void routeStripsPrefixAndQuery()
    {
        assertEquals("/gateway", HttpApiHandler.route("/api/v10/gateway?v=10"));
        assertEquals("/", HttpApiHandler.route("/api/v10/"));
        assertNull(HttpApiHandler.route("/api/v10gateway"));
        assertNull(HttpApiHandler.route("/gateway"));
    }

    private Reply exchange(final HttpMethod method, final String uri)
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8080");
        channel.writeInbound(request);
        final FullHttpResponse response = channel.readOutbound();
        try
        {
            return new Reply(
                response.status(),
                response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                response.content().toString(StandardCharsets.UTF_8));
        }
        finally
        {
            response.release();
        }
    }

    private record Reply(HttpResponseStatus status, String contentType, String body)
    {
    }
}
