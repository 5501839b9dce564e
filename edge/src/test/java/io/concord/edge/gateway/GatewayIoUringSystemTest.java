package io.concord.edge.gateway;

import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The loopback system tests again on Netty's io_uring transport (skipped where the kernel does not allow it),
 * including a resume that moves the channel between io_uring event loops.
 */
class GatewayIoUringSystemTest extends GatewaySystemTest
{
    @BeforeAll
    static void requireIoUring()
    {
        assumeTrue(IoUring.isAvailable(), "io_uring unavailable: " + IoUring.unavailabilityCause());
    }

    String transport()
    {
        return "io_uring";
    }
}
