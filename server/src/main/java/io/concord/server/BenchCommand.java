package io.concord.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code concord bench ...}: the benchmark harnesses of the {@code bench} module. Each harness is a picocli command
 * that lives in {@code bench} and is listed here as a subcommand.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark harness and print its summary table.",
    subcommands = {io.concord.bench.herd.HerdCommand.class, io.concord.bench.storage.StorageBenchCommand.class,
        io.concord.bench.core.CoreBenchCommand.class, io.concord.bench.gateway.GatewayBenchCommand.class,
        io.concord.bench.rest.RestBenchCommand.class, io.concord.bench.fanout.FanoutCommand.class,
        io.concord.bench.fanout.virtual.VirtualFanoutCommand.class,
        io.concord.bench.presence.PresenceStormCommand.class, io.concord.bench.presence.TypingStormCommand.class})
final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: see concord bench --help");
    }
}
