package dev.llmpool.router.policy.features;

/**
 * A pre-generation router: from the request alone, the probability in [0,1] that the cheap tier's answer will be
 * acceptable. Read from memory; pure.
 */
@FunctionalInterface
public interface PreScorer {

    /**
     * @param prompt   the messages' text, as {@link FeatureExtractor#promptText} joins it
     * @param features the request's other features (their {@code preScore} is still null)
     */
    double score(String prompt, Features features);
}
