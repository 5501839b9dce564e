package io.concord.core;

import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Chronicle libraries report usage to an analytics host unless told not to. Concord sets
 * {@code chronicle.analytics.disable=true} in every JVM it starts; this test loads and uses Chronicle Map the way
 * the core does and watches for any HTTP connection attempt, which every JDK HTTP client routes through the default
 * {@link ProxySelector}.
 */
class ChronicleAnalyticsDisabledTest
{
    @Test
    void chronicleMapMakesNoNetworkAttempt(@TempDir final File dir) throws IOException, InterruptedException
    {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"),
            "surefire's argLine must carry the JVM options in config/jvm.options");

        final List<URI> attempts = new CopyOnWriteArrayList<>();
        final ProxySelector original = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector()
        {
            public List<Proxy> select(final URI uri)
            {
                attempts.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            public void connectFailed(final URI uri, final SocketAddress sa, final IOException ioe)
            {
            }
        });

        try (ChronicleMap<Long, Long> map = ChronicleMap.of(Long.class, Long.class)
            .name("analytics-probe")
            .entries(1_000)
            .createPersistedTo(new File(dir, "probe.dat")))
        {
            map.put(1L, 2L);
            assertEquals(2L, map.get(1L));
            Thread.sleep(500);
        }
        finally
        {
            ProxySelector.setDefault(original);
        }

        assertEquals(List.of(), attempts);
    }
}
