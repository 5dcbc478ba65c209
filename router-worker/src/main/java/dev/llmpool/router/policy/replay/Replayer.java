package dev.llmpool.router.policy.replay;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.router.policy.escalation.Attempt;
import dev.llmpool.router.policy.escalation.CostModel;
import dev.llmpool.router.policy.escalation.Decision;
import dev.llmpool.router.policy.escalation.EscalationPolicy;
import dev.llmpool.router.policy.escalation.TenantBudget;
import dev.llmpool.router.policy.features.FeatureExtractor;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import dev.llmpool.router.policy.rules.RouteSelection;
import dev.llmpool.router.policy.rules.RouteSelector;
import dev.llmpool.router.policy.rules.RoutingRules;
import dev.llmpool.router.policy.scoring.Acceptance;
import dev.llmpool.router.policy.scoring.AnswerScorer;
import dev.llmpool.router.policy.scoring.Score;
import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.router.policy.scoring.ScoringContext;
import dev.llmpool.schemas.openai.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays the routing and escalation policy over recorded outcomes with the live code paths (feature extraction,
 * rule selection, scorers, {@link EscalationPolicy}); only the provider call is replaced by a lookup in the record.
 * A tier whose model has no recorded outcome counts as a failed attempt (as a provider error would). When the cost
 * cap makes the policy send a smaller completion cap than the recorded answer used (per answer, with n samples), the
 * answer is cut to it and
 * marked truncated.
 */
public final class Replayer {

    private final FeatureExtractor extractor;
    private final RouteSelector selector = new RouteSelector();
    private final AnswerScorer scorer = new AnswerScorer();
    private final CostModel costs;
    private final EscalationPolicy policy = new EscalationPolicy(TenantBudget.UNLIMITED);
    private final ModelCatalog catalog;

    public Replayer(ModelCatalog catalog, TokenCounter tokens) {
        this.catalog = catalog;
        this.extractor = new FeatureExtractor(tokens);
        this.costs = new CostModel(tokens);
    }

    /** Cases with their features extracted once; replays of them cache the judged attempts. */
    public final class Prepared {
        private final List<ReplayCase> cases;
        private final List<Features> features;
        private final Map<String, Attempt> attempts = new HashMap<>();

        private Prepared(List<ReplayCase> cases, List<Features> features) {
            this.cases = List.copyOf(cases);
            this.features = List.copyOf(features);
        }

        public int size() {
            return cases.size();
        }

        public List<Features> features() {
            return features;
        }

        public List<ReplayCase> cases() {
            return cases;
        }
    }

    public Prepared prepare(List<ReplayCase> cases, RoutingRules rules) {
        List<Features> features = new ArrayList<>();
        for (ReplayCase c : cases) {
            features.add(extractor.extract(c.request(), c.context(), rules));
        }
        return new Prepared(cases, features);
    }

    /** The policy and the two baselines over the prepared cases, with these rules. */
    public ReplayReport report(Prepared prepared, RoutingRules rules) {
        Map<String, Integer> routes = new TreeMap<>();
        Map<Integer, Set<String>> tierModels = new TreeMap<>();
        int unroutable = 0;
        int missing = 0;
        for (int i = 0; i < prepared.cases.size(); i++) {
            RouteSelection selection = selector.select(prepared.features.get(i), rules, catalog);
            if (!(selection instanceof RouteSelection.Planned(RoutePlan plan))) {
                unroutable++;
                continue;
            }
            routes.merge(plan.route(), 1, Integer::sum);
            for (PlannedTier t : plan.tiers()) {
                tierModels.computeIfAbsent(t.index(), k -> new TreeSet<>()).add(t.model().id());
                if (!prepared.cases.get(i).outcomes().containsKey(t.model().id())) {
                    missing++;
                }
            }
        }
        List<StrategyResult> results = new ArrayList<>(List.of(run(prepared, rules, Strategy.POLICY),
                run(prepared, rules, Strategy.FIRST_TIER), run(prepared, rules, Strategy.LAST_TIER)));
        CatalogModel cheapest = byPrice(prepared, rules, true);
        CatalogModel strongest = byPrice(prepared, rules, false);
        if (severalRoutes(prepared, rules) && cheapest != null && !cheapest.equals(strongest)) {
            results.add(run(prepared, rules, Strategy.CHEAPEST_MODEL));
            results.add(run(prepared, rules, Strategy.STRONGEST_MODEL));
        }
        return new ReplayReport(prepared.cases.size(), routes, tierModels, unroutable, missing, results);
    }

