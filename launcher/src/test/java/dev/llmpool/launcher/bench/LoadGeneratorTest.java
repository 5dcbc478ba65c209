package dev.llmpool.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private final LoadGenerator generator = new LoadGenerator();

    /** Answers at once; every third call fails; streaming calls report a first token. */
    private static final class Counting implements Target {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Sample call(long startNanos) {
            int n = calls.incrementAndGet();
            return n % 3 == 0 ? Sample.failed(1_000_000, "HTTP 500") : Sample.ok(1_000_000, n % 2 == 0 ? 500_000 : 0);
        }
    }

    @Test
    void aClosedLoopMakesEveryCallAndCountsTheFailures() {
        Counting target = new Counting();
        BenchResult result = generator.run(target, new LoadPlan(30, 4, 0));
        assertThat(target.calls).hasValue(30);
        assertThat(result.target()).isEqualTo("fake");
        assertThat(result.latency().count()).isEqualTo(30);
        assertThat(result.latency().p50Ms()).isEqualTo(1.0);
        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.errorKinds()).containsExactly(java.util.Map.entry("HTTP 500", 10L));
        assertThat(result.firstToken().count()).isEqualTo(10);
        assertThat(result.maxInFlight()).isBetween(1, 4);
        assertThat(result.requestsPerSecond()).isPositive();
    }

    @Test
    void aClosedLoopNeverHasMoreCallsInFlightThanClients() throws Exception {
        CountDownLatch allIn = new CountDownLatch(3);
        Target blocking = new Target() {
            @Override
            public String name() {
                return "blocking";
            }

            @Override
            public Sample call(long startNanos) {
                allIn.countDown();
                try {
                    allIn.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Sample.ok(System.nanoTime() - startNanos, 0);
            }
        };
        BenchResult result = generator.run(blocking, new LoadPlan(9, 3, 0));
        assertThat(result.maxInFlight()).isEqualTo(3);
        assertThat(result.errors()).isZero();
    }

    @Test
    void anOpenLoopStartsCallsWithoutWaitingForAnswers() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Target slow = new Target() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Sample call(long startNanos) {
                if (started.incrementAndGet() == 20) {
                    release.countDown();
                }
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Sample.ok(System.nanoTime() - startNanos, 0);
            }
        };
        BenchResult result = generator.run(slow, new LoadPlan(20, 1, 10_000));
        assertThat(result.maxInFlight()).isEqualTo(20);
        assertThat(result.latency().count()).isEqualTo(20);
    }

    @Test
    void aTargetThatThrowsCountsAsAnError() {
        Target broken = new Target() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Sample call(long startNanos) {
                throw new IllegalStateException("boom");
            }
        };
        BenchResult result = generator.run(broken, new LoadPlan(5, 2, 0));
        assertThat(result.errors()).isEqualTo(5);
        assertThat(result.errorKinds()).containsExactly(java.util.Map.entry("IllegalStateException", 5L));
    }
}
