package io.concord.server;

import io.aeron.Aeron;
import io.concord.common.CommonConfiguration;

/**
 * Connects the Aeron client of a Concord process to its media driver with the configured driver timeout
 * ({@link CommonConfiguration#aeronDriverTimeoutMs()}); the client's own service-interval limit comes from the
 * driver's client liveness timeout, which {@link MediaDrivers} sets. Called by the thread that wires the process.
 */
final class AeronClients
{
    private AeronClients()
    {
    }

    /**
     * @param aeronDirectoryName the media driver's directory.
     * @return a connected client.
     */
    static Aeron connect(final String aeronDirectoryName)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .driverTimeoutMs(CommonConfiguration.aeronDriverTimeoutMs()));
    }
}
