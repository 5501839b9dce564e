package io.concord.server;

import io.concord.edge.EdgeConfiguration;
import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Settings of the composition root ({@code concord.server.*}, {@code concord.driver.*}), resolved into a
 * {@link Context}. Role modules keep their own configuration classes.
 */
final class ServerConfiguration
{
    static final String DATA_DIR_PROP_NAME = "concord.data.dir";
    static final String DATA_DIR_DEFAULT = "./data";

    /**
     * Aeron directory of the media driver. Unset for {@code serve}: the embedded driver gets a fresh unique directory
     * and deletes it on shutdown.
     */
    static final String AERON_DIR_PROP_NAME = "concord.aeron.dir";

    /**
     * Media driver threading: SHARED (one thread, the default: fits a 2-core box), SHARED_NETWORK or DEDICATED.
     */
    static final String DRIVER_THREADING_MODE_PROP_NAME = "concord.driver.threading.mode";
    static final String DRIVER_THREADING_MODE_DEFAULT = ThreadingMode.SHARED.name();

    static final String DRIVER_IDLE_STRATEGY_PROP_NAME = "concord.driver.idle.strategy";

    private ServerConfiguration()
    {
    }

    /**
     * @return the configured media driver threading mode.
     * @throws IllegalArgumentException naming the accepted values when the setting is not one.
     */
    static ThreadingMode driverThreadingMode()
    {
        final String mode = System.getProperty(DRIVER_THREADING_MODE_PROP_NAME, DRIVER_THREADING_MODE_DEFAULT);
        try
        {
            return ThreadingMode.valueOf(mode);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(DRIVER_THREADING_MODE_PROP_NAME +
                " must be SHARED, SHARED_NETWORK or DEDICATED, was '" + mode + "'", ex);
        }
    }

    /**
     * Resolved settings for one process.
     */
    static final class Context
    {
        private Path dataDir = Paths.get(System.getProperty(DATA_DIR_PROP_NAME, DATA_DIR_DEFAULT));
        private String aeronDirectoryName = System.getProperty(AERON_DIR_PROP_NAME);
        private EdgeConfiguration.Context edge;

        Context conclude()
        {
            driverThreadingMode();
            if (null == aeronDirectoryName)
            {
                aeronDirectoryName = CommonContext.generateRandomDirName();
            }
            edge = new EdgeConfiguration.Context().conclude();
            return this;
        }

        Path dataDir()
        {
            return dataDir;
        }

        String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        EdgeConfiguration.Context edge()
        {
            return edge;
        }
    }
}
