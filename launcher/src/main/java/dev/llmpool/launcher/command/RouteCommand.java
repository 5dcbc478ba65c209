package dev.llmpool.launcher.command;

import dev.llmpool.core.routing.RulesException;
import dev.llmpool.router.policy.replay.Calibrator;
import dev.llmpool.router.policy.replay.ReplayRun;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code llmpool route …}: offline tools for the routing policy. */
@Command(name = "route", mixinStandardHelpOptions = true, subcommands = RouteCommand.Replay.class,
        description = "Offline tools for content-based routing and confidence escalation (no LLM calls).")
public final class RouteCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code llmpool route replay}: replays the rules over recorded outcomes and prints the policy against "always
     * the first tier" and "always the last tier"; with {@code --calibrate}, the thresholds that hit a target.
     */
    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Replay the routing and escalation policy over recorded outcomes (one JSON object per "
                    + "line: id, request, metadata, outcomes by catalog model id) and print accuracy, cost, the share "
                    + "of requests reaching each tier and the escalation precision, for the policy and for always the "
                    + "first / last tier.",
                    "--calibrate searches the tier thresholds for a target and prints them as YAML to paste."})
    public static final class Replay implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--rules", required = true, description = "The rules file (YAML).")
        Path rules;

        @Option(names = "--catalog", description = "The model catalog (YAML); default: the pool's built-in catalog.")
        Path catalog;

        @Option(names = "--input", required = true, description = "Recorded outcomes, JSON lines.")
        Path input;

        @Option(names = "--calibrate", description = "Search tier thresholds for the target given.")
        boolean calibrate;

        @ArgGroup(exclusive = true)
        TargetOption target;

        /** One calibration target. */
        static final class TargetOption {
            @Option(names = "--target-escalation-rate", description = "Share of requests that should escalate, 0..1.")
            Double escalationRate;

            @Option(names = "--target-accuracy", description = "Accuracy to reach at the lowest cost, 0..1.")
            Double accuracy;
        }

        Calibrator.Target target() {
            if (!calibrate) {
                if (target != null) {
                    throw new ParameterException(spec.commandLine(), "a target needs --calibrate");
                }
                return null;
            }
            if (target == null) {
                throw new ParameterException(spec.commandLine(),
                        "--calibrate needs --target-escalation-rate X or --target-accuracy Y");
            }
            double value = target.escalationRate != null ? target.escalationRate : target.accuracy;
            if (!(value >= 0 && value <= 1)) {
                throw new ParameterException(spec.commandLine(), "a target is a share between 0 and 1, not " + value);
            }
            return target.escalationRate != null ? new Calibrator.Target.EscalationRate(value)
                    : new Calibrator.Target.Accuracy(value);
        }

        @Override
        public Integer call() {
            Calibrator.Target goal = target();
            try {
                System.out.print(ReplayRun.run(rules, catalog, input, goal));
                return 0;
            } catch (RulesException | IllegalArgumentException | UncheckedIOException e) {
                System.err.println("llmpool route replay: " + e.getMessage());
                return 2;
            }
        }
    }
}
