package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.rules.Route;
import dev.llmpool.router.policy.rules.RoutingRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Searches tier thresholds over a replay: coordinate descent over every (route, tier but the last) the replay
 * reaches, trying 0, 1 and each observed score (rounded down to 4 decimals, so the printed value behaves exactly as
 * replayed). Targets: an escalation rate (closest, then more accurate, then cheaper) or an accuracy (the cheapest
 * setting reaching it; when none does, the most accurate).
 */
public final class Calibrator {

    private static final int MAX_PASSES = 10;

    /** What to calibrate for. */
    public sealed interface Target {
        /** Share of requests that escalate at least once, in [0,1]. */
        record EscalationRate(double rate) implements Target {
        }

        /** Accuracy over labelled requests, in [0,1]. */
        record Accuracy(double accuracy) implements Target {
        }
    }

    /**
     * @param thresholds the calibrated thresholds by route and tier (0-based)
     * @param previous   the thresholds of the rules file, same keys
     * @param reached    whether the target was met (an accuracy target may not be reachable)
     */
    public record Calibration(Target target, RoutingRules rules, StrategyResult result,
                              Map<String, Map<Integer, Double>> thresholds,
                              Map<String, Map<Integer, Double>> previous, boolean reached) {
    }

    private record Variable(String route, int tier, List<Double> candidates) {
    }

    public Calibration calibrate(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules, Target target) {
        List<Variable> variables = new ArrayList<>();
        replayer.scores(prepared, rules).forEach((route, tiers) -> tiers.forEach((tier, scores) -> {
            Set<Double> candidates = new TreeSet<>(List.of(0.0, 1.0));
            scores.forEach(s -> candidates.add(Math.floor(s * 10_000) / 10_000));
            variables.add(new Variable(route, tier, List.copyOf(candidates)));
        }));
        Comparator<StrategyResult> better = order(target);
        RoutingRules best = null;
        StrategyResult bestResult = null;
        for (RoutingRules start : List.of(rules, uniform(rules, variables, 0), uniform(rules, variables, 1))) {
            RoutingRules local = descend(replayer, prepared, start, variables, better);
            StrategyResult result = replayer.run(prepared, local, Strategy.POLICY);
            if (bestResult == null || better.compare(result, bestResult) < 0) {
                best = local;
                bestResult = result;
            }
        }
        Map<String, Map<Integer, Double>> thresholds = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> previous = new LinkedHashMap<>();
        for (Variable v : variables) {
            thresholds.computeIfAbsent(v.route(), r -> new LinkedHashMap<>()).put(v.tier(), threshold(best, v));
            previous.computeIfAbsent(v.route(), r -> new LinkedHashMap<>()).put(v.tier(), threshold(rules, v));
        }
        return new Calibration(target, best, bestResult, thresholds, previous, reached(target, bestResult));
    }

    /** Coordinate descent from {@code start}: each threshold in turn takes its best candidate, until none moves. */
    private static RoutingRules descend(Replayer replayer, Replayer.Prepared prepared, RoutingRules start,
                                        List<Variable> variables, Comparator<StrategyResult> better) {
        RoutingRules best = start;
        StrategyResult bestResult = replayer.run(prepared, start, Strategy.POLICY);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean changed = false;
            for (Variable v : variables) {
                for (double candidate : v.candidates()) {
                    RoutingRules trial = best.withThreshold(v.route(), v.tier(), candidate);
                    StrategyResult result = replayer.run(prepared, trial, Strategy.POLICY);
                    if (better.compare(result, bestResult) < 0) {
                        best = trial;
                        bestResult = result;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return best;
    }

    private static RoutingRules uniform(RoutingRules rules, List<Variable> variables, double threshold) {
        RoutingRules result = rules;
        for (Variable v : variables) {
            result = result.withThreshold(v.route(), v.tier(), threshold);
        }
        return result;
    }

    private static double threshold(RoutingRules rules, Variable v) {
        return rules.route(v.route()).tiers().get(v.tier()).acceptance().threshold();
    }

    private static boolean reached(Target target, StrategyResult r) {
        return switch (target) {
            // met when no other whole number of escalated requests would be closer
            case Target.EscalationRate rate -> r.requests() > 0
                    && Math.abs(r.escalationRate() - rate.rate()) <= 0.5 / r.requests() + 1e-9;
            case Target.Accuracy accuracy -> accuracy(r) >= accuracy.accuracy() - 1e-12;
        };
    }

    private static double accuracy(StrategyResult r) {
        return Double.isNaN(r.accuracy()) ? 0 : r.accuracy();
    }

    /** Smaller is better. */
    private static Comparator<StrategyResult> order(Target target) {
        Comparator<StrategyResult> moreAccurate = Comparator.comparingDouble(r -> -accuracy(r));
        Comparator<StrategyResult> cheaper = Comparator.comparingDouble(StrategyResult::totalCostUsd);
        return switch (target) {
            case Target.EscalationRate rate -> Comparator.<StrategyResult>comparingDouble(
                    r -> Math.round(Math.abs(r.escalationRate() - rate.rate()) * 1e9) / 1e9)
                    .thenComparing(moreAccurate).thenComparing(cheaper);
            case Target.Accuracy accuracy -> Comparator.<StrategyResult, Boolean>comparing(
                    r -> !(accuracy(r) >= accuracy.accuracy() - 1e-12))
                    .thenComparing((a, b) -> {
                        boolean feasible = accuracy(a) >= accuracy.accuracy() - 1e-12;
                        return feasible ? Double.compare(a.totalCostUsd(), b.totalCostUsd())
                                : Double.compare(accuracy(b), accuracy(a));
                    })
                    .thenComparing(cheaper).thenComparingDouble(StrategyResult::escalationRate);
        };
    }

    /** The calibration as a summary and a YAML fragment ready to paste into the rules file. */
    public static String render(Calibration c) {
        StringBuilder out = new StringBuilder();
        StrategyResult r = c.result();
        String goal = switch (c.target()) {
            case Target.EscalationRate rate -> String.format(Locale.ROOT, "escalation rate %.1f%%", 100 * rate.rate());
            case Target.Accuracy accuracy -> String.format(Locale.ROOT, "accuracy %.1f%%", 100 * accuracy.accuracy());
        };
        out.append(String.format(Locale.ROOT, "calibration: target %s -> %s: escalation rate %.1f%%, accuracy %s, "
                        + "total cost $%.6f, cost per 1k $%.4f%n", goal, c.reached() ? "met" : "not met (closest)",
                100 * r.escalationRate(), Double.isNaN(r.accuracy()) ? "n/a"
                        : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()),
                r.totalCostUsd(), r.costPer1k()));
        out.append("# paste into the rules file: accept.threshold of each tier (a route's last tier never escalates)\n");
        out.append("routes:\n");
        c.thresholds().forEach((route, tiers) -> {
            Route full = c.rules().route(route);
            out.append("  ").append(route).append(":\n    tiers:\n");
            for (int i = 0; i < full.tiers().size(); i++) {
                out.append("      - model: ").append(full.tiers().get(i).model()).append('\n');
                Double t = tiers.get(i);
                if (t != null) {
                    out.append(String.format(Locale.ROOT, "        accept: {threshold: %s}   # was %s%n", number(t),
                            number(c.previous().get(route).get(i))));
                }
            }
        });
        return out.toString();
    }

    private static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
