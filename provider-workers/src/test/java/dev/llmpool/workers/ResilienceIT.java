package dev.llmpool.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import dev.llmpool.workers.metrics.WorkerMetrics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The resilience around provider calls in a running worker (real Kafka, Redis, the simulator over HTTP), on the
 * {@code local} provider so that the breakers and pauses of other tests' providers stay apart. Each test uses a model
 * of its own, and so breakers of its own.
 */
@SpringBootTest(classes = ResilienceIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "llmpool.instance-id=resilience-it",
            "llmpool.workers.providers=local",
            "llmpool.topics.partitions=2",
            "resilience4j.retry.instances[local.breaker-model].max-attempts=1",
            "resilience4j.retry.instances[local.pause-model].max-attempts=1",
            "resilience4j.retry.instances[local.slow-model].max-attempts=1",
            "resilience4j.timelimiter.instances[local.slow-model.first-token].timeout-duration=500ms"
        })
class ResilienceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROVIDER = "local";

    private static KafkaProbe probe;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
    }

    @Autowired
    private JobStore jobs;

    @Autowired
    private RecordSigner signer;

    @Autowired
    private JsonCodec codec;

    @Autowired
    private WorkerMetrics metrics;

    @Autowired
    @Qualifier("poolRedisConnection")
    private StatefulRedisConnection<String, String> redis;

    private final ProviderSimulator simulator = PoolInfra.shared().simulator();

    @BeforeAll
    static void probe() {
        probe = KafkaProbe.shared();
    }

    @AfterAll
    static void closeProbe() {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void fiveProviderFailuresOpenTheBreakerAndTheNextAttemptIsNotSent() {
        for (int i = 0; i < 5; i++) {
            AttemptOutcome failed = run("breaker-model", "hi [sim:status=500]", false);
            assertThat(failed.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        }
        long requestsBefore = simulator.stats().requests();
        AttemptOutcome refused = run("breaker-model", "hi", false);

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.error().errorClass()).isEqualTo(ErrorClass.CIRCUIT_OPEN);
        assertThat(refused.error().providerCode()).isEqualTo("circuit_open");
        assertThat(refused.error().retryAfterMs()).isEqualTo(30_000L);
        assertThat(simulator.stats().requests()).as("the provider was not called").isEqualTo(requestsBefore);
        assertThat(count("llmpool.worker.circuit.open", "name", "local.breaker-model")).isEqualTo(1.0);
        assertThat(run("healthy-model", "hi", false).succeeded()).as("the provider's other models go on").isTrue();
    }

    @Test
    void badRequestsDoNotOpenTheBreaker() {
        for (int i = 0; i < 6; i++) {
            assertThat(run("picky-model", "hi [sim:status=400]", false).error().errorClass())
                    .isEqualTo(ErrorClass.BAD_REQUEST);
        }
        assertThat(run("picky-model", "hi", false).succeeded()).isTrue();
    }

    @Test
    void aRateLimitWithAWaitPausesTheProviderInRedisUntilThen() {
        AttemptOutcome limited = run("pause-model", "hi [sim:status=429]", false);

        assertThat(limited.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(limited.error().retryAfterMs()).isEqualTo(1_000L);
        Long ttl = redis.sync().pttl(RedisKeys.providerPause(PROVIDER));
        String until = redis.sync().get(RedisKeys.providerPause(PROVIDER));
        assertThat(count("llmpool.worker.pauses")).isPositive();
        if (ttl != null && ttl > 0) {
            // read before the one-second pause ended: it ends when the provider said
            assertThat(ttl).isLessThanOrEqualTo(1_000L);
            assertThat(Long.parseLong(until)).isGreaterThan(limited.finishedAt().toEpochMilli());
        }
        assertThat(run("pause-model", "hi", false).succeeded()).as("after the pause the provider is called again")
                .isTrue();
    }

    @Test
    void aRetriableFailureIsRetriedInTheWorkerHonouringTheProvidersWait() {
        long requestsBefore = simulator.stats().requests();
        AttemptOutcome limited = run("retry-model", "hi [sim:status=429]", false);

        assertThat(limited.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(simulator.stats().requests() - requestsBefore).as("three tries (resilience4j.retry default)")
                .isEqualTo(3);
        assertThat(count("llmpool.worker.retries", "model", "retry-model", "error_class", "rate_limited"))
                .isEqualTo(2.0);
        assertThat(limited.latencyMs()).as("two waits of at least the provider's 1 s").isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aStreamWhoseFirstTokenIsLateIsCutAtTheFirstTokenLimit() {
        AttemptOutcome late = run("slow-model", "Slowly. [sim:delay=3s]", true);

        assertThat(late.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(late.error().providerCode()).isEqualTo("first_token_timeout");
        assertThat(late.streamedChunks()).isZero();
    }

    private AttemptOutcome run(String model, String text, boolean stream) {
        String id = "resilience-it-" + UUID.randomUUID();
        jobs.create(id, JobStatus.QUEUED, "{}", null);
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", text))).temperature(0.0).stream(stream ? Boolean.TRUE : null)
                .build();
        AttemptRequest request = AttemptRequest.builder().attemptId(AttemptRequest.attemptId(id, 1)).correlationId(id)
                .attempt(1).provider(PROVIDER).model(model).upstreamModel(model).tenant("tenant-a")
                .priority(Priority.INTERACTIVE).createdAt(Instant.now()).deadline(Instant.now().plusSeconds(120))
                .streamTokens(stream).body(body).build();
        probe.send(Topics.provider(PROVIDER), id, codec.toBytes(request), Map.of(Headers.CORRELATION_ID, id,
                Headers.ATTEMPT, "1"), signer::sign);
        return codec.fromBytes(probe.firstWithKey(Topics.ATTEMPTS, id, WAIT).value(), AttemptOutcome.class);
    }

    private double count(String name, String... tags) {
        Search search = metrics.registry().find(name);
        if (!name.equals("llmpool.worker.circuit.open")) {
            search = search.tag("provider", PROVIDER);
        }
        for (int i = 0; i < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }
}