    /**
     * The combined scores of the answers that did not hard-fail, by route and tier (0-based), over every tier but
     * a route's last: the thresholds worth trying when calibrating.
     */
    public Map<String, Map<Integer, Set<Double>>> scores(Prepared prepared, RoutingRules rules) {
        Map<String, Map<Integer, Set<Double>>> scores = new TreeMap<>();
        for (int i = 0; i < prepared.cases.size(); i++) {
            RouteSelection selection = selector.select(prepared.features.get(i), rules, catalog);
            if (!(selection instanceof RouteSelection.Planned(RoutePlan plan)) || plan.pinned()) {
                continue;
            }
            for (int position = 0; position < plan.tiers().size() - 1; position++) {
                Attempt attempt = attempt(prepared, i, plan, position, null);
                Set<Double> set = scores.computeIfAbsent(plan.route(), r -> new TreeMap<>())
                        .computeIfAbsent(plan.tier(position).index(), t -> new TreeSet<>());
                if (!attempt.judgement().hardFailed()) {
                    set.add(attempt.judgement().score());
                }
            }
        }
        return scores;
    }

    public StrategyResult run(Prepared prepared, RoutingRules rules, Strategy strategy) {
        Tally tally = new Tally();
        CatalogModel only = switch (strategy) {
            case CHEAPEST_MODEL -> byPrice(prepared, rules, true);
            case STRONGEST_MODEL -> byPrice(prepared, rules, false);
            default -> null;
        };
        for (int i = 0; i < prepared.cases.size(); i++) {
            RouteSelection selection = selector.select(prepared.features.get(i), rules, catalog);
            if (selection instanceof RouteSelection.Planned(RoutePlan plan)) {
                tally.requests++;
                switch (strategy) {
                    case POLICY -> policy(prepared, i, plan, tally);
                    case FIRST_TIER -> single(prepared, i, plan, 0, tally);
                    case LAST_TIER -> single(prepared, i, plan, plan.tiers().size() - 1, tally);
                    case CHEAPEST_MODEL, STRONGEST_MODEL -> single(prepared, i, alone(strategy, plan, only), 0, tally);
                }
            }
        }
        return StrategyResultBuilder.builder().strategy(strategy)
                .label(only == null ? strategy.label() : strategy.label() + " (" + only.id() + ")")
                .requests(tally.requests).labelled(tally.labelled).correct(tally.correct).totalCostUsd(tally.cost)
                .reached(tally.reached).escalations(tally.escalations).escalationsLabelled(tally.escalationsLabelled)
                .escalationsWrong(tally.escalationsWrong).escalationsFixed(tally.escalationsFixed)
                .escalatedRequests(tally.escalatedRequests).refused(tally.refused).attempts(tally.attempts)
                .estimatedUsage(tally.estimated).consulted(tally.consulted).abstained(tally.abstained).build();
    }

    /** Whether the rules reach more than one route, so one model for all is a baseline worth printing. */
    public boolean severalRoutes(Prepared prepared, RoutingRules rules) {
        Set<String> seen = new TreeSet<>();
        for (Features f : prepared.features) {
            if (selector.select(f, rules, catalog) instanceof RouteSelection.Planned(RoutePlan plan) && !plan.pinned()) {
                seen.add(plan.route());
            }
        }
        return seen.size() > 1;
    }

    /**
     * The cheapest (or dearest) model any route's tiers name that has a recorded outcome in every case, by the price
     * of a million tokens in and out; null when no model was recorded everywhere.
     */
    private CatalogModel byPrice(Prepared prepared, RoutingRules rules, boolean cheapest) {
        CatalogModel pick = null;
        for (var route : rules.routes().values()) {
            for (var tier : route.tiers()) {
                CatalogModel m = catalog.resolve(tier.model()).orElse(null);
                boolean everywhere = m != null
                        && prepared.cases.stream().allMatch(c -> c.outcomes().containsKey(m.id()));
                if (everywhere && (pick == null || (cheapest ? price(m) < price(pick) : price(m) > price(pick)))) {
                    pick = m;
                }
            }
        }
        return pick;
    }

    private static double price(CatalogModel m) {
        return m.price().inputPerMTok() + m.price().outputPerMTok();
    }

    /** The request on one model, whatever its route chose (a pin keeps its model). */
    private static RoutePlan alone(Strategy strategy, RoutePlan plan, CatalogModel model) {
        if (plan.pinned() || model == null) {
            return plan;
        }
        return new RoutePlan("*" + strategy.name(), "baseline", false, plan.combination(),
                List.of(new PlannedTier(0, model, plan.tier(0).maxTokens(), Acceptance.LENIENT)), List.of(), 0, null);
    }

    private static final class Tally {
        int requests;
        int labelled;
        int correct;
        double cost;
        final Map<Integer, Integer> reached = new HashMap<>();
        int escalations;
        int escalationsLabelled;
        int escalationsWrong;
        int escalationsFixed;
        int escalatedRequests;
        int refused;
        int attempts;
        int estimated;
        final Map<String, Integer> consulted = new HashMap<>();
        final Map<String, Integer> abstained = new HashMap<>();

        void answer(Boolean label) {
            if (label != null) {
                labelled++;
                if (label) {
                    correct++;
                }
            }
        }

