package dev.llmpool.router.policy.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A replay's figures, for the policy and the baselines side by side.
 *
 * @param cases      lines replayed
 * @param routes     routed requests per route
 * @param tierModels the models found at each tier position across routes
 * @param unroutable requests no route could take (model not found, or no tier fits the prompt)
 * @param missing    usable tiers whose model has no recorded outcome in the case (replayed as failed attempts)
 */
public record ReplayReport(int cases, Map<String, Integer> routes, Map<Integer, Set<String>> tierModels,
                           int unroutable, int missing, List<StrategyResult> results) {

    public StrategyResult result(Strategy strategy) {
        return results.stream().filter(r -> r.strategy() == strategy).findFirst().orElseThrow();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        List<String> routeCounts = new ArrayList<>();
        routes.forEach((route, n) -> routeCounts.add(route + " " + n));
        out.append(String.format(Locale.ROOT, "requests: %d (routed %d, unroutable %d) · routes: %s · missing outcomes: %d%n",
                cases, cases - unroutable, unroutable, String.join(", ", routeCounts), missing));
        out.append(String.format(Locale.ROOT, "%n%-24s", ""));
        for (StrategyResult r : results) {
            out.append(String.format(Locale.ROOT, "%18s", r.strategy().label()));
        }
        out.append('\n');
        row(out, "accuracy", r -> Double.isNaN(r.accuracy()) ? "n/a"
                : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * r.accuracy(), r.correct(), r.labelled()));
        row(out, "total cost", r -> String.format(Locale.ROOT, "$%.6f", r.totalCostUsd()));
        row(out, "cost per 1k requests", r -> String.format(Locale.ROOT, "$%.4f", r.costPer1k()));
        for (var tier : tierModels.entrySet()) {
            row(out, "reached tier " + (tier.getKey() + 1), r -> String.format(Locale.ROOT, "%.1f%%",
                    100 * r.reachedShare(tier.getKey())));
        }
        row(out, "escalated requests", r -> r.strategy() != Strategy.POLICY ? "-"
                : String.format(Locale.ROOT, "%.1f%% (%d)", 100 * r.escalationRate(), r.escalatedRequests()));
        row(out, "escalations", r -> r.strategy() != Strategy.POLICY ? "-" : Integer.toString(r.escalations()));
        row(out, "escalation precision", r -> r.strategy() != Strategy.POLICY ? "-"
                : Double.isNaN(r.escalationPrecision()) ? "n/a" : String.format(Locale.ROOT, "%.1f%% (%d/%d)",
                100 * r.escalationPrecision(), r.escalationsWrong(), r.escalationsLabelled()));
        if (results.stream().anyMatch(r -> r.refused() > 0)) {
            row(out, "refused (cost cap)", r -> Integer.toString(r.refused()));
        }
        out.append('\n');
        tierModels.forEach((tier, models) -> out.append(String.format(Locale.ROOT, "tier %d: %s%n", tier + 1,
                String.join(", ", models))));
        return out.toString();
    }

    private void row(StringBuilder out, String name, Function<StrategyResult, String> cell) {
        out.append(String.format(Locale.ROOT, "%-24s", name));
        for (StrategyResult r : results) {
            out.append(String.format(Locale.ROOT, "%18s", cell.apply(r)));
        }
        out.append('\n');
    }
}
