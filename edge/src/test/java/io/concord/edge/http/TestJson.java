package io.concord.edge.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses response bodies in tests into maps, lists, strings, longs, doubles, booleans and nulls.
 */
final class TestJson
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private TestJson()
    {
    }

    static Object parse(final String text)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            return read(parser, parser.nextToken());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked") // test helper: the caller knows the shape it asked for
    static Map<String, Object> object(final String text)
    {
        return (Map<String, Object>)parse(text);
    }

    @SuppressWarnings("unchecked") // test helper: the caller knows the shape it asked for
    static List<Object> array(final String text)
    {
        return (List<Object>)parse(text);
    }

    @SuppressWarnings("unchecked") // test helper: the caller knows the shape it asked for
    static Map<String, Object> at(final Object node, final Object... path)
    {
        Object current = node;
        for (final Object step : path)
        {
            current = step instanceof Integer ? ((List<Object>)current).get((Integer)step) :
                ((Map<String, Object>)current).get((String)step);
        }
        return (Map<String, Object>)current;
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }
}
