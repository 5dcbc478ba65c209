package dev.llmpool.simulator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {

    private final MutableClock clock = MutableClock.atFixedStart();
    private final RequestRateLimiter limiter = new RequestRateLimiter(clock);

    @Test
    void admitsABurstUpToTheLimitCountingDown() {
        for (int i = 1; i <= 5; i++) {
            RateLimitDecision decision = limiter.acquire(5);

            assertThat(decision.admitted()).isTrue();
            assertThat(decision.limit()).isEqualTo(5);
            assertThat(decision.remaining()).isEqualTo(5 - i);
            assertThat(decision.resetAfter()).isEqualTo(Duration.ofSeconds(12L * i));
            assertThat(decision.retryAfter()).isZero();
        }
    }

    @Test
    void rejectsBeyondTheLimitWithTheRealWaitUntilTheNextSlot() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire(5);
        }

        RateLimitDecision rejected = limiter.acquire(5);

        assertThat(rejected.admitted()).isFalse();
        assertThat(rejected.remaining()).isZero();
        assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(rejected.resetAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aRejectedRequestDoesNotUseASlot() {
        for (int i = 0; i < 7; i++) {
            limiter.acquire(5);
        }
        clock.advance(Duration.ofSeconds(12));

        assertThat(limiter.acquire(5).admitted()).isTrue();
        assertThat(limiter.acquire(5).admitted()).isFalse();
    }

    @Test
    void refillsAsTimePassesAndIsFullAfterTheReset() {
        for (int i = 0; i < 5; i++) {
            limiter.acquire(5);
        }
        clock.advance(Duration.ofSeconds(11));
        RateLimitDecision early = limiter.acquire(5);
        assertThat(early.admitted()).isFalse();
        assertThat(early.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(49));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire(5).admitted()).as("request %d after the reset", i + 1).isTrue();
        }
        assertThat(limiter.acquire(5).admitted()).isFalse();
    }

    @Test
    void zeroMeansUnlimitedAndReportsAGenerousTier() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire(0).admitted()).isTrue();
        }
        RateLimitDecision decision = limiter.acquire(0);
        assertThat(decision.limit()).isEqualTo(RequestRateLimiter.UNLIMITED_REPORTED_LIMIT);
        assertThat(decision.remaining()).isEqualTo(RequestRateLimiter.UNLIMITED_REPORTED_LIMIT - 1);
    }

    @Test
    void peekReportsWithoutConsuming() {
        limiter.acquire(3);

        RateLimitDecision peeked = limiter.peek(3);

        assertThat(peeked.admitted()).isTrue();
        assertThat(peeked.remaining()).isEqualTo(2);
        assertThat(peeked.resetAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limiter.peek(3).remaining()).isEqualTo(2);
    }

    @Test
    void aLiveLimitChangeTakesEffectAtOnce() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(3);
        }
        assertThat(limiter.acquire(3).admitted()).isFalse();

        assertThat(limiter.acquire(600).admitted()).isTrue();
    }

    @Test
    void loweringTheLimitKeepsTheRequestsAlreadyInTheBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(600);
        }

        assertThat(limiter.acquire(3).admitted()).isFalse();
        assertThat(limiter.peek(3).remaining()).isZero();
    }

    @Test
    void exhaustedDecisionReportsNothingLeft() {
        RateLimitDecision injected = RateLimitDecision.exhausted(100, Duration.ofSeconds(1));

        assertThat(injected.admitted()).isFalse();
        assertThat(injected.remaining()).isZero();
        assertThat(injected.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }
}
