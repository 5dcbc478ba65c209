package dev.llmpool.router.policy.rules;

import dev.llmpool.router.policy.scoring.Acceptance;

/**
 * One rung of a route's ladder.
 *
 * @param model      the catalog model id (aliases are resolved when the file is loaded)
 * @param maxTokens  the completion cap on this tier, or null (the request's cap, if any, still applies)
 * @param acceptance when this tier's answer is good enough
 */
public record Tier(String model, Integer maxTokens, Acceptance acceptance) {

    public Tier withThreshold(double threshold) {
        return new Tier(model, maxTokens, acceptance.withThreshold(threshold));
    }
}
