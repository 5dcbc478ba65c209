package dev.llmpool.router.machine;

import dev.llmpool.router.policy.escalation.DecisionTrace;
import dev.llmpool.router.policy.rules.PlannedTier;

/** What comes next on a route's ladder, as {@link Ladder} plans it and {@link RouteSteps} carries it out. */
public sealed interface LadderStep {

    /**
     * Run the tier at {@code position}.
     *
     * @param maxTokens the completion cap to send, or null to leave the request's
     * @param streams   whether this tier's tokens go to the client as they arrive: only on the last tier the job can
     *                  reach, since a lower tier's answer may be replaced by a higher one
     */
    record Run(int position, PlannedTier tier, Integer maxTokens, boolean streams, DecisionTrace trace)
            implements LadderStep {
    }

    /**
     * Return the answer of the tier tried {@code answer}-th (an index into {@link RouteTrack#answers()}).
     *
     * @param cacheable false when every answer hard-failed (the one returned is the last, as it is)
     */
    record Answer(int answer, boolean cacheable, DecisionTrace trace) implements LadderStep {
    }

    /** No tier can run, or none answered: the job fails. */
    record Stop(DecisionTrace trace) implements LadderStep {
    }
}
