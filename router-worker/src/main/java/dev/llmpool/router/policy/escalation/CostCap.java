package dev.llmpool.router.policy.escalation;

import dev.llmpool.router.policy.features.Features;
import dev.llmpool.router.policy.rules.RoutePlan;

/** The most a request may spend: the smaller of its route's {@code max_cost_usd} and its metadata's. */
public final class CostCap {

    /** The metadata key a caller sets a per-request cost cap with, in US dollars. */
    public static final String METADATA_KEY = "max_cost_usd";

    private CostCap() {
    }

    /** The cap in US dollars, or {@link Double#POSITIVE_INFINITY} when neither sets one. */
    public static double of(RoutePlan plan, Features features) {
        double cap = plan.maxCostUsd() == null ? Double.POSITIVE_INFINITY : plan.maxCostUsd();
        String requested = features.metadata().get(METADATA_KEY);
        if (requested != null) {
            try {
                double value = Double.parseDouble(requested.strip());
                if (value >= 0 && !Double.isNaN(value)) {
                    cap = Math.min(cap, value);
                }
            } catch (NumberFormatException ignored) {
                // a cap that is not a number is no cap; the gateway validates what it accepts
            }
        }
        return cap;
    }
}
