package io.concord.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/**
 * Entry point of the {@code concord} launcher. Subcommands start roles or tools; see {@code ./concord --help}.
 */
@Command(
    name = "concord",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Discord-compatible real-time chat backend.",
    subcommands = {
        ServeCommand.class, MediaDriverCommand.class, CoreCommand.class, EdgeCommand.class, AdminCommand.class,
        BenchCommand.class,
        VersionCommand.class })
public final class ConcordMain implements Runnable
{
    static final int CONFIGURATION_ERROR_EXIT_CODE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        final CommandLine commandLine = new CommandLine(new ConcordMain())
            .setExecutionExceptionHandler(ConcordMain::onExecutionException);
        System.exit(commandLine.execute(args));
    }

    /**
     * Configuration mistakes are the user's to fix: say what is wrong in one line, without a stack trace.
     */
    private static int onExecutionException(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
        throws Exception
    {
        if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException)
        {
            commandLine.getErr().println("concord: " + ex.getMessage());
            return CONFIGURATION_ERROR_EXIT_CODE;
        }
        throw ex;
    }

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
