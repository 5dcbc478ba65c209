package dev.llmpool.router.policy.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy's figures over a replay.
 *
 * @param requests            routed requests (unroutable ones are not counted)
 * @param labelled            requests whose returned answer carries a label
 * @param correct             of those, labelled correct
 * @param reached             requests that ran each tier, by the tier's 0-based position in its route
 * @param escalations         moves up a ladder
 * @param escalationsLabelled escalations whose cheaper answer carries a label
 * @param escalationsWrong    of those, the cheaper answer was labelled wrong
 * @param escalatedRequests   requests that escalated at least once
 * @param refused             requests no tier could afford
 */
public record StrategyResult(Strategy strategy, int requests, int labelled, int correct, double totalCostUsd,
                             Map<Integer, Integer> reached, int escalations, int escalationsLabelled,
                             int escalationsWrong, int escalatedRequests, int refused) {

    public StrategyResult {
        reached = new TreeMap<>(reached);
    }

    /** Correct over labelled, NaN when nothing is labelled. */
    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }

    public double costPer1k() {
        return requests == 0 ? 0 : totalCostUsd / requests * 1000;
    }

    /** Requests that escalated at least once, over requests. */
    public double escalationRate() {
        return requests == 0 ? 0 : (double) escalatedRequests / requests;
    }

    /** Escalations whose cheaper answer was wrong, over labelled escalations; NaN when there are none. */
    public double escalationPrecision() {
        return escalationsLabelled == 0 ? Double.NaN : (double) escalationsWrong / escalationsLabelled;
    }

    public double reachedShare(int tier) {
        return requests == 0 ? 0 : (double) reached.getOrDefault(tier, 0) / requests;
    }
}
