package dev.llmpool.router.policy.rules;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.router.policy.scoring.Acceptance;

/**
 * A tier a request may run on.
 *
 * @param index     the tier's position in its route (0-based; skipped tiers keep their numbers)
 * @param maxTokens the completion cap for this request on this tier: the smaller of the tier's and the request's,
 *                  or null when neither sets one
 */
public record PlannedTier(int index, CatalogModel model, Integer maxTokens, Acceptance acceptance) {

    public PlannedTier withThreshold(double threshold) {
        return new PlannedTier(index, model, maxTokens, acceptance.withThreshold(threshold));
    }
}
