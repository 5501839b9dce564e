package io.concord.edge.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request body read with Jackson's streaming parser into plain values ({@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@link #NULL}, {@code List}, {@code Map}), plus typed accessors that validate
 * each field and collect Discord's 50035 field errors (path to {@code [code, message]}) instead of throwing.
 * <p>
 * One instance per request, used by the event loop that owns the request.
 */
public final class JsonBody
{
    /**
     * Value of a JSON {@code null}.
     */
    public static final Object NULL = new Object()
    {
        public String toString()
        {
            return "null";
        }
    };

    /**
     * Parse outcome.
     */
    public enum Status
    {
        OK,
        /**
         * Not JSON at all: Discord's 50109.
         */
        MALFORMED,
        /**
         * JSON but not an object at the top: a 50035 with a top-level {@code _errors}.
         */
        NOT_OBJECT
    }

    private static final int MAX_DEPTH = 16;
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(64)
            .build())
        .build();

    private final Status status;
    private final Map<String, Object> fields;
    private final Map<String, String[]> errors;
    private final String prefix;

    private JsonBody(final Status status, final Map<String, Object> fields)
    {
        this(status, fields, null, "");
    }

    private JsonBody(final Status status, final Map<String, Object> fields, final JsonBody parent, final String prefix)
    {
        this.status = status;
        this.fields = fields;
        this.prefix = null == parent ? prefix : parent.prefix + prefix;
        this.errors = null == parent ? new LinkedHashMap<>() : parent.errors;
    }

    /**
     * @param fields an already-parsed object (tests, nested objects).
     * @return a body over the fields.
     */
    public static JsonBody of(final Map<String, Object> fields)
    {
        return new JsonBody(Status.OK, fields);
    }

    /**
     * Parses a request body. An empty body reads as {@code {}}: several client routes POST without one.
     *
     * @param content the body; not released.
     * @return the parsed body, whose {@link #status()} says whether it was usable.
     */
    public static JsonBody parse(final ByteBuf content)
    {
        if (!content.isReadable())
        {
            return new JsonBody(Status.OK, new LinkedHashMap<>());
        }
        try (JsonParser parser = JSON_FACTORY.createParser(
            (InputStream)new ByteBufInputStream(content.duplicate())))
        {
            final JsonToken first = parser.nextToken();
            if (null == first)
            {
                return new JsonBody(Status.MALFORMED, Map.of());
            }
            final Object value = readValue(parser, first);
            if (null != parser.nextToken())
            {
                return new JsonBody(Status.MALFORMED, Map.of());
            }
            if (!(value instanceof Map))
            {
                return new JsonBody(Status.NOT_OBJECT, Map.of());
            }
            @SuppressWarnings("unchecked") // readValue builds only Map<String, Object> for JSON objects
            final Map<String, Object> object = (Map<String, Object>)value;
            return new JsonBody(Status.OK, object);
        }
        catch (final IOException | RuntimeException malformed)
        {
            return new JsonBody(Status.MALFORMED, Map.of());
        }
    }

    private static Object readValue(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    object.put(name, readValue(parser, parser.nextToken()));
                }
                if (next != JsonToken.END_OBJECT)
                {
                    throw new IOException("unterminated object");
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    if (null == next)
                    {
                        throw new IOException("unterminated array");
                    }
                    array.add(readValue(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ?
                    parser.getText() : (Object)parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IOException("unexpected token " + token);
        }
    }

    public Status status()
    {
        return status;
    }

    /**
     * @return field errors collected so far: path (dots nest) to {@code [code, message]}.
     */
    public Map<String, String[]> errors()
    {
        return errors;
    }

    /**
     * @return true when no accessor has recorded an error.
     */
    public boolean valid()
    {
        return errors.isEmpty();
    }

    /**
     * Records an error on a field.
     *
     * @param path    field path, dots nest ({@code message_reference.message_id}).
     * @param code    Discord's error code string, e.g. {@code BASE_TYPE_REQUIRED}.
     * @param message human-readable message.
     */
    public void error(final String path, final String code, final String message)
    {
        errors.putIfAbsent(prefix + path, new String[]{ code, message });
    }

    /**
     * @param field a field name.
     * @return true when the field is present (even if null).
     */
    public boolean has(final String field)
    {
        return fields.containsKey(field);
    }

    /**
     * @param field a field name.
     * @return true when the field is present and not null.
     */
    public boolean hasValue(final String field)
    {
        final Object value = fields.get(field);
        return null != value && NULL != value;
    }

    /**
     * @param field a field name.
     * @return the raw value, null when absent.
     */
    public Object raw(final String field)
    {
        return fields.get(field);
    }

    /**
     * A string field.
     *
     * @param field    name.
     * @param required whether absence (or null) is an error.
     * @param min      minimum length in UTF-16 units when present.
     * @param max      maximum length in UTF-16 units.
     * @return the value, or null when absent, null or invalid (then an error is recorded unless merely absent and
     * optional).
     */
    public String string(final String field, final boolean required, final int min, final int max)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            if (required)
            {
                error(field, "BASE_TYPE_REQUIRED", "This field is required");
            }
            return null;
        }
        if (!(value instanceof String))
        {
            error(field, "STRING_TYPE_CONVERT", "Could not interpret \"" + value + "\" as string.");
            return null;
        }
        final String text = (String)value;
        if (text.length() < min || text.length() > max)
        {
            error(field, "BASE_TYPE_BAD_LENGTH", "Must be between " + min + " and " + max + " in length.");
            return null;
        }
        return text;
    }

    /**
     * An integer field.
     *
     * @param field        name.
     * @param min          smallest allowed.
     * @param max          largest allowed.
     * @param defaultValue when absent or null.
     * @return the value, or the default (an error is recorded when present but not an integer in range).
     */
    public long integer(final String field, final long min, final long max, final long defaultValue)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            return defaultValue;
        }
        return integerValue(field, value, min, max, defaultValue);
    }

    /**
     * Validates one integer value.
     *
     * @param path         where to report errors.
     * @param value        a parsed JSON value.
     * @param min          smallest allowed.
     * @param max          largest allowed.
     * @param defaultValue returned when invalid.
     * @return the value or the default.
     */
    public long integerValue(
        final String path, final Object value, final long min, final long max, final long defaultValue)
    {
        if (!(value instanceof Long))
        {
            error(path, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not int.");
            return defaultValue;
        }
        final long number = (Long)value;
        if (number < min)
        {
            error(path, "NUMBER_TYPE_MIN", "int value should be greater than or equal to " + min + ".");
            return defaultValue;
        }
        if (number > max)
        {
            error(path, "NUMBER_TYPE_MAX", "int value should be less than or equal to " + max + ".");
            return defaultValue;
        }
        return number;
    }

    /**
     * A boolean field.
     *
     * @param field        name.
     * @param defaultValue when absent or null.
     * @return the value or the default (an error is recorded when present and not a boolean).
     */
    public boolean bool(final String field, final boolean defaultValue)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            return defaultValue;
        }
        if (!(value instanceof Boolean))
        {
            error(field, "BOOLEAN_TYPE_COERCE", "Value \"" + value + "\" is not boolean.");
            return defaultValue;
        }
        return (Boolean)value;
    }

    /**
     * A snowflake field: a decimal string (or, leniently, a JSON integer).
     *
     * @param field    name.
     * @param required whether absence (or null) is an error.
     * @return the id, or 0 when absent, null or invalid.
     */
    public long snowflake(final String field, final boolean required)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            if (required)
            {
                error(field, "BASE_TYPE_REQUIRED", "This field is required");
            }
            return 0;
        }
        return snowflakeValue(field, value);
    }

    /**
     * Validates one snowflake value.
     *
     * @param path  where to report errors.
     * @param value a parsed JSON value.
     * @return the id, or 0 when invalid (an error is recorded).
     */
    public long snowflakeValue(final String path, final Object value)
    {
        final long id = value instanceof Long ? (Long)value : value instanceof String ? parseId((String)value) : -1;
        if (id <= 0)
        {
            error(path, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not snowflake.");
            return 0;
        }
        return id;
    }

    /**
     * A permission bitset: a decimal string (or a JSON integer), as Discord serialises them.
     *
     * @param field        name.
     * @param defaultValue when absent or null.
     * @return the bits, or the default (an error is recorded when invalid).
     */
    public long permissions(final String field, final long defaultValue)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            return defaultValue;
        }
        final long bits = value instanceof Long ? (Long)value : value instanceof String ? parseId((String)value) : -1;
        if (bits < 0)
        {
            error(field, "NUMBER_TYPE_COERCE", "Value \"" + value + "\" is not a permission bitset.");
            return defaultValue;
        }
        return bits;
    }

    /**
     * An array field.
     *
     * @param field    name.
     * @param required whether absence (or null) is an error.
     * @return the elements, or null when absent, null or not an array (an error is recorded when required or not
     * an array).
     */
    public List<Object> array(final String field, final boolean required)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            if (required)
            {
                error(field, "BASE_TYPE_REQUIRED", "This field is required");
            }
            return null;
        }
        if (!(value instanceof List))
        {
            error(field, "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType");
            return null;
        }
        @SuppressWarnings("unchecked") // parse builds only List<Object> for JSON arrays
        final List<Object> list = (List<Object>)value;
        return list;
    }

    /**
     * A nested object field, as a body sharing this body's errors under {@code field.}.
     *
     * @param field name.
     * @return the nested body, or null when absent, null or not an object (an error is recorded if not an object).
     */
    public JsonBody object(final String field)
    {
        final Object value = fields.get(field);
        if (null == value || NULL == value)
        {
            return null;
        }
        if (!(value instanceof Map))
        {
            error(field, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
            return null;
        }
        @SuppressWarnings("unchecked") // parse builds only Map<String, Object> for JSON objects
        final Map<String, Object> object = (Map<String, Object>)value;
        return new JsonBody(Status.OK, object, this, field + ".");
    }

    /**
     * @param text decimal digits.
     * @return the unsigned value as a positive long, or -1 when not a valid id.
     */
    public static long parseId(final String text)
    {
        final int length = text.length();
        if (0 == length || length > 19)
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value < 0)
            {
                return -1;
            }
        }
        return value;
    }
}
