package dev.llmpool.workers.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.limits.BucketPlans;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.Priority;
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
import java.util.concurrent.atomic.AtomicReference;
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

    private static AttemptRequest batch(String model, Integer maxTokens) {
        return request(model, "a batch line", maxTokens).withPriority(Priority.BATCH).withBatchId("batch_1");
    }

    /** Quotas whose waits first run {@code duringFirstWait} (once), then move the clock. */
    private SharedRateLimits limits(Map<String, RateLimitProperties.ProviderLimits> quotas,
                                    SharedRateLimits.BatchShare share, AtomicReference<Runnable> duringFirstWait) {
        BlockingStrategy strategy = nanosToPark -> {
            Runnable first = duringFirstWait.getAndSet(null);
            if (first != null) {
                first.run();
            }
            advance.park(nanosToPark);
        };
        return new SharedRateLimits(local, new RateLimitProperties(quotas), 0.01, new TokenEstimator(counter, 1024),
                strategy, share);
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

    // the batch lane

    @Test
    void batchCallsNeverStartMoreThanTheirShareOfTheLimitInAnyMinute() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(100L, null,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 0), new AtomicReference<>());
        long start = nanos.get();
        int started = 0;
        while (nanos.get() - start < Duration.ofMinutes(1).toNanos()) {
            limits.acquire(batch("gpt-4o-mini", 10), Duration.ofMinutes(1), () -> false);
            started++;
        }
        assertThat(started).as("80 of the limit of 100, one kept back for arrival jitter").isBetween(77, 80);
        assertThat(buckets).containsOnlyKeys("llmpool:ratelimit:{openai}:batch-rpm", "llmpool:ratelimit:{openai}:rpm");
    }

    @Test
    void anInteractiveCallArrivingWhileABatchCallWaitsIsServedFirst() throws InterruptedException {
        AtomicLong interactiveWaited = new AtomicLong();
        AtomicReference<Runnable> interactiveArrives = new AtomicReference<>();
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(60L, null,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 0), interactiveArrives);
        limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ZERO); // the provider's one token
        interactiveArrives.set(() -> {
            long before = nanos.get();
            try {
                limits.acquire(request("gpt-4o-mini", "interactive", 10), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            interactiveWaited.set(nanos.get() - before);
        });

        long start = nanos.get();
        limits.acquire(batch("gpt-4o-mini", 10), Duration.ofSeconds(10), () -> false);

        assertThat(Duration.ofNanos(interactiveWaited.get())).as("the next token went to the interactive call")
                .isBetween(Duration.ofMillis(1_000), Duration.ofMillis(1_100));
        assertThat(Duration.ofNanos(nanos.get() - start)).as("the batch call took the one after")
                .isBetween(Duration.ofMillis(2_000), Duration.ofMillis(2_200));
    }

    @Test
    void theGuaranteedBatchCallQueuesForTheProvidersQuotaLikeAnInteractiveOne() throws InterruptedException {
        AtomicLong interactiveWaited = new AtomicLong();
        AtomicReference<Runnable> interactiveArrives = new AtomicReference<>();
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(60L, null,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 1), interactiveArrives);
        limits.acquire(request("gpt-4o-mini", "hi", 10), Duration.ZERO);
        interactiveArrives.set(() -> {
            long before = nanos.get();
            try {
                limits.acquire(request("gpt-4o-mini", "interactive", 10), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            interactiveWaited.set(nanos.get() - before);
        });

        limits.acquire(batch("gpt-4o-mini", 10), Duration.ofSeconds(10), () -> false);

        assertThat(Duration.ofNanos(interactiveWaited.get()))
                .as("the guaranteed batch call had reserved the next token: the interactive call took the one after")
                .isBetween(Duration.ofMillis(2_000), Duration.ofMillis(2_200));
    }

    @Test
    void aBatchCallWhoseLaneHasNoRoomInTimeTakesNothingFromEitherQuota() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(60L, 10_000L,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 0), new AtomicReference<>());
        limits.acquire(batch("gpt-4o-mini", 10), Duration.ZERO, () -> false);
        long tokensLeft = buckets.get("llmpool:ratelimit:{openai}:tpm").getAvailableTokens();
        long laneTokensLeft = buckets.get("llmpool:ratelimit:{openai}:batch-tpm").getAvailableTokens();

        assertThatThrownBy(() -> limits.acquire(batch("gpt-4o-mini", 10), Duration.ofMillis(100), () -> false))
                .isInstanceOf(RateLimitExceeded.class).hasMessageContaining("batch RPM");

        assertThat(buckets.get("llmpool:ratelimit:{openai}:tpm").getAvailableTokens()).isEqualTo(tokensLeft);
        assertThat(buckets.get("llmpool:ratelimit:{openai}:batch-tpm").getAvailableTokens()).isEqualTo(laneTokensLeft);
        assertThat(buckets.get("llmpool:ratelimit:{openai}:batch-rpm").getAvailableTokens()).isZero();
        assertThat(waited.get()).as("refused at once: its wait was known to be too long").isZero();
    }

    @Test
    void aBatchCallsTokensAreCorrectedInTheLanesBucketAndTheProvidersAlike() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(null, 10_000L,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 0), new AtomicReference<>());
        SharedRateLimits.Permit permit = limits.acquire(batch("gpt-4o-mini", 500), Duration.ZERO, () -> false);
        Bucket shared = buckets.get("llmpool:ratelimit:{openai}:tpm");
        Bucket lane = buckets.get("llmpool:ratelimit:{openai}:batch-tpm");
        assertThat(shared.getAvailableTokens()).isEqualTo(10_000 - permit.estimatedTokens());
        assertThat(lane.getAvailableTokens()).isEqualTo(8_000 - permit.lane().estimatedTokens());

        limits.settle(permit, new Usage(8, 42, 50));
        assertThat(shared.getAvailableTokens()).isEqualTo(10_000 - 50);
        assertThat(lane.getAvailableTokens()).isEqualTo(8_000 - 50);

        limits.refund(limits.acquire(batch("gpt-4o-mini", 500), Duration.ZERO, () -> false), true);
        assertThat(shared.getAvailableTokens()).as("a refused call costs no tokens").isEqualTo(10_000 - 50);
        assertThat(lane.getAvailableTokens()).isEqualTo(8_000 - 50);
    }

    @Test
    void aBatchCallWaitingForQuotaGivesUpWhenItsBatchIsStoppedAndGivesItsTurnBack() {
        SharedRateLimits limits = limits(Map.of("openai", new RateLimitProperties.ProviderLimits(60L, null,
                Map.of(), null)), new SharedRateLimits.BatchShare(0.2, 0), new AtomicReference<>());
        long start = nanos.get();
        assertThatThrownBy(() -> {
            limits.acquire(batch("gpt-4o-mini", 10), Duration.ZERO, () -> false);
            limits.acquire(batch("gpt-4o-mini", 10), Duration.ofMinutes(1),
                    () -> nanos.get() - start >= SharedRateLimits.LOOK_AGAIN.toNanos());
        }).isInstanceOf(SharedRateLimits.BatchStopped.class);

        assertThat(Duration.ofNanos(nanos.get() - start)).as("seen at the first look after the stop")
                .isEqualTo(SharedRateLimits.LOOK_AGAIN);
        assertThat(buckets.get("llmpool:ratelimit:{openai}:batch-rpm").getAvailableTokens())
                .as("its reservation given back").isZero();
        assertThat(buckets.get("llmpool:ratelimit:{openai}:rpm").getAvailableTokens()).isZero();
    }

    @Test
    void anUnlimitedProviderTakesNothing() throws InterruptedException {
        SharedRateLimits limits = limits(Map.of());
        assertThat(limits.acquire(request("gpt-4o", "hi", 10), Duration.ZERO).requests()).isNull();
        assertThat(buckets).isEmpty();
    }
}
