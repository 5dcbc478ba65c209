package dev.llmpool.workers.resilience;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.EmbeddingsResponse;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.workers.limits.ProviderPauses;
import dev.llmpool.workers.limits.RateLimitExceeded;
import dev.llmpool.workers.limits.SharedRateLimits;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.http.CallLimits;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One attempt's provider call with everything around it. Per try, in order: wait out the provider's pause, ask the
 * breaker for a permission (refused: {@code circuit_open}, the provider not called; after its open period the breaker
 * lets its trial calls through), take the request and estimated tokens from the shared quotas (waiting for them),
 * take a bulkhead permit, call the adapter within the time limits, tell the breaker how the call went (its duration
 * without the waits); then correct the token estimate with the usage, or record the provider's pause when it
 * answered 429 with a wait. A waiting call never waits past the job's deadline nor longer than
 * {@code llmpool.workers.resilience.max-limit-wait}; past that the attempt goes back {@code rate_limited} with the
 * wait.
 *
 * <p>Around the tries, a Resilience4j {@link Retry} with the provider and model's configuration, whose
 * {@link IntervalBiFunction} reads the provider's wait from the failure ({@link RetryWaits}). Only
 * {@code rate_limited} and {@code transient} failures are retried, never once tokens of this attempt were streamed,
 * never past the deadline, and never after a wait longer than {@code max-retry-wait}: such an attempt goes back to
 * the router carrying the provider's wait.
 *
 * <p>A batch-priority attempt takes its quota through the batch lane ({@link SharedRateLimits}); when its batch is
 * stopped (asked before each try and during every wait) it ends {@code cancelled} without calling the provider.
 */
public final class ResilientCalls {

    private static final Set<ErrorClass> RETRIED = Set.of(ErrorClass.RATE_LIMITED, ErrorClass.TRANSIENT);
    /** Codes of failures raised here after waiting as long as allowed: retrying in the worker would wait again. */
    private static final Set<String> WAITED_OUT = Set.of("local_rate_limit", "provider_paused");

    private final ResilienceInstances instances;
    private final SharedRateLimits quotas;
    private final ProviderPauses pauses;
    private final RetryWaits waits;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Duration maxLimitWait;

    public ResilientCalls(ResilienceInstances instances, SharedRateLimits quotas, ProviderPauses pauses,
                          RetryWaits waits, WorkerMetrics metrics, Clock clock, Duration maxLimitWait) {
        this.instances = instances;
        this.quotas = quotas;
        this.pauses = pauses;
        this.waits = waits;
        this.metrics = metrics;
        this.clock = clock;
        this.maxLimitWait = maxLimitWait;
    }

    /** {@link #call(AttemptRequest, ProviderAdapter, DeltaSink, BooleanSupplier, BooleanSupplier)}, never stopped. */
    public ChatCompletion call(AttemptRequest request, ProviderAdapter adapter, DeltaSink sink,
                               BooleanSupplier tokensStreamed) {
        return call(request, adapter, sink, tokensStreamed, () -> false);
    }

    /**
     * Runs the attempt's call, retrying as allowed.
     *
     * @param tokensStreamed whether this attempt has streamed tokens to the client so far
     * @param stopped        whether the attempt's batch was stopped: asked before each try and while it waits for a
     *                       pause or quota; true ends the attempt {@code cancelled} without calling the provider
     * @throws ProviderException the last failure, classified
     */
    public ChatCompletion call(AttemptRequest request, ProviderAdapter adapter, DeltaSink sink,
                               BooleanSupplier tokensStreamed, BooleanSupplier stopped) {
        return retried(request, adapter, tokensStreamed, () -> once(request, adapter, stopped,
                limits -> adapter.complete(request, sink, limits), ChatCompletion::usage));
    }

    /**
     * Runs an embeddings attempt's call ({@link ProviderAdapter#embed}), retrying and limited as a chat call is
     * (nothing streams, so a retriable failure is always tried again while allowed).
     */
    public EmbeddingsResponse embed(AttemptRequest request, ProviderAdapter adapter, BooleanSupplier stopped) {
        return retried(request, adapter, () -> false, () -> once(request, adapter, stopped,
                limits -> adapter.embed(request, limits), EmbeddingsResponse::asUsage));
    }

    private <T> T retried(AttemptRequest request, ProviderAdapter adapter, BooleanSupplier tokensStreamed,
                          Supplier<T> once) {
        String provider = adapter.provider();
        RetryConfig base = instances.retryConfig(provider, request.model());
        IntervalBiFunction<Object> backoff = base.getIntervalBiFunction();
        RetryConfig config = RetryConfig.from(base)
                .retryOnException(e -> e instanceof ProviderException p && retriable(p, tokensStreamed))
                .retryExceptions()
                .ignoreExceptions()
                .intervalBiFunction((attempt, outcome) -> {
                    Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
                    if (!(failure instanceof ProviderException p)) {
                        return RetryWaits.GIVE_UP;
                    }
                    long wait = waits.waitMs(p.error(), backoff.apply(attempt, outcome), request.deadline());
                    if (wait != RetryWaits.GIVE_UP) {
                        metrics.retried(provider, request.model(), p.error().errorClass(), wait);
                    }
                    return wait;
                })
                .build();
        Retry retry = Retry.of(InstanceNames.of(provider, request.model()), config);
        return retry.executeSupplier(once);
    }

