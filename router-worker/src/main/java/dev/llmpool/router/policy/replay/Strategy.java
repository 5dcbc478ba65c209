package dev.llmpool.router.policy.replay;

/** What a replay compares: the policy, and the two strategies it should beat on cost or on accuracy. */
public enum Strategy {
    POLICY("policy"), FIRST_TIER("first tier"), LAST_TIER("last tier");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
