package dev.llmpool.workers.resilience;

import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.workers.provider.ProviderException;

/**
 * What a circuit breaker counts. Only {@code transient} failures (5xx, overload, connection failures, time limits)
 * say a provider is unwell: they are failures. A {@code rate_limited} answer is ignored: the provider is healthy and
 * said when to come back, which the provider pause and the shared quotas act on with the provider's own wait, where a
 * breaker would stop a healthy provider for its fixed open period. Anything that is not a provider's answer (a full
 * bulkhead, a quota wait) is ignored too. Every other answer (bad request, context window, content policy,
 * authentication, quota) shows the provider answering: it counts as a success.
 */
public final class HealthFailures {

    private HealthFailures() {
    }

    /** A failure of the provider's health. */
    public static boolean recorded(Throwable failure) {
        return failure instanceof ProviderException e && e.error().errorClass() == ErrorClass.TRANSIENT;
    }

    /** Not counted at all. */
    public static boolean ignored(Throwable failure) {
        return !(failure instanceof ProviderException e) || e.error().errorClass() == ErrorClass.RATE_LIMITED
                || e.error().errorClass() == ErrorClass.DEADLINE_EXCEEDED;
    }
}