    private static boolean retriable(ProviderException failure, BooleanSupplier tokensStreamed) {
        AttemptError error = failure.error();
        return RETRIED.contains(error.errorClass())
                && (error.providerCode() == null || !WAITED_OUT.contains(error.providerCode()))
                && !tokensStreamed.getAsBoolean();
    }

    /** One try: pause, breaker, quota and bulkhead around {@code call}; the quota settled with the answer's usage. */
    private <T> T once(AttemptRequest request, ProviderAdapter adapter, BooleanSupplier stopped,
                       Function<CallLimits, T> call, Function<T, Usage> usage) {
        String provider = adapter.provider();
        if (stopped.getAsBoolean()) {
            throw cancelled();
        }
        awaitPause(request, provider, stopped);
        CircuitBreaker breaker = instances.breaker(provider, request.model());
        if (!breaker.tryAcquirePermission()) {
            throw circuitOpen(breaker);
        }
        SharedRateLimits.Permit permit;
        try {
            permit = takeQuota(request, provider, stopped);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        Bulkhead bulkhead = instances.bulkhead(provider);
        long started = breaker.getCurrentTimestamp();
        T answer;
        try {
            answer = bulkhead.executeSupplier(() -> call.apply(instances.limits(provider, request.model())));
        } catch (BulkheadFullException e) {
            breaker.releasePermission();
            quotas.refund(permit, false);
            metrics.bulkheadFull(provider);
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT, "the worker's bulkhead for '"
                    + provider + "' stayed full (" + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                    + " calls in flight)", null, null, "bulkhead_full"), e);
        } catch (ProviderException e) {
            breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
            // the provider charges no tokens for a call it refused; the request counted if it reached the provider
            quotas.refund(permit, e.error().httpStatus() != null);
            pauses.record(provider, e.error()).ifPresent(until -> metrics.paused(provider));
            throw e;
        } catch (RuntimeException e) {
            breaker.onError(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit(), e);
            quotas.refund(permit, true);
            throw e;
        }
        breaker.onSuccess(breaker.getCurrentTimestamp() - started, breaker.getTimestampUnit());
        metrics.tokensCorrected(provider, quotas.settle(permit, usage.apply(answer)));
        return answer;
    }

    private void awaitPause(AttemptRequest request, String provider, BooleanSupplier stopped) {
        Duration paused = pauses.remaining(provider);
        if (paused.isZero()) {
            return;
        }
        if (paused.compareTo(allowedWait(request)) > 0) {
            throw new ProviderException(new AttemptError(ErrorClass.RATE_LIMITED, "provider '" + provider
                    + "' is paused for " + paused.toMillis() + " ms after a rate limit", null, paused.toMillis(),
                    "provider_paused"));
        }
        sleep(paused, stopped);
    }

    private SharedRateLimits.Permit takeQuota(AttemptRequest request, String provider, BooleanSupplier stopped) {
        long started = System.nanoTime();
        try {
            SharedRateLimits.Permit permit = quotas.acquire(request, allowedWait(request), stopped);
            metrics.quotaWaited(provider, Duration.ofNanos(System.nanoTime() - started));
            return permit;
        } catch (SharedRateLimits.BatchStopped e) {
            throw cancelled();
        } catch (RateLimitExceeded e) {
            metrics.quotaRefused(provider);
            if (request.priority() == Priority.BATCH) {
                metrics.batchQuotaRefused(provider);
            }
            throw new ProviderException(new AttemptError(ErrorClass.RATE_LIMITED, e.getMessage(), null,
                    Math.max(1, e.retryAfter().toMillis()), "local_rate_limit"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT,
                    "interrupted while waiting for the shared quota", null, null, "interrupted"), e);
        }
    }

    /** The longest a call may wait for quota or a pause: the configured cap, cut by the deadline. */
    private Duration allowedWait(AttemptRequest request) {
        Duration allowed = maxLimitWait;
        if (request.deadline() != null) {
            Duration left = Duration.between(clock.instant(), request.deadline());
            if (left.compareTo(allowed) < 0) {
                allowed = left.isNegative() ? Duration.ZERO : left;
            }
        }
        return allowed;
    }

    private ProviderException circuitOpen(CircuitBreaker breaker) {
        metrics.circuitOpen(breaker.getName());
        long openFor = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        return new ProviderException(new AttemptError(ErrorClass.CIRCUIT_OPEN, "the circuit breaker of '"
                + breaker.getName() + "' is open after repeated provider failures; the provider was not called",
                null, openFor, "circuit_open"));
    }

    /** The failure of an attempt whose batch was stopped before its call. */
    private static ProviderException cancelled() {
        return new ProviderException(new AttemptError(ErrorClass.CANCELLED, "the attempt's batch was stopped"
                + " (cancelled or expired) before the provider was called", null, null, "batch_stopped"));
    }

    /** Sleeps, looking at the stop flag at least every {@link SharedRateLimits#LOOK_AGAIN}. */
    private static void sleep(Duration duration, BooleanSupplier stopped) {
        try {
            long end = System.nanoTime() + duration.toNanos();
            for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
                if (stopped.getAsBoolean()) {
                    throw cancelled();
                }
                Thread.sleep(Duration.ofNanos(Math.min(left, SharedRateLimits.LOOK_AGAIN.toNanos())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT,
                    "interrupted while the provider was paused", null, null, "interrupted"), e);
        }
    }
}
