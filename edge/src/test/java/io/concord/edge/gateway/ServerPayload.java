package io.concord.edge.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A payload the server sent, parsed for assertions.
 */
final class ServerPayload
{
    final String json;
    final Map<String, Object> tree;

    ServerPayload(final String json)
    {
        this.json = json;
        try
        {
            this.tree = ClientPayload.tree(json.getBytes(StandardCharsets.UTF_8));
        }
        catch (final ClientPayload.DecodeException ex)
        {
            throw new AssertionError("server sent invalid JSON: " + json, ex);
        }
    }

    int op()
    {
        return ((Long)tree.get("op")).intValue();
    }

    String t()
    {
        return (String)tree.get("t");
    }

    long s()
    {
        return null == tree.get("s") ? -1 : (Long)tree.get("s");
    }

    Object d()
    {
        return tree.get("d");
    }

    @SuppressWarnings("unchecked") // test helper over the JSON tree.
    Map<String, Object> dObject()
    {
        return (Map<String, Object>)tree.get("d");
    }

    @SuppressWarnings("unchecked") // test helper over the JSON tree.
    List<Object> dList(final String name)
    {
        return (List<Object>)dObject().get(name);
    }

    public String toString()
    {
        return json;
    }
}
