package io.concord.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code concord admin ...}: operator tools that talk to a running core, each a subcommand.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Operator tools against a running core.",
    subcommands = { CreateBotCommand.class })
final class AdminCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an admin tool: see concord admin --help");
    }
}
