package io.concord.edge.gateway;

import io.concord.edge.EdgeConfiguration;
import io.concord.edge.EdgeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.concord.edge.gateway.GatewayHandlerTest.ALICE;
import static io.concord.edge.gateway.GatewayHandlerTest.ALL_MESSAGES;
import static io.concord.edge.gateway.GatewayHandlerTest.BOB;
import static io.concord.edge.gateway.GatewayHandlerTest.EVE;
import static io.concord.edge.gateway.GatewayHandlerTest.GENERAL;
import static io.concord.edge.gateway.GatewayHandlerTest.GUILD;
import static io.concord.edge.gateway.GatewayHandlerTest.SECRET;
import static io.concord.edge.gateway.GatewayHandlerTest.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway over loopback: a real {@link EdgeServer} (2 event loops, native transport) with the fake core on its
 * own thread, and real WebSocket clients. Bounded: every wait has a timeout and every load stops by itself.
 */
class GatewaySystemTest
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ExecutorService coreThread;
    private FakeGatewayCore core;
    private EdgeServer server;
    private String url;

    /**
     * @return the transport the edge runs on in this suite.
     */
    String transport()
    {
        return "epoll";
    }

    @BeforeEach
    void setUp() throws Exception
    {
        coreThread = Executors.newSingleThreadExecutor((r) -> new Thread(r, "fake-core"));
        core = new FakeGatewayCore(coreThread);
        core.addUser(ALICE, "alice", false);
        core.addUser(BOB, "bob", true);
        core.addUser(EVE, "eve", false);
        core.addGuild(GUILD, "Concord", ALICE);
        core.addChannel(GUILD, GENERAL, "general");
        core.addChannel(GUILD, SECRET, "secret");
        core.addMember(GUILD, ALICE);
        core.addMember(GUILD, BOB);
        core.addMember(GUILD, EVE);
        core.setCanView(EVE, SECRET, false);
        startServer(1024 * 1024);
    }

    private void startServer(final int highWaterMarkBytes) throws InterruptedException
    {
        final EdgeConfiguration.Context ctx = new EdgeConfiguration.Context()
            .host("127.0.0.1")
            .port(0)
            .eventLoopThreads(2)
            .highWaterMarkBytes(highWaterMarkBytes)
            .transport(transport())
            .identifyMaxConcurrency(100)
            .conclude();
        server = new EdgeServer(ctx, core, GatewayHandlerTest::authenticate);
        assertEquals(transport(), server.transportName());
        final InetSocketAddress address = server.start();
        core.edge(server.gateway());
        url = "ws://127.0.0.1:" + address.getPort();
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        if (null != server)
        {
            server.close();
        }
        coreThread.shutdown();
        coreThread.awaitTermination(5, TimeUnit.SECONDS);
    }

    private WsTestClient identified(final long userId) throws Exception
    {
        final WsTestClient client = WsTestClient.connect(http, url + "/gateway?v=10&encoding=json");
        assertEquals(GatewayOpcodes.HELLO, client.next().op());
        client.send(identify(userId, ALL_MESSAGES));
        assertEquals("READY", client.next().t());
        assertEquals("GUILD_CREATE", client.next().t());
        return client;
    }

    @Test
    void identifyReadyGuildCreateAndTwoSessionsChat() throws Exception
    {
        final WsTestClient alice = identified(ALICE);
        final WsTestClient bob = identified(BOB);
        final WsTestClient eve = identified(EVE);
        core.createMessage(ALICE, GENERAL, "hi all");
        core.createMessage(BOB, SECRET, "not for eve");
        core.createMessage(EVE, GENERAL, "hi from eve");
        for (final WsTestClient member : new WsTestClient[]{ alice, bob })
        {
            assertEquals("hi all", member.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
            assertEquals("not for eve", member.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
            assertEquals("hi from eve", member.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
        }
        assertEquals("hi all", eve.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
        assertEquals("hi from eve", eve.nextDispatch("MESSAGE_CREATE").dObject().get("content"),
            "eve must not get the secret channel's message");

        alice.send("{\"op\":1,\"d\":5}");
        assertEquals(GatewayOpcodes.HEARTBEAT_ACK, alice.next().op());
    }

    @Test
    void rootPathIsAGatewayTooAndBadQueriesAreRefused() throws Exception
    {
        final WsTestClient root = WsTestClient.connect(http, url + "/?encoding=json&v=10");
        assertEquals(GatewayOpcodes.HELLO, root.next().op());

        final WsTestClient v9 = WsTestClient.connect(http, url + "/gateway?v=9&encoding=json");
        assertEquals(GatewayCloseCodes.INVALID_API_VERSION, v9.awaitCloseCode());

        final WsTestClient etf = WsTestClient.connect(http, url + "/gateway?v=10&encoding=etf");
        assertEquals(GatewayCloseCodes.DECODE_ERROR, etf.awaitCloseCode());

        final WsTestClient big = WsTestClient.connect(http, url + "/gateway?v=10&encoding=json");
        assertEquals(GatewayOpcodes.HELLO, big.next().op());
        big.send("{\"op\":1,\"d\":null,\"pad\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(GatewayCloseCodes.DECODE_ERROR, big.awaitCloseCode());

        final HttpResponse<String> plainGet = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + URI.create(url).getPort() + "/api/v10/gateway"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plainGet.statusCode(), "REST keeps flowing to the HTTP API");
    }

    @Test
    void resumeAfterADroppedSocketGetsExactlyTheMissedEvents() throws Exception
    {
        final WsTestClient first = identified(ALICE);
        core.createMessage(BOB, GENERAL, "one");
        final ServerPayload one = first.nextDispatch("MESSAGE_CREATE");
        final String sessionId = first.sessionId();
        long seq = one.s();
        first.abort();

        core.createMessage(BOB, GENERAL, "two");
        core.createMessage(BOB, GENERAL, "three");

        // Two resumes in a row, with a bystander connection in between: with two event loops, at least one of the
        // resuming connections lands on the loop that is not the session's home and is moved there.
        identified(BOB);
        for (int round = 0; round < 2; round++)
        {
            final WsTestClient resumed = WsTestClient.connect(http, url + "/gateway?v=10&encoding=json");
            assertEquals(GatewayOpcodes.HELLO, resumed.next().op());
            resumed.send("{\"op\":6,\"d\":{\"token\":\"token-" + ALICE + "\",\"session_id\":\"" + sessionId +
                "\",\"seq\":" + seq + "}}");
            if (0 == round)
            {
                final ServerPayload two = resumed.next();
                assertEquals("two", two.dObject().get("content"));
                assertEquals(seq + 1, two.s());
                final ServerPayload three = resumed.next();
                assertEquals("three", three.dObject().get("content"));
                assertEquals(seq + 2, three.s());
                seq += 2;
            }
            assertEquals("RESUMED", resumed.next().t());
            core.createMessage(BOB, GENERAL, "after resume " + round);
            final ServerPayload after = resumed.next();
            assertEquals("after resume " + round, after.dObject().get("content"));
            seq = after.s();
            resumed.abort();
            WsTestClient.connect(http, url + "/gateway?v=10&encoding=json").next();
        }
        assertTrue(server.gateway().counters().total(GatewayCounters.RESUMES) >= 2);
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhileOthersKeepReceiving() throws Exception
    {
        server.close();
        startServer(64 * 1024);
        final WsTestClient reader = identified(BOB);
        final int port = URI.create(url).getPort();
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            slow.setSoTimeout(5_000);
            final OutputStream out = slow.getOutputStream();
            out.write(("GET /gateway?v=10&encoding=json HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = slow.getInputStream();
            final StringBuilder response = new StringBuilder();
            while (response.indexOf("\r\n\r\n") < 0)
            {
                response.append((char)in.read());
            }
            assertTrue(response.toString().startsWith("HTTP/1.1 101"), response.toString());
            out.write(maskedTextFrame(identify(ALICE, ALL_MESSAGES)));
            out.flush();
            final long deadlineMs = System.currentTimeMillis() + WsTestClient.TIMEOUT_MS;
            while (server.gateway().counters().total(GatewayCounters.SESSIONS) < 2 &&
                System.currentTimeMillis() < deadlineMs)
            {
                Thread.sleep(10);
            }
            assertEquals(2, server.gateway().counters().total(GatewayCounters.SESSIONS), "slow client identified");

            // The healthy reader keeps at most inFlight messages outstanding, so it stays far below the
            // high-water mark however slowly this box schedules it; the silent client falls behind for good.
            final String content = "x".repeat(4000);
            final int messages = 2000;
            final int inFlight = 8;
            for (int i = 0; i < messages; i++)
            {
                core.createMessage(BOB, GENERAL, content);
                if (i >= inFlight)
                {
                    assertEquals(content, reader.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
                }
            }
            for (int i = 0; i < inFlight; i++)
            {
                assertEquals(content, reader.nextDispatch("MESSAGE_CREATE").dObject().get("content"));
            }
            assertEquals(1, server.gateway().counters().total(GatewayCounters.SLOW_CONSUMER_CLOSES));
            assertFalse(reader.isClosed());
        }
    }

    @Test
    void edgeRestartMakesClientsReconnectAndIdentifyAgain() throws Exception
    {
        final WsTestClient client = identified(ALICE);
        final String sessionId = client.sessionId();
        server.close();
        server = null;
        assertEquals(GatewayOpcodes.RECONNECT, client.next().op());
        assertEquals(GatewayCloseCodes.UNKNOWN_ERROR, client.awaitCloseCode());

        startServer(1024 * 1024);
        final WsTestClient again = WsTestClient.connect(http, url + "/gateway?v=10&encoding=json");
        assertEquals(GatewayOpcodes.HELLO, again.next().op());
        again.send("{\"op\":6,\"d\":{\"token\":\"token-" + ALICE + "\",\"session_id\":\"" + sessionId +
            "\",\"seq\":2}}");
        final ServerPayload invalid = again.next();
        assertEquals(GatewayOpcodes.INVALID_SESSION, invalid.op());
        again.send(identify(ALICE, ALL_MESSAGES));
        assertEquals("READY", again.next().t());
    }

    private static byte[] maskedTextFrame(final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final boolean extended = payload.length >= 126;
        final int headerLength = extended ? 8 : 6;
        final byte[] frame = new byte[headerLength + payload.length];
        frame[0] = (byte)0x81;
        if (extended)
        {
            frame[1] = (byte)(0x80 | 126);
            frame[2] = (byte)(payload.length >> 8);
            frame[3] = (byte)payload.length;
        }
        else
        {
            frame[1] = (byte)(0x80 | payload.length);
        }
        // Mask key 0 (the four bytes before the payload): masking is mandatory for clients, any key is valid.
        System.arraycopy(payload, 0, frame, headerLength, payload.length);
        return frame;
    }
}
