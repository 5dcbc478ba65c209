package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.security.RecordKey;
import dev.llmpool.core.security.RecordKeys;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import dev.llmpool.workers.metrics.WorkerMetrics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine;

/**
 * What a producer that reaches Kafka but not the pool's key can do to the whole pool: nothing. A forged outcome for a
 * running job does not finish it (the job ends with the provider's real answer); forged attempts, for a job that does
 * not exist and for a live one, reach no provider (the simulator counts no call); each is a dead letter naming why.
 * An attempt the pool did sign but whose job is gone is settled without a call. {@code llmpool dlq replay} puts back
 * only the pool's own records, signed again.
 */
class ForgedRecordsEndToEndIT extends WholePoolTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PROVIDER_TOPIC = Topics.provider("openai");

    private final JsonCodec json = new JsonCodec();
    private final RecordSigner stranger = new RecordSigner(RecordKeys.fixed(RecordKey.random(new SecureRandom()),
            List.of()));

    @Autowired
    RecordSigner signer;
    @Autowired
    JobStore jobs;
    @Autowired
    WorkerMetrics workerMetrics;

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

    @Test
    void aForgedOutcomeForARunningJobIsDeadLetteredAndTheJobEndsWithItsRealAnswer() {
        String id = "forged-outcome-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, job(id, "Tell me about tides. [sim:delay=2s] [sim:tokens=6]"));
        await().atMost(WAIT).until(() -> "running".equals(redis.sync().hget(RedisKeys.job(id), "status")));

        AttemptOutcome forged = answer(id, "FORGED ANSWER");
        kafka.send(Topics.ATTEMPTS, id, json.toBytes(forged), Map.of(Headers.CORRELATION_ID, id));
        kafka.send(Topics.ATTEMPTS, id, json.toBytes(forged), Map.of(Headers.CORRELATION_ID, id), stranger::sign);

        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topics.deadLetter(Topics.ATTEMPTS),
                r -> id.equals(r.key()) && "bad-signature".equals(header(r, Headers.DLT_REASON)), WAIT).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertThat(dead).extracting(r -> header(r, Headers.DLT_REASON))
                .containsExactly("unsigned-record", "bad-signature");
        assertThat(dead).allSatisfy(r -> assertThat(json.fromBytes(r.value(), AttemptOutcome.class).workerId())
                .isEqualTo("forger"));

        JobResult result = json.fromBytes(kafka.firstWithKey(Topics.RESULTS, id, WAIT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.response().firstMessage().text()).isNotBlank().doesNotContain("FORGED");
        assertThat(result.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.succeeded()).isTrue());
        assertThat(json.fromJson(redis.sync().hget(RedisKeys.job(id), "result"), JobResult.class)).isEqualTo(result);
        assertThat(kafka.allWithKey(Topics.RESULTS, id, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void forgedAttemptsReachNoProviderAndASignedOneForAJobThatIsGoneIsSettledWithoutACall() throws Exception {
        String ghost = "forged-ghost-" + UUID.randomUUID();
        String live = "forged-live-" + UUID.randomUUID();
        String gone = "signed-gone-" + UUID.randomUUID();
        jobs.create(live, JobStatus.QUEUED, "{}", null); // live: a record, no result (never routed, so no attempt)
        double settledBefore = jobGone();
        long callsBefore = simulatorCalls();

        kafka.send(PROVIDER_TOPIC, ghost, json.toBytes(attempt(ghost, 1)), Map.of(Headers.CORRELATION_ID, ghost));
        kafka.send(PROVIDER_TOPIC, live, json.toBytes(attempt(live, 1)), Map.of(Headers.CORRELATION_ID, live));
        kafka.send(PROVIDER_TOPIC, live, json.toBytes(attempt(live, 2)), Map.of(Headers.CORRELATION_ID, live),
                stranger::sign);
        kafka.send(PROVIDER_TOPIC, gone, json.toBytes(attempt(gone, 1)), Map.of(Headers.CORRELATION_ID, gone),
                signer::sign);

        String deadTopic = Topics.deadLetter(PROVIDER_TOPIC);
        assertThat(header(kafka.firstWithKey(deadTopic, ghost, WAIT), Headers.DLT_REASON)).isEqualTo("unsigned-record");
        List<ConsumerRecord<String, byte[]>> liveDead = kafka.readUntil(deadTopic,
                r -> live.equals(r.key()) && "bad-signature".equals(header(r, Headers.DLT_REASON)), WAIT).stream()
                .filter(r -> live.equals(r.key())).toList();
        assertThat(liveDead).extracting(r -> header(r, Headers.DLT_REASON))
                .containsExactlyInAnyOrder("unsigned-record", "bad-signature");
        await().atMost(WAIT).until(() -> jobGone() > settledBefore);

        assertThat(simulatorCalls()).as("calls the simulator received").isEqualTo(callsBefore);
        for (String id : List.of(ghost, live, gone)) {
            assertThat(kafka.allWithKey(Topics.ATTEMPTS, id, Duration.ofMillis(300))).as("outcomes of " + id)
                    .isEmpty();
        }
        assertThat(kafka.allWithKey(deadTopic, gone, Duration.ofMillis(300))).as("the pool's own attempt").isEmpty();
        assertThat(redis.sync().hget(RedisKeys.job(live), "status")).isEqualTo("queued");
        assertThat(redis.sync().exists(RedisKeys.job(ghost), RedisKeys.job(gone))).isZero();
    }

    @Test
    void aDeadLetterGoesBackToAnInternalTopicOnlyWhenItWasThePoolsAndGoesBackSigned() {
        String unknown = "replay-unknown-" + UUID.randomUUID();
        String forged = "replay-forged-" + UUID.randomUUID();
        String planted = "replay-planted-" + UUID.randomUUID();
        String deadTopic = Topics.deadLetter(Topics.ATTEMPTS);
        kafka.send(Topics.ATTEMPTS, unknown, json.toBytes(answer(unknown, "for a job that never was")),
                Map.of(Headers.CORRELATION_ID, unknown), signer::sign);
        kafka.send(Topics.ATTEMPTS, forged, json.toBytes(answer(forged, "FORGED")),
                Map.of(Headers.CORRELATION_ID, forged));
        kafka.send(deadTopic, planted, json.toBytes(answer(planted, "PLANTED")), Map.of(Headers.CORRELATION_ID,
                planted, Headers.DLT_REASON, "exhausted", Headers.DLT_ORIGINAL_TOPIC, Topics.ATTEMPTS));
        ConsumerRecord<String, byte[]> unknownDead = kafka.firstWithKey(deadTopic, unknown, WAIT);
        assertThat(header(unknownDead, Headers.DLT_REASON)).isEqualTo("unknown-job");
        ConsumerRecord<String, byte[]> forgedDead = kafka.firstWithKey(deadTopic, forged, WAIT);
        assertThat(header(forgedDead, Headers.DLT_REASON)).isEqualTo("unsigned-record");
        ConsumerRecord<String, byte[]> plantedDead = kafka.firstWithKey(deadTopic, planted, WAIT);

        Cli refused = cli("dlq", "replay", "--kafka", PoolInfra.shared().kafkaBootstrap(), "--redis",
                PoolInfra.shared().redisUrl(), coordinates(forgedDead), coordinates(plantedDead));
        assertThat(refused.code()).as(refused.out() + refused.err()).isZero();
        assertThat(refused.out()).contains("SKIPPED      " + coordinates(forgedDead) + ": not replayed to llm.attempts: "
                + "its record was not the pool's (unsigned-record)");
        assertThat(refused.out()).contains("SKIPPED      " + coordinates(plantedDead) + ": not replayed to "
                + "llm.attempts: the pool did not write this dead letter (unsigned-record");
        assertThat(refused.out()).contains("replayed 0 of 2");

        Cli replayed = cli("dlq", "replay", "--kafka", PoolInfra.shared().kafkaBootstrap(), "--redis",
                PoolInfra.shared().redisUrl(), coordinates(unknownDead));
        assertThat(replayed.out()).contains("REPLAYED", "re-published to llm.attempts");
        ConsumerRecord<String, byte[]> again = kafka.readUntil(deadTopic, r -> unknown.equals(r.key())
                && coordinates(unknownDead).equals(header(r, Headers.REPLAYED_FROM)), WAIT).getLast();
        assertThat(header(again, Headers.DLT_REASON)).as("signed again, so judged on its content")
                .isEqualTo("unknown-job");
        assertThat(kafka.allWithKey(Topics.ATTEMPTS, forged, Duration.ofMillis(500))).as("never put back")
                .hasSize(1);
        assertThat(kafka.allWithKey(Topics.ATTEMPTS, planted, Duration.ofMillis(300))).isEmpty();
    }

    private static byte[] job(String id, String prompt) {
        return """
                {"schema_version":1,"correlation_id":"%s","body":{"model":"gpt-4o-mini",
                 "messages":[{"role":"user","content":"%s"}]}}""".formatted(id, prompt).getBytes(StandardCharsets.UTF_8);
    }

    /** The outcome a forger wants the router to take: attempt 1 of the job, as the router would publish it. */
    private static AttemptOutcome answer(String id, String text) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-forged", ChatCompletion.OBJECT,
                Instant.now().getEpochSecond(), "gpt-4o-mini", List.of(new ChatCompletion.Choice(0,
                ChatMessage.assistant(text, null, null), null, "stop")), Usage.of(3, 3), null);
        return AttemptOutcome.builder().attemptId(AttemptRequest.attemptId(id, 1)).correlationId(id).attempt(1)
                .provider("openai").model("gpt-4o-mini").succeeded(true).completion(completion).latencyMs(5)
                .workerId("forger").finishedAt(Instant.now()).build();
    }

    private static AttemptRequest attempt(String id, int attempt) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("gpt-4o-mini")
                .messages(List.of(ChatMessage.of("user", "Spend the pool's quota. [sim:tokens=3]"))).build();
        return AttemptRequest.builder().attemptId(AttemptRequest.attemptId(id, attempt)).correlationId(id)
                .attempt(attempt).provider("openai").model("gpt-4o-mini").upstreamModel("gpt-4o-mini")
                .createdAt(Instant.now()).deadline(Instant.now().plusSeconds(120)).body(body).build();
    }

    /** Generation requests the simulator has received, from its {@code GET /_sim/stats}. */
    private long simulatorCalls() throws Exception {
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(PoolInfra.shared().simulatorRootUrl()
                + "/_sim/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        return json.readTree(stats.body()).path("requests").asLong();
    }

    private double jobGone() {
        return workerMetrics.registry().find("llmpool.worker.attempts").tag("provider", "openai")
                .tag("outcome", "job_gone").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new LlmPoolCli());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    private record Cli(int code, String out, String err) {
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String coordinates(ConsumerRecord<String, byte[]> record) {
        return record.topic() + ":" + record.partition() + ":" + record.offset();
    }
}
