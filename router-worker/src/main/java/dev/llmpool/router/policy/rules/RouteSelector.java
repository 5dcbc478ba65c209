package dev.llmpool.router.policy.rules;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.scoring.Acceptance;
import dev.llmpool.router.policy.scoring.Combination;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the route: a model pin bypasses the rules (one tier, that model); a route alias names its route; otherwise
 * (an auto alias, or no model) the first matching rule, else the default route. Tiers whose context window cannot
 * hold the estimated prompt plus the completion cap are skipped, and so are tiers whose {@code min_pre_score} the
 * request's {@code pre_score} falls below (the pre-generation router expects their answer to fail). Pure.
 */
public final class RouteSelector {

    public static final String PINNED = "pinned";

    public RouteSelection select(Features features, RoutingRules rules, ModelCatalog catalog) {
        if (features.modelPin() != null) {
            return pinned(features, catalog);
        }
        String requested = features.requestedModel();
        Optional<Route> byAlias = requested == null ? Optional.empty() : rules.routeByAlias(requested);
        if (byAlias.isPresent()) {
            return plan(byAlias.get(), "alias " + requested, features, catalog);
        }
        for (Rule rule : rules.rules()) {
            if (rule.when().test(features)) {
                return plan(rules.route(rule.route()), "rule " + rule.name(), features, catalog);
            }
        }
        return plan(rules.route(rules.defaultRoute()), "default", features, catalog);
    }

    /** A pin runs the named model alone; its provider answers for the context window, as without routing. */
    private RouteSelection pinned(Features features, ModelCatalog catalog) {
        Optional<CatalogModel> model = catalog.resolve(features.modelPin());
        if (model.isEmpty()) {
            return new RouteSelection.Unroutable(true, "The model `" + features.modelPin() + "` does not exist.");
        }
        PlannedTier only = new PlannedTier(0, model.get(), features.maxTokens(), Acceptance.LENIENT);
        return new RouteSelection.Planned(new RoutePlan(PINNED, "pin", true, Combination.MIN, List.of(only),
                List.of(), 0, null));
    }

    private RouteSelection plan(Route route, String matchedBy, Features features, ModelCatalog catalog) {
        List<PlannedTier> usable = new ArrayList<>();
        List<SkippedTier> skipped = new ArrayList<>();
        for (int i = 0; i < route.tiers().size(); i++) {
            Tier tier = route.tiers().get(i);
            Optional<CatalogModel> model = catalog.resolve(tier.model());
            if (model.isEmpty()) {
                skipped.add(new SkippedTier(i, tier.model(), "not in the catalog"));
                continue;
            }
            if (tier.skips(features.preScore())) {
                skipped.add(new SkippedTier(i, tier.model(), String.format(java.util.Locale.ROOT,
                        "pre_score %.3f < min_pre_score %s", features.preScore(), tier.minPreScore())));
                continue;
            }
            Integer cap = min(tier.maxTokens(), features.maxTokens());
            long needed = (long) features.promptTokens() + (cap == null ? 0 : cap);
            if (needed > model.get().contextWindow()) {
                skipped.add(new SkippedTier(i, tier.model(), "context window " + model.get().contextWindow()
                        + " < " + features.promptTokens() + " prompt + " + (cap == null ? 0 : cap) + " max tokens"));
                continue;
            }
            usable.add(new PlannedTier(i, model.get(), cap, tier.acceptance()));
        }
        if (usable.isEmpty()) {
            return new RouteSelection.Unroutable(false, "No tier of route " + route.name() + " can hold "
                    + features.promptTokens() + " prompt tokens: " + String.join("; ",
                    skipped.stream().map(s -> s.model() + ": " + s.reason()).toList()));
        }
        return new RouteSelection.Planned(new RoutePlan(route.name(), matchedBy, false, route.combination(), usable,
                skipped, route.maxEscalations(), route.maxCostUsd()));
    }

    static Integer min(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }
}
