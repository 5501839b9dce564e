package io.concord.edge.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded client payload: {@code op} and {@code d} as a small tree (maps, lists, strings, longs, doubles, booleans,
 * null). Client payloads are at most 4096 bytes and arrive a few times a minute per session, so a tree is fine here;
 * the fan-out path never parses JSON. Created per payload on the connection's event loop.
 */
public final class ClientPayload
{
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final int MAX_DEPTH = 16;

    private final int op;
    private final Object d;

    private ClientPayload(final int op, final Object d)
    {
        this.op = op;
        this.d = d;
    }

    /**
     * Thrown for a payload that is not a JSON object with an integer {@code op}: close 4002.
     */
    public static final class DecodeException extends Exception
    {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong, sent as the close reason.
         */
        public DecodeException(final String message)
        {
            super(message, null, false, false);
        }
    }

    /**
     * @param json UTF-8 JSON text, read from reader index to writer index (not consumed).
     * @return the payload.
     * @throws DecodeException when it is not valid JSON or has no integer {@code op}.
     */
    public static ClientPayload decode(final ByteBuf json) throws DecodeException
    {
        final Map<String, Object> envelope = tree(ByteBufUtil.getBytes(json));
        final Object op = envelope.get("op");
        if (!(op instanceof Long) || (Long)op < 0 || (Long)op > Integer.MAX_VALUE)
        {
            throw new DecodeException("payload needs an integer \"op\"");
        }
        return new ClientPayload((int)(long)(Long)op, envelope.get("d"));
    }

    /**
     * @param bytes UTF-8 JSON text of one object.
     * @return the object as a tree.
     * @throws DecodeException when it is not one valid JSON object.
     */
    @SuppressWarnings("unchecked") // readObject always returns a Map<String, Object>.
    static Map<String, Object> tree(final byte[] bytes) throws DecodeException
    {
        try (JsonParser parser = JSON_FACTORY.createParser(bytes))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new DecodeException("payload must be a JSON object");
            }
            final Object tree = readObject(parser, 0);
            if (null != parser.nextToken())
            {
                throw new DecodeException("trailing data after the payload");
            }
            return (Map<String, Object>)tree;
        }
        catch (final JsonProcessingException ex)
        {
            throw new DecodeException("invalid JSON: " + ex.getOriginalMessage());
        }
        catch (final IOException ex)
        {
            throw new DecodeException("unreadable payload: " + ex.getMessage());
        }
    }

    public int op()
    {
        return op;
    }

    /**
     * @return {@code d}: a Map, List, String, Long, Double, Boolean or null.
     */
    public Object d()
    {
        return d;
    }

    /**
     * @return {@code d} as an object, or null when it is not one.
     */
    @SuppressWarnings("unchecked") // the tree only ever holds Map<String, Object> for objects.
    public Map<String, Object> dObject()
    {
        return d instanceof Map ? (Map<String, Object>)d : null;
    }

    private static Object readValue(final JsonParser parser, final JsonToken token, final int depth)
        throws IOException, DecodeException
    {
        switch (token)
        {
            case START_OBJECT:
                return readObject(parser, depth + 1);
            case START_ARRAY:
                return readArray(parser, depth + 1);
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
                {
                    return parser.getDoubleValue();
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new DecodeException("unexpected JSON token " + token);
        }
    }

    private static Object readObject(final JsonParser parser, final int depth) throws IOException, DecodeException
    {
        if (depth > MAX_DEPTH)
        {
            throw new DecodeException("payload nested too deeply");
        }
        final Map<String, Object> object = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            object.put(name, readValue(parser, parser.nextToken(), depth));
        }
        if (token != JsonToken.END_OBJECT)
        {
            throw new DecodeException("unterminated JSON object");
        }
        return object;
    }

    private static Object readArray(final JsonParser parser, final int depth) throws IOException, DecodeException
    {
        if (depth > MAX_DEPTH)
        {
            throw new DecodeException("payload nested too deeply");
        }
        final List<Object> array = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            if (null == token)
            {
                throw new DecodeException("unterminated JSON array");
            }
            array.add(readValue(parser, token, depth));
        }
        return array;
    }
}
