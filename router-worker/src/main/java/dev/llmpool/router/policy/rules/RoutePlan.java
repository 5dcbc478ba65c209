package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.scoring.Combination;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiers one request will climb.
 *
 * @param route          the route's name ({@code pinned} for a pinned model)
 * @param matchedBy      what chose the route: {@code rule <name>}, {@code alias <name>}, {@code default} or {@code pin}
 * @param tiers          usable tiers, cheapest first
 * @param skipped        tiers of the route this request cannot use
 * @param maxEscalations the route's escalation cap (never more than the usable tiers less one)
 * @param maxCostUsd     the route's cost cap per request, or null
 */
public record RoutePlan(String route, String matchedBy, boolean pinned, Combination combination,
                        List<PlannedTier> tiers, List<SkippedTier> skipped, int maxEscalations, Double maxCostUsd) {

    public RoutePlan {
        tiers = List.copyOf(tiers);
        skipped = List.copyOf(skipped);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a plan needs a tier");
        }
        maxEscalations = Math.max(0, Math.min(maxEscalations, tiers.size() - 1));
    }

    public PlannedTier tier(int position) {
        return tiers.get(position);
    }

    /** The plan with the threshold of the route's tier {@code index} (its position in the route) replaced. */
    public RoutePlan withThreshold(int index, double threshold) {
        List<PlannedTier> list = new ArrayList<>();
        tiers.forEach(t -> list.add(t.index() == index ? t.withThreshold(threshold) : t));
        return new RoutePlan(route, matchedBy, pinned, combination, list, skipped, maxEscalations, maxCostUsd);
    }
}
