package io.concord.server;

import io.concord.common.CommonConfiguration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * Builds the media driver context every Concord process uses, embedded or standalone, from configuration: threading
 * mode and idle strategies per {@link ServerConfiguration}, the directory removed on start and on shutdown so that
 * nothing is left in {@code /dev/shm}.
 */
final class MediaDrivers
{
    private MediaDrivers()
    {
    }

    static MediaDriver launch(final String aeronDirectoryName)
    {
        final ThreadingMode threadingMode = ServerConfiguration.driverThreadingMode();
        final String idlePropName = ServerConfiguration.DRIVER_IDLE_STRATEGY_PROP_NAME;
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .threadingMode(threadingMode)
            .sharedIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .sharedNetworkIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .conductorIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .senderIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .receiverIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true));
    }
}
