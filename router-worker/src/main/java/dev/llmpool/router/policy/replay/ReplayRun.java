package dev.llmpool.router.policy.replay;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.prescore.Auc;
import dev.llmpool.router.policy.prescore.PreRouterTrainer;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.RulesParser;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.ClassPathResource;

/**
 * {@code llmpool route replay} end to end: files in, report (and calibration) out. A bad file is an
 * {@link IllegalArgumentException} (or {@link dev.llmpool.core.routing.RulesException}) naming the line.
 */
public final class ReplayRun {

    /** The pool's default catalog, used when no {@code --catalog} is given. */
    public static final String DEFAULT_CATALOG = "llmpool/catalog.yml";

    private ReplayRun() {
    }

    /**
     * What to replay.
     *
     * @param catalog  the catalog file, or null for the pool's default
     * @param target   what to calibrate for, or null for the report alone
     * @param split    the share of requests to train and calibrate on, the rest reported on; null for no split
     * @param modelOut where to write the pre-generation router trained on the training part, or null
     */
    @RecordBuilder
    public record Options(Path rules, Path catalog, Path input, Calibrator.Target target, Double split,
                          Path modelOut) {
        public Options {
            if (split != null && !(split > 0 && split < 1)) {
                throw new IllegalArgumentException("--split is the training share, between 0 and 1, not " + split);
            }
        }
    }

    /**
     * @param catalog the catalog file, or null for the pool's default
     * @param target  what to calibrate for, or null for the report alone
     */
    public static String run(Path rules, Path catalog, Path input, Calibrator.Target target) {
        return run(rules, catalog, input, target, new TokenCounter());
    }

    /** As {@link #run(Path, Path, Path, Calibrator.Target)}, with a token counter already loaded. */
    public static String run(Path rules, Path catalog, Path input, Calibrator.Target target, TokenCounter tokens) {
        return run(ReplayRunOptionsBuilder.builder().rules(rules).catalog(catalog).input(input).target(target).build(),
                tokens);
    }

    public static String run(Options options, TokenCounter tokens) {
        ModelCatalog models = catalog(options.catalog());
        RoutingRules routing = rules(options.rules(), models);
        Replayer replayer = new Replayer(models, tokens);
        List<ReplayCase> cases = new ReplayReader().read(read(options.input()), options.input().toString());
        StringBuilder out = new StringBuilder();
        out.append("replay of ").append(options.input().getFileName()).append(" with ")
                .append(options.rules().getFileName())
                .append(options.catalog() == null ? "" : " and " + options.catalog().getFileName()).append('\n');
        if (options.split() == null) {
            Replayer.Prepared prepared = replayer.prepare(cases, routing);
            out.append(replayer.report(prepared, routing).render());
            if (options.target() != null) {
                out.append('\n').append(Calibrator.render(new Calibrator().calibrate(replayer, prepared, routing,
                        options.target())));
            }
            return out.toString();
        }
        List<ReplayCase> train = new ArrayList<>();
        List<ReplayCase> test = new ArrayList<>();
        for (ReplayCase c : cases) {
            (inTraining(c.id(), options.split()) ? train : test).add(c);
        }
        out.append(String.format(Locale.ROOT, "split: %d requests to train and calibrate on, %d held out (by a hash "
                + "of each id); every figure after the calibration is on the held-out part%n", train.size(),
                test.size()));
        List<PreRouterTrainer.Example> examples = TrainRun.examples(train, tokens, routing, models, null);
        long right = examples.stream().filter(PreRouterTrainer.Example::acceptable).count();
        if (examples.size() >= 20 && right > 0 && right < examples.size()) {
            PreRouterTrainer.Training training = new PreRouterTrainer().train(examples,
                    PreRouterTrainer.Settings.DEFAULT, "each route's first tier");
            routing = routing.withPreScorer(training.model());
            out.append("\npre-generation router, trained on the training part: ").append(training.render());
            List<PreRouterTrainer.Example> held = TrainRun.examples(test, tokens, routing, models, null);
            double[] scores = new double[held.size()];
            boolean[] labels = new boolean[held.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = training.model().score(held.get(i).prompt(), held.get(i).features());
                labels[i] = held.get(i).acceptable();
            }
            out.append(String.format(Locale.ROOT, "held-out AUC %.3f over %d requests%n", Auc.of(scores, labels),
                    held.size()));
            if (options.modelOut() != null) {
                training.model().write(options.modelOut());
                out.append("model written to ").append(options.modelOut()).append(" (pre_router: {model: ")
                        .append(options.modelOut().getFileName()).append("})\n");
            }
        } else if (routing.preScorer() != null) {
            out.append("note: too few labelled cheap answers to train a pre-router on the training part; the rules' "
                    + "own pre_router may have seen the held-out requests\n");
        }
        Replayer.Prepared training = replayer.prepare(train, routing);
        Replayer.Prepared heldOut = replayer.prepare(test, routing);
        RoutingRules chosen = routing;
        if (options.target() != null) {
            Calibrator.Calibration c = new Calibrator().calibrate(replayer, training, routing, options.target());
            out.append("\ncalibrated on the training part (in-sample figures):\n").append(Calibrator.render(c));
            chosen = c.rules();
        }
        out.append("\nheld-out replay").append(options.target() == null ? "" : " with the calibrated rules")
                .append(":\n").append(replayer.report(heldOut, chosen).render());
        return out.toString();
    }

    /** Whether a case falls in the training part: a hash of its id (FNV-1a), stable across runs and files. */
    static boolean inTraining(String id, double split) {
        int h = 0x811c9dc5;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x01000193;
        }
        return Math.floorMod(h, 10_000) < split * 10_000;
    }

    /** The catalog file, or the pool's default when null. */
    static ModelCatalog catalog(Path catalog) {
        return catalog == null ? new CatalogLoader().load(new ClassPathResource(DEFAULT_CATALOG))
                : new CatalogLoader().parse(read(catalog));
    }

    static RoutingRules rules(Path rules, ModelCatalog models) {
        return new RulesParser(models).parse(read(rules), rules.toString());
    }

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
