package io.concord.server;

import io.aeron.driver.MediaDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code concord media-driver}: a standalone Aeron media driver that several Concord processes on one host share
 * (IPC), or that carries their UDP traffic between hosts. Runs until SIGTERM/SIGINT.
 */
@Command(name = "media-driver", mixinStandardHelpOptions = true,
    description = "Run a standalone Aeron media driver shared by Concord processes on this host.")
final class MediaDriverCommand implements Callable<Integer>
{
    @Mixin
    private ConfigOptions configOptions;

    @Mixin
    private AeronDirOption aeronDirOption;

    public Integer call() throws Exception
    {
        configOptions.apply();
        final String dir = aeronDirOption.resolve();
        final MediaDriver driver = MediaDrivers.launch(dir);
        ProcessLifecycle.closeOnShutdown(driver);
        System.out.println("concord: media driver running, aeron dir " + driver.aeronDirectoryName());
        System.out.flush();
        ProcessLifecycle.awaitShutdown();
        return 0;
    }
}
