package dev.llmpool.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionChunk;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.MovableClock;
import dev.llmpool.workers.limits.ProviderPauses;
import dev.llmpool.workers.limits.RateLimitProperties;
import dev.llmpool.workers.limits.SharedRateLimits;
import dev.llmpool.workers.limits.TokenEstimator;
import dev.llmpool.workers.metrics.WorkerMetrics;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.DeltaSink;
import dev.llmpool.workers.provider.ProviderAdapter;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.http.CallLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link ResilientCalls} over an adapter that plays a script, with real Resilience4j instances and local Bucket4j
 * buckets. The breaker's time is a clock the test moves; retries wait a millisecond (the configured backoff).
 */
class ResilientCallsTest {


    /** Answers each call with the next step of its script. */
    private static final class ScriptedAdapter implements ProviderAdapter {
        final Deque<Function<DeltaSink, ChatCompletion>> script = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String provider() {
            return "fake";
        }

        @Override
        public ChatCompletion complete(AttemptRequest request, DeltaSink sink, CallLimits limits) {
            calls.incrementAndGet();
            return script.removeFirst().apply(sink);
        }
    }

    /** The buckets' time stands still: nothing refills while a test runs. */
    private static final TimeMeter FROZEN = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return 1_000_000_000L;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final ScriptedAdapter adapter = new ScriptedAdapter();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final SharedRateLimits quotas = new SharedRateLimits((key, configuration) ->
            buckets.computeIfAbsent(key, k -> {
                LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(FROZEN);
                for (Bandwidth bandwidth : configuration.get().getBandwidths()) {
                    builder.addLimit(bandwidth);
                }
                return builder.build();
            }),
            new RateLimitProperties(Map.of("fake", new RateLimitProperties.ProviderLimits(null, 100_000L, Map.of(), null))),
            0.01, new TokenEstimator(new TokenCounter(), 100), nanos -> { });
    private final ProviderPauses pauses = new ProviderPauses(new ProviderPauses.Store() {
        private final Map<String, Instant> pauses = new HashMap<>();

        @Override
        public CompletionStage<?> pause(String key, Instant until) {
            pauses.put(key, until);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Instant> pausedUntil(String key) {
            return CompletableFuture.completedFuture(pauses.get(key));
        }
    }, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
    private final ResilientCalls calls = new ResilientCalls(new ResilienceInstances(
            CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(2)
                    .minimumNumberOfCalls(2).failureRateThreshold(100).waitDurationInOpenState(Duration.ofSeconds(30))
                    .permittedNumberOfCallsInHalfOpenState(1).clock(clock).build()),
            BulkheadRegistry.ofDefaults(),
            RetryRegistry.of(RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(1)).build()),
            TimeLimiterRegistry.ofDefaults()), quotas, pauses,
            new RetryWaits(clock, new Random(7), Duration.ofSeconds(2), 0.2),
            new WorkerMetrics(new SimpleMeterRegistry()), clock, Duration.ofSeconds(1));

