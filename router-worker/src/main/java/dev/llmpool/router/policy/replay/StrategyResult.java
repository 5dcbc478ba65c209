package dev.llmpool.router.policy.replay;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy's figures over a replay.
 *
 * @param label               what the strategy ran ({@link Strategy#label()}, with the model for a one-model strategy)
 * @param requests            routed requests (unroutable ones are not counted)
 * @param labelled            requests whose returned answer carries a label
 * @param correct             of those, labelled correct
 * @param reached             requests that ran each tier, by the tier's 0-based position in its route
 * @param escalations         moves up a ladder
 * @param escalationsLabelled escalations whose cheaper answer carries a label
 * @param escalationsWrong    of those, the cheaper answer was labelled wrong
 * @param escalationsFixed    of those, the cheaper answer was wrong and the next one right
 * @param escalatedRequests   requests that escalated at least once
 * @param refused             requests no tier could afford
 * @param attempts            answers paid for
 * @param estimatedUsage      of those, answers whose token counts were estimated (no usage recorded)
 * @param consulted           scorer runs on answers whose scores decide whether to climb (not on a plan's last tier),
 *                            by scorer name
 * @param abstained           of those, runs where the scorer had no opinion (its signal was absent or does not apply),
 *                            by scorer name
 */
@RecordBuilder
public record StrategyResult(Strategy strategy, String label, int requests, int labelled, int correct,
                             double totalCostUsd, Map<Integer, Integer> reached, int escalations,
                             int escalationsLabelled, int escalationsWrong, int escalationsFixed,
                             int escalatedRequests, int refused, int attempts, int estimatedUsage,
                             Map<String, Integer> consulted, Map<String, Integer> abstained) {

    public StrategyResult {
        label = label == null ? strategy.label() : label;
        reached = new TreeMap<>(reached == null ? Map.of() : reached);
        consulted = new TreeMap<>(consulted == null ? Map.of() : consulted);
        abstained = new TreeMap<>(abstained == null ? Map.of() : abstained);
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

    /**
     * Escalations that fixed the answer (the cheaper one wrong, the next one right) over labelled escalations; NaN
     * when there are none. An escalation from a wrong answer to another wrong one bought nothing.
     */
    public double escalationPrecision() {
        return escalationsLabelled == 0 ? Double.NaN : (double) escalationsFixed / escalationsLabelled;
    }

    public double reachedShare(int tier) {
        return requests == 0 ? 0 : (double) reached.getOrDefault(tier, 0) / requests;
    }

    /** How often a scorer abstained over how often it ran, NaN when it never ran. */
    public double abstentionRate(String scorer) {
        int runs = consulted.getOrDefault(scorer, 0);
        return runs == 0 ? Double.NaN : (double) abstained.getOrDefault(scorer, 0) / runs;
    }

    /** Whether {@code other} is at least as accurate and at least as cheap, and better on one of the two. */
    public boolean beatenBy(StrategyResult other) {
        double mine = Double.isNaN(accuracy()) ? 0 : accuracy();
        double theirs = Double.isNaN(other.accuracy()) ? 0 : other.accuracy();
        boolean asGood = theirs >= mine - 1e-12 && other.totalCostUsd() <= totalCostUsd + 1e-12;
        boolean better = theirs > mine + 1e-12 || other.totalCostUsd() < totalCostUsd - 1e-12;
        return asGood && better;
    }
}
