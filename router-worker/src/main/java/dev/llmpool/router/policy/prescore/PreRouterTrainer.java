package dev.llmpool.router.policy.prescore;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.llmpool.router.policy.features.Features;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fits a pre-generation router: L2-regularized logistic regression (liblinear) over {@link RequestSignals} and the
 * prompt's hashed n-grams, labelled by whether the cheap model's recorded answer was right. Before the final fit on
 * every example, k-fold cross-validation (folds drawn with a fixed seed) measures the AUC of out-of-fold scores.
 */
public final class PreRouterTrainer {

    /** One labelled request: its prompt text, its features, and whether the cheap answer was acceptable. */
    public record Example(String prompt, Features features, boolean acceptable) {
    }

    /**
     * @param folds cross-validation folds (at least 2)
     * @param c     liblinear's cost: larger fits the training set more closely
     * @param seed  draws the folds
     */
    @RecordBuilder
    public record Settings(Hashing hashing, int folds, double c, long seed) {
        public static final Settings DEFAULT = new Settings(Hashing.DEFAULT, 5, 1.0, 19);

        public Settings {
            if (folds < 2 || !(c > 0)) {
                throw new IllegalArgumentException("folds must be at least 2 and c positive");
            }
        }
    }

    /**
     * @param foldAucs   each fold's AUC on its held-out part
     * @param cvAuc      the AUC of every example's out-of-fold score
     * @param acceptable examples whose cheap answer was right
     */
    public record Training(PreRouterModel model, double cvAuc, List<Double> foldAucs, int examples,
                           int acceptable) {

        public String render() {
            return String.format(Locale.ROOT, "trained on %d requests (%s right on %d, %.1f%%)%n"
                            + "cross-validated AUC %.3f (%d folds: %s)%n", examples, model.cheapModel(), acceptable,
                    100.0 * acceptable / examples, cvAuc, foldAucs.size(), String.join(" ",
                            foldAucs.stream().map(a -> String.format(Locale.ROOT, "%.3f", a)).toList()));
        }
    }

    public PreRouterTrainer() {
        Linear.disableDebugOutput();
    }

    public Training train(List<Example> examples, Settings settings, String cheapModel) {
        long acceptable = examples.stream().filter(Example::acceptable).count();
        if (acceptable == 0 || acceptable == examples.size()) {
            throw new IllegalArgumentException("training needs both acceptable and unacceptable cheap answers ("
                    + acceptable + " of " + examples.size() + " acceptable)");
        }
        int folds = Math.min(settings.folds(), examples.size());
        List<Feature[]> rows = new ArrayList<>();
        for (Example e : examples) {
            rows.add(row(e, settings.hashing()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(settings.seed()));
        int[] fold = new int[examples.size()];
        for (int p = 0; p < order.size(); p++) {
            fold[order.get(p)] = p % folds;
        }
        double[] outOfFold = new double[examples.size()];
        boolean[] labels = new boolean[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).acceptable();
        }
        List<Double> foldAucs = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == k ? test : train).add(i);
            }
            PreRouterModel model = fit(rows, labels, train, settings, cheapModel, Double.NaN);
            double[] scores = new double[test.size()];
            boolean[] held = new boolean[test.size()];
            for (int j = 0; j < test.size(); j++) {
                int i = test.get(j);
                scores[j] = model.score(examples.get(i).prompt(), examples.get(i).features());
                held[j] = labels[i];
                outOfFold[i] = scores[j];
            }
            double auc = Auc.of(scores, held);
            if (!Double.isNaN(auc)) {
                foldAucs.add(auc);
            }
        }
        double cvAuc = Auc.of(outOfFold, labels);
        List<Integer> all = new ArrayList<>(order);
        Collections.sort(all);
        PreRouterModel model = fit(rows, labels, all, settings, cheapModel, cvAuc);
        return new Training(model, cvAuc, foldAucs, examples.size(), (int) acceptable);
    }

    private static Feature[] row(Example e, Hashing hashing) {
        double[] signals = RequestSignals.values(e.features());
        Hashing.Vector hashed = hashing.vector(e.prompt());
        Feature[] row = new Feature[signals.length + hashed.indices().length];
        for (int i = 0; i < signals.length; i++) {
            row[i] = new FeatureNode(i + 1, signals[i]);
        }
        for (int j = 0; j < hashed.indices().length; j++) {
            row[signals.length + j] = new FeatureNode(signals.length + 1 + hashed.indices()[j], hashed.values()[j]);
        }
        return row;
    }

    private static PreRouterModel fit(List<Feature[]> rows, boolean[] labels, List<Integer> subset,
                                      Settings settings, String cheapModel, double cvAuc) {
        int dense = RequestSignals.NAMES.size();
        Problem problem = new Problem();
        problem.l = subset.size();
        problem.n = dense + settings.hashing().dimension();
        problem.bias = 1;
        problem.x = new Feature[subset.size()][];
        problem.y = new double[subset.size()];
        for (int j = 0; j < subset.size(); j++) {
            problem.x[j] = rows.get(subset.get(j));
            problem.y[j] = labels[subset.get(j)] ? 1 : 0;
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, settings.c(), 0.01));
        // liblinear's decision value is positive for its first label
        double sign = model.getLabels()[0] == 1 ? 1 : -1;
        double[] featureWeights = new double[dense];
        double[] hashedWeights = new double[settings.hashing().dimension()];
        if (model.getNrClass() == 2) {
            for (int i = 0; i < dense; i++) {
                featureWeights[i] = sign * model.getDecfunCoef(i + 1, 0);
            }
            for (int i = 0; i < hashedWeights.length; i++) {
                hashedWeights[i] = sign * model.getDecfunCoef(dense + 1 + i, 0);
            }
        }
        double bias = model.getNrClass() == 2 ? sign * model.getDecfunBias(0)
                : model.getLabels()[0] == 1 ? 10 : -10; // one class in this fold: a constant score
        return PreRouterModelBuilder.builder().format(PreRouterModel.FORMAT).cheapModel(cheapModel)
                .trainedOn(subset.size()).cvAuc(cvAuc).hashing(settings.hashing()).features(RequestSignals.NAMES)
                .featureWeights(featureWeights).hashedWeights(hashedWeights).bias(bias).build();
    }
}
