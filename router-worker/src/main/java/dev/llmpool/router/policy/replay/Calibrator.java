package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.rules.Route;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.rules.Tier;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Searches a replay for the setting that meets a target, over everything the rules can turn: each tier's accept
 * threshold (0, 1 and the observed scores), each tier's {@code min_pre_score} when the rules have a pre-generation
 * router (0 never skips, 1 always does; between, the observed pre-scores), the number of every {@code gt}/{@code lt}
 * in the rules' conditions (the observed values of its field, {@code pre_score} included), and, per route, sending
 * everything straight to its last tier. Coordinate descent from four starts (the file's setting, accept all,
 * escalate all, straight to the last tier); candidates are rounded down to 4 decimals and thinned to
 * {@value #MAX_CANDIDATES} quantiles, so the printed value behaves exactly as replayed. Targets: an escalation rate
 * (closest, then more accurate, then cheaper) or an accuracy (the cheapest setting reaching it; when none does, the
 * most accurate).
 */
public final class Calibrator {

    private static final int MAX_PASSES = 10;
    private static final int MAX_CANDIDATES = 40;

    /** What to calibrate for. */
    public sealed interface Target {
        /** Share of requests that escalate at least once, in [0,1]. */
        record EscalationRate(double rate) implements Target {
        }

        /** Accuracy over labelled requests, in [0,1]. */
        record Accuracy(double accuracy) implements Target {
        }

        /**
         * A share of the strongest strategy's accuracy (the strongest model for every request with several routes,
         * else every request on its last tier), in [0,1]: 0.95 is "95% of the strong model's accuracy".
         */
        record RelativeAccuracy(double share) implements Target {
        }
    }

    /** The accuracy a relative target asks for on these cases; other targets as they are. */
    static Target absolute(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules, Target target) {
        if (!(target instanceof Target.RelativeAccuracy(double share))) {
            return target;
        }
        StrategyResult strong = strongest(replayer, prepared, rules);
        return new Target.Accuracy(share * (Double.isNaN(strong.accuracy()) ? 0 : strong.accuracy()));
    }

    /** The strongest model for every request with several routes, else every request on its last tier. */
    static StrategyResult strongest(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules) {
        StrategyResult strongest = replayer.run(prepared, rules, Strategy.STRONGEST_MODEL);
        return replayer.severalRoutes(prepared, rules) && !strongest.label().equals(strongest.strategy().label())
                ? strongest : replayer.run(prepared, rules, Strategy.LAST_TIER);
    }

    /**
     * @param rules       the calibrated rules
     * @param thresholds  the calibrated accept thresholds by route and tier (0-based)
     * @param previous    the thresholds of the rules file, same keys
     * @param changes     every setting the search moved, as a line for the reader
     * @param reached     whether the target was met (an accuracy target may not be reachable)
     * @param baselines   the strategies the setting should beat, replayed under the calibrated rules
     * @param asked       the target as asked (a relative accuracy; {@code target} is then the accuracy it meant)
     */
    @RecordBuilder
    public record Calibration(Target target, RoutingRules rules, StrategyResult result,
                              Map<String, Map<Integer, Double>> thresholds,
                              Map<String, Map<Integer, Double>> previous, List<String> changes, boolean reached,
                              List<StrategyResult> baselines, Target asked) {

        /** The baseline at least as accurate and as cheap as the calibrated setting, and better on one, if any. */
        public Optional<StrategyResult> beatenBy() {
            return baselines.stream().filter(result::beatenBy).findFirst();
        }
    }

    public Calibration calibrate(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules, Target asked) {
        Target target = absolute(replayer, prepared, rules, asked);
        List<Knob> knobs = knobs(replayer, prepared, rules);
        Comparator<StrategyResult> better = order(target);
        Map<Knob, Double> file = new LinkedHashMap<>();
        knobs.forEach(k -> file.put(k, k.current(rules)));
        List<Map<Knob, Double>> starts = List.of(file, uniform(file, Knob.Threshold.class, 0), uniform(file,
                Knob.Threshold.class, 1), uniform(file, Knob.Direct.class, 1));
        Map<Knob, Double> best = null;
        StrategyResult bestResult = null;
        for (Map<Knob, Double> start : starts) {
            Map<Knob, Double> local = descend(replayer, prepared, rules, start, knobs, better);
            StrategyResult result = replayer.run(prepared, apply(rules, local), Strategy.POLICY);
            if (bestResult == null || better.compare(result, bestResult) < 0) {
                best = local;
                bestResult = result;
            }
        }
        RoutingRules calibrated = apply(rules, best);
        Map<String, Map<Integer, Double>> thresholds = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> previous = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>();
        for (Knob k : knobs) {
            double now = best.get(k);
            double was = file.get(k);
            switch (k) {
                case Knob.Threshold t -> {
                    thresholds.computeIfAbsent(t.route(), r -> new LinkedHashMap<>()).put(t.tier(), now);
                    previous.computeIfAbsent(t.route(), r -> new LinkedHashMap<>()).put(t.tier(), was);
                }
                case Knob.MinPreScore m -> {
                    if (now != was) {
                        changes.add("route " + m.route() + " tier " + (m.tier() + 1) + ": min_pre_score "
                                + (now <= 0 ? "none" : number(now)) + " (was " + (was <= 0 ? "none" : number(was))
                                + ")");
                    }
                }
                case Knob.RuleNumber n -> {
                    if (now != was) {
                        changes.add("rule " + rules.rules().get(n.rule()).name() + ": " + n.field() + " compared "
                                + "with " + number(now) + " (was " + number(was) + ")");
                    }
                }
                case Knob.Direct d -> {
                    if (now >= 1) {
                        changes.add("route " + d.route() + ": every request straight to its last tier (escalate "
                                + "everything costs more)");
                    }
                }
            }
        }
        List<StrategyResult> baselines = new ArrayList<>(List.of(replayer.run(prepared, calibrated,
                Strategy.FIRST_TIER), replayer.run(prepared, calibrated, Strategy.LAST_TIER)));
        if (replayer.severalRoutes(prepared, calibrated)) {
            baselines.add(replayer.run(prepared, calibrated, Strategy.CHEAPEST_MODEL));
            baselines.add(replayer.run(prepared, calibrated, Strategy.STRONGEST_MODEL));
        }
        return CalibratorCalibrationBuilder.builder().target(target).rules(calibrated).result(bestResult)
                .thresholds(thresholds).previous(previous).changes(changes).reached(reached(target, bestResult))
                .baselines(baselines).asked(asked).build();
    }

    private static List<Knob> knobs(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules) {
        List<Knob> knobs = new ArrayList<>();
        replayer.scores(prepared, rules).forEach((route, tiers) -> tiers.forEach((tier, scores) -> {
            Set<Double> candidates = new TreeSet<>(List.of(0.0, 1.0));
            scores.forEach(s -> candidates.add(floor(s)));
            knobs.add(new Knob.Threshold(route, tier, thin(candidates)));
        }));
        if (rules.preScorer() != null) {
            Set<Double> pre = new TreeSet<>(List.of(0.0, 1.0));
            prepared.features().forEach(f -> {
                if (f.preScore() != null) {
                    pre.add(floor(f.preScore()));
                }
            });
            List<Double> candidates = thin(pre);
            for (Route route : rules.routes().values()) {
                for (int i = 0; i < route.tiers().size() - 1; i++) {
                    knobs.add(new Knob.MinPreScore(route.name(), i, candidates));
                }
            }
        }
        for (int r = 0; r < rules.rules().size(); r++) {
            List<String> fields = Knob.fields(rules.rules().get(r).when());
            for (int k = 0; k < fields.size(); k++) {
                Set<Double> values = new TreeSet<>(List.of(Knob.comparisons(rules.rules().get(r).when()).get(k)));
                for (Features f : prepared.features()) {
                    if (f.field(fields.get(k)) instanceof Number n) {
                        values.add(floor(n.doubleValue()));
                    }
                }
                knobs.add(new Knob.RuleNumber(r, k, fields.get(k), thin(values)));
            }
        }
        for (Route route : rules.routes().values()) {
            if (route.tiers().size() > 1) {
                knobs.add(new Knob.Direct(route.name(), List.of(0.0, 1.0)));
            }
        }
        return knobs;
    }

    /** Coordinate descent from {@code start}: each knob in turn takes its best candidate, until none moves. */
    private static Map<Knob, Double> descend(Replayer replayer, Replayer.Prepared prepared, RoutingRules rules,
                                             Map<Knob, Double> start, List<Knob> knobs,
                                             Comparator<StrategyResult> better) {
        Map<Knob, Double> best = new LinkedHashMap<>(start);
        StrategyResult bestResult = replayer.run(prepared, apply(rules, best), Strategy.POLICY);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean changed = false;
            for (Knob k : knobs) {
                for (double candidate : k.candidates()) {
                    Map<Knob, Double> trial = new LinkedHashMap<>(best);
                    trial.put(k, candidate);
                    StrategyResult result = replayer.run(prepared, apply(rules, trial), Strategy.POLICY);
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

    /** The rules with every knob set; the routes sent straight to their last tier last, as they drop tiers. */
    private static RoutingRules apply(RoutingRules rules, Map<Knob, Double> setting) {
        RoutingRules result = rules;
        for (var e : setting.entrySet()) {
            if (!(e.getKey() instanceof Knob.Direct)) {
                result = e.getKey().apply(result, e.getValue());
            }
        }
        for (var e : setting.entrySet()) {
            if (e.getKey() instanceof Knob.Direct) {
                result = e.getKey().apply(result, e.getValue());
            }
        }
        return result;
    }

    private static Map<Knob, Double> uniform(Map<Knob, Double> setting, Class<? extends Knob> kind, double value) {
        Map<Knob, Double> copy = new LinkedHashMap<>(setting);
        copy.replaceAll((k, v) -> kind.isInstance(k) ? value : v);
        return copy;
    }

    private static double floor(double value) {
        return Math.floor(value * 10_000) / 10_000;
    }

    /** At most {@value #MAX_CANDIDATES} of the sorted candidates, evenly spaced by rank, the ends kept. */
    private static List<Double> thin(Set<Double> sorted) {
        List<Double> all = new ArrayList<>(sorted);
        if (all.size() <= MAX_CANDIDATES) {
            return all;
        }
        Set<Double> kept = new TreeSet<>();
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            kept.add(all.get((int) Math.round((double) i * (all.size() - 1) / (MAX_CANDIDATES - 1))));
        }
        return List.copyOf(kept);
    }

    private static boolean reached(Target target, StrategyResult r) {
        return switch (target) {
            // met when no other whole number of escalated requests would be closer
            case Target.EscalationRate rate -> r.requests() > 0
                    && Math.abs(r.escalationRate() - rate.rate()) <= 0.5 / r.requests() + 1e-9;
            case Target.Accuracy accuracy -> accuracy(r) >= accuracy.accuracy() - 1e-12;
            case Target.RelativeAccuracy relative -> throw new IllegalStateException("made absolute first");
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
            case Target.RelativeAccuracy relative -> throw new IllegalStateException("made absolute first");
        };
    }

    /** The calibration as a summary and a YAML fragment ready to paste into the rules file. */
    public static String render(Calibration c) {
        StringBuilder out = new StringBuilder();
        StrategyResult r = c.result();
        String goal = switch (c.target()) {
            case Target.EscalationRate rate -> String.format(Locale.ROOT, "escalation rate %.1f%%", 100 * rate.rate());
            case Target.Accuracy accuracy -> String.format(Locale.ROOT, "accuracy %.1f%%", 100 * accuracy.accuracy());
            case Target.RelativeAccuracy relative -> String.format(Locale.ROOT, "%.1f%% of the strongest's "
                    + "accuracy", 100 * relative.share());
        };
        if (c.asked() instanceof Target.RelativeAccuracy(double share)) {
            goal += String.format(Locale.ROOT, " (%.1f%% of the strongest's)", 100 * share);
        }
        out.append(String.format(Locale.ROOT, "calibration: target %s -> %s: escalation rate %.1f%%, accuracy %s, "
                        + "total cost $%.6f, cost per 1k $%.4f%n", goal, c.reached() ? "met" : "not met (closest)",
                100 * r.escalationRate(), Double.isNaN(r.accuracy()) ? "n/a"
                        : String.format(Locale.ROOT, "%.1f%%", 100 * r.accuracy()),
                r.totalCostUsd(), r.costPer1k()));
        for (StrategyResult b : c.baselines()) {
            out.append(String.format(Locale.ROOT, "  against %s: accuracy %s, total cost $%.6f%n", b.label(),
                    Double.isNaN(b.accuracy()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * b.accuracy()),
                    b.totalCostUsd()));
        }
        c.beatenBy().ifPresent(b -> out.append(String.format(Locale.ROOT, "warning: %s beats this setting on both "
                + "cost and accuracy: use it instead%n", b.label())));
        if (!c.changes().isEmpty()) {
            out.append("changed besides thresholds:\n");
            c.changes().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("# paste into the rules file: accept.threshold (and min_pre_score) of each tier (a route's last "
                + "tier never escalates)\n");
        out.append("routes:\n");
        for (var entry : c.thresholds().entrySet()) {
            String route = entry.getKey();
            Route full = c.rules().route(route);
            out.append("  ").append(route).append(":\n    tiers:\n");
            if (full.tiers().size() == 1 && entry.getValue().size() > 0) {
                out.append("      # cheaper tiers dropped: every request straight to the last tier\n");
            }
            for (int i = 0; i < full.tiers().size(); i++) {
                Tier tier = full.tiers().get(i);
                out.append("      - model: ").append(tier.model()).append('\n');
                Double t = full.tiers().size() == 1 ? null : entry.getValue().get(i);
                if (t != null) {
                    out.append(String.format(Locale.ROOT, "        accept: {threshold: %s}   # was %s%n", number(t),
                            number(c.previous().get(route).get(i))));
                }
                if (tier.minPreScore() != null && full.tiers().size() > 1) {
                    out.append("        min_pre_score: ").append(number(tier.minPreScore())).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
