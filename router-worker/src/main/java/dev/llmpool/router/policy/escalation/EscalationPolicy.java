package dev.llmpool.router.policy.escalation;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.rules.PlannedTier;
import dev.llmpool.router.policy.rules.RoutePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides after every tier's answer: accept it when it meets its tier's threshold; otherwise escalate to the next
 * usable tier while the route's escalation cap, the request's cost cap and the tenant's budget allow; otherwise
 * return the best answer that did not hard-fail. Pure: the same plan, features and attempts give the same decision.
 *
 * <p>Spend stays within the cost cap: a tier is dispatched only when its prompt plus its completion cap fits what is
 * left, and the completion cap sent ({@link Decision.Dispatch#maxTokens()}) is what was priced. A tier with no
 * completion cap is sent the most the money left can buy (and dispatched only when that is at least as long as the
 * longest answer so far). The prompt is priced at the larger of the jtokkit estimate and any prompt size a provider
 * reported, so the guarantee holds as far as that estimate does.
 */
public final class EscalationPolicy {

    /** Dollars of rounding slack when comparing a price with what is left (a millionth of a cent). */
    static final double EPSILON_USD = 1e-12;

    private final TenantBudget budget;

    public EscalationPolicy(TenantBudget budget) {
        this.budget = budget;
    }

    /**
     * @param attempts the answers so far, one per tier tried, in order (positions strictly increasing)
     */
    public Decision decide(RoutePlan plan, Features features, List<Attempt> attempts) {
        double spent = attempts.stream().mapToDouble(Attempt::costUsd).sum();
        double capLeft = CostCap.of(plan, features) - spent;
        double budgetLeft = budget.remainingUsd(features) - spent;
        Limit left = budgetLeft < capLeft ? new Limit(budgetLeft, "the budget") : new Limit(capLeft, "the cost cap");
        if (attempts.isEmpty()) {
            PlannedTier first = plan.tier(0);
            Affordable fit = affordable(first, features, attempts, left);
            if (fit.maxTokens().isEmpty()) {
                return new Decision.Refuse(trace(plan, attempts, "refused", null, fit.reason()));
            }
            return new Decision.Dispatch(0, first, fit.maxTokens().get().value(),
                    trace(plan, attempts, "dispatch", first, "first tier"));
        }
        Attempt last = attempts.getLast();
        PlannedTier lastTier = plan.tier(last.position());
        double threshold = lastTier.acceptance().threshold();
        if (last.judgement().accepted(threshold)) {
            return new Decision.Accept(attempts.size() - 1, trace(plan, attempts, "accepted", lastTier,
                    String.format(Locale.ROOT, "score %.3f >= threshold %.3f", last.judgement().score(), threshold)));
        }
        String why = last.judgement().hardFailed() ? "hard fail (" + last.judgement().summary() + ")"
                : String.format(Locale.ROOT, "score %.3f < threshold %.3f", last.judgement().score(), threshold);
        int next = last.position() + 1;
        if (next >= plan.tiers().size()) {
            return best(plan, attempts, why + "; no tier above " + lastTier.model().id());
        }
        int escalations = attempts.size() - 1;
        if (escalations >= plan.maxEscalations()) {
            return best(plan, attempts, why + "; escalation cap " + plan.maxEscalations() + " reached");
        }
        PlannedTier nextTier = plan.tier(next);
        Affordable fit = affordable(nextTier, features, attempts, left);
        if (fit.maxTokens().isEmpty()) {
            return best(plan, attempts, why + "; " + fit.reason());
        }
        return new Decision.Dispatch(next, nextTier, fit.maxTokens().get().value(),
                trace(plan, attempts, "escalate", nextTier, why + "; escalating to " + nextTier.model().id()));
    }

    /**
     * Stops climbing for a reason outside the policy (the job's attempt limit or deadline): the best answer that did
     * not hard-fail, as when the ladder ends.
     */
    public Decision.ReturnBest stop(RoutePlan plan, List<Attempt> attempts, String why) {
        return best(plan, attempts, why);
    }

    /** Returns the last answer as it is, whatever its score: it already reached the client as a stream. */
    public Decision.ReturnBest keepLast(RoutePlan plan, List<Attempt> attempts, String why) {
        int last = attempts.size() - 1;
        return new Decision.ReturnBest(last, attempts.get(last).judgement().hardFailed(), trace(plan, attempts,
                "returned_streamed", plan.tier(attempts.get(last).position()), why));
    }

    private Decision.ReturnBest best(RoutePlan plan, List<Attempt> attempts, String why) {
        int best = -1;
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (!a.judgement().hardFailed() && (best < 0 || a.judgement().score() >= attempts.get(best).judgement().score())) {
                best = i;
            }
        }
        boolean allFailed = best < 0;
        int chosen = allFailed ? attempts.size() - 1 : best;
        PlannedTier tier = plan.tier(attempts.get(chosen).position());
        return new Decision.ReturnBest(chosen, allFailed, trace(plan, attempts, "returned_best", tier,
                why + (allFailed ? "; every answer hard-failed, returning the last" : "; returning "
                        + tier.model().id() + "'s answer")));
    }

    /** A completion cap the money left can pay for; empty with a reason when the tier cannot be afforded. */
    private record Affordable(Optional<Cap> maxTokens, String reason) {
    }

    /** A completion cap: null means "send none". */
    private record Cap(Integer value) {
    }

    /** What is left to spend, and of what: the request's cost cap or its tenant's (or key's) budget. */
    private record Limit(double usd, String of) {
    }

    private Affordable affordable(PlannedTier tier, Features features, List<Attempt> attempts, Limit limit) {
        Integer tierCap = tier.maxTokens();
        double left = limit.usd();
        if (left == Double.POSITIVE_INFINITY) {
            return new Affordable(Optional.of(new Cap(tierCap)), "");
        }
        CatalogModel model = tier.model();
        int samples = Math.max(1, features.samples());
        long prompt = features.promptTokens();
        for (Attempt a : attempts) {
            if (!a.usageEstimated() && a.usage() != null) {
                prompt = Math.max(prompt, a.usage().promptTokens());
            }
        }
        double promptCost = prompt * model.price().inputPerMTok() / 1_000_000.0;
        double perToken = samples * model.price().outputPerMTok() / 1_000_000.0;
        long room = Math.max(0, (long) model.contextWindow() - prompt);
        long buyable;
        if (promptCost > left + EPSILON_USD) {
            buyable = -1;
        } else if (perToken <= 0) {
            buyable = room;
        } else {
            buyable = Math.min(room, (long) Math.floor((left - promptCost) / perToken + 1e-9));
            while (buyable > 0 && promptCost + buyable * perToken > left + EPSILON_USD) {
                buyable--;
            }
        }
        long needed = tierCap != null ? tierCap : Math.max(1, longestAnswer(attempts, samples));
        if (buyable < needed) {
            return new Affordable(Optional.empty(), String.format(Locale.ROOT,
                    "%s would cost up to $%.6f (%d prompt + %d completion tokens), $%.6f left of %s",
                    model.id(), promptCost + needed * perToken, prompt, needed, Math.max(0, left), limit.of()));
        }
        int cap = tierCap != null ? tierCap : (int) Math.min(Integer.MAX_VALUE, buyable);
        return new Affordable(Optional.of(new Cap(cap)), "");
    }

    private static long longestAnswer(List<Attempt> attempts, int samples) {
        long longest = 0;
        for (Attempt a : attempts) {
            if (a.usage() != null) {
                longest = Math.max(longest, a.usage().completionTokens() / samples);
            }
        }
        return longest;
    }

    private static DecisionTrace trace(RoutePlan plan, List<Attempt> attempts, String outcome, PlannedTier last,
                                       String reason) {
        List<AttemptTrace> traces = new ArrayList<>();
        double total = 0;
        for (Attempt a : attempts) {
            PlannedTier tier = plan.tier(a.position());
            double threshold = tier.acceptance().threshold();
            traces.add(new AttemptTrace(tier.index(), tier.model().id(), threshold, a.judgement().score(),
                    a.judgement().hardFailed(), a.judgement().accepted(threshold), a.judgement().scores(), a.usage(),
                    a.usageEstimated(), a.costUsd()));
            total += a.costUsd();
        }
        return new DecisionTrace(plan.route(), plan.matchedBy(), plan.skipped(), traces, outcome,
                last == null ? null : last.index(), last == null ? null : last.model().id(), total, reason);
    }
}
