package io.concord.server;

import io.aeron.CommonContext;
import picocli.CommandLine.Option;

/**
 * The {@code --aeron-dir} option of every command that shares a media driver with other processes on this host.
 * Resolution: the flag, else {@code concord.aeron.dir}, else Aeron's own default directory.
 */
final class AeronDirOption
{
    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Aeron directory of the media driver (default: concord.aeron.dir, else Aeron's).")
    private String aeronDir;

    String resolve()
    {
        return null != aeronDir ? aeronDir :
            System.getProperty(ServerConfiguration.AERON_DIR_PROP_NAME, CommonContext.getAeronDirectoryName());
    }
}
