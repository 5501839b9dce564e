package io.concord.server;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway v10 client for system tests that looks at frames as the text the server sent: connects (Hello first),
 * identifies, and hands out frames in arrival order; frames it has handed out are kept for {@link #seen(String)}.
 * Read by one test thread.
 */
final class GatewayFrameClient implements AutoCloseable
{
    private static final long FRAME_WAIT_SECONDS = 30;

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> history = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private GatewayFrameClient(final String httpAddress) throws Exception
    {
        socket = GatewayTextListener.connect(httpAddress, new Collector()).get(10, TimeUnit.SECONDS);
        assertTrue(next().contains("\"op\":10"), "Hello first");
    }

    /**
     * Connects and identifies; READY and the GUILD_CREATEs are left to the test.
     *
     * @param httpAddress   server {@code host:port}.
     * @param token         the user's token.
     * @param intents       gateway intents.
     * @param identifyExtra more Identify fields, each starting with a comma (e.g. {@code ,"large_threshold":50}).
     * @return the client.
     */
    static GatewayFrameClient identify(
        final String httpAddress, final String token, final long intents, final String identifyExtra) throws Exception
    {
        final GatewayFrameClient client = new GatewayFrameClient(httpAddress);
        client.send(GatewayTextListener.identifyPayload(token, intents, identifyExtra));
        return client;
    }

    void send(final String json) throws Exception
    {
        socket.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    /**
     * @return the next frame.
     * @throws AssertionError when none arrives in time.
     */
    String next() throws InterruptedException
    {
        final String frame = frames.poll(FRAME_WAIT_SECONDS, TimeUnit.SECONDS);
        if (null == frame)
        {
            throw new AssertionError("no gateway frame within " + FRAME_WAIT_SECONDS + " s");
        }
        history.add(frame);
        return frame;
    }

    /**
     * @param marker text the frame must contain.
     * @return the first frame that contains it, skipping the others.
     */
    String await(final String marker) throws InterruptedException
    {
        while (true)
        {
            final String frame = next();
            if (frame.contains(marker))
            {
                return frame;
            }
        }
    }

    /**
     * @param marker text.
     * @return whether a frame handed out so far contained it.
     */
    boolean seen(final String marker)
    {
        for (final String frame : history)
        {
            if (frame.contains(marker))
            {
                return true;
            }
        }
        return false;
    }

    public void close()
    {
        socket.abort();
    }

    private final class Collector extends GatewayTextListener
    {
        void onFrame(final String frame)
        {
            frames.add(frame);
        }
    }
}