    private static AttemptRequest request(String model) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", "hello"))).temperature(0.0).maxTokens(50).build();
        return AttemptRequest.builder().attemptId("job:1").correlationId("job").attempt(1).provider("fake")
                .model(model).upstreamModel(model).streamTokens(true).body(body).build();
    }

    private static Function<DeltaSink, ChatCompletion> fails(ErrorClass errorClass, Long retryAfterMs) {
        return sink -> {
            throw new ProviderException(new AttemptError(errorClass, "scripted", 500, retryAfterMs, null));
        };
    }

    private static Function<DeltaSink, ChatCompletion> answers(int totalTokens) {
        return sink -> new ChatCompletion("c", ChatCompletion.OBJECT, 0, "m", List.of(), new Usage(10,
                totalTokens - 10, totalTokens), null);
    }

    private ChatCompletion call(String model) {
        return calls.call(request(model), adapter, DeltaSink.NONE, () -> false);
    }

    @Test
    void aTransientFailureIsRetriedAndTheAnswerCorrectsTheTokenEstimate() {
        adapter.script.add(fails(ErrorClass.TRANSIENT, null));
        adapter.script.add(answers(30));

        assertThat(call("m1").usage().totalTokens()).isEqualTo(30);
        assertThat(adapter.calls).hasValue(2);
        assertThat(buckets.get("llmpool:ratelimit:{fake}:tpm").getAvailableTokens())
                .as("the failed try's estimate given back, the answer's real usage taken").isEqualTo(100_000 - 30);
    }

    @Test
    void nothingIsRetriedOnceTokensOfTheAttemptReachedTheClient() {
        AtomicBoolean streamed = new AtomicBoolean();
        adapter.script.add(sink -> {
            DeltaPart part = new DeltaPart(0, new ChatCompletionChunk.Delta(null, "Hel", null, null), null, null);
            sink.accept(part);
            throw new ProviderException(new AttemptError(ErrorClass.TRANSIENT, "cut", null, null, null));
        });
        DeltaSink sink = part -> streamed.set(part.carriesTokens());

        assertThatThrownBy(() -> calls.call(request("m2"), adapter, sink, streamed::get))
                .isInstanceOf(ProviderException.class);
        assertThat(adapter.calls).hasValue(1);
    }

    @Test
    void aProviderWaitLongerThanTheCapGoesBackWithTheWaitInsteadOfBeingSlept() {
        adapter.script.add(fails(ErrorClass.RATE_LIMITED, 5_000L));

        assertThatThrownBy(() -> call("m3")).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
            assertThat(e.error().retryAfterMs()).isEqualTo(5_000L);
        });
        assertThat(adapter.calls).hasValue(1);
        assertThat(pauses.remaining("fake")).as("the provider is paused for the wait")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBatchCallWhoseBatchWasStoppedEndsCancelledWithoutCallingTheProviderOrTakingQuota() {
        adapter.script.add(answers(30));
        AttemptRequest line = request("m7").withPriority(Priority.BATCH).withBatchId("batch_1");

        assertThatThrownBy(() -> calls.call(line, adapter, DeltaSink.NONE, () -> false, () -> true))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.CANCELLED);
                    assertThat(e.error().providerCode()).isEqualTo("batch_stopped");
                });
        assertThat(adapter.calls).as("not called, not retried").hasValue(0);
        assertThat(buckets).doesNotContainKey("llmpool:ratelimit:{fake}:batch-tpm");
    }

    @Test
    void aBatchCallRunsThroughTheLanesShareOfTheQuota() {
        adapter.script.add(answers(30));
        AttemptRequest line = request("m8").withPriority(Priority.BATCH).withBatchId("batch_1");

        assertThat(calls.call(line, adapter, DeltaSink.NONE, () -> false, () -> false).usage().totalTokens())
                .isEqualTo(30);
        assertThat(buckets.get("llmpool:ratelimit:{fake}:batch-tpm").getAvailableTokens()).isEqualTo(80_000 - 30);
        assertThat(buckets.get("llmpool:ratelimit:{fake}:tpm").getAvailableTokens()).isEqualTo(100_000 - 30);
    }

    @Test
    void aBadRequestIsNotRetried() {
        adapter.script.add(fails(ErrorClass.BAD_REQUEST, null));
        assertThatThrownBy(() -> call("m4")).isInstanceOf(ProviderException.class);
        assertThat(adapter.calls).hasValue(1);
    }

    @Test
    void anOpenBreakerRefusesWithoutCallingAndLetsATrialThroughAfterItsOpenPeriod() {
        for (int i = 0; i < 3; i++) {
            adapter.script.add(fails(ErrorClass.TRANSIENT, null));
        }
        assertThatThrownBy(() -> call("m5")).isInstanceOf(ProviderException.class);
        assertThat(adapter.calls).as("two failed tries opened the breaker; the third was refused").hasValue(2);

        assertThatThrownBy(() -> call("m5")).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.CIRCUIT_OPEN));
        assertThat(adapter.calls).hasValue(2);

        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> call("m5")).as("still open").isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.CIRCUIT_OPEN));
        clock.advance(Duration.ofSeconds(2));
        adapter.script.clear();
        adapter.script.add(answers(20));
        assertThat(call("m5").usage().totalTokens()).isEqualTo(20);
        adapter.script.add(answers(20));
        assertThat(call("m5")).as("the trial succeeded: closed again").isNotNull();
        assertThat(adapter.calls).hasValue(4);
    }
}
