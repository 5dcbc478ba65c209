package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.schemas.envelope.ErrorClass;

/**
 * What the router may do after an attempt failed with one {@link ErrorClass}, before any tokens reached the client:
 * the table of docs/architecture.md ("Failures, fallbacks and dead letters"), in code. Pure.
 *
 * @param retry          whether the same model may be tried again, and when
 * @param fallback       which other models may be tried
 * @param blocksProvider the provider cannot serve this job (its account, its content policy, a feature it lacks):
 *                       none of its models is tried again during the job
 * @param waitsOut       once retries and fallbacks are used up, the job waits out the provider's wait and tries the
 *                       same model again while its deadline and {@link RoutingLimits#maxWaits()} allow
 * @param deadLetters    a job that fails with this class is dead-lettered (every class but {@code cancelled}: the
 *                       lines of a stopped batch are not failures anyone needs to look into)
 */
public record FailureRule(Retry retry, Fallback fallback, boolean blocksProvider, boolean waitsOut,
                          boolean deadLetters) {

    /** Whether and when the same model is tried again (up to {@link RoutingLimits#maxAttemptsPerModel()}). */
    public enum Retry {
        /** Never: this model will fail the same way. */
        NO,
        /** At once, or after the provider's {@code retry-after} when it sent one. */
        NOW,
        /** After the provider's wait ({@link RoutingLimits#defaultWait()} when it named none), if the deadline allows. */
        AFTER_WAIT
    }

    /** Which catalog fallbacks can change the outcome. */
    public enum Fallback {
        /** None: no model will accept this request. */
        NONE,
        /** Any model not tried yet. */
        ANY,
        /** Only a model with a larger context window than the one that failed. */
        LARGER_CONTEXT,
        /** Only a model of another provider. */
        OTHER_PROVIDER
    }

    private static final FailureRule TERMINAL = new FailureRule(Retry.NO, Fallback.NONE, false, false, true);
    /** A stopped batch's line: the job ends, without a dead letter. */
    private static final FailureRule STOPPED = new FailureRule(Retry.NO, Fallback.NONE, false, false, false);

    /** The rule for a class. */
    public static FailureRule of(ErrorClass error) {
        return switch (error) {
            case RATE_LIMITED -> new FailureRule(Retry.AFTER_WAIT, Fallback.ANY, false, true, true);
            case TRANSIENT -> new FailureRule(Retry.NOW, Fallback.ANY, false, false, true);
            case CIRCUIT_OPEN -> new FailureRule(Retry.NO, Fallback.ANY, false, true, true);
            case CONTEXT_WINDOW_EXCEEDED -> new FailureRule(Retry.NO, Fallback.LARGER_CONTEXT, false, false, true);
            case CONTENT_POLICY, UNSUPPORTED, QUOTA_EXHAUSTED, AUTHENTICATION ->
                    new FailureRule(Retry.NO, Fallback.OTHER_PROVIDER, true, false, true);
            case MODEL_NOT_FOUND -> new FailureRule(Retry.NO, Fallback.ANY, false, false, true);
            case BAD_REQUEST, DEADLINE_EXCEEDED, EXHAUSTED, INTERNAL -> TERMINAL;
            case CANCELLED -> STOPPED;
        };
    }

    /** Nothing another attempt could change. */
    public boolean terminal() {
        return retry == Retry.NO && fallback == Fallback.NONE && !waitsOut;
    }

    /** Whether trying {@code candidate} after {@code failed} can change the outcome. */
    public boolean canHelp(CatalogModel candidate, CatalogModel failed) {
        return switch (fallback) {
            case NONE -> false;
            case ANY -> true;
            case LARGER_CONTEXT -> candidate.contextWindow() > failed.contextWindow();
            case OTHER_PROVIDER -> !candidate.provider().equals(failed.provider());
        };
    }
}
