package dev.llmpool.router.machine;

import dev.llmpool.core.catalog.CatalogModel;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what follows a failed attempt, by the error's {@link FailureRule}. In order:
 * <ol>
 * <li>once tokens reached the client nothing is tried again (the client would see two answers spliced): the job
 * fails {@code stream-interrupted};</li>
 * <li>an error no other attempt can fix fails the job ({@code non-retriable}; {@code deadline-exceeded} for a
 * deadline);</li>
 * <li>a retry of the same model, while it has attempts left ({@code maxAttemptsPerModel}) and the job has
 * ({@code maxAttempts}): at once for a transient error, after the provider's wait for a rate limit, and only when
 * that wait ends before the deadline;</li>
 * <li>a fallback: the first model of the ladder not tried, of a provider not blocked, that can help with the error
 * (larger context, another provider, ...), at once;</li>
 * <li>waiting it out: a rate limit or an open circuit, with every retry and fallback used, tries the same model again
 * after the provider's wait while the deadline allows, up to {@code maxWaits} attempts beyond {@code maxAttempts}:
 * the pool is patient, callers see latency rather than 429s;</li>
 * <li>otherwise the job fails: {@code deadline-exceeded} with the provider's class when only the deadline stopped a
 * wait, else {@code exhausted} ({@code EXHAUSTED} when the last error was retriable or an open circuit, the last
 * error's class otherwise).</li>
 * </ol>
 * Pure.
 */
public final class FailurePolicy {

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
     * @param now    the time of the transition
     */
    public NextStep next(RouteState state, CatalogModel origin, CatalogModel failed, AttemptError error,
                         int streamedChunks, ModelCatalog catalog, Instant now) {
        ErrorClass errorClass = error.errorClass();
        FailureRule rule = FailureRule.of(errorClass);
        String last = "attempt " + state.currentAttempt() + " on " + failed.id() + " failed ("
                + errorClass.json() + "): " + error.message();
        if (streamedChunks > 0) {
            return new NextStep.Fail(errorClass, DeadLetterReason.STREAM_INTERRUPTED,
                    last + "; not retried because " + streamedChunks + " chunks were already streamed");
        }
        if (rule.terminal()) {
            return new NextStep.Fail(errorClass, errorClass == ErrorClass.DEADLINE_EXCEEDED
                    ? DeadLetterReason.DEADLINE_EXCEEDED : DeadLetterReason.NON_RETRIABLE, last);
        }
        int attempts = state.attempts().size();
        Duration wait = waitFor(error, rule);
        boolean waitFits = now.plus(wait).isBefore(state.deadline());
        if (attempts < limits.maxAttempts() && rule.retry() != FailureRule.Retry.NO && waitFits
                && state.attemptsOn(failed.id()) < limits.maxAttemptsPerModel()) {
            return new NextStep.Attempt(failed, wait);
        }
        if (attempts < limits.maxAttempts()) {
            Optional<CatalogModel> fallback = planner.next(origin, failed, errorClass, state.triedModels(),
                    blockedProviders(state), catalog);
            if (fallback.isPresent()) {
                return new NextStep.Attempt(fallback.get());
            }
        }
        if (rule.waitsOut() && attempts < limits.maxAttempts() + limits.maxWaits()) {
            if (waitFits) {
                return new NextStep.Attempt(failed, wait);
            }
            return new NextStep.Fail(errorClass, DeadLetterReason.DEADLINE_EXCEEDED, last + "; the provider asked to"
                    + " wait " + wait.toMillis() + " ms, past the job's deadline " + state.deadline());
        }
        ErrorClass finalClass = errorClass.retriable() || rule.waitsOut() ? ErrorClass.EXHAUSTED : errorClass;
        return new NextStep.Fail(finalClass, DeadLetterReason.EXHAUSTED,
                "no options left after " + attempts + " attempts; last " + last);
    }

    /** The wait before trying the same model again: the provider's, else the default for a rate limit. */
    private Duration waitFor(AttemptError error, FailureRule rule) {
        if (error.retryAfterMs() != null && error.retryAfterMs() > 0) {
            return Duration.ofMillis(error.retryAfterMs());
        }
        return rule.retry() == FailureRule.Retry.AFTER_WAIT || rule.waitsOut() ? limits.defaultWait() : Duration.ZERO;
    }

    private static Set<String> blockedProviders(RouteState state) {
        Set<String> blocked = new HashSet<>();
        for (AttemptRecord attempt : state.attempts()) {
            if (attempt.errorClass() != null && FailureRule.of(attempt.errorClass()).blocksProvider()) {
                blocked.add(attempt.provider());
            }
        }
        return blocked;
    }
}
