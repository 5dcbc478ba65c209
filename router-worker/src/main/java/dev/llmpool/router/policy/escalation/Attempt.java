package dev.llmpool.router.policy.escalation;

import dev.llmpool.router.policy.scoring.ScoredAnswer;
import dev.llmpool.router.policy.scoring.Judgement;
import dev.llmpool.schemas.openai.Usage;

/**
 * One tier's answer, judged and priced.
 *
 * @param position       the tier's position in the plan's usable tiers
 * @param answer         the answer (kept so the best one can be returned)
 * @param usage          tokens used, as reported or estimated
 * @param usageEstimated true when the provider reported no usage and it was counted with jtokkit
 * @param costUsd        the catalog price of that usage
 */
public record Attempt(int position, ScoredAnswer answer, Judgement judgement, Usage usage, boolean usageEstimated,
                      double costUsd) {
}
