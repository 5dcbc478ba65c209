package dev.llmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.router.config.RouterAutoConfiguration;
import dev.llmpool.router.config.RouterProperties;
import dev.llmpool.router.effects.RouterMetrics;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.GroupLag;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fuzz test of issue 16 against the router on a real broker and Redis: 40 outcomes of a job that does not exist
 * (one key), a request record of almost 1 MB that is not JSON, and a job whose stored state cannot be read, among
 * valid jobs. The bad records become dead letters with their reasons, the job that broke ends failed, every valid job
 * completes, and the router's consumers are never evicted. The consumers' {@code max.poll.interval.ms} is 6 s here:
 * the router used to retry each of those 40 outcomes for 5 s, one after the other, in one poll.
 */
@SpringBootTest(classes = PoisonRecordsIT.RouterOnly.class)
@DirtiesContext
class PoisonRecordsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Kafka's default {@code max.request.size}, which the probe's producer and the router's both use. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    @SpringBootConfiguration
    @ImportAutoConfiguration({KafkaAutoConfiguration.class, PoolCoreAutoConfiguration.class,
            TenancyAutoConfiguration.class, RouterAutoConfiguration.class})
    static class RouterOnly {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PoolInfra.shared().register(registry);
        registry.add("spring.kafka.consumer.properties.max.poll.interval.ms", () -> "6000");
        registry.add("llmpool.router.redelivery.backoff", () -> "100ms");
        // the records the router produces are capped at Kafka's own default, so a request that just fits is one
        // whose dead-letter copy (the same value plus headers) does not
        registry.add("llmpool.topics.max-message-size", () -> MAX_REQUEST_SIZE + "B");
    }

    private static KafkaProbe probe;
    private static Admin admin;

    @Autowired
    JobStore jobs;
    @Autowired
    JobEventStream events;
    @Autowired
    JsonCodec codec;
    @Autowired
    RouterProperties router;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RecordSigner signer;

    @BeforeAll
    static void clients() {
        probe = new KafkaProbe(PoolInfra.shared().kafkaBootstrap());
        admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                PoolInfra.shared().kafkaBootstrap()));
    }

    @AfterAll
    static void close() {
        probe.close();
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void poisonRecordsBecomeDeadLettersAtOnceAndEveryValidJobCompletesWithoutAConsumerEvicted() {
        awaitGroupSettled();
        double revokedBefore = partitions("revoked");

        String ghost = newId();
        IntStream.rangeClosed(1, 40).forEach(n -> publishOutcome(success(ghost, n, "gpt-4o-mini")));
        String huge = newId();
        byte[] hugeValue = notJson(MAX_REQUEST_SIZE - 256);
        probe.send(Topics.REQUESTS, huge, hugeValue);
        String broken = newId();
        jobs.create(broken, JobStatus.QUEUED, codec.toJson(job(broken)), null);
        jobs.saveRoute(broken, "{\"phase\":");
        publishOutcome(success(broken, 1, "gpt-4o-mini"));
        List<String> valid = List.of(newId(), newId(), newId());
        valid.forEach(id -> publishJob(job(id)));

        Map<String, AttemptRequest> attempts = firstPerKey(Topics.provider("openai"), valid).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> codec.fromBytes(e.getValue().value(), AttemptRequest.class)));
        String stray = valid.getFirst();
        publishOutcome(success(stray, 9, "gpt-4o-mini"));
        String mismatched = valid.get(1);
        publishOutcome(success(mismatched, 1, "gpt-4o"));
        String forged = valid.get(2);
        probe.send(Topics.ATTEMPTS, forged, codec.toBytes(success(forged, 1, "gpt-4o-mini")),
                Map.of(Headers.CORRELATION_ID, forged));
        attempts.values().forEach(attempt -> publishOutcome(success(attempt.correlationId(), attempt.attempt(),
                attempt.model())));

        Map<String, ConsumerRecord<String, byte[]>> results = firstPerKey(Topics.RESULTS,
                List.of(valid.get(0), valid.get(1), valid.get(2), broken));
        valid.forEach(id -> assertThat(codec.fromBytes(results.get(id).value(), JobResult.class).status())
                .as("job %s", id).isEqualTo(JobStatus.COMPLETED));

        assertThat(probe.allWithKey(Topics.deadLetter(Topics.ATTEMPTS), ghost, Duration.ofSeconds(1)))
                .hasSize(40).allSatisfy(dead -> assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("unknown-job"));
        assertThat(probe.allWithKey(Topics.deadLetter(Topics.ATTEMPTS), stray, Duration.ofMillis(500)))
                .singleElement().satisfies(dead -> assertThat(header(dead, Headers.DLT_REASON))
                        .isEqualTo("unknown-attempt"));
        assertThat(probe.allWithKey(Topics.deadLetter(Topics.ATTEMPTS), mismatched, Duration.ofMillis(500)))
                .as("the current attempt's outcome, but of another model than the router published")
                .singleElement().satisfies(dead -> assertThat(header(dead, Headers.DLT_REASON))
                        .isEqualTo("attempt-mismatch"));
        assertThat(probe.allWithKey(Topics.deadLetter(Topics.ATTEMPTS), forged, Duration.ofMillis(500)))
                .as("an outcome the pool did not sign").singleElement()
                .satisfies(dead -> assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("unsigned-record"));

        ConsumerRecord<String, byte[]> hugeDead = probe.firstWithKey(Topics.deadLetter(Topics.REQUESTS), huge, TIMEOUT);
        assertThat(header(hugeDead, Headers.DLT_REASON)).isEqualTo("invalid-json");
        assertThat(header(hugeDead, Headers.DLT_TRUNCATED)).isEqualTo("true");
        assertThat(header(hugeDead, Headers.DLT_ORIGINAL_SIZE)).isEqualTo(Integer.toString(hugeValue.length));
        assertThat(header(hugeDead, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.REQUESTS);
        assertThat(header(hugeDead, Headers.DLT_ORIGINAL_OFFSET)).isNotBlank();
        assertThat(hugeDead.value()).isNotEmpty().hasSizeLessThan(hugeValue.length)
                .isEqualTo(Arrays.copyOf(hugeValue, hugeDead.value().length));

        JobResult brokenResult = codec.fromBytes(results.get(broken).value(), JobResult.class);
        assertThat(brokenResult.status()).isEqualTo(JobStatus.FAILED);
        assertThat(brokenResult.error().errorClass()).isEqualTo(ErrorClass.INTERNAL);
        assertThat(brokenResult.error().message()).contains("processing-failed");
        assertThat(jobs.find(broken).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(events.range(broken, "0-0")).extracting(StreamEntry::event).extracting(StreamEvent::type)
                .containsExactly(StreamEvent.Type.FAILED);
        assertThat(header(probe.firstWithKey(Topics.deadLetter(Topics.ATTEMPTS), broken, TIMEOUT), Headers.DLT_REASON))
                .isEqualTo("processing-failed");
        ConsumerRecord<String, byte[]> brokenJob = probe.firstWithKey(Topics.deadLetter(Topics.REQUESTS), broken,
                TIMEOUT);
        assertThat(header(brokenJob, Headers.DLT_REASON)).isEqualTo("processing-failed");
        assertThat(codec.fromBytes(brokenJob.value(), JobRequest.class).correlationId()).isEqualTo(broken);

        awaitRouterCaughtUp(Topics.REQUESTS);
        awaitRouterCaughtUp(Topics.ATTEMPTS);
        assertThat(partitions("lost")).as("partitions taken from an evicted consumer").isZero();
        assertThat(partitions("revoked")).as("partitions revoked by a rebalance").isEqualTo(revokedBefore);
    }

    /**
     * A job the gateway created from a request the router then refuses (a record it stored as the very text it
     * publishes) ends failed as a bad request instead of waiting queued forever; a refused record that only names
     * another job's id leaves that job alone.
     */
    @Test
    void aJobCreatedFromARequestTheRouterRefusesEndsFailedAndAnotherJobsIdIsNotEnough() {
        String created = newId();
        String text = "{\"schema_version\":1,\"correlation_id\":\"" + created + "\",\"cache\":{\"ttl_seconds\":"
                + "9223372036854775807},\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}}";
        jobs.create(created, JobStatus.QUEUED, text, null);
        String someoneElses = newId();
        jobs.create(someoneElses, JobStatus.QUEUED, codec.toJson(job(someoneElses)), null);

        probe.send(Topics.REQUESTS, created, text.getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.REQUESTS, someoneElses, "{\"garbage\":true}".getBytes(StandardCharsets.UTF_8));

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, created, TIMEOUT).value(),
                JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
        assertThat(result.error().message()).contains("schema-violation").contains("ttl_seconds");
        assertThat(header(probe.firstWithKey(Topics.deadLetter(Topics.REQUESTS), someoneElses, TIMEOUT),
                Headers.DLT_REASON)).isEqualTo("schema-violation");
        awaitRouterCaughtUp(Topics.REQUESTS);
        assertThat(jobs.find(someoneElses).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    private double partitions(String event) {
        Counter counter = meters.find(RouterMetrics.PARTITIONS).tag("event", event).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Waits until every router consumer of this context is in the group and the group is stable. */
    private void awaitGroupSettled() {
        int consumers = 2 * router.concurrency();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(router.groupId())).all().get()
                    .get(router.groupId());
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(group.members()).hasSize(consumers);
            assertThat(partitions("assigned")).isPositive();
        });
    }

    /** Reads the topic from the start until a record of every key was seen; the first record of each. */
    private static Map<String, ConsumerRecord<String, byte[]>> firstPerKey(String topic, List<String> keys) {
        Set<String> seen = new HashSet<>();
        List<ConsumerRecord<String, byte[]>> records = probe.readUntil(topic,
                r -> keys.contains(r.key()) && seen.add(r.key()) && seen.size() == keys.size(), TIMEOUT);
        return records.stream().filter(r -> keys.contains(r.key()))
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r, (first, later) -> first));
    }

    private static String newId() {
        return "poison-it-" + UUID.randomUUID();
    }

    /** Not JSON: an opening brace and then {@code size - 1} letters. */
    private static byte[] notJson(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        value[0] = '{';
        return value;
    }

    private static JobRequest job(String id) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("gpt-4o-mini")
                .messages(List.of(ChatMessage.of("user", "Survive the poison " + id))).temperature(0.7).build();
        return JobRequest.builder().correlationId(id).tenant("it").createdAt(Instant.now()).body(body)
                .metadata(Map.of()).build();
    }

    private static AttemptOutcome success(String id, int attempt, String model) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-it", ChatCompletion.OBJECT,
                Instant.now().getEpochSecond(), model, List.of(new ChatCompletion.Choice(0,
                ChatMessage.assistant("Hello from the test worker", null, null), null, "stop")),
                Usage.of(12, 6), null);
        return AttemptOutcome.builder().attemptId(AttemptRequest.attemptId(id, attempt)).correlationId(id)
                .attempt(attempt).provider("openai").model(model).succeeded(true).completion(completion)
                .latencyMs(42).workerId("it-worker").finishedAt(Instant.now()).build();
    }

    private void publishJob(JobRequest job) {
        probe.send(Topics.REQUESTS, job.correlationId(), codec.toBytes(job),
                Map.of(Headers.CORRELATION_ID, job.correlationId()));
    }

    /** As a worker publishes it: signed with the pool's key. */
    private void publishOutcome(AttemptOutcome outcome) {
        probe.send(Topics.ATTEMPTS, outcome.correlationId(), codec.toBytes(outcome),
                Map.of(Headers.CORRELATION_ID, outcome.correlationId(),
                        Headers.ATTEMPT, Integer.toString(outcome.attempt())), signer::sign);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return KafkaHeaders.get(record.headers(), name);
    }

    /** Waits until the router's group has committed every record on the topic: no lag left. */
    private void awaitRouterCaughtUp(String topic) {
        await().atMost(TIMEOUT).until(() -> GroupLag.of(admin, router.groupId(), topic) == 0);
    }
}
