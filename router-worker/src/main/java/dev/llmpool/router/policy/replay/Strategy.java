package dev.llmpool.router.policy.replay;

/**
 * What a replay compares: the policy, and the strategies it should beat on cost or on accuracy. The last two run
 * one model for every request whatever its route (with several routes): the cheapest and the dearest model the
 * routes use, by catalog price.
 */
public enum Strategy {
    POLICY("policy"), FIRST_TIER("first tier"), LAST_TIER("last tier"), CHEAPEST_MODEL("cheapest"),
    STRONGEST_MODEL("strongest");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
