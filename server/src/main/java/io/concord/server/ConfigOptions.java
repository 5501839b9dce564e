package io.concord.server;

import io.concord.common.CommonConfiguration;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options every role command takes: a configuration file and a profile. Applied before any module reads its
 * configuration, so that flags win over the file, as {@link CommonConfiguration} describes.
 */
final class ConfigOptions
{
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of concord.* settings.")
    private Path configFile;

    @Option(names = "--profile", paramLabel = "NAME",
        description = "default (agents back off when idle) or low-latency (agents busy-spin).")
    private String profile;

    void apply()
    {
        if (null != profile)
        {
            System.setProperty(CommonConfiguration.PROFILE_PROP_NAME, profile);
        }
        if (null != configFile)
        {
            CommonConfiguration.loadFile(configFile);
        }
        CommonConfiguration.profile();
    }
}