        /** @param decides the answer's scores decide whether to climb (it is not on the plan's last tier) */
        void paid(Attempt attempt, int tierIndex, boolean decides) {
            attempts++;
            cost += attempt.costUsd();
            reached.merge(tierIndex, 1, Integer::sum);
            if (attempt.usageEstimated()) {
                estimated++;
            }
            for (Score score : decides ? attempt.judgement().scores() : List.<Score>of()) {
                consulted.merge(score.scorer(), 1, Integer::sum);
                if (score.verdict() == Score.Verdict.ABSTAIN) {
                    abstained.merge(score.scorer(), 1, Integer::sum);
                }
            }
        }
    }

    private void single(Prepared prepared, int index, RoutePlan plan, int position, Tally tally) {
        PlannedTier tier = plan.tier(position);
        Attempt attempt = attempt(prepared, index, plan, position, tier.maxTokens());
        tally.paid(attempt, tier.index(), position < plan.tiers().size() - 1);
        tally.answer(label(prepared, index, tier, attempt));
    }

    private void policy(Prepared prepared, int index, RoutePlan plan, Tally tally) {
        Features features = prepared.features.get(index);
        List<Attempt> attempts = new ArrayList<>();
        while (true) {
            Decision decision = policy.decide(plan, features, attempts);
            switch (decision) {
                case Decision.Dispatch dispatch -> {
                    Attempt attempt = attempt(prepared, index, plan, dispatch.position(), dispatch.maxTokens());
                    if (!attempts.isEmpty()) {
                        Attempt previous = attempts.getLast();
                        Boolean label = label(prepared, index, plan.tier(previous.position()), previous);
                        tally.escalations++;
                        if (label != null) {
                            tally.escalationsLabelled++;
                            if (!label) {
                                tally.escalationsWrong++;
                                if (Boolean.TRUE.equals(label(prepared, index, dispatch.tier(), attempt))) {
                                    tally.escalationsFixed++;
                                }
                            }
                        }
                        if (attempts.size() == 1) {
                            tally.escalatedRequests++;
                        }
                    }
                    attempts.add(attempt);
                    tally.paid(attempt, dispatch.tier().index(), dispatch.position() < plan.tiers().size() - 1);
                }
                case Decision.Accept accept -> {
                    Attempt chosen = attempts.get(accept.attempt());
                    tally.answer(label(prepared, index, plan.tier(chosen.position()), chosen));
                    return;
                }
                case Decision.ReturnBest best -> {
                    Attempt chosen = attempts.get(best.attempt());
                    tally.answer(label(prepared, index, plan.tier(chosen.position()), chosen));
                    return;
                }
                case Decision.Refuse refuse -> {
                    tally.refused++;
                    return;
                }
            }
        }
    }

    /** The recorded label of the answer an attempt returned; none when the replay cut the answer short. */
    private static Boolean label(Prepared prepared, int index, PlannedTier tier, Attempt attempt) {
        RecordedOutcome outcome = prepared.cases.get(index).outcomes().get(tier.model().id());
        if (outcome == null) {
            return null;
        }
        boolean cut = "length".equals(attempt.answer().finishReason())
                && !"length".equals(outcome.finishReason());
        return cut ? null : outcome.correct();
    }

    private Attempt attempt(Prepared prepared, int index, RoutePlan plan, int position, Integer maxTokens) {
        PlannedTier tier = plan.tier(position);
        String key = index + "|" + plan.route() + "|" + tier.index() + "@" + position + "|" + tier.model().id() + "|"
                + tier.acceptance().scorers().hashCode();
        Attempt cached = prepared.attempts.get(key);
        if (cached == null) {
            cached = judge(prepared, index, plan, position, null);
            prepared.attempts.put(key, cached);
        }
        if (maxTokens != null && perAnswer(cached.usage(), cached.answer()) > maxTokens) {
            return judge(prepared, index, plan, position, maxTokens);
        }
        return cached;
    }

    /** Completion tokens of one answer: a cap applies to each of n samples, usage counts them all. */
    private static int perAnswer(Usage usage, ScoredAnswer answer) {
        return usage.completionTokens() / Math.max(1, answer.samples().size());
    }

    private Attempt judge(Prepared prepared, int index, RoutePlan plan, int position, Integer cut) {
        PlannedTier tier = plan.tier(position);
        CatalogModel model = tier.model();
        RecordedOutcome outcome = prepared.cases.get(index).outcomes().get(model.id());
        if (outcome == null) {
            return new Attempt(position, ScoredAnswer.text("", null),
                    Judgement.failed("outcome", "no recorded outcome for " + model.id()), Usage.of(0, 0), false, 0);
        }
        Features features = prepared.features.get(index);
        ScoredAnswer answer = outcome.answer();
        Usage usage = costs.usage(outcome.usage(), features, answer, model);
        boolean estimated = CostModel.needsEstimate(outcome.usage());
        if (cut != null && perAnswer(usage, answer) > cut) {
            answer = answer.withFinishReason("length");
            usage = Usage.of(usage.promptTokens(), cut * Math.max(1, answer.samples().size()));
        }
        Judgement judgement = scorer.judge(answer, new ScoringContext(features.jsonRequested(),
                features.jsonSchema(), tier.acceptance()), plan.combination());
        return new Attempt(position, answer, judgement, usage, estimated, CostModel.cost(model, usage));
    }
}
