package dev.llmpool.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import dev.llmpool.workers.metrics.WorkerMetrics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The batch lane in a running worker (real Kafka, Redis, a simulator of its own so that its arrivals are only this
 * test's), on a provider of its own ({@code lanes}, catalog {@code lanes-it/catalog.yml}) whose limit is scaled down
 * in time: 50 requests per 2 s, the batch lane's share 40 (reserve 0.2). The shared simulator and the {@code local}
 * and {@code openai} workers of other tests' cached contexts never see these attempts.
 */
@SpringBootTest(classes = LanesIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "llmpool.instance-id=lanes-it",
            "llmpool.catalog.location=classpath:lanes-it/catalog.yml",
            "llmpool.workers.providers=lanes",
            "llmpool.topics.partitions=2",
            "llmpool.workers.limits.lanes.rpm=50",
            "llmpool.workers.limits.lanes.period=2s",
            "llmpool.workers.limits.lanes.models[slow-lane-model].rpm=2",
            "llmpool.workers.lanes.batch-reserve=0.2",
            "llmpool.workers.lanes.batch-max-in-flight=8",
            "llmpool.workers.lanes.backlog-refresh=500ms"
        })
@DirtiesContext
class LanesIT {

    private static final Logger log = LoggerFactory.getLogger(LanesIT.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROVIDER = "lanes";
    private static final Duration PERIOD = Duration.ofSeconds(2);
    /**
     * Arrivals are counted in windows of two periods: a grant's way to the simulator takes from a few to ~200 ms on a
     * loaded machine (a stall of the JVM or the CPU), which carries a few calls across a window's edge, and a longer
     * window keeps that small beside what it measures.
     */
    private static final Duration WINDOW = PERIOD.multipliedBy(2);
    /** BucketPlans: a burst of 1, then 48 per period for the provider (50), 38 for the batch lane (40). */
    private static final int LIMIT_IN_ANY_WINDOW = 1 + 2 * 48;
    private static final int BATCH_SHARE_IN_ANY_WINDOW = 1 + 2 * 38;
    /**
     * Calls a stall may carry into a window beyond what the buckets granted in it (at ~20 calls a second); the batch
     * lane's bound plus this (82) stays well below the provider's (97), which batch calls would reach without a share
     * of their own.
     */
    private static final int ARRIVAL_JITTER = 5;

    private static ProviderSimulator simulator;
    private static KafkaProbe probe;
    private static Outcomes outcomes;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
        simulator = ProviderSimulator.start(SimulatorSettings.defaults().withLatency(Duration.ofMillis(50)));
        registry.add("llmpool.providers.lanes.type", () -> "openai");
        registry.add("llmpool.providers.lanes.base-url",
                () -> simulator.baseUrl().toString().replaceAll("/$", "") + "/v1");
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

    @BeforeAll
    static void start() {
        probe = KafkaProbe.shared();
        outcomes = new Outcomes(PoolInfra.shared().kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        if (outcomes != null) {
            outcomes.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void interactiveAttemptsStartAtOnceWhileTheBatchLaneTakesNoMoreThanItsShareAndDrainsAfterwards() {
        String batchId = "batch_" + UUID.randomUUID();
        simulator.resetStats();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = newJob("lanes-it-line-");
            lines.add(id);
            publish(attempt(id, "lane-model", Priority.BATCH, batchId, "Line " + i + " of the batch."));
        }

        // the batch alone: no more than its share of the limit reaches the provider
        await().atMost(WAIT).until(() -> outcomes.count(lines) >= 100);
        await("the backlog waits in Kafka, not in the worker").atMost(WAIT).until(() -> backlog("batch") > 0);
        log.info("Batch lane backlog {} with {} of {} lines done", backlog("batch"), outcomes.count(lines),
                lines.size());
        int batchAlone = simulator.maxRequestsIn(WINDOW);

        // interactive attempts arrive steadily, 4 a second, while the batch lane is full
        simulator.resetStats();
        int linesBefore = outcomes.count(lines);
        List<String> interactive = new ArrayList<>();
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        for (int i = 0; i < 20; i++) {
            String id = newJob("lanes-it-chat-");
            interactive.add(id);
            sentAt.put(id, Instant.now());
            publish(attempt(id, "lane-model", Priority.INTERACTIVE, null, "Question " + i + "?"));
            pause(Duration.ofMillis(250));
        }
        await().atMost(WAIT).until(() -> outcomes.count(interactive) == interactive.size());
        int mixed = simulator.maxRequestsIn(WINDOW);
        int linesDuringInteractive = outcomes.count(lines) - linesBefore;

        // interactive stops: the lane drains
        await().atMost(WAIT).until(() -> outcomes.count(lines) == lines.size());
        log.info("Calls in any {}: batch alone {}, with interactive {}; {} lines ran beside the {} interactive"
                + " attempts, whose starts took {} ms", WINDOW, batchAlone, mixed, linesDuringInteractive,
                interactive.size(), interactive.stream().map(id -> Duration.between(sentAt.get(id),
                        outcomes.get(id).finishedAt().minusMillis(outcomes.get(id).latencyMs())).toMillis()).toList());

        for (String id : interactive) {
            AttemptOutcome outcome = outcomes.get(id);
            assertThat(outcome.succeeded()).as(id).isTrue();
            Instant started = outcome.finishedAt().minusMillis(outcome.latencyMs());
            assertThat(Duration.between(sentAt.get(id), started)).as("%s started without waiting behind the batch"
                    + " lane (~90 lines were waiting in it)", id).isLessThan(Duration.ofSeconds(2));
            assertThat(Duration.ofMillis(outcome.latencyMs())).as("%s found the quota kept for it", id)
                    .isLessThan(Duration.ofSeconds(2));
        }
        assertThat(lines).allSatisfy(id -> assertThat(outcomes.get(id).succeeded()).as(id).isTrue());
        assertThat(batchAlone).as("batch calls in any %s while the batch ran alone: its share, and used", WINDOW)
                .isBetween(BATCH_SHARE_IN_ANY_WINDOW - 15, BATCH_SHARE_IN_ANY_WINDOW + ARRIVAL_JITTER);
        assertThat(mixed).as("all calls in any %s with interactive traffic", WINDOW)
                .isLessThanOrEqualTo(LIMIT_IN_ANY_WINDOW + ARRIVAL_JITTER);
        assertThat(linesDuringInteractive).as("the lane kept going beside interactive traffic").isPositive();
        await().atMost(WAIT).until(() -> backlog("batch") == 0.0);
    }

    @Test
    void theWaitingLinesOfAStoppedBatchEndCancelledWithoutCallingTheProvider() {
        String batchId = "batch_" + UUID.randomUUID();
        simulator.resetStats();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = newJob("lanes-it-stop-");
            lines.add(id);
            // the model's own quota is 2 per 2 s, the lane's share 1: the lines wait, in the lane and in Kafka
            publish(attempt(id, "slow-lane-model", Priority.BATCH, batchId, "Slow line " + i + "."));
        }
        await().atMost(WAIT).until(() -> outcomes.count(lines) >= 1);

        redis.sync().set(RedisKeys.batchStop(batchId), "cancelled");
        await().atMost(WAIT).until(() -> outcomes.count(lines) == lines.size());

        List<AttemptOutcome> ended = lines.stream().map(outcomes::get).toList();
        long cancelled = ended.stream().filter(o -> !o.succeeded()
                && o.error().errorClass() == ErrorClass.CANCELLED).count();
        long succeeded = ended.stream().filter(AttemptOutcome::succeeded).count();
        log.info("Stopped batch: {} lines cancelled, {} ran; {} provider calls", cancelled, succeeded,
                simulator.stats().requests());
        assertThat(cancelled + succeeded).isEqualTo(lines.size());
        assertThat(cancelled).as("every line not yet called when the stop was seen").isGreaterThanOrEqualTo(17);
        assertThat(simulator.stats().requests()).as("the provider was called only for lines that ran")
                .isEqualTo(succeeded);
    }

    private double backlog(String lane) {
        Gauge gauge = metrics.registry().find("llmpool.lanes.backlog").tag("provider", PROVIDER).tag("lane", lane)
                .gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private String newJob(String prefix) {
        String id = prefix + UUID.randomUUID();
        jobs.create(id, JobStatus.QUEUED, "{}", null);
        return id;
    }

    private static AttemptRequest attempt(String id, String model, Priority priority, String batchId, String text) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", text))).maxTokens(16).build();
        return AttemptRequest.builder().attemptId(AttemptRequest.attemptId(id, 1)).correlationId(id).attempt(1)
                .provider(PROVIDER).model(model).upstreamModel("gpt-4o-mini").priority(priority)
                .createdAt(Instant.now()).deadline(Instant.now().plus(Duration.ofMinutes(5))).body(body)
                .batchId(batchId).build();
    }

    private void publish(AttemptRequest request) {
        probe.send(Topics.lane(PROVIDER, request.priority()), request.correlationId(), codec.toBytes(request),
                Map.of(Headers.CORRELATION_ID, request.correlationId(), Headers.ATTEMPT, "1"), signer::sign);
    }

    /** Paces the interactive arrivals (real traffic needs real time). */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every outcome of this test's attempts on {@code llm.attempts}, read as it comes by a consumer of its own. */
    private static final class Outcomes implements AutoCloseable {

        private final Map<String, AttemptOutcome> byId = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread reader;
        private final JsonCodec codec = new JsonCodec();
        private volatile boolean running = true;

        Outcomes(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "lanes-it-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(Topics.ATTEMPTS));
            reader = Thread.ofPlatform().daemon().name("lanes-it-outcomes").start(this::read);
        }

        private void read() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.key() != null && record.key().startsWith("lanes-it-")) {
                            byId.putIfAbsent(record.key(), codec.fromBytes(record.value(), AttemptOutcome.class));
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        int count(List<String> ids) {
            return (int) ids.stream().filter(byId::containsKey).count();
        }

        AttemptOutcome get(String id) {
            return byId.get(id);
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                reader.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
