package dev.llmpool.router.policy.escalation;

import dev.llmpool.router.policy.rules.PlannedTier;

/** The escalation policy's verdict: what to do after the attempts so far. Every decision carries its trace. */
public sealed interface Decision {

    DecisionTrace trace();

    /**
     * Run a tier: the first one, or the next one up (an escalation).
     *
     * @param position  the tier's position among the plan's usable tiers
     * @param maxTokens the completion cap to send, or null to send none; within the cost cap when there is one
     */
    record Dispatch(int position, PlannedTier tier, Integer maxTokens, DecisionTrace trace) implements Decision {
    }

    /** Return this attempt's answer: it met its tier's threshold. */
    record Accept(int attempt, DecisionTrace trace) implements Decision {
    }

    /**
     * Stop climbing and return the best answer that did not hard-fail (the highest score, the later on a tie).
     *
     * @param allHardFailed every answer hard-failed; {@code attempt} is then the last one, returned as it is (a
     *                      truncated answer still says {@code finish_reason: length})
     */
    record ReturnBest(int attempt, boolean allHardFailed, DecisionTrace trace) implements Decision {
    }

    /** Not even the first tier fits the request's cost cap or the tenant's budget. */
    record Refuse(DecisionTrace trace) implements Decision {
    }
}
