package dev.llmpool.workers.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quotas on local Bucket4j buckets whose time is a hand-moved clock: waiting moves the clock, nothing sleeps. */
class SharedRateLimitsTest {

    /** Time in nanoseconds, moved by the test and by every wait. */
    private final AtomicLong nanos = new AtomicLong(Instant.parse("2026-11-21T12:00:00Z").toEpochMilli() * 1_000_000L);
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };
    private final AtomicLong waited = new AtomicLong();
    private final BlockingStrategy advance = nanosToPark -> {
        waited.addAndGet(nanosToPark);
        nanos.addAndGet(nanosToPark);
    };
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final SharedRateLimits.BucketSource local = (key, configuration) -> buckets.computeIfAbsent(key, k -> {
        LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(time);
        for (Bandwidth bandwidth : configuration.get().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    });
    private final TokenCounter counter = new TokenCounter();

    private SharedRateLimits limits(Map<String, RateLimitProperties.ProviderLimits> quotas) {
        return new SharedRateLimits(local, new RateLimitProperties(quotas), 0.01, new TokenEstimator(counter, 1024),
                advance);
    }

    private static AttemptRequest request(String model, String text, Integer maxTokens) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", text))).temperature(0.0).maxTokens(maxTokens).build();
        return AttemptRequest.builder().attemptId("job:1").correlationId("job").attempt(1).provider("openai")
                .model(model).upstreamModel(model).body(body).build();
    }

    @Test
    void theEstimateIsThePromptsTokensPlusTheCompletionCapOrTheDefault() {
        TokenEstimator estimator = new TokenEstimator(counter, 1024);
        AttemptRequest capped = request("gpt-4o-mini", "Summarize the history of Rome.", 200);
        long prompt = counter.countPrompt(capped.body(), "gpt-4o-mini");
        assertThat(prompt).isBetween(10L, 20L);
        assertThat(estimator.estimate(capped)).isEqualTo(prompt + 200);
        assertThat(estimator.estimate(request("gpt-4o-mini", "Summarize the history of Rome.", null)))
                .isEqualTo(prompt + 1024);
    }

    @Test
    void anRpmLimitStartsNoMoreThanItsLimitInAnyMinute() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(120L, null,
                Map.of(), null)));
        long start = nanos.get();
        int started = 0;
        while (nanos.get() - start < Duration.ofMinutes(1).toNanos()) {
            limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ofMinutes(1));
            started++;
        }
        assertThat(BucketPlans.rpmCapacity(120, 0.01)).isEqualTo(2);
        assertThat(started).as("a burst of 2, then 117 a minute (one kept back for arrival jitter)")
                .isBetween(117, 119);
        assertThat(waited.get()).as("the calls waited for their turn").isPositive();
    }

    @Test
    void aCallThatMayNotWaitLongEnoughTakesNothingAndLearnsTheWait() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(60L, 10_000L,
                Map.of(), null)));
        limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ZERO);
        assertThatThrownBy(() -> limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ofMillis(100)))
                .isInstanceOfSatisfying(RateLimitExceeded.class, e -> assertThat(e.retryAfter())
                        .isBetween(Duration.ofMillis(900), Duration.ofMillis(1_100)));
        assertThat(waited.get()).isZero();
        long tokensLeft = buckets.get("llmpool:ratelimit:{openai}:tpm").getAvailableTokens();
        assertThat(tokensLeft).as("only the first call's estimate is taken").isGreaterThan(10_000 - 100);
    }

    @Test
    void theRealUsageCorrectsTheEstimateBothWays() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(null, 10_000L,
                Map.of(), null)));
        Bucket tokens;
        SharedRateLimits.Permit permit = limits.acquire(request("gpt-4o-mini", "hi", 500), Duration.ZERO);
        tokens = buckets.get("llmpool:ratelimit:{openai}:tpm");
        long estimate = permit.estimatedTokens();
        assertThat(tokens.getAvailableTokens()).isEqualTo(10_000 - estimate);

        assertThat(limits.settle(permit, new Usage(8, 42, 50))).isEqualTo(50 - estimate);
        assertThat(tokens.getAvailableTokens()).as("the unused part given back").isEqualTo(10_000 - 50);

        SharedRateLimits.Permit second = limits.acquire(request("gpt-4o-mini", "hi", 500), Duration.ZERO);
        assertThat(limits.settle(second, new Usage(8, 992, 1_000))).isEqualTo(1_000 - second.estimatedTokens());
        assertThat(tokens.getAvailableTokens()).as("the overrun taken").isEqualTo(10_000 - 50 - 1_000);

        SharedRateLimits.Permit refused = limits.acquire(request("gpt-4o-mini", "hi", 500), Duration.ZERO);
        limits.refund(refused, true);
        assertThat(tokens.getAvailableTokens()).as("a refused call costs no tokens").isEqualTo(10_000 - 1_050);
    }

    @Test
    void aModelWithItsOwnQuotaHasItsOwnBucketsAndTheOthersShareTheProviders() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(100L, null,
                Map.of("gpt-4o", new RateLimitProperties.Quota(10L, null)), null)));
        limits.acquire(request("gpt-4o", "hi", 10), Duration.ZERO);
        limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ZERO);
        limits.acquire(request("gpt-4.1", "hi", 10), Duration.ofMinutes(1));
        assertThat(waited.get()).as("the provider's burst of 1 is shared by its other models")
                .isBetween(Duration.ofMillis(600).toNanos(), Duration.ofMillis(700).toNanos());
        assertThat(buckets).containsOnlyKeys("llmpool:ratelimit:{openai}:gpt-4o:rpm", "llmpool:ratelimit:{openai}:rpm");
    }

    @Test
    void anUnlimitedProviderTakesNothing() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of());
        assertThat(limits.acquire(request("gpt-4o", "hi", 10), Duration.ZERO).requests()).isNull();
        assertThat(buckets).isEmpty();
    }
}
