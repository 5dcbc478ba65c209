package dev.llmpool.router.policy.replay;

import dev.llmpool.router.policy.rules.Condition;
import dev.llmpool.router.policy.rules.Rule;
import dev.llmpool.router.policy.rules.RoutingRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One setting of the rules that the {@link Calibrator} turns, with the values it tries. */
sealed interface Knob {

    List<Double> candidates();

    RoutingRules apply(RoutingRules rules, double value);

    /** The value the rules file gives it. */
    double current(RoutingRules original);

    /** A tier's accept threshold. */
    record Threshold(String route, int tier, List<Double> candidates) implements Knob {
        @Override
        public RoutingRules apply(RoutingRules rules, double value) {
            return rules.withThreshold(route, tier, value);
        }

        @Override
        public double current(RoutingRules original) {
            return original.route(route).tiers().get(tier).acceptance().threshold();
        }
    }

    /** A tier's {@code min_pre_score}; 0 stands for none (a pre-score is never below 0). */
    record MinPreScore(String route, int tier, List<Double> candidates) implements Knob {
        @Override
        public RoutingRules apply(RoutingRules rules, double value) {
            return rules.withMinPreScore(route, tier, value <= 0 ? null : value);
        }

        @Override
        public double current(RoutingRules original) {
            Double min = original.route(route).tiers().get(tier).minPreScore();
            return min == null ? 0 : min;
        }
    }

    /** The {@code k}-th {@code gt}/{@code lt} (depth first) of rule {@code rule}'s condition. */
    record RuleNumber(int rule, int k, String field, List<Double> candidates) implements Knob {
        @Override
        public RoutingRules apply(RoutingRules rules, double value) {
            List<Rule> list = new ArrayList<>(rules.rules());
            Rule r = list.get(rule);
            list.set(rule, new Rule(r.name(), replace(r.when(), new AtomicInteger(k), value), r.route(), r.line()));
            return rules.withRules(list);
        }

        @Override
        public double current(RoutingRules original) {
            return comparisons(original.rules().get(rule).when()).get(k);
        }
    }

    /** 1 sends every request of the route straight to its last tier; applied after the others (it drops tiers). */
    record Direct(String route, List<Double> candidates) implements Knob {
        @Override
        public RoutingRules apply(RoutingRules rules, double value) {
            return value >= 1 ? rules.withRoute(rules.route(route).lastTierOnly()) : rules;
        }

        @Override
        public double current(RoutingRules original) {
            return 0;
        }
    }

    /** The numbers of a condition's {@code gt}/{@code lt}, depth first. */
    static List<Double> comparisons(Condition c) {
        List<Double> out = new ArrayList<>();
        walk(c, out, new ArrayList<>());
        return out;
    }

    /** The fields of a condition's {@code gt}/{@code lt}, depth first. */
    static List<String> fields(Condition c) {
        List<String> out = new ArrayList<>();
        walk(c, new ArrayList<>(), out);
        return out;
    }

    private static void walk(Condition c, List<Double> numbers, List<String> fields) {
        switch (c) {
            case Condition.Gt gt -> {
                numbers.add(gt.value());
                fields.add(gt.field());
            }
            case Condition.Lt lt -> {
                numbers.add(lt.value());
                fields.add(lt.field());
            }
            case Condition.All all -> all.conditions().forEach(p -> walk(p, numbers, fields));
            case Condition.Any any -> any.conditions().forEach(p -> walk(p, numbers, fields));
            case Condition.Not not -> walk(not.condition(), numbers, fields);
            default -> {
            }
        }
    }

    /** The condition with its {@code k}-th comparison (counting {@code k} down) set to {@code value}. */
    private static Condition replace(Condition c, AtomicInteger k, double value) {
        return switch (c) {
            case Condition.Gt gt -> k.getAndDecrement() == 0 ? new Condition.Gt(gt.field(), value) : gt;
            case Condition.Lt lt -> k.getAndDecrement() == 0 ? new Condition.Lt(lt.field(), value) : lt;
            case Condition.All all -> new Condition.All(each(all.conditions(), k, value));
            case Condition.Any any -> new Condition.Any(each(any.conditions(), k, value));
            case Condition.Not not -> new Condition.Not(replace(not.condition(), k, value));
            default -> c;
        };
    }

    private static List<Condition> each(List<Condition> parts, AtomicInteger k, double value) {
        return parts.stream().map(p -> replace(p, k, value)).toList();
    }
}
