package io.concord.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code concord version}: prints the Concord version and the JVM it runs on.
 */
@Command(name = "version", description = "Print the Concord version.")
final class VersionCommand implements Runnable
{
    static String version()
    {
        final String version = ConcordMain.class.getPackage().getImplementationVersion();
        return null == version ? "dev" : version;
    }

    public void run()
    {
        System.out.println("concord " + version() + " (Java " + Runtime.version() + ", " +
            System.getProperty("java.vm.name") + ")");
    }

    /**
     * Supplies {@code --version} on every command.
     */
    static final class Provider implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[]{ "concord " + version() };
        }
    }
}
