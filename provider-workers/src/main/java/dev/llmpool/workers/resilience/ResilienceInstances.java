package dev.llmpool.workers.resilience;

import dev.llmpool.workers.provider.http.CallLimits;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Resilience4j instances of each provider and model, from the registries Spring Boot builds out of
 * {@code resilience4j.*} (see {@link InstanceNames} for the lookup order):
 * <ul>
 * <li>a circuit breaker per provider and model, named {@code <provider>.<model>}, with the pool's rule of what counts
 * ({@link HealthFailures}) laid over its configuration;</li>
 * <li>a semaphore bulkhead per provider, named {@code <provider>};</li>
 * <li>the retry configuration (attempts, backoff) per provider and model;</li>
 * <li>the time limits per provider and model: the time limiter's {@code timeout-duration} for the whole call, and
 * that of {@code <provider>[.<model>].first-token} (else {@code configs.first-token}) for the first token.</li>
 * </ul>
 * Instances configured under a provider's name only are templates for its models.
 */
public final class ResilienceInstances {

    /** The suffix of the time limiter instances holding the first-token limit, and the name of its config. */
    public static final String FIRST_TOKEN = "first-token";

    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final RetryRegistry retries;
    private final TimeLimiterRegistry timeLimiters;
    private final ConcurrentMap<String, CircuitBreaker> liveBreakers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RetryConfig> retryConfigs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CallLimits> limits = new ConcurrentHashMap<>();

    public ResilienceInstances(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, RetryRegistry retries,
                               TimeLimiterRegistry timeLimiters) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.retries = retries;
        this.timeLimiters = timeLimiters;
    }

    /** The breaker of a provider and model. */
    public CircuitBreaker breaker(String provider, String model) {
        String name = InstanceNames.of(provider, model);
        return liveBreakers.computeIfAbsent(name, n -> {
            CircuitBreakerConfig template = breakerConfig(provider, model);
            CircuitBreakerConfig config = CircuitBreakerConfig.from(template)
                    .recordException(HealthFailures::recorded)
                    .ignoreException(HealthFailures::ignored)
                    .build();
            if (breakers.find(n).isEmpty()) {
                return breakers.circuitBreaker(n, config);
            }
            // an instance configured for this model: the registry built it without the pool's rule
            CircuitBreaker live = CircuitBreaker.of(n, config, breakers.getTags());
            breakers.replace(n, live);
            return live;
        });
    }

    /** The configuration a provider and model's breaker starts from, before the pool's counting rule. */
    public CircuitBreakerConfig breakerConfig(String provider, String model) {
        return InstanceNames.resolve(InstanceNames.candidates(provider, model, null),
                name -> breakers.find(name).map(CircuitBreaker::getCircuitBreakerConfig), breakers.getDefaultConfig());
    }

    /** The bulkhead bounding a provider's calls in flight in this process. */
    public Bulkhead bulkhead(String provider) {
        return bulkheads.bulkhead(provider);
    }

    /** The retry configuration of a provider and model (attempts, backoff). */
    public RetryConfig retryConfig(String provider, String model) {
        return retryConfigs.computeIfAbsent(InstanceNames.of(provider, model), n -> InstanceNames.resolve(
                InstanceNames.candidates(provider, model, null), name -> retries.find(name).map(Retry::getRetryConfig),
                retries.getDefaultConfig()));
    }

    /** The time limits of a provider and model's calls. */
    public CallLimits limits(String provider, String model) {
        return limits.computeIfAbsent(InstanceNames.of(provider, model), n -> {
            Duration total = InstanceNames.resolve(InstanceNames.candidates(provider, model, null),
                    name -> timeLimiters.find(name).map(t -> t.getTimeLimiterConfig().getTimeoutDuration()),
                    timeLimiters.getDefaultConfig().getTimeoutDuration());
            Duration firstToken = InstanceNames.resolve(InstanceNames.candidates(provider, model, FIRST_TOKEN),
                    name -> timeLimiters.find(name).map(TimeLimiter::getTimeLimiterConfig)
                            .map(c -> c.getTimeoutDuration()),
                    timeLimiters.getConfiguration(FIRST_TOKEN).map(c -> c.getTimeoutDuration())
                            .orElse(CallLimits.DEFAULTS.firstToken()));
            return new CallLimits(firstToken, total);
        });
    }
}
