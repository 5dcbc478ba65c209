package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A producer in any language: JSON on llm.requests in, the result on llm.results and in Redis out. No HTTP. */
class KafkaProducerEndToEndIT extends WholePoolTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final JsonCodec json = new JsonCodec();
    private KafkaProbe kafka;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void open() {
        kafka = KafkaProbe.shared();
        redisClient = RedisClient.create(PoolInfra.shared().redisUrl());
        redis = redisClient.connect();
    }

    @AfterEach
    void close() {
        kafka.close();
        redis.close();
        redisClient.shutdown();
    }

    private static byte[] job(String id, String prompt) {
        return """
                {"schema_version":1,"correlation_id":"%s","tenant":"pipelines","metadata":{"task":"summarize"},
                 "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"%s"}]}}"""
                .formatted(id, prompt).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJobPublishedToTheRequestTopicEndsOnTheResultsTopicAndInRedis() {
        String id = "kafka-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, job(id, "Summarize the history of tea"));

        ConsumerRecord<String, byte[]> record = kafka.firstWithKey(Topics.RESULTS, id, WAIT);
        JobResult result = json.fromBytes(record.value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.response().firstMessage().text()).isNotBlank();
        assertThat(result.metadata()).containsEntry("task", "summarize");
        assertThat(result.attempts()).hasSize(1);

        Map<String, String> hash = redis.sync().hgetall(RedisKeys.job(id));
        assertThat(hash.get("status")).isEqualTo("completed");
        JobResult stored = json.fromJson(hash.get("result"), JobResult.class);
        assertThat(stored.response().firstMessage().text()).isEqualTo(result.response().firstMessage().text());
    }

    /**
     * A pinned job's attempt carries the router's decision: the worker that got the answer finalized the job (one
     * result), its outcome still reached llm.attempts, marked finalized, and the router recorded it (its state for
     * the job is completed).
     */
    @Test
    void aPinnedJobIsFinalizedByItsWorkerAndTheRouterStillRecordsIt() {
        String id = "worker-final-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, job(id, "Answer it where it ran"));

        JobResult result = json.fromBytes(kafka.firstWithKey(Topics.RESULTS, id, WAIT).value(), JobResult.class);
        AttemptOutcome outcome = json.fromBytes(kafka.firstWithKey(Topics.ATTEMPTS, id, WAIT).value(),
                AttemptOutcome.class);
        assertThat(outcome.finalized()).isTrue();
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.attemptId()).isEqualTo(outcome.attemptId()));
        await().atMost(WAIT).until(() -> {
            String route = redis.sync().hget(RedisKeys.job(id), "route");
            return route != null && json.readTree(route.getBytes(StandardCharsets.UTF_8)).get("phase").asString()
                    .equals("completed");
        });
        assertThat(kafka.allWithKey(Topics.RESULTS, id, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void theSameJobPublishedTwiceProducesOneResult() {
        String id = "dup-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, job(id, "Only once please"));
        kafka.send(Topics.REQUESTS, id, job(id, "Only once please"));

        kafka.firstWithKey(Topics.RESULTS, id, WAIT);
        List<ConsumerRecord<String, byte[]>> results = kafka.allWithKey(Topics.RESULTS, id, Duration.ofSeconds(3));
        assertThat(results).hasSize(1);
    }

    @Test
    void aRecordThatIsNotJsonGoesToTheDeadLetterTopicAndTheNextJobStillCompletes() {
        String bad = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, bad, "this is { not json".getBytes(StandardCharsets.UTF_8));
        String good = "after-garbage-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, good, job(good, "Still alive?"));

        ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(Topics.deadLetter(Topics.REQUESTS), bad, WAIT);
        assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("invalid-json");
        assertThat(header(dead, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.REQUESTS);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is { not json");
        assertThat(json.fromBytes(kafka.firstWithKey(Topics.RESULTS, good, WAIT).value(), JobResult.class).status())
                .isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aJobThatFailsTheSchemaIsDeadLetteredWithTheProblem() {
        String id = "invalid-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, """
                {"schema_version":1,"correlation_id":"%s","body":{"model":"gpt-4o-mini"}}""".formatted(id)
                .getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(Topics.deadLetter(Topics.REQUESTS), id, WAIT);
        assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("schema-violation");
        assertThat(header(dead, Headers.DLT_DETAIL)).contains("messages");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
