package dev.llmpool.router.policy.replay;

import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.features.RouteNames;
import dev.llmpool.router.policy.prescore.PreRouterTrainer;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.rules.RouteSelector;
import dev.llmpool.router.policy.rules.RoutingRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code llmpool route train} end to end: recorded outcomes in, a pre-generation router's model file out. Each
 * request is labelled by whether the cheap tier's recorded answer was right: the cheap tier is the model given, or
 * else the first usable tier of the route the rules choose for it. Requests without such a label are left out.
 */
public final class TrainRun {

    private TrainRun() {
    }

    /** The labelled examples among {@code cases}: with {@code cheapModel}, or with each case's first tier. */
    public static List<PreRouterTrainer.Example> examples(List<ReplayCase> cases, TokenCounter tokens,
                                                          RoutingRules rules, ModelCatalog catalog,
                                                          String cheapModel) {
        FeatureExtractor extractor = new FeatureExtractor(tokens);
        RouteSelector selector = new RouteSelector();
        List<PreRouterTrainer.Example> examples = new ArrayList<>();
        for (ReplayCase c : cases) {
            // the router's own features, without a pre-score: training must not read the model it replaces
            RouteNames names = rules == null ? RouteNames.NONE : rules.withPreScorer(null);
            Features features = extractor.extract(c.request(), c.context(), names);
            String cheap = cheapModel;
            if (cheap == null && rules != null && selector.select(features, rules.withPreScorer(null), catalog)
                    instanceof RouteSelection.Planned(RoutePlan plan) && !plan.pinned()
                    && plan.tiers().size() > 1) {
                cheap = plan.tier(0).model().id();
            }
            RecordedOutcome outcome = cheap == null ? null : c.outcomes().get(cheap);
            if (outcome != null && outcome.correct() != null) {
                examples.add(new PreRouterTrainer.Example(FeatureExtractor.promptText(c.request()), features,
                        outcome.correct()));
            }
        }
        return examples;
    }

    /**
     * @param rules      the rules file, or null when {@code cheapModel} is given
     * @param catalog    the catalog file, or null for the pool's default
     * @param cheapModel the model whose answers label the requests, or null for each route's first tier
     */
    public static String run(Path input, Path out, Path rules, Path catalog, String cheapModel,
                             PreRouterTrainer.Settings settings, TokenCounter tokens) {
        if (rules == null && cheapModel == null) {
            throw new IllegalArgumentException("name the cheap model (--cheap), or the rules (--rules) whose "
                    + "routes' first tiers label the requests");
        }
        ModelCatalog models = ReplayRun.catalog(catalog);
        RoutingRules routing = rules == null ? null : ReplayRun.rules(rules, models);
        List<ReplayCase> cases = new ReplayReader().read(ReplayRun.read(input), input.toString());
        List<PreRouterTrainer.Example> examples = examples(cases, tokens, routing, models, cheapModel);
        String label = cheapModel != null ? cheapModel : "each route's first tier";
        PreRouterTrainer.Training training = new PreRouterTrainer().train(examples, settings, label);
        training.model().write(out);
        return String.format(Locale.ROOT, "training on %s: %d requests, %d labelled for %s%n", input.getFileName(),
                cases.size(), examples.size(), label) + training.render()
                + "model written to " + out + " (name it in the rules file: pre_router: {model: " + out.getFileName()
                + "})\n";
    }
}
