package dev.llmpool.launcher.command;

import dev.llmpool.core.routing.RulesException;
import dev.llmpool.router.policy.replay.Calibrator;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.prescore.Hashing;
import dev.llmpool.router.policy.prescore.PreRouterTrainer;
import dev.llmpool.router.policy.replay.ReplayRun;
import dev.llmpool.router.policy.replay.ReplayRunOptionsBuilder;
import dev.llmpool.router.policy.replay.TrainRun;
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
@Command(name = "route", mixinStandardHelpOptions = true, subcommands = {RouteCommand.Replay.class,
        RouteCommand.Calibrate.class, RouteCommand.Train.class},
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
    public static class Replay implements Callable<Integer> {

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

        @Option(names = "--split", description = "Train (the pre-generation router) and calibrate on this share of "
                + "the requests (by a hash of each id) and report on the rest, e.g. 0.6.")
        Double split;

        @Option(names = "--model-out", description = "With --split: write the pre-generation router trained on the "
                + "training part here (JSON).")
        Path modelOut;

        /** One calibration target. */
        static final class TargetOption {
            @Option(names = "--target-escalation-rate", description = "Share of requests that should escalate, 0..1.")
            Double escalationRate;

            @Option(names = "--target-accuracy", description = "Accuracy to reach at the lowest cost, 0..1.")
            Double accuracy;

            @Option(names = "--target-relative-accuracy", description = "Share of the strongest strategy's accuracy "
                    + "to reach at the lowest cost, 0..1 (0.95: 95% of the strong model's).")
            Double relative;
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
                        "--calibrate needs --target-escalation-rate X, --target-accuracy Y or "
                                + "--target-relative-accuracy Z");
            }
            double value = target.escalationRate != null ? target.escalationRate
                    : target.accuracy != null ? target.accuracy : target.relative;
            if (!(value >= 0 && value <= 1)) {
                throw new ParameterException(spec.commandLine(), "a target is a share between 0 and 1, not " + value);
            }
            if (target.relative != null) {
                return new Calibrator.Target.RelativeAccuracy(value);
            }
            return target.escalationRate != null ? new Calibrator.Target.EscalationRate(value)
                    : new Calibrator.Target.Accuracy(value);
        }

        @Override
        public Integer call() {
            Calibrator.Target goal = target();
            try {
                System.out.print(ReplayRun.run(ReplayRunOptionsBuilder.builder().rules(rules).catalog(catalog)
                        .input(input).target(goal).split(split).modelOut(modelOut).build(), new TokenCounter()));
                return 0;
            } catch (RulesException | IllegalArgumentException | UncheckedIOException e) {
                System.err.println("llmpool route " + spec.name() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    /** {@code llmpool route calibrate}: {@code replay --calibrate}, usually with {@code --split}. */
    @Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Search tier thresholds, min_pre_score, rule thresholds and escalate-everything for a "
                    + "target (as replay --calibrate); with --split, on one part of the file, reporting on the rest."})
    public static final class Calibrate extends Replay {

        @Override
        Calibrator.Target target() {
            calibrate = true;
            return super.target();
        }
    }

    /** {@code llmpool route train}: fits a pre-generation router on recorded outcomes and writes its model file. */
    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Fit a pre-generation router: from the request alone (its features and hashed word and "
                    + "character n-grams of the prompt), the probability that the cheap tier's answer is right. "
                    + "Logistic regression (liblinear), k-fold cross-validated; prints the AUC and writes a JSON "
                    + "model that the rules file names as pre_router: {model: FILE}."})
    public static final class Train implements Callable<Integer> {

        @Option(names = "--input", required = true, description = "Recorded outcomes, JSON lines (as for replay).")
        Path input;

        @Option(names = "--out", required = true, description = "The model file to write (JSON).")
        Path out;

        @Option(names = "--cheap", description = "The model whose recorded answers label the requests; default: "
                + "each request's first tier under --rules.")
        String cheap;

        @Option(names = "--rules", description = "The rules file (YAML), to find each request's first tier.")
        Path rules;

        @Option(names = "--catalog", description = "The model catalog (YAML); default: the pool's built-in catalog.")
        Path catalog;

        @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds (default ${DEFAULT-VALUE}).")
        int folds;

        @Option(names = "--c", defaultValue = "1.0", description = "Inverse regularization strength (default "
                + "${DEFAULT-VALUE}).")
        double c;

        @Option(names = "--seed", defaultValue = "19", description = "Seed of the folds (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            try {
                System.out.print(TrainRun.run(input, out, rules, catalog, cheap, new PreRouterTrainer.Settings(
                        Hashing.DEFAULT, folds, c, seed), new TokenCounter()));
                return 0;
            } catch (RulesException | IllegalArgumentException | UncheckedIOException e) {
                System.err.println("llmpool route train: " + e.getMessage());
                return 2;
            }
        }
    }
}
