package dev.llmpool.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.core.config.PoolCoreAutoConfiguration;
import dev.llmpool.core.config.TenancyAutoConfiguration;
import dev.llmpool.core.tenancy.ApiKeys;
import dev.llmpool.core.tenancy.BudgetPeriod;
import dev.llmpool.core.tenancy.Limits;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.JobView;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.routing.LiveRoutes;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.router.config.RouterAutoConfiguration;
import dev.llmpool.router.config.RouterProperties;
import dev.llmpool.router.effects.RouterMetrics;
import dev.llmpool.schemas.envelope.AttemptError;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobRequest;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.StreamEvent;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.MetadataKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.Usage;
import dev.llmpool.testing.GroupLag;
import dev.llmpool.testing.KafkaProbe;
import dev.llmpool.testing.PoolInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The router on a real KRaft broker and a real Redis server, with the test playing the provider worker: it
 * reads the attempt the router published and answers on {@code llm.attempts}. The context is closed after the class,
 * so its router never shares the consumer group with another test class's.
 */
@SpringBootTest(classes = RouterIT.RouterOnly.class)
@DirtiesContext
class RouterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** Only pool-core and the router (plus Boot's Kafka admin, which creates the pool's topics). */
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
        registry.add("llmpool.routing.location", () -> RulesFile.FILE.toUri().toString());
        registry.add("llmpool.routing.reload-interval", () -> "100ms");
    }

    /** The shipped rules in a file the router watches; a test that rewrites it puts {@link #SHIPPED} back. */
    private static final class RulesFile {
        static final String SHIPPED = shipped();
        static final Path FILE = write();

        private static String shipped() {
            try (var in = RouterIT.class.getResourceAsStream("/llmpool/routes.yml")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path write() {
            try {
                Path file = Files.createTempDirectory("router-it-routes-").resolve("routes.yml");
                Files.writeString(file, SHIPPED);
                file.toFile().deleteOnExit();
                file.getParent().toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The shipped rules with {@code route} (YAML at route indentation) added first under {@code routes:}. */
        static String with(String route) {
            return SHIPPED.replaceFirst("\nroutes:\n", "\nroutes:\n" + route);
        }
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
    LiveRoutes routes;
    @Autowired
    RecordSigner signer;
    @Autowired
    ApiKeys keys;

    @BeforeAll
    static void clients() {
        probe = new KafkaProbe(PoolInfra.shared().kafkaBootstrap());
        admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PoolInfra.shared().kafkaBootstrap()));
    }

    @AfterAll
    static void close() {
        probe.close();
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void routesAJobFinalizesItsSuccessAndIgnoresTheSameOutcomeAgain() {
        String id = newId();
        publishJob(job(id, "fast", "Say hello to " + id, 0.0));

        ConsumerRecord<String, byte[]> attemptRecord = probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT);
        AttemptRequest attempt = codec.fromBytes(attemptRecord.value(), AttemptRequest.class);
        assertThat(attempt.attemptId()).isEqualTo(id + ":1");
        assertThat(attempt.model()).isEqualTo("gpt-4o-mini");
        assertThat(attempt.body().model()).isEqualTo("gpt-4o-mini");
        assertThat(header(attemptRecord, Headers.CORRELATION_ID)).isEqualTo(id);
        assertThat(header(attemptRecord, Headers.ATTEMPT)).isEqualTo("1");
        assertThat(Instant.parse(header(attemptRecord, Headers.DEADLINE))).isEqualTo(attempt.deadline());
        assertThat(header(attemptRecord, Headers.TRACEPARENT)).isEqualTo(TRACEPARENT);

        AttemptOutcome outcome = success(attempt);
        publishOutcome(outcome);

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.cached()).isFalse();
        assertThat(result.response().model()).isEqualTo("gpt-4o-mini");
        assertThat(result.response().firstMessage().text()).isEqualTo("Hello from the test worker");
        assertThat(result.attempts()).singleElement().satisfies(summary -> {
            assertThat(summary.succeeded()).isTrue();
            assertThat(summary.costUsd()).isPositive();
        });

        JobView view = jobs.find(id).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(codec.fromJson(view.resultJson(), JobResult.class)).isEqualTo(result);
        assertThat(view.routeJson()).contains("\"phase\":\"completed\"");
        assertThat(eventTypes(id)).containsExactly(StreamEvent.Type.QUEUED, StreamEvent.Type.COMPLETED);

        publishOutcome(outcome);
        awaitRouterCaughtUp(Topics.ATTEMPTS);

        assertThat(eventTypes(id)).containsExactly(StreamEvent.Type.QUEUED, StreamEvent.Type.COMPLETED);
        assertThat(probe.allWithKey(Topics.RESULTS, id, Duration.ofSeconds(1))).hasSize(1);
        assertThat(probe.allWithKey(Topics.provider("openai"), id, Duration.ofSeconds(1))).hasSize(1);
        assertThat(codec.fromJson(jobs.find(id).orElseThrow().resultJson(), JobResult.class)).isEqualTo(result);
        assertThat(meters.counter(RouterMetrics.JOBS, "outcome", "completed").count()).isPositive();
        assertThat(meters.counter(RouterMetrics.ATTEMPTS, "provider", "openai", "model", "gpt-4o-mini").count())
                .isPositive();

        publishJob(job(id, "fast", "Say hello to " + id, 0.0));
        publishJob(job(id, "fast", "Something else under the same id", 0.0));
        ConsumerRecord<String, byte[]> conflict = probe.firstWithKey(Topics.deadLetter(Topics.REQUESTS), id, TIMEOUT);
        assertThat(header(conflict, Headers.DLT_REASON)).isEqualTo("correlation-id-conflict");
        assertThat(probe.allWithKey(Topics.deadLetter(Topics.REQUESTS), id, Duration.ofSeconds(1)))
                .as("the same request again is a repeat, not a conflict").hasSize(1);
        assertThat(codec.fromJson(jobs.find(id).orElseThrow().resultJson(), JobResult.class)).isEqualTo(result);
        assertThat(probe.allWithKey(Topics.provider("openai"), id, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aBatchPriorityJobsAttemptWaitsInTheProvidersBatchLaneNamingItsBatch() {
        String id = newId();
        publishJob(job(id, "fast", "A batch line " + id, 0.0).withPriority(Priority.BATCH)
                .withMetadata(Map.of(MetadataKeys.BATCH_ID, "batch_" + id)));

        AttemptRequest attempt = codec.fromBytes(probe.firstWithKey(Topics.providerBatch("openai"), id, TIMEOUT)
                .value(), AttemptRequest.class);

        assertThat(attempt.priority()).isEqualTo(Priority.BATCH);
        assertThat(attempt.batchId()).isEqualTo("batch_" + id);
        assertThat(probe.allWithKey(Topics.provider("openai"), id, Duration.ofSeconds(1)))
                .as("nothing on the interactive topic").isEmpty();
    }

    @Test
    void garbageIsDeadLetteredAndTheNextJobOnThePartitionIsStillRouted() {
        String id = newId();
        probe.send(Topics.REQUESTS, id, "{not json".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.REQUESTS, id, "{\"schema_version\":1}".getBytes(StandardCharsets.UTF_8));
        publishJob(job(id, "gpt-4o-mini", "After the garbage " + id, 0.7));

        List<ConsumerRecord<String, byte[]>> dead = probe.readUntil(Topics.deadLetter(Topics.REQUESTS),
                r -> id.equals(r.key()) && "schema-violation".equals(header(r, Headers.DLT_REASON)), TIMEOUT);
        List<ConsumerRecord<String, byte[]>> mine = dead.stream().filter(r -> id.equals(r.key())).toList();
        assertThat(mine).extracting(r -> header(r, Headers.DLT_REASON))
                .containsExactly("invalid-json", "schema-violation");
        assertThat(mine).allSatisfy(r -> {
            assertThat(header(r, Headers.DLT_DETAIL)).isNotBlank();
            assertThat(header(r, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.REQUESTS);
        });
        assertThat(new String(mine.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("{not json");

        AttemptRequest attempt = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT).value(),
                AttemptRequest.class);
        assertThat(attempt.attemptId()).isEqualTo(id + ":1");
    }

    @Test
    void aSecondIdenticalDeterministicJobIsAnsweredFromTheCacheWithoutAnAttempt() {
        String text = "Cache this answer " + UUID.randomUUID();
        String first = newId();
        publishJob(job(first, "gpt-4o-mini", text, 0.0));
        AttemptRequest attempt = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), first, TIMEOUT)
                .value(), AttemptRequest.class);
        publishOutcome(success(attempt));
        probe.firstWithKey(Topics.RESULTS, first, TIMEOUT);

        String second = newId();
        publishJob(job(second, "fast", text, 0.0));

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, second, TIMEOUT).value(),
                JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.cached()).isTrue();
        assertThat(result.attempts()).isEmpty();
        assertThat(result.response().firstMessage().text()).isEqualTo("Hello from the test worker");
        assertThat(eventTypes(second)).containsExactly(StreamEvent.Type.QUEUED, StreamEvent.Type.COMPLETED);
        assertThat(probe.allWithKey(Topics.provider("openai"), second, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aNonRetriableFailureFailsTheJobAndDeadLettersItWithTheClassifiedError() {
        String id = newId();
        publishJob(job(id, "gpt-4o-mini", "Fail me " + id, 0.7));
        AttemptRequest attempt = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT).value(),
                AttemptRequest.class);

        publishOutcome(AttemptOutcome.builder().attemptId(attempt.attemptId()).correlationId(id).attempt(1)
                .provider("openai").model(attempt.model())
                .error(new AttemptError(ErrorClass.BAD_REQUEST, "messages[0].role is wrong", 400, null,
                        "invalid_request"))
                .latencyMs(15).workerId("it-worker").finishedAt(Instant.now()).build());

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.FAILED);
        assertThat(result.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST);
        ConsumerRecord<String, byte[]> dead = probe.firstWithKey(Topics.deadLetter(Topics.REQUESTS), id, TIMEOUT);
        assertThat(header(dead, Headers.DLT_REASON)).isEqualTo("non-retriable");
        assertThat(header(dead, Headers.DLT_ATTEMPTS)).isEqualTo("1");
        assertThat(header(dead, Headers.DLT_PROVIDER_ERROR)).isEqualTo("bad_request");
        assertThat(codec.fromBytes(dead.value(), JobRequest.class).correlationId()).isEqualTo(id);
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(eventTypes(id)).containsExactly(StreamEvent.Type.QUEUED, StreamEvent.Type.ATTEMPT_FAILED,
                StreamEvent.Type.FAILED);
    }

    /** The gateway created the job's record; its outcome arrives before the router recorded the attempt. */
    @Test
    void anOutcomeThatOvertakesItsJobsRoutingIsHeldBackUntilTheJobIsRouted() {
        String id = newId();
        JobRequest job = job(id, "gpt-4o-mini", "Overtaken " + id, 0.7);
        jobs.create(id, JobStatus.QUEUED, codec.toJson(job), null);
        AttemptRequest expected = AttemptRequest.builder().attemptId(id + ":1").correlationId(id).attempt(1)
                .provider("openai").model("gpt-4o-mini").upstreamModel("gpt-4o-mini").body(job.body()).build();
        publishOutcome(success(expected));
        publishJob(job);

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);

        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.attempts()).singleElement().satisfies(a -> assertThat(a.attemptId()).isEqualTo(id + ":1"));
        assertThat(probe.allWithKey(Topics.deadLetter(Topics.ATTEMPTS), id, Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void anAutoJobWhoseCheapAnswerLooksUnsureClimbsToTheNextTierAndCarriesTheDecisionTrace() {
        String id = newId();
        publishJob(job(id, "auto", "Explain escalation " + id, 0.7));

        AttemptRequest cheap = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT).value(),
                AttemptRequest.class);
        assertThat(cheap.model()).as("the balanced route's first tier").isEqualTo("gpt-4o-mini");
        assertThat(cheap.body().logprobs()).as("its acceptance scores logprobs").isTrue();
        publishOutcome(success(cheap, "{\"content\":[{\"token\":\"Maybe\",\"logprob\":-2.5}]}"));

        AttemptRequest strong = codec.fromBytes(probe.allWithKey(Topics.provider("openai"), id, TIMEOUT).stream()
                .filter(r -> "2".equals(header(r, Headers.ATTEMPT))).findFirst().orElseThrow().value(),
                AttemptRequest.class);
        assertThat(strong.model()).isEqualTo("gpt-4o");
        assertThat(strong.attemptId()).isEqualTo(id + ":2");
        publishOutcome(success(strong));

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.model()).isEqualTo("gpt-4o");
        assertThat(result.attempts()).hasSize(2);
        assertThat(result.routing().get("route").asString()).isEqualTo("balanced");
        assertThat(result.routing().get("outcome").asString()).isEqualTo("accepted");
        assertThat(result.routing().get("summary").asString()).contains("tiers=gpt-4o-mini:0.08,gpt-4o:1.00");
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(meters.counter(RouterMetrics.ESCALATIONS, "route", "balanced").count()).isPositive();
    }

    @Test
    void aProducersJobStaysOnTheCheapAnswerWhenItsTenantsBudgetCannotPayForTheStrongTier() {
        String id = newId();
        String tenant = "budget-" + id;
        keys.setTenantLimits(tenant, Limits.builder().budgetUsd(0.00005).budgetPeriod(BudgetPeriod.DAY).build());
        publishJob(job(id, "auto", "Explain escalation " + id, 0.7).withTenant(tenant));

        AttemptRequest cheap = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT).value(),
                AttemptRequest.class);
        assertThat(cheap.model()).isEqualTo("gpt-4o-mini");
        publishOutcome(success(cheap, "{\"content\":[{\"token\":\"Maybe\",\"logprob\":-2.5}]}"));

        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.model()).as("the unsure cheap answer is kept").isEqualTo("gpt-4o-mini");
        assertThat(result.attempts()).hasSize(1);
        assertThat(result.routing().get("reason").asString()).contains("gpt-4o would cost up to $")
                .contains("left of the budget");
        assertThat(probe.allWithKey(Topics.provider("openai"), id, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aRewrittenRulesFileRoutesNewJobsWithoutARestartAndABadOneIsRefusedWhileTheOldRulesKeepRouting()
            throws IOException {
        try {
            String before = newId();
            publishJob(job(before, "reload-it", "Who routes me " + before, 0.7));
            JobResult unknown = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, before, TIMEOUT).value(),
                    JobResult.class);
            assertThat(unknown.error().errorClass()).isEqualTo(ErrorClass.MODEL_NOT_FOUND);

            double applied = reloads("applied");
            String good = RulesFile.with("""
                      reloaded:
                        aliases: [reload-it]
                        tiers:
                          - model: gpt-4o
                    """);
            Files.writeString(RulesFile.FILE, good);
            await().atMost(TIMEOUT).until(() -> reloads("applied") > applied);
            assertThat(routedTo(newId(), "reloaded")).isEqualTo("gpt-4o");

            double refused = reloads("refused");
            Files.writeString(RulesFile.FILE, good.replace("aliases: [reload-it]", "aliases: [reload-it, reload-bad]")
                    .replace("  - model: gpt-4o\n", "  - model: gpt-5\n"));
            await().atMost(TIMEOUT).until(() -> reloads("refused") > refused);
            assertThat(routes.current().text()).isEqualTo(good);
            assertThat(routes.aliases().contains("reload-bad")).isFalse();
            assertThat(routedTo(newId(), "reloaded")).as("the old rules keep routing").isEqualTo("gpt-4o");
        } finally {
            Files.writeString(RulesFile.FILE, RulesFile.SHIPPED);
            await().atMost(TIMEOUT).until(() -> routes.current().text().equals(RulesFile.SHIPPED));
        }
    }

    /** Routes a {@code reload-it} job, answers its attempt, and returns the model that answered. */
    private String routedTo(String id, String route) {
        publishJob(job(id, "reload-it", "Route me " + id, 0.7));
        AttemptRequest attempt = codec.fromBytes(probe.firstWithKey(Topics.provider("openai"), id, TIMEOUT).value(),
                AttemptRequest.class);
        publishOutcome(success(attempt));
        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, TIMEOUT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.routing().get("route").asString()).isEqualTo(route);
        return result.model();
    }

    private double reloads(String outcome) {
        return meters.get("llmpool.routing.reloads").tag("outcome", outcome).counter().count();
    }

    private static String newId() {
        return "router-it-" + UUID.randomUUID();
    }

    private static JobRequest job(String id, String model, String text, double temperature) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model(model)
                .messages(List.of(ChatMessage.of("user", text))).temperature(temperature).build();
        return JobRequest.builder().correlationId(id).tenant("it").createdAt(Instant.now()).body(body)
                .metadata(Map.of()).build();
    }

    private static AttemptOutcome success(AttemptRequest attempt) {
        return success(attempt, null);
    }

    private static AttemptOutcome success(AttemptRequest attempt, String logprobs) {
        ChatCompletion completion = new ChatCompletion("chatcmpl-it", ChatCompletion.OBJECT,
                Instant.now().getEpochSecond(), attempt.upstreamModel(), List.of(new ChatCompletion.Choice(0,
                ChatMessage.assistant("Hello from the test worker", null, null),
                logprobs == null ? null : new JsonCodec().readTree(logprobs), "stop")),
                Usage.of(12, 6), null);
        return AttemptOutcome.builder().attemptId(attempt.attemptId()).correlationId(attempt.correlationId())
                .attempt(attempt.attempt()).provider(attempt.provider()).model(attempt.model()).succeeded(true)
                .completion(completion).latencyMs(42).timeToFirstTokenMs(10L).workerId("it-worker")
                .finishedAt(Instant.now()).build();
    }

    private void publishJob(JobRequest job) {
        probe.send(Topics.REQUESTS, job.correlationId(), codec.toBytes(job),
                Map.of(Headers.CORRELATION_ID, job.correlationId(), Headers.TRACEPARENT, TRACEPARENT));
    }

    /** As a worker publishes it: signed with the pool's key. */
    private void publishOutcome(AttemptOutcome outcome) {
        probe.send(Topics.ATTEMPTS, outcome.correlationId(), codec.toBytes(outcome),
                Map.of(Headers.CORRELATION_ID, outcome.correlationId(),
                        Headers.ATTEMPT, Integer.toString(outcome.attempt())), signer::sign);
    }

    private List<StreamEvent.Type> eventTypes(String id) {
        return events.range(id, "0-0").stream().map(StreamEntry::event).map(StreamEvent::type).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return KafkaHeaders.get(record.headers(), name);
    }

    /** Waits until the router's group has committed every record on the topic: no lag left. */
    private void awaitRouterCaughtUp(String topic) {
        await().atMost(TIMEOUT).until(() -> GroupLag.of(admin, router.groupId(), topic) == 0);
    }
}
