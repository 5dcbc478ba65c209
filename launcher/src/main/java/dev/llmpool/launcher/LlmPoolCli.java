package dev.llmpool.launcher;

import dev.llmpool.launcher.command.BenchCommand;
import dev.llmpool.launcher.command.ChaosCheckCommand;
import dev.llmpool.launcher.command.DlqCommand;
import dev.llmpool.launcher.command.FuzzCommand;
import dev.llmpool.launcher.command.RoleCommand;
import dev.llmpool.launcher.command.RouteCommand;
import dev.llmpool.launcher.command.SimulatorCommand;
import dev.llmpool.launcher.command.SummarizeCommand;
import dev.llmpool.launcher.command.UpCommand;
import dev.llmpool.launcher.command.batch.BatchCommand;
import dev.llmpool.launcher.command.keys.KeysCommand;
import dev.llmpool.launcher.command.keys.UsageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code llmpool <command>}: the entry point of the one artifact every process of the pool runs. */
@Command(name = "llmpool", mixinStandardHelpOptions = true, version = "llmpool 0.1.0",
        description = "Event-driven, Kafka-based LLM worker pool.",
        subcommands = {UpCommand.class, RoleCommand.Gateway.class, RoleCommand.Router.class, RoleCommand.Worker.class,
                RoleCommand.BatchRunner.class,
                SimulatorCommand.class, BenchCommand.class, FuzzCommand.class, ChaosCheckCommand.class,
                RouteCommand.class, DlqCommand.class, BatchCommand.class, SummarizeCommand.class, KeysCommand.class,
                UsageCommand.class,
                CommandLine.HelpCommand.class})
public final class LlmPoolCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new LlmPoolCli()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
