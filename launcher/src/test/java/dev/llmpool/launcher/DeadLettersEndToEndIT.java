package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import picocli.CommandLine;

/**
 * Dead letters through the whole pool: a job that exhausts its options is dead-lettered with the reason, the
 * provider's error, the attempt count and its request's place in Kafka; {@code llmpool dlq list|show|replay} read
 * and replay it against the real broker and Redis; a provider that echoes the API key leaves no trace of it in the
 * dead letter, the results or the logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLettersEndToEndIT extends WholePoolTestBase {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DLT = Topics.deadLetter(Topics.REQUESTS);

    private final JsonCodec json = new JsonCodec();
    private final ProviderSimulator simulator = PoolInfra.shared().simulator();
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
        simulator.updateSettings(simulator.settings().withErrorRate(0).withRateLimitErrorRate(0));
        kafka.close();
        redis.close();
        redisClient.shutdown();
    }

    private static byte[] job(String id, String prompt) {
        return """
                {"schema_version":1,"correlation_id":"%s","body":{"model":"gpt-4o-mini",
                 "messages":[{"role":"user","content":"%s"}]}}""".formatted(id, prompt).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code llmpool <args>} in this JVM against the test's broker and Redis; the exit code and the output. */
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

    private static String bootstrap() {
        return PoolInfra.shared().kafkaBootstrap();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String coordinates(ConsumerRecord<String, byte[]> record) {
        return record.topic() + ":" + record.partition() + ":" + record.offset();
    }

    private List<JobStatus> resultsOf(String id, int atLeast) {
        List<ConsumerRecord<String, byte[]>> seen = kafka.readUntil(Topics.RESULTS, new java.util.function.Predicate<>() {
            private int matching;

            @Override
            public boolean test(ConsumerRecord<String, byte[]> record) {
                return id.equals(record.key()) && ++matching >= atLeast;
            }
        }, WAIT);
        return seen.stream().filter(r -> id.equals(r.key()))
                .map(r -> json.fromBytes(r.value(), JobResult.class).status()).toList();
    }

    @Test
    void anExhaustedJobIsDeadLetteredListedShownAndReplayedOnceToSucceed() {
        String id = "dlq-" + UUID.randomUUID();
        simulator.updateSettings(simulator.settings().withErrorRate(1.0));
        kafka.send(Topics.REQUESTS, id, job(id, "Summarize the history of paper"));

        ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(DLT, id, WAIT);
        simulator.updateSettings(simulator.settings().withErrorRate(0));
        ConsumerRecord<String, byte[]> request = kafka.firstWithKey(Topics.REQUESTS, id, WAIT);
        assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("exhausted");
        // four attempts (the router's limit), plus the ones spent waiting out the worker's breaker when it opened on
        // the way (five failed calls from the start, counting the worker's own retries; at most max-waits = 8 of those)
        String attempts = header(dead, Headers.DLT_ATTEMPTS);
        assertThat(Integer.parseInt(attempts)).isBetween(4, 12);
        assertThat(header(dead, Headers.DLT_PROVIDER_ERROR)).isIn("transient", "circuit_open");
        assertThat(header(dead, Headers.DLT_PROVIDER_MESSAGE)).isNotBlank();
        assertThat(header(dead, Headers.DLT_DETAIL)).contains("no options left after " + attempts + " attempts");
        assertThat(header(dead, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.REQUESTS);
        assertThat(header(dead, Headers.DLT_ORIGINAL_PARTITION)).isEqualTo(Integer.toString(request.partition()));
        assertThat(header(dead, Headers.DLT_ORIGINAL_OFFSET)).isEqualTo(Long.toString(request.offset()));
        assertThat(header(dead, Headers.CORRELATION_ID)).isEqualTo(id);
        String at = coordinates(dead);

        Cli list = cli("dlq", "list", "--kafka", bootstrap(), "--topic", DLT, "--reason", "exhausted");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("TOPIC", "PARTITION", "OFFSET", "TIME", "REASON", "CORRELATION-ID", "ERROR");
        assertThat(list.out().lines().filter(line -> line.contains(id))).singleElement().satisfies(line ->
                assertThat(line).startsWith(DLT + " ").contains(" " + dead.offset() + " ", "exhausted",
                        header(dead, Headers.DLT_PROVIDER_ERROR) + ":"));
        Cli other = cli("dlq", "list", "--kafka", bootstrap(), "--reason", "invalid-json");
        assertThat(other.out()).doesNotContain(id);

        Cli show = cli("dlq", "show", "--kafka", bootstrap(), at);
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains(at, "llmpool-dlt-reason: exhausted", "llmpool-dlt-attempts: " + attempts,
                "\"correlation_id\" : \"" + id + "\"");

        Cli dryRun = cli("dlq", "replay", "--kafka", bootstrap(), "--redis", PoolInfra.shared().redisUrl(),
                "--dry-run", at);
        assertThat(dryRun.code()).isZero();
        assertThat(dryRun.out()).contains("WOULD_REPLAY", at, "would replay 1 of 1");
        assertThat(redis.sync().exists(RedisKeys.deadLetterReplayed(at))).isZero();
        assertThat(redis.sync().hget(RedisKeys.job(id), "status")).isEqualTo("failed");

        Cli replay = cli("dlq", "replay", "--kafka", bootstrap(), "--redis", PoolInfra.shared().redisUrl(), at);
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("REPLAYED", at, "re-published to llm.requests", "failed job reset");

        assertThat(resultsOf(id, 2)).containsExactly(JobStatus.FAILED, JobStatus.COMPLETED);
        assertThat(redis.sync().hget(RedisKeys.job(id), "status")).isEqualTo("completed");
        ConsumerRecord<String, byte[]> replayed = kafka.readUntil(Topics.REQUESTS,
                r -> id.equals(r.key()) && header(r, Headers.REPLAYED_FROM) != null, WAIT).getLast();
        assertThat(header(replayed, Headers.REPLAYED_FROM)).isEqualTo(at);
        assertThat(header(replayed, Headers.DLT_REASON)).isNull();
        assertThat(header(replayed, Headers.SIGNATURE)).as("a replayed job is not the pool's: validated again")
                .isNull();

        Cli again = cli("dlq", "replay", "--kafka", bootstrap(), "--redis", PoolInfra.shared().redisUrl(), at);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("SKIPPED", "already replayed at", "replayed 0 of 1");
        assertThat(kafka.allWithKey(Topics.REQUESTS, id, Duration.ofSeconds(2))).hasSize(2);
    }

    @Test
    void aRecordThatCanNeverSucceedIsReplayedByReasonAndDeadLetteredAgainWithTheReplayMarked() {
        String id = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, "{ not json".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(DLT, id, WAIT);
        String at = coordinates(dead);

        Cli selection = cli("dlq", "replay", "--kafka", bootstrap(), "--redis", PoolInfra.shared().redisUrl(),
                "--reason", "invalid-json", "--topic", DLT, "--dry-run");
        assertThat(selection.code()).isZero();
        assertThat(selection.out()).contains("WOULD_REPLAY", at);

        Cli replay = cli("dlq", "replay", "--kafka", bootstrap(), "--redis", PoolInfra.shared().redisUrl(), at);
        assertThat(replay.code()).isZero();

        ConsumerRecord<String, byte[]> deadAgain = kafka.readUntil(DLT,
                r -> id.equals(r.key()) && at.equals(header(r, Headers.REPLAYED_FROM)), WAIT).getLast();
        assertThat(header(deadAgain, Headers.DLT_REASON)).isEqualTo("invalid-json");
        assertThat(new String(deadAgain.value(), StandardCharsets.UTF_8)).isEqualTo("{ not json");
        assertThat(coordinates(deadAgain)).isNotEqualTo(at);
    }

    @Test
    void aProviderThatEchoesTheApiKeyLeavesNoTraceOfItInDeadLettersResultsOrLogs(CapturedOutput output) {
        String secret = PoolInfra.OPENAI_TEST_KEY;
        String id = "leak-" + UUID.randomUUID();
        kafka.send(Topics.REQUESTS, id, job(id, "Hello [sim:leak_key]"));

        ConsumerRecord<String, byte[]> dead = kafka.firstWithKey(DLT, id, WAIT);
        assertThat(header(dead, Headers.DLT_PROVIDER_ERROR)).isEqualTo("authentication");
        assertThat(header(dead, Headers.DLT_PROVIDER_MESSAGE)).contains("Incorrect API key provided: ***");
        for (Header header : dead.headers()) {
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key()).doesNotContain(secret);
        }
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).doesNotContain(secret);
        ConsumerRecord<String, byte[]> result = kafka.firstWithKey(Topics.RESULTS, id, WAIT);
        assertThat(new String(result.value(), StandardCharsets.UTF_8)).contains("***").doesNotContain(secret);
        ConsumerRecord<String, byte[]> outcome = kafka.firstWithKey(Topics.ATTEMPTS, id, WAIT);
        assertThat(new String(outcome.value(), StandardCharsets.UTF_8)).contains("***").doesNotContain(secret);
        assertThat(redis.sync().hgetall(RedisKeys.job(id)).toString()).doesNotContain(secret);
        assertThat(cli("dlq", "show", "--kafka", bootstrap(), coordinates(dead)).out()).doesNotContain(secret);
        // the worker logged the failure, masked
        assertThat(output.getAll()).contains("Attempt " + id + ":1 failed at openai").doesNotContain(secret);
    }
}
