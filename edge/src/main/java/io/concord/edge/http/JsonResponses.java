package io.concord.edge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Builds JSON HTTP responses in Discord's shapes, errors included: {@code {"message": "...", "code": N}}.
 * Stateless; any event loop may call it.
 */
public final class JsonResponses
{
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /**
     * Writes one JSON document into a buffer.
     */
    @FunctionalInterface
    public interface JsonBody
    {
        /**
         * @param json generator positioned before the document.
         * @throws IOException if writing fails.
         */
        void write(JsonGenerator json) throws IOException;
    }

    private JsonResponses()
    {
    }

    /**
     * @param alloc  allocator of the connection.
     * @param status HTTP status.
     * @param body   writes the JSON document.
     * @return a complete response with content type and length set.
     */
    public static FullHttpResponse json(
        final ByteBufAllocator alloc, final HttpResponseStatus status, final JsonBody body)
    {
        final ByteBuf content = alloc.buffer();
        try (JsonGenerator json = JSON_FACTORY.createGenerator((OutputStream)new ByteBufOutputStream(content)))
        {
            body.write(json);
        }
        catch (final IOException ex)
        {
            content.release();
            throw new UncheckedIOException(ex);
        }

        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    /**
     * A Discord error body: {@code {"message": message, "code": code}}.
     *
     * @param alloc   allocator of the connection.
     * @param status  HTTP status.
     * @param code    Discord JSON error code (0 for general errors such as 404 on an unknown route).
     * @param message human-readable message.
     * @return the response.
     */
    public static FullHttpResponse error(
        final ByteBufAllocator alloc, final HttpResponseStatus status, final int code, final String message)
    {
        return json(alloc, status, (json) ->
        {
            json.writeStartObject();
            json.writeStringField("message", message);
            json.writeNumberField("code", code);
            json.writeEndObject();
        });
    }
}
