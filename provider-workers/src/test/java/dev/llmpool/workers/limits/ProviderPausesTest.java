package dev.llmpool.workers.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderPausesTest {

    private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");


    /** A store shared by two "workers", counting its reads. */
    private static final class SharedStore implements ProviderPauses.Store {
        final Map<String, Instant> pauses = new HashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public CompletionStage<?> pause(String key, Instant until) {
            pauses.put(key, until);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Instant> pausedUntil(String key) {
            reads.incrementAndGet();
            return CompletableFuture.completedFuture(pauses.get(key));
        }
    }

    private static AttemptError error(ErrorClass errorClass, Long waitMs) {
        return new AttemptError(errorClass, "x", 429, waitMs, null);
    }

    @Test
    void onlyARateLimitWithAWaitPausesAProviderAndNeverLongerThanTheCap() {
        Duration cap = Duration.ofSeconds(60);
        assertThat(ProviderPauses.pauseFor(error(ErrorClass.RATE_LIMITED, 12_000L), T0, cap))
                .contains(T0.plusSeconds(12));
        assertThat(ProviderPauses.pauseFor(error(ErrorClass.RATE_LIMITED, 600_000L), T0, cap))
                .contains(T0.plusSeconds(60));
        assertThat(ProviderPauses.pauseFor(error(ErrorClass.RATE_LIMITED, null), T0, cap)).isEmpty();
        assertThat(ProviderPauses.pauseFor(error(ErrorClass.TRANSIENT, 5_000L), T0, cap)).isEmpty();
        assertThat(ProviderPauses.pauseFor(error(ErrorClass.QUOTA_EXHAUSTED, 5_000L), T0, cap)).isEmpty();
    }

    @Test
    void aPauseOneWorkerRecordsHoldsEveryWorkerOfTheProviderUntilItEnds() {
        MovableClock clock = new MovableClock(T0);
        SharedStore store = new SharedStore();
        ProviderPauses first = new ProviderPauses(store, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
        ProviderPauses second = new ProviderPauses(store, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
        assertThat(second.remaining("openai")).isZero();

        assertThat(first.record("openai", error(ErrorClass.RATE_LIMITED, 5_000L))).contains(T0.plusSeconds(5));
        assertThat(first.remaining("openai")).as("known at once where it was recorded")
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(second.remaining("openai")).as("read again only after the refresh interval").isZero();
        clock.advance(Duration.ofMillis(250));
        assertThat(second.remaining("openai")).isEqualTo(Duration.ofMillis(4_750));
        assertThat(second.remaining("anthropic")).as("other providers go on").isZero();

        clock.advance(Duration.ofMillis(4_750));
        assertThat(first.remaining("openai")).isZero();
        assertThat(second.remaining("openai")).isZero();
    }

    @Test
    void aShorterPauseDoesNotCutALongerOneShort() {
        MovableClock clock = new MovableClock(T0);
        SharedStore store = new SharedStore();
        ProviderPauses pauses = new ProviderPauses(store, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
        pauses.record("openai", error(ErrorClass.RATE_LIMITED, 20_000L));
        assertThat(pauses.record("openai", error(ErrorClass.RATE_LIMITED, 1_000L))).isEmpty();
        assertThat(store.pauses.get("llmpool:pause:{openai}")).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aConsumerNeverWaitsForTheStoreAndKeepsWhatItKnewUntilTheAnswerComes() {
        MovableClock clock = new MovableClock(T0);
        CompletableFuture<Instant> pending = new CompletableFuture<>();
        ProviderPauses.Store slow = new ProviderPauses.Store() {
            @Override
            public CompletionStage<?> pause(String key, Instant until) {
                return new CompletableFuture<>();
            }

            @Override
            public CompletionStage<Instant> pausedUntil(String key) {
                return pending;
            }
        };
        ProviderPauses pauses = new ProviderPauses(slow, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
        assertThat(pauses.remaining("openai")).as("nothing known yet, and no waiting").isZero();
        pending.complete(T0.plusSeconds(3));
        assertThat(pauses.remaining("openai")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readsTheStoreAtMostOncePerRefreshInterval() {
        MovableClock clock = new MovableClock(T0);
        SharedStore store = new SharedStore();
        ProviderPauses pauses = new ProviderPauses(store, clock, Duration.ofSeconds(60), Duration.ofMillis(250));
        for (int i = 0; i < 100; i++) {
            pauses.remaining("openai");
        }
        assertThat(store.reads.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(250));
        pauses.remaining("openai");
        assertThat(store.reads.get()).isEqualTo(2);
    }
}
