package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.scoring.Combination;
import java.util.ArrayList;
import java.util.List;

/**
 * A ladder of tiers, cheapest first.
 *
 * @param aliases        model names that select this route directly
 * @param combination    how the tier's scores are combined
 * @param maxEscalations how many times a request may move up the ladder (the tiers less one by default)
 * @param maxCostUsd     the most one request may spend on this route, or null for no cap
 */
public record Route(String name, List<String> aliases, List<Tier> tiers, Combination combination, int maxEscalations,
                    Double maxCostUsd) {

    public Route {
        aliases = List.copyOf(aliases);
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("route " + name + " has no tiers");
        }
    }

    public Route withThreshold(int tier, double threshold) {
        List<Tier> list = new ArrayList<>(tiers);
        list.set(tier, list.get(tier).withThreshold(threshold));
        return new Route(name, aliases, list, combination, maxEscalations, maxCostUsd);
    }

    /** The route with its last tier alone: every request goes straight to it (calibration's "escalate all"). */
    public Route lastTierOnly() {
        return new Route(name, aliases, List.of(tiers.getLast()), combination, 0, maxCostUsd);
    }

    public Route withMinPreScore(int tier, Double minPreScore) {
        List<Tier> list = new ArrayList<>(tiers);
        list.set(tier, list.get(tier).withMinPreScore(minPreScore));
        return new Route(name, aliases, list, combination, maxEscalations, maxCostUsd);
    }
}
