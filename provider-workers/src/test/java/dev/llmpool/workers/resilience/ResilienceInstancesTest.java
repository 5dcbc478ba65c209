package dev.llmpool.workers.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.http.CallLimits;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** The instances resolve as Spring Boot binds {@code resilience4j.*}, over the pool's shipped defaults. */
class ResilienceInstancesTest {

    @Configuration
    @PropertySource("classpath:llmpool/workers-resilience.properties")
    static class PoolDefaults {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class,
                    BulkheadAutoConfiguration.class, RetryAutoConfiguration.class,
                    TimeLimiterAutoConfiguration.class))
            .withUserConfiguration(PoolDefaults.class);

    private static ResilienceInstances instances(ApplicationContext context) {
        return new ResilienceInstances(context.getBean(CircuitBreakerRegistry.class),
                context.getBean(BulkheadRegistry.class), context.getBean(RetryRegistry.class),
                context.getBean(TimeLimiterRegistry.class));
    }

    private void with(Consumer<ResilienceInstances> check, String... properties) {
        context.withPropertyValues(properties).run(c -> check.accept(instances(c)));
    }

    @Test
    void withNothingConfiguredTheBreakerOpensWhenHalfOfTheLastHundredCallsFailedForThirtySecondsWithThreeTrials() {
        with(instances -> {
            CircuitBreakerConfig config = instances.breakerConfig("openai", "gpt-4o");
            assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
            assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
            assertThat(config.getSlidingWindowSize()).isEqualTo(100);
            assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
            assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
            assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
            assertThat(instances.retryConfig("openai", "gpt-4o").getMaxAttempts()).isEqualTo(3);
            assertThat(instances.limits("openai", "gpt-4o")).isEqualTo(CallLimits.DEFAULTS);
            assertThat(instances.bulkhead("openai").getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(4096);
        });
    }

    @Test
    void aModelFallsBackToItsProvidersInstanceThenToTheDefault() {
        with(instances -> {
            CircuitBreakerConfig model = instances.breakerConfig("openai", "gpt-4o-mini");
            CircuitBreakerConfig sibling = instances.breakerConfig("openai", "gpt-4o");
            CircuitBreakerConfig other = instances.breakerConfig("anthropic", "claude");
            assertThat(model.getMinimumNumberOfCalls()).as("the model's own").isEqualTo(2);
            assertThat(model.getWaitIntervalFunctionInOpenState().apply(1)).as("the model's own").isEqualTo(5_000L);
            assertThat(sibling.getMinimumNumberOfCalls()).as("the provider's").isEqualTo(10);
            assertThat(sibling.getWaitIntervalFunctionInOpenState().apply(1)).as("the provider's")
                    .isEqualTo(10_000L);
            assertThat(other.getMinimumNumberOfCalls()).as("configs.default").isEqualTo(5);
            assertThat(instances.retryConfig("openai", "gpt-4o").getMaxAttempts()).isEqualTo(5);
            assertThat(instances.retryConfig("anthropic", "claude").getMaxAttempts()).isEqualTo(3);
            assertThat(instances.limits("openai", "gpt-4o-mini"))
                    .isEqualTo(new CallLimits(Duration.ofSeconds(5), Duration.ofSeconds(30)));
            assertThat(instances.limits("openai", "gpt-4o"))
                    .isEqualTo(new CallLimits(Duration.ofSeconds(60), Duration.ofSeconds(30)));
        }, "resilience4j.circuitbreaker.instances.openai.minimum-number-of-calls=10",
                "resilience4j.circuitbreaker.instances.openai.wait-duration-in-open-state=10s",
                "resilience4j.circuitbreaker.instances[openai.gpt-4o-mini].minimum-number-of-calls=2",
                "resilience4j.circuitbreaker.instances[openai.gpt-4o-mini].sliding-window-size=2",
                "resilience4j.circuitbreaker.instances[openai.gpt-4o-mini].wait-duration-in-open-state=5s",
                "resilience4j.retry.instances.openai.max-attempts=5",
                "resilience4j.timelimiter.instances.openai.timeout-duration=30s",
                "resilience4j.timelimiter.instances[openai.gpt-4o-mini.first-token].timeout-duration=5s");
    }

    @Test
    void onlyProviderHealthFailuresOpenTheBreaker() {
        with(instances -> {
            CircuitBreaker breaker = instances.breaker("openai", "gpt-4o");
            fail(breaker, ErrorClass.BAD_REQUEST, 5);
            fail(breaker, ErrorClass.TRANSIENT, 4);
            assertThat(breaker.getState()).as("a bad request is an answer: 4 failures in 9 calls")
                    .isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.RATE_LIMITED, 10);
            assertThat(breaker.getState()).as("rate limits are not counted").isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT);
            assertThat(breaker.getState()).as("5 provider failures in 10 counted calls")
                    .isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(instances.breaker("openai", "gpt-4o-mini").getState())
                    .as("another model of the provider").isEqualTo(CircuitBreaker.State.CLOSED);
        });
    }

    @Test
    void aProviderFailingFromTheStartOpensItAfterFiveFailures() {
        with(instances -> {
            CircuitBreaker breaker = instances.breaker("openai", "gpt-4o");
            fail(breaker, ErrorClass.TRANSIENT, 4);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        });
    }

    @Test
    void aFreshBreakerJudgesItsFirstFiveCallsTogether() {
        with(instances -> {
            CircuitBreaker breaker = instances.breaker("openai", "gpt-4o");
            succeed(breaker, 2);
            fail(breaker, ErrorClass.TRANSIENT, 2);
            succeed(breaker, 1);
            assertThat(breaker.getState()).as("2 failures in 5 calls").isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT);
            assertThat(breaker.getState()).as("3 failures in 6 calls").isEqualTo(CircuitBreaker.State.OPEN);
        });
    }

    @Test
    void aBurstOfFailuresAmongManyCallsLeavesItClosedUntilHalfOfTheLastHundredFailed() {
        with(instances -> {
            CircuitBreaker breaker = instances.breaker("openai", "gpt-4o");
            succeed(breaker, 500);
            fail(breaker, ErrorClass.TRANSIENT, 30);
            assertThat(breaker.getState()).as("30 connect timeouts at once among thousands of calls")
                    .isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT, 19);
            assertThat(breaker.getState()).as("49 of the last 100").isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT);
            assertThat(breaker.getState()).as("50 of the last 100").isEqualTo(CircuitBreaker.State.OPEN);
        });
    }

    @Test
    void aConfiguredModelInstanceIsTheLiveBreakerWithThePoolsCountingRule() {
        with(instances -> {
            CircuitBreaker breaker = instances.breaker("openai", "gpt-4o-mini");
            fail(breaker, ErrorClass.RATE_LIMITED);
            fail(breaker, ErrorClass.RATE_LIMITED);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            fail(breaker, ErrorClass.TRANSIENT);
            fail(breaker, ErrorClass.TRANSIENT);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        }, "resilience4j.circuitbreaker.instances[openai.gpt-4o-mini].minimum-number-of-calls=2",
                "resilience4j.circuitbreaker.instances[openai.gpt-4o-mini].sliding-window-size=2");
    }

    private static void succeed(CircuitBreaker breaker, int calls) {
        for (int i = 0; i < calls; i++) {
            breaker.executeSupplier(() -> "answer");
        }
    }

    private static void fail(CircuitBreaker breaker, ErrorClass errorClass, int calls) {
        for (int i = 0; i < calls; i++) {
            fail(breaker, errorClass);
        }
    }

    private static void fail(CircuitBreaker breaker, ErrorClass errorClass) {
        try {
            breaker.executeSupplier(() -> {
                throw new ProviderException(new AttemptError(errorClass, "x", 500, null, null));
            });
        } catch (ProviderException expected) {
            // counted (or not) by the breaker
        }
    }
}
