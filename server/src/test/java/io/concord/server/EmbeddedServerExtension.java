package io.concord.server;

import io.concord.edge.auth.TokenKeys;
import io.concord.edge.auth.TokenVerifier;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every role of {@code concord serve} in the test's JVM for each test method: a fresh data directory, the edge on
 * a free loopback port, cheap password hashing, plus the properties a test adds. Register it as an instance field
 * with {@code @RegisterExtension}; the test's own {@code @AfterEach} runs before the server closes. Used from the test
 * thread only.
 */
final class EmbeddedServerExtension implements BeforeEachCallback, AfterEachCallback
{
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Path dataDir;
    private EmbeddedServer server;
    private RestTestClient rest;

    EmbeddedServerExtension()
    {
        properties.put("concord.edge.host", "127.0.0.1");
        properties.put("concord.edge.port", "0");
        properties.put("concord.edge.rest.password.iterations", "1000");
    }

    /**
     * @param name  a system property the roles read at launch.
     * @param value its value for this test.
     * @return this.
     */
    EmbeddedServerExtension property(final String name, final String value)
    {
        properties.put(name, value);
        return this;
    }

    public void beforeEach(final ExtensionContext context) throws Exception
    {
        dataDir = Files.createTempDirectory("concord-system-test");
        properties.put(ServerConfiguration.DATA_DIR_PROP_NAME, dataDir.toString());
        properties.forEach(System::setProperty);
        launch();
    }

    public void afterEach(final ExtensionContext context)
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
        resources.clear();
        CloseHelper.quietClose(server);
        server = null;
        properties.keySet().forEach(System::clearProperty);
        IoUtil.delete(dataDir.toFile(), true);
    }

    /**
     * @param resource a client of the server the test opened (a JDA bot, a core link).
     * @param <T>      its type.
     * @return the resource, which is closed after the test, before the server.
     */
    <T extends AutoCloseable> T closeAfterTest(final T resource)
    {
        resources.add(resource);
        return resource;
    }

    /**
     * Closes every role and starts them again on the same data directory (the edge gets a new port).
     */
    void restart() throws Exception
    {
        server.close();
        server = null;
        launch();
    }

    EmbeddedServer server()
    {
        return server;
    }

    String httpAddress()
    {
        return server.httpAddress();
    }

    RestTestClient rest()
    {
        return rest;
    }

    /**
     * A REST call to the running server.
     *
     * @param method HTTP method.
     * @param path   path below {@code /api/v10/}.
     * @param token  bot or user token, or null.
     * @param body   JSON body, or null.
     * @return the answer.
     */
    RestTestClient.Response call(final String method, final String path, final String token, final String body)
        throws IOException, InterruptedException
    {
        return rest.call(method, path, token, body);
    }

    /**
     * Registers a user (not a bot) over REST.
     *
     * @param username name.
     * @return its token.
     */
    String register(final String username) throws IOException, InterruptedException
    {
        return rest.token(username);
    }

    /**
     * @param userId     the account.
     * @param generation its token generation.
     * @return a token the edge accepts, signed with this server's key.
     */
    String token(final long userId, final int generation) throws IOException
    {
        return new TokenVerifier(TokenKeys.loadOrCreate(dataDir.resolve("secrets/token.key")))
            .issue(userId, generation, System.currentTimeMillis() / 1000);
    }

    private void launch() throws Exception
    {
        server = EmbeddedServer.launch(new ServerConfiguration.Context().conclude());
        rest = new RestTestClient(server.httpAddress());
    }
}
