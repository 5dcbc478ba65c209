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
        List<String> names = new ArrayList<>();
        List<List<String>> cells = new ArrayList<>();
        row(names, cells, "accuracy", r -> Double.isNaN(r.accuracy()) ? "n/a"
                : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * r.accuracy(), r.correct(), r.labelled()));
        row(names, cells, "total cost", r -> String.format(Locale.ROOT, "$%.6f", r.totalCostUsd()));
        row(names, cells, "cost per 1k requests", r -> String.format(Locale.ROOT, "$%.4f", r.costPer1k()));
        for (var tier : tierModels.entrySet()) {
            row(names, cells, "reached tier " + (tier.getKey() + 1), r -> r.strategy() == Strategy.CHEAPEST_MODEL
                    || r.strategy() == Strategy.STRONGEST_MODEL ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.reachedShare(tier.getKey())));
        }
        row(names, cells, "escalated requests", r -> r.strategy() != Strategy.POLICY ? "-"
                : String.format(Locale.ROOT, "%.1f%% (%d)", 100 * r.escalationRate(), r.escalatedRequests()));
        row(names, cells, "escalations", r -> r.strategy() != Strategy.POLICY ? "-"
                : Integer.toString(r.escalations()));
        row(names, cells, "escalation precision", r -> r.strategy() != Strategy.POLICY ? "-"
                : Double.isNaN(r.escalationPrecision()) ? "n/a" : String.format(Locale.ROOT, "%.1f%% (%d/%d)",
                100 * r.escalationPrecision(), r.escalationsFixed(), r.escalationsLabelled()));
        if (results.stream().anyMatch(r -> r.refused() > 0)) {
            row(names, cells, "refused (cost cap)", r -> Integer.toString(r.refused()));
        }
        row(names, cells, "estimated token counts", r -> r.estimatedUsage() + "/" + r.attempts());
        StrategyResult policy = result(Strategy.POLICY);
        for (String scorer : policy.consulted().keySet()) {
            row(names, cells, "abstained: " + scorer, r -> r.strategy() != Strategy.POLICY ? "-"
                    : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * r.abstentionRate(scorer),
                    r.abstained().getOrDefault(scorer, 0), r.consulted().get(scorer)));
        }
        table(out, names, results.stream().map(StrategyResult::label).toList(), cells);
        out.append(String.format(Locale.ROOT, "precision: escalations whose cheaper answer was wrong and the next "
                + "one right, over labelled escalations%n"));
        int estimated = results.stream().mapToInt(StrategyResult::estimatedUsage).max().orElse(0);
        if (estimated > 0) {
            out.append(String.format(Locale.ROOT, "note: %d answers had no recorded usage; their token counts (and "
                    + "costs) are estimated with jtokkit%n", estimated));
        }
        dominated(policy).ifPresent(line -> out.append(line).append('\n'));
        strongest().ifPresent(strong -> out.append(String.format(Locale.ROOT, "policy against %s: %.1f%% of its "
                + "accuracy at %.1f%% of its cost%n", strong.label(), 100 * nan(policy.accuracy())
                / nan(strong.accuracy()), 100 * policy.totalCostUsd() / strong.totalCostUsd())));
        out.append('\n');
        tierModels.forEach((tier, models) -> out.append(String.format(Locale.ROOT, "tier %d: %s%n", tier + 1,
                String.join(", ", models))));
        return out.toString();
    }

    /** A line saying which baseline is at least as accurate and as cheap as {@code policy}, when one is. */
    public java.util.Optional<String> dominated(StrategyResult policy) {
        return results.stream().filter(r -> r.strategy() != Strategy.POLICY && policy.beatenBy(r)).findFirst()
                .map(r -> String.format(Locale.ROOT, "warning: %s beats this setting on both cost and accuracy "
                        + "(%.1f%% at $%.6f against %.1f%% at $%.6f)", r.label(), 100 * nan(r.accuracy()),
                        r.totalCostUsd(), 100 * nan(policy.accuracy()), policy.totalCostUsd()));
    }

    /** The strongest model for every request when the report has it, else every request on its last tier. */
    private java.util.Optional<StrategyResult> strongest() {
        return results.stream().filter(r -> r.strategy() == Strategy.STRONGEST_MODEL).findFirst()
                .or(() -> results.stream().filter(r -> r.strategy() == Strategy.LAST_TIER).findFirst())
                .filter(r -> r.totalCostUsd() > 0 && nan(r.accuracy()) > 0);
    }

    private static double nan(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private void row(List<String> names, List<List<String>> cells, String name, Function<StrategyResult, String> cell) {
        names.add(name);
        cells.add(results.stream().map(cell).toList());
    }

    /** Columns as wide as their widest cell, two spaces apart, so no two cells ever run together. */
    static void table(StringBuilder out, List<String> names, List<String> headers, List<List<String>> cells) {
        int first = names.stream().mapToInt(String::length).max().orElse(0) + 2;
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : cells) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
            widths[c] += 2;
        }
        out.append('\n').append(" ".repeat(first));
        for (int c = 0; c < widths.length; c++) {
            out.append(pad(headers.get(c), widths[c]));
        }
        out.append('\n');
        for (int r = 0; r < names.size(); r++) {
            out.append(names.get(r)).append(" ".repeat(first - names.get(r).length()));
            for (int c = 0; c < widths.length; c++) {
                out.append(pad(cells.get(r).get(c), widths[c]));
            }
            out.append('\n');
        }
    }

    private static String pad(String cell, int width) {
        return " ".repeat(Math.max(0, width - cell.length())) + cell;
    }
}
