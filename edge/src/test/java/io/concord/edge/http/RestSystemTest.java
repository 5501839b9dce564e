package io.concord.edge.http;

import io.concord.edge.EdgeConfiguration;
import io.concord.edge.EdgeServer;
import io.concord.edge.auth.TokenVerifier;
import io.concord.edge.rest.RestConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.concord.edge.http.TestJson.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST API over loopback: a real {@link EdgeServer} with the {@link FakeCore} behind it, driven by the JDK's
 * HTTP client on keep-alive connections. Covers what needs real threads: password hashing on the workers and the
 * answer back on the event loop, 413 from the aggregator, keep-alive across requests.
 */
@Timeout(60)
class RestSystemTest
{
    private final FakeCore core = new FakeCore(2);
    private RestApi api;
    private EdgeServer server;
    private String base;
    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    @BeforeEach
    void start() throws InterruptedException
    {
        final EdgeConfiguration.Context edgeCtx = new EdgeConfiguration.Context()
            .host("127.0.0.1").port(0).eventLoopThreads(2).maxHttpBodyBytes(4096).conclude();
        final RestConfiguration.Context restCtx = new RestConfiguration.Context()
            .passwordIterations(1000).bucket("auth", "100/60000").conclude();
        final TokenVerifier verifier = new TokenVerifier(RestHarness.KEY);
        core.revocationListener = verifier::onTokensRevoked;
        api = new RestApi(restCtx, core, verifier, core.clock);
        server = new EdgeServer(edgeCtx, null, null, api);
        final InetSocketAddress address = server.start();
        base = "http://127.0.0.1:" + address.getPort() + "/api/v10";
    }

    @AfterEach
    void stop()
    {
        server.close();
        api.close();
    }

    private HttpResponse<String> send(
        final String method, final String path, final String token, final String body) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, null == body ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body));
        if (null != body)
        {
            request.header("Content-Type", "application/json");
        }
        if (null != token)
        {
            request.header("Authorization", "Bot " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registerLoginAndUseTheToken() throws Exception
    {
        final HttpResponse<String> registered = send("POST", "/auth/register", null,
            "{\"username\":\"Alice\",\"password\":\"correct horse\",\"bot\":true}");
        assertEquals(201, registered.statusCode(), registered.body());
        final Map<String, Object> account = TestJson.object(registered.body());
        final String userId = (String)account.get("user_id");
        final String token = (String)account.get("token");
        assertEquals(3, token.split("\\.").length, "Discord-shaped token");

        final HttpResponse<String> me = send("GET", "/users/@me", token, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(userId, TestJson.object(me.body()).get("id"));
        assertEquals(true, TestJson.object(me.body()).get("bot"));
        assertEquals("1.1 concord", me.headers().firstValue("Via").orElse(""));

        final HttpResponse<String> login = send("POST", "/auth/login", null,
            "{\"login\":\"alice\",\"password\":\"correct horse\"}");
        assertEquals(200, login.statusCode(), login.body());
        assertEquals(userId, TestJson.object(login.body()).get("user_id"));
        final String second = (String)TestJson.object(login.body()).get("token");
        assertEquals(200, send("GET", "/users/@me", second, null).statusCode());

        final HttpResponse<String> revoked = send("POST", "/auth/revoke", second, null);
        assertEquals(204, revoked.statusCode(), revoked.body());
        assertEquals(401, send("GET", "/users/@me", token, null).statusCode());
        final HttpResponse<String> again = send("POST", "/auth/login", null,
            "{\"login\":\"Alice\",\"password\":\"correct horse\"}");
        final String fresh = (String)TestJson.object(again.body()).get("token");
        assertNotEquals(token, fresh);
        assertEquals(200, send("GET", "/users/@me", fresh, null).statusCode(), "a new login is valid again");
    }

    @Test
    void accountErrorsNameTheField() throws Exception
    {
        assertEquals(201, send("POST", "/auth/register", null,
            "{\"username\":\"bob\",\"password\":\"long enough\"}").statusCode());

        final HttpResponse<String> taken = send("POST", "/auth/register", null,
            "{\"username\":\"BOB\",\"password\":\"long enough\"}");
        assertEquals(400, taken.statusCode(), taken.body());
        assertEquals("USERNAME_ALREADY_TAKEN",
            at(TestJson.object(taken.body()), "errors", "username", "_errors", 0).get("code"));

        final HttpResponse<String> weak = send("POST", "/auth/register", null,
            "{\"username\":\" x\",\"password\":\"short\"}");
        assertEquals(400, weak.statusCode());
        final Map<String, Object> errors = at(TestJson.object(weak.body()), "errors");
        assertTrue(errors.containsKey("username") && errors.containsKey("password"), weak.body());

        for (final String body : new String[]{
            "{\"login\":\"bob\",\"password\":\"wrong password\"}", "{\"login\":\"nobody\",\"password\":\"whatever\"}" })
        {
            final HttpResponse<String> denied = send("POST", "/auth/login", null, body);
            assertEquals(400, denied.statusCode(), denied.body());
            assertEquals("INVALID_LOGIN",
                at(TestJson.object(denied.body()), "errors", "login", "_errors", 0).get("code"));
        }
        final HttpResponse<String> malformed = send("POST", "/auth/login", null, "{\"login\":");
        assertEquals(400, malformed.statusCode());
        assertEquals(50109L, TestJson.object(malformed.body()).get("code"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", URI.create(base).getPort()), 10_000);
            socket.setSoTimeout(20_000);
            final String register = "{\"username\":\"piper\",\"password\":\"pipelined!\"}";
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v10/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                "Content-Type: application/json\r\nContent-Length: " + register.length() + "\r\n\r\n" + register +
                "GET /api/v10/gateway HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                "GET /api/v10/nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String responses = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final int created = responses.indexOf("HTTP/1.1 201");
            final int gateway = responses.indexOf("HTTP/1.1 200");
            final int notFound = responses.indexOf("HTTP/1.1 404");
            assertTrue(created == 0 && gateway > created && notFound > gateway, responses);
        }
    }

    @Test
    void oversizedBodyGetsDiscords413() throws IOException
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", URI.create(base).getPort()), 10_000);
            socket.setSoTimeout(20_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v10/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                "Content-Length: 100000\r\n\r\n{\"login\":\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("{\"message\":\"Request entity too large\",\"code\":40005}"), response);
        }
    }
}
