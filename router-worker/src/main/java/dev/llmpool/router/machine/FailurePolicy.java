package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what follows a failed attempt. In order: once tokens reached the client nothing is retried (the
 * client would see two answers spliced); an error no other attempt can fix fails the job; a retriable error
 * is retried on the same model up to the per-model limit; an error another model may not have moves down the
 * fallback ladder; when the options or the attempt limit run out the job fails, as {@code exhausted} when the
 * last error was retriable and as the last error's class otherwise. Pure.
 */
public final class FailurePolicy {

    /** Errors another model may not have. */
    static final Set<ErrorClass> FALLBACK_ON = EnumSet.of(ErrorClass.RATE_LIMITED, ErrorClass.TRANSIENT,
            ErrorClass.CONTEXT_WINDOW_EXCEEDED, ErrorClass.CONTENT_POLICY, ErrorClass.MODEL_NOT_FOUND,
            ErrorClass.QUOTA_EXHAUSTED, ErrorClass.UNSUPPORTED);

    private final RoutingLimits limits;
    private final FallbackPlanner planner;

    public FailurePolicy(RoutingLimits limits, FallbackPlanner planner) {
        this.limits = limits;
        this.planner = planner;
    }

    /**
     * @param state  the job's state with the failed attempt recorded as its current one
     * @param origin the model the job resolved to
     * @param failed the model that just failed
     */
    public NextStep next(RouteState state, CatalogModel origin, CatalogModel failed, AttemptError error,
                         int streamedChunks, ModelCatalog catalog) {
        ErrorClass errorClass = error.errorClass();
        String last = "attempt " + state.currentAttempt() + " on " + failed.id() + " failed ("
                + errorClass.json() + "): " + error.message();
        if (streamedChunks > 0) {
            return new NextStep.Fail(errorClass, DeadLetterReason.NON_RETRIABLE,
                    last + "; not retried because " + streamedChunks + " chunks were already streamed");
        }
        if (!errorClass.retriable() && !FALLBACK_ON.contains(errorClass)) {
            return new NextStep.Fail(errorClass, DeadLetterReason.NON_RETRIABLE, last);
        }
        if (state.attempts().size() < limits.maxAttempts()) {
            if (errorClass.retriable() && state.attemptsOn(failed.id()) < limits.maxAttemptsPerModel()) {
                return new NextStep.Attempt(failed);
            }
            Optional<CatalogModel> fallback = planner.next(origin, failed, errorClass, state.triedModels(),
                    blockedProviders(state), catalog);
            if (fallback.isPresent()) {
                return new NextStep.Attempt(fallback.get());
            }
        }
        ErrorClass finalClass = errorClass.retriable() ? ErrorClass.EXHAUSTED : errorClass;
        return new NextStep.Fail(finalClass, DeadLetterReason.EXHAUSTED,
                "no options left after " + state.attempts().size() + " attempts; last " + last);
    }

    private static Set<String> blockedProviders(RouteState state) {
        Set<String> blocked = new HashSet<>();
        for (AttemptRecord attempt : state.attempts()) {
            if (attempt.errorClass() != null && FallbackPlanner.blocksProvider(attempt.errorClass())) {
                blocked.add(attempt.provider());
            }
        }
        return blocked;
    }
}
