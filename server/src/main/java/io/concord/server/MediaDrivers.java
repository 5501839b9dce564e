package io.concord.server;

import io.concord.common.CommonConfiguration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

import java.util.concurrent.TimeUnit;

/**
 * Builds the media driver context every Concord process uses, embedded or standalone, from configuration: threading
 * mode and idle strategies per {@link ServerConfiguration}, client liveness per
 * {@link CommonConfiguration#aeronClientLivenessTimeoutMs()} (a blocked publication is unblocked a little after that,
 * as Aeron requires), the directory removed on start and on shutdown so that nothing is left in {@code /dev/shm}.
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
        final long livenessNs = TimeUnit.MILLISECONDS.toNanos(CommonConfiguration.aeronClientLivenessTimeoutMs());
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .threadingMode(threadingMode)
            .sharedIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .sharedNetworkIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .conductorIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .senderIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .receiverIdleStrategy(CommonConfiguration.newIdleStrategy(idlePropName))
            .clientLivenessTimeoutNs(livenessNs)
            .publicationUnblockTimeoutNs(livenessNs + TimeUnit.SECONDS.toNanos(15))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true));
    }
}
