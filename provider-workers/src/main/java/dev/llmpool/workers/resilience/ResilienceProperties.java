package dev.llmpool.workers.resilience;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the workers wait, {@code llmpool.workers.resilience.*}. The retry, circuit breaker, bulkhead and time limits
 * themselves are {@code resilience4j.*} instances per provider and model.
 *
 * @param maxRetryWait            the longest wait a worker sleeps before retrying a call itself; a provider that asks
 *                                for longer gets the attempt back to the router with the wait instead
 * @param maxLimitWait            the longest a call waits for the shared RPM/TPM buckets or a provider's pause (also
 *                                bounded by the job's deadline); past it the attempt goes back as
 *                                {@code rate_limited} with the wait
 * @param limitBurst              the share of an RPM limit that may start at once; the rest refills evenly, less one
 *                                request a minute kept for arrival jitter, so that no 60-second window at the provider
 *                                holds more than the limit (see {@code BucketPlans})
 * @param defaultCompletionTokens the completion tokens a TPM estimate assumes when the request sets no cap
 * @param maxPause                the longest pause a 429's reset records for a provider's workers
 * @param pauseRefresh            how often a consumer re-reads its provider's pause from Redis
 */
@Validated
@ConfigurationProperties("llmpool.workers.resilience")
public record ResilienceProperties(
        @DefaultValue("10s") @NotNull Duration maxRetryWait,
        @DefaultValue("60s") @NotNull Duration maxLimitWait,
        @DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("1.0") double limitBurst,
        @DefaultValue("1024") @Positive int defaultCompletionTokens,
        @DefaultValue("60s") @NotNull Duration maxPause,
        @DefaultValue("250ms") @NotNull Duration pauseRefresh) {
}
