package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.scoring.Acceptance;

/**
 * One rung of a route's ladder.
 *
 * @param model       the catalog model id (aliases are resolved when the file is loaded)
 * @param maxTokens   the completion cap on this tier, or null (the request's cap, if any, still applies)
 * @param acceptance  when this tier's answer is good enough
 * @param minPreScore the tier is skipped for a request whose {@code pre_score} is below this, or null (never)
 */
public record Tier(String model, Integer maxTokens, Acceptance acceptance, Double minPreScore) {

    public Tier(String model, Integer maxTokens, Acceptance acceptance) {
        this(model, maxTokens, acceptance, null);
    }

    public Tier withThreshold(double threshold) {
        return new Tier(model, maxTokens, acceptance.withThreshold(threshold), minPreScore);
    }

    public Tier withMinPreScore(Double min) {
        return new Tier(model, maxTokens, acceptance, min);
    }

    /** Whether a request with this pre-score skips the tier (one without a pre-score never does). */
    public boolean skips(Double preScore) {
        return minPreScore != null && preScore != null && preScore < minPreScore;
    }
}
