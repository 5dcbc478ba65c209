package dev.llmpool.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmpool.core.cache.ResultCache;
import dev.llmpool.core.finalize.CarriedDecision;
import dev.llmpool.core.kafka.KafkaHeaders;
import dev.llmpool.core.redis.JobEventStream;
import dev.llmpool.core.redis.JobStore;
import dev.llmpool.core.redis.StreamEntry;
import dev.llmpool.core.security.RecordKey;
import dev.llmpool.core.security.RecordKeys;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.FinalizeOnSuccess;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.envelope.StreamEvent;
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
import dev.llmpool.workers.kafka.ProviderWorkers;
import dev.llmpool.workers.lease.LeaseStore;
import dev.llmpool.workers.lease.LeasedRecord;
import dev.llmpool.workers.metrics.WorkerMetrics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The provider workers in a Spring Boot context (pool-core and workers auto-configurations) against a real Kafka
 * broker (share groups), a real Redis and the provider simulator over HTTP.
 */
@SpringBootTest(classes = ProviderWorkerIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "llmpool.instance-id=worker-it",
            "llmpool.workers.providers=openai",
            "llmpool.workers.lease-ttl=3s",
            "llmpool.workers.record-lock-duration=15s",
            "llmpool.topics.partitions=2"
        })
class ProviderWorkerIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = Topics.provider("openai");
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

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
    private JobEventStream events;

    @Autowired
    private JobStore jobs;

    @Autowired
    private JsonCodec codec;

    @Autowired
    private WorkerMetrics metrics;

    @Autowired
    private ProviderWorkers workers;

    @Autowired
    private LeaseStore leaseStore;

    @Autowired
    private StatefulRedisConnection<String, String> redis;

    @Autowired
    private RecordSigner signer;

    @Autowired
    private ResultCache cache;

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
    void aStreamedAttemptWritesItsDeltasInOrderAndPublishesItsOutcome() {
        String id = newJob();
        publish(request(id, 1, "Explain the tides. [sim:tokens=24]", true, null), Map.of(Headers.TRACEPARENT,
                TRACEPARENT));

        ConsumerRecord<String, byte[]> record = probe.firstWithKey(Topics.ATTEMPTS, id, WAIT);
        AttemptOutcome outcome = codec.fromBytes(record.value(), AttemptOutcome.class);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.attemptId()).isEqualTo(id + ":1");
        assertThat(outcome.provider()).isEqualTo("openai");
        assertThat(outcome.model()).isEqualTo("gpt-4o-mini");
        assertThat(outcome.workerId()).isEqualTo("worker-it");
        assertThat(outcome.completion().usage().completionTokens()).isEqualTo(24);
        assertThat(outcome.timeToFirstTokenMs()).isNotNull();
        assertThat(outcome.latencyMs()).isNotNegative();
        assertThat(outcome.finishedAt()).isNotNull();
        // the record's trace goes on, with the worker's span of the provider call as the parent of what follows
        assertThat(KafkaHeaders.get(record.headers(), Headers.TRACEPARENT))
                .matches("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01")
                .isNotEqualTo(TRACEPARENT);
        assertThat(KafkaHeaders.get(record.headers(), Headers.CORRELATION_ID)).isEqualTo(id);
        assertThat(KafkaHeaders.get(record.headers(), Headers.ATTEMPT)).isEqualTo("1");

        List<StreamEvent> stream = events.range(id, "0-0").stream().map(StreamEntry::event).toList();
        assertThat(stream.getFirst().type()).isEqualTo(StreamEvent.Type.ATTEMPT_STARTED);
        assertThat(stream.getFirst().provider()).isEqualTo("openai");
        assertThat(stream.getFirst().model()).isEqualTo("gpt-4o-mini");
        assertThat(stream.getFirst().attempt()).isEqualTo(1);
        List<StreamEvent> deltas = stream.stream().filter(e -> e.type() == StreamEvent.Type.DELTA).toList();
        assertThat(deltas).hasSize(outcome.streamedChunks()).hasSizeGreaterThan(2);
        assertThat(deltas).extracting(StreamEvent::seq)
                .containsExactlyElementsOf(IntStream.range(0, deltas.size()).boxed().toList());
        assertThat(deltas).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(1));
        assertThat(deltas.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(deltas.getLast().finishReason()).isEqualTo("stop");
        String text = deltas.stream().map(d -> d.delta().content() == null ? "" : d.delta().content())
                .reduce("", String::concat);
        assertThat(text).isNotBlank().isEqualTo(outcome.completion().firstMessage().text());
        assertThat(jobs.find(id)).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.RUNNING));
    }

    @Test
    void aPlainAttemptStreamsNothingButStillAnnouncesItself() {
        String id = newJob();
        publish(request(id, 1, "Name a planet. [sim:tokens=5]", false, null), Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.streamedChunks()).isZero();
        assertThat(outcome.timeToFirstTokenMs()).isNull();
        assertThat(outcome.completion().firstMessage().text()).isNotBlank();
        assertThat(events.range(id, "0-0")).extracting(e -> e.event().type())
                .containsExactly(StreamEvent.Type.ATTEMPT_STARTED);
    }

    @Test
    void workersStoppedAndStartedAgainRunAttemptsAgain() {
        workers.stop();
        workers.start();

        String id = newJob();
        publish(request(id, 1, "Name a moon. [sim:tokens=3]", false, null), Map.of());

        assertThat(outcome(id).succeeded()).as("a restarted worker takes records again (a stop drains it)").isTrue();
    }

    @Test
    void aProviderFailureIsAFailedOutcomeWithItsClassAndWait() {
        String id = newJob();
        publish(request(id, 2, "hi [sim:status=429]", true, null), Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.attempt()).isEqualTo(2);
        assertThat(outcome.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
        assertThat(outcome.error().retryAfterMs()).isEqualTo(1_000L);
        assertThat(outcome.error().httpStatus()).isEqualTo(429);
        assertThat(outcome.streamedChunks()).isZero();
    }

    @Test
    void anErrorMidStreamReportsWhatHadAlreadyStreamed() {
        String id = newJob();
        publish(request(id, 1, "Keep going. [sim:tokens=30] [sim:stream_error_after=4]", true, null), Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
        assertThat(outcome.streamedChunks()).isPositive();
        assertThat(events.range(id, "0-0").stream().filter(e -> e.event().type() == StreamEvent.Type.DELTA))
                .hasSize(outcome.streamedChunks());
    }

    @Test
    void anAttemptPastItsDeadlineFailsWithoutCallingTheProvider() {
        String id = newJob();
        publish(request(id, 1, "Too late.", true, Instant.now().minusSeconds(1)), Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error().errorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED);
        assertThat(events.range(id, "0-0")).isEmpty();
    }

    @Test
    void recordsThatAreNotAttemptsAreDeadLetteredWithTheirReasonAndTheNextRecordStillRuns() {
        String garbage = "garbage-" + UUID.randomUUID();
        String invalid = "invalid-" + UUID.randomUUID();
        String wrongProvider = newJob();
        String valid = newJob();
        probe.send(TOPIC, garbage, "this is not json".getBytes(StandardCharsets.UTF_8), Map.of(), signer::sign);
        probe.send(TOPIC, invalid, "{\"schema_version\":1,\"attempt_id\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                Map.of(), signer::sign);
        AttemptRequest elsewhere = request(wrongProvider, 1, "hi", false, null);
        probe.send(TOPIC, wrongProvider, codec.toBytes(elsewhere.with(
                attempt -> attempt.provider("local").model("local-llama").upstreamModel("llama3.1:8b"))), Map.of(),
                signer::sign);
        publish(request(valid, 1, "Still here? [sim:tokens=3]", false, null), Map.of());

        assertThat(outcome(valid).succeeded()).isTrue();
        assertDeadLetter(garbage, "invalid-json");
        assertDeadLetter(invalid, "schema-violation");
        assertDeadLetter(wrongProvider, "wrong-provider");
    }

    @Test
    void theSameAttemptPublishedTwiceYieldsOneOutcome() {
        double duplicatesBefore = count("llmpool.worker.attempts", "outcome", "duplicate");
        String id = newJob();
        byte[] attempt = codec.toBytes(request(id, 1, "Only once. [sim:tokens=8] [sim:delay=300ms]", true, null));
        probe.send(TOPIC, id, attempt, Map.of(Headers.CORRELATION_ID, id), signer::sign);
        probe.send(TOPIC, id, attempt, Map.of(Headers.CORRELATION_ID, id), signer::sign);

        assertThat(outcome(id).succeeded()).isTrue();
        await().atMost(WAIT).until(() -> count("llmpool.worker.attempts", "outcome", "duplicate") > duplicatesBefore);
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).hasSize(1);
        List<StreamEvent> deltas = events.range(id, "0-0").stream().map(StreamEntry::event)
                .filter(e -> e.type() == StreamEvent.Type.DELTA).toList();
        assertThat(deltas).extracting(StreamEvent::seq)
                .containsExactlyElementsOf(IntStream.range(0, deltas.size()).boxed().toList());
    }

    @Test
    void aCallLongerThanItsLeaseKeepsItByRenewingIt() {
        double renewalsBefore = count("llmpool.worker.lease.renewals");
        double redeliveriesBefore = count("llmpool.worker.redeliveries");
        double duplicatesBefore = count("llmpool.worker.attempts", "outcome", "duplicate");
        String id = newJob();
        // leases last 3 s here (renewed every second); the call takes 8 s
        publish(request(id, 1, "Take your time. [sim:delay=8s] [sim:tokens=4]", true, null), Map.of());

        await().atMost(WAIT).until(() -> leaseMembers().stream().anyMatch(m -> m.startsWith(id + ":1|")));
        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(count("llmpool.worker.lease.renewals") - renewalsBefore).isGreaterThanOrEqualTo(2);
        assertThat(count("llmpool.worker.redeliveries")).as("the lease never lapsed").isEqualTo(redeliveriesBefore);
        assertThat(count("llmpool.worker.attempts", "outcome", "duplicate")).isEqualTo(duplicatesBefore);
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).hasSize(1);
        await().atMost(WAIT).until(() -> leaseMembers().stream().noneMatch(m -> m.startsWith(id + ":")));
    }

    /**
     * What a killed worker leaves behind: a lease in Redis for an attempt whose record was acknowledged and whose call
     * never finished. Once it lapses a worker publishes the record again, marked as a redelivery of the original, and
     * the attempt runs (once) to its outcome.
     */
    @Test
    void theRecordOfALapsedLeaseIsPublishedAgainAndItsAttemptRunsOnce() {
        double redeliveriesBefore = count("llmpool.worker.redeliveries");
        String id = newJob();
        AttemptRequest attempt = request(id, 1, "Left behind by a dead worker. [sim:tokens=3]", false, null);
        String original = TOPIC + "-1@987654";
        LeasedRecord leased = new LeasedRecord(id, new String(codec.toBytes(attempt), StandardCharsets.UTF_8),
                Map.of(Headers.CORRELATION_ID, id, Headers.TRACEPARENT, TRACEPARENT), original);
        String member = attempt.attemptId() + "|" + original;
        leaseStore.hold("openai", member, leased, System.currentTimeMillis() - 1).join();

        ConsumerRecord<String, byte[]> copy = probe.firstWithKey(TOPIC, id, WAIT);
        assertThat(KafkaHeaders.get(copy.headers(), Headers.LEASED_FROM)).isEqualTo(original);
        assertThat(KafkaHeaders.get(copy.headers(), Headers.TRACEPARENT)).isEqualTo(TRACEPARENT);
        assertThat(KafkaHeaders.get(copy.headers(), Headers.LEASE_LAPSES)).isEqualTo("1");
        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.attemptId()).isEqualTo(attempt.attemptId());
        assertThat(count("llmpool.worker.redeliveries") - redeliveriesBefore).isEqualTo(1);
        await().atMost(WAIT).until(() -> leaseMembers().stream().noneMatch(m -> m.startsWith(id + ":")));
        assertThat(probe.allWithKey(TOPIC, id, Duration.ofSeconds(2))).as("published again once").hasSize(1);
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void anAttemptWhoseLeaseLapsedTooOftenIsGivenUpInsteadOfPublishedAgain() {
        double deadBefore = count("llmpool.worker.dead.letters", "reason", "lease-lapsed");
        String id = newJob();
        AttemptRequest attempt = request(id, 1, "Every worker that ran this died. [sim:tokens=3]", false, null);
        String original = TOPIC + "-2@123456";
        // the fifth copy (the default max-lease-lapses is 5) was leased, and its worker died too
        LeasedRecord leased = new LeasedRecord(id, new String(codec.toBytes(attempt), StandardCharsets.UTF_8),
                Map.of(Headers.CORRELATION_ID, id, Headers.TRACEPARENT, TRACEPARENT, Headers.LEASED_FROM, original,
                        Headers.LEASE_LAPSES, "5"), original);
        String member = attempt.attemptId() + "|" + TOPIC + "-0@424242";
        leaseStore.hold("openai", member, leased, System.currentTimeMillis() - 1).join();

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.attemptId()).isEqualTo(attempt.attemptId());
        assertThat(outcome.error().errorClass()).isEqualTo(ErrorClass.INTERNAL);
        assertThat(outcome.error().providerCode()).isEqualTo("lease-lapsed");
        assertThat(outcome.error().message()).contains("lapsed 5 times");
        ConsumerRecord<String, byte[]> dead = probe.firstWithKey(Topics.deadLetter(TOPIC), id, WAIT);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_REASON)).isEqualTo("lease-lapsed");
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_ATTEMPTS)).isEqualTo("5");
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_DETAIL)).contains(original);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.TRACEPARENT)).isEqualTo(TRACEPARENT);
        assertThat(codec.fromBytes(dead.value(), AttemptRequest.class)).isEqualTo(attempt);
        await().atMost(WAIT).until(() -> !leaseMembers().contains(member));
        assertThat(count("llmpool.worker.dead.letters", "reason", "lease-lapsed") - deadBefore).isEqualTo(1);
        assertThat(probe.allWithKey(TOPIC, id, Duration.ofSeconds(2))).as("not published again").isEmpty();
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).as("one outcome").hasSize(1);
    }

    @Test
    void aLapsedLeaseCopyCountsItsLapses() {
        String id = newJob();
        AttemptRequest attempt = request(id, 1, "Second lapse. [sim:tokens=3]", false, null);
        String original = TOPIC + "-1@555";
        LeasedRecord leased = new LeasedRecord(id, new String(codec.toBytes(attempt), StandardCharsets.UTF_8),
                Map.of(Headers.CORRELATION_ID, id, Headers.LEASED_FROM, original, Headers.LEASE_LAPSES, "1"),
                original);
        leaseStore.hold("openai", attempt.attemptId() + "|" + TOPIC + "-1@556", leased,
                System.currentTimeMillis() - 1).join();

        ConsumerRecord<String, byte[]> copy = probe.firstWithKey(TOPIC, id, WAIT);
        assertThat(KafkaHeaders.get(copy.headers(), Headers.LEASE_LAPSES)).isEqualTo("2");
        assertThat(KafkaHeaders.get(copy.headers(), Headers.LEASED_FROM)).isEqualTo(original);
        assertThat(outcome(id).succeeded()).isTrue();
    }

    @Test
    void anAttemptThePoolDidNotSignIsDeadLetteredAndNeverRun() {
        String unsigned = newJob();
        String otherKey = newJob();
        RecordSigner stranger = new RecordSigner(RecordKeys.fixed(RecordKey.random(new SecureRandom()), List.of()));
        probe.send(TOPIC, unsigned, codec.toBytes(request(unsigned, 1, "Forged. [sim:tokens=3]", false, null)),
                Map.of(Headers.CORRELATION_ID, unsigned));
        probe.send(TOPIC, otherKey, codec.toBytes(request(otherKey, 1, "Forged too. [sim:tokens=3]", false, null)),
                Map.of(Headers.CORRELATION_ID, otherKey), stranger::sign);

        assertThat(KafkaHeaders.get(probe.firstWithKey(Topics.deadLetter(TOPIC), unsigned, WAIT).headers(),
                Headers.DLT_REASON)).isEqualTo("unsigned-record");
        assertThat(KafkaHeaders.get(probe.firstWithKey(Topics.deadLetter(TOPIC), otherKey, WAIT).headers(),
                Headers.DLT_REASON)).isEqualTo("bad-signature");
        assertThat(probe.allWithKey(Topics.ATTEMPTS, unsigned, Duration.ofSeconds(1))).isEmpty();
        assertThat(probe.allWithKey(Topics.ATTEMPTS, otherKey, Duration.ofMillis(200))).isEmpty();
        assertThat(events.range(unsigned, "0-0")).as("never started").isEmpty();
        assertThat(events.range(otherKey, "0-0")).as("never started").isEmpty();
    }

    @Test
    void aSignedAttemptWhoseJobIsGoneOrHasEndedIsSettledWithoutACall() {
        double goneBefore = count("llmpool.worker.attempts", "outcome", "job_gone");
        String missing = "worker-it-no-such-job-" + UUID.randomUUID();
        String ended = newJob();
        jobs.complete(ended, JobStatus.COMPLETED, "{}");
        publish(request(missing, 1, "Nobody waits for this. [sim:tokens=3]", false, null), Map.of());
        publish(request(ended, 1, "Answered already. [sim:tokens=3]", false, null), Map.of());

        await().atMost(WAIT).until(() -> count("llmpool.worker.attempts", "outcome", "job_gone") - goneBefore >= 2);
        assertThat(probe.allWithKey(Topics.ATTEMPTS, missing, Duration.ofSeconds(1))).isEmpty();
        assertThat(probe.allWithKey(Topics.ATTEMPTS, ended, Duration.ofMillis(200))).isEmpty();
        assertThat(events.range(missing, "0-0")).isEmpty();
        assertThat(events.range(ended, "0-0")).isEmpty();
        assertThat(jobs.find(missing)).as("no record made up for it").isEmpty();
        await().atMost(WAIT).until(() -> leaseMembers().stream()
                .noneMatch(m -> m.startsWith(missing + ":") || m.startsWith(ended + ":")));
    }

    /**
     * The router's decision carried on the attempt: the worker ends the job itself (result stored once with its
     * completed event, the cache written, the result on llm.results), then reports the outcome, marked finalized. The
     * same record delivered again settles as done: no second result, no second outcome.
     */
    @Test
    void anAttemptCarryingTheDecisionFinalizesItsJobOnceAndStillReportsItsOutcome() {
        String id = newJob();
        AttemptRequest attempt = deciding(request(id, 1, "Finish it here. [sim:tokens=4]", false, null));
        publish(attempt, Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.finalized()).isTrue();
        JobResult result = codec.fromBytes(probe.firstWithKey(Topics.RESULTS, id, WAIT).value(), JobResult.class);
        assertThat(result.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result.model()).isEqualTo("gpt-4o-mini");
        assertThat(result.response().model()).isEqualTo("gpt-4o-mini");
        assertThat(result.response().firstMessage().text()).isEqualTo(outcome.completion().firstMessage().text());
        assertThat(result.metadata()).containsEntry("task", "it");
        assertThat(result.attempts()).extracting(AttemptSummary::attemptId).containsExactly(id + ":1");
        assertThat(jobs.find(id)).hasValueSatisfying(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(codec.fromJson(job.resultJson(), JobResult.class)).isEqualTo(result);
        });
        assertThat(events.range(id, "0-0").getLast().event().type()).isEqualTo(StreamEvent.Type.COMPLETED);
        assertThat(cache.get(attempt.finalizeOnSuccess().cacheKey())).hasValue(result.response());

        await().atMost(WAIT).until(() -> redis.sync().exists(RedisKeys.attempt(RedisKeys.ATTEMPT_DONE_SCOPE, id, 1))
                == 1L);
        double duplicatesBefore = count("llmpool.worker.attempts", "outcome", "duplicate");
        publish(attempt, Map.of());
        await().atMost(WAIT).until(() -> count("llmpool.worker.attempts", "outcome", "duplicate") > duplicatesBefore);
        assertThat(probe.allWithKey(Topics.RESULTS, id, Duration.ofSeconds(1))).hasSize(1);
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).hasSize(1);
    }

    /**
     * A worker stopped after it finalized the job and before its outcome went out: the record, delivered again, finds
     * the job ended by this very attempt, so the provider is not called again; the result goes to llm.results again
     * (its consumers take a job's result once) and the outcome the router still has to record goes out.
     */
    @Test
    void aWorkerStoppedBetweenFinalizingAndItsOutcomeLeavesTheOutcomeToTheNextDelivery() {
        String id = newJob();
        AttemptRequest attempt = deciding(request(id, 1, "Stopped halfway. [sim:tokens=3]", false, null));
        ChatCompletion answer = new ChatCompletion("chatcmpl-x", ChatCompletion.OBJECT, 1L, "gpt-4o-mini",
                List.of(new ChatCompletion.Choice(0, ChatMessage.assistant("Done.", null, null), null, "stop")),
                Usage.of(5, 2), null);
        JobResult stored = CarriedDecision.result(attempt, AttemptOutcome.of(attempt).succeeded(true)
                .completion(answer).latencyMs(7).build(), Instant.now());
        assertThat(jobs.completeAndAppend(id, JobStatus.COMPLETED, codec.toJson(stored),
                StreamEvent.completed(stored, stored.completedAt()))).isNotNull();

        publish(attempt, Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.finalized()).isTrue();
        assertThat(codec.toJson(outcome.completion())).isEqualTo(codec.toJson(stored.response()));
        assertThat(new String(probe.firstWithKey(Topics.RESULTS, id, WAIT).value(), StandardCharsets.UTF_8))
                .isEqualTo(codec.toJson(stored));
        assertThat(probe.allWithKey(Topics.ATTEMPTS, id, Duration.ofSeconds(1))).hasSize(1);
        assertThat(probe.allWithKey(Topics.RESULTS, id, Duration.ofMillis(200))).hasSize(1);
        assertThat(events.range(id, "0-0")).as("no second call").extracting(e -> e.event().type())
                .containsExactly(StreamEvent.Type.COMPLETED);
    }

    @Test
    void aRefusalIsNotFinalizedByTheWorkerButGoesBackToTheRouter() {
        String id = newJob();
        publish(deciding(request(id, 1, "Refuse this. [sim:refuse]", false, null)), Map.of());

        AttemptOutcome outcome = outcome(id);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.completion().firstMessage().refusal()).isNotBlank();
        assertThat(outcome.finalized()).isFalse();
        assertThat(jobs.find(id)).hasValueSatisfying(job -> assertThat(job.status()).isEqualTo(JobStatus.RUNNING));
        assertThat(probe.allWithKey(Topics.RESULTS, id, Duration.ofMillis(500))).isEmpty();
    }

    private static AttemptRequest deciding(AttemptRequest attempt) {
        return attempt.withFinalizeOnSuccess(FinalizeOnSuccess.builder().inputUsdPerMtok(0.15).outputUsdPerMtok(0.6)
                .cacheKey("llmpool:cache:worker-it:" + attempt.correlationId()).cacheTtlSeconds(60L)
                .metadata(Map.of("task", "it")).build());
    }

    @Test
    void eachProviderHasItsShareGroupsAndConsumersOneForEachLane() {
        assertThat(workers.isRunning()).isTrue();
        assertThat(workers.consumers()).allSatisfy(consumer -> assertThat(consumer.isRunning()).isTrue());
        assertThat(workers.consumers()).filteredOn(consumer -> consumer.topic().equals(TOPIC)).isNotEmpty()
                .allSatisfy(consumer -> assertThat(consumer.groupId()).isEqualTo("llmpool-provider-openai"));
        assertThat(workers.consumers()).filteredOn(consumer -> consumer.topic().equals(Topics.providerBatch("openai")))
                .hasSize(1).allSatisfy(consumer -> assertThat(consumer.groupId())
                        .isEqualTo("llmpool-provider-openai-batch"));
        assertThat(workers.consumers()).extracting(consumer -> consumer.topic())
                .containsOnly(TOPIC, Topics.providerBatch("openai"));
    }

    private void assertDeadLetter(String key, String reason) {
        ConsumerRecord<String, byte[]> dead = probe.firstWithKey(Topics.deadLetter(TOPIC), key, WAIT);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_REASON)).isEqualTo(reason);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_DETAIL)).isNotBlank();
        assertThat(KafkaHeaders.get(dead.headers(), Headers.DLT_ATTEMPTS)).isEqualTo("1");
    }

    private List<String> leaseMembers() {
        return redis.sync().zrange(RedisKeys.leases("openai"), 0, -1);
    }

    private double count(String name, String... tags) {
        Search search = metrics.registry().find(name).tag("provider", "openai");
        for (int i = 0; i < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private AttemptOutcome outcome(String correlationId) {
        return codec.fromBytes(probe.firstWithKey(Topics.ATTEMPTS, correlationId, WAIT).value(),
                AttemptOutcome.class);
    }

    private String newJob() {
        String id = "worker-it-" + UUID.randomUUID();
        jobs.create(id, JobStatus.QUEUED, "{}", null);
        return id;
    }

    private void publish(AttemptRequest request, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(Headers.CORRELATION_ID, request.correlationId());
        all.put(Headers.ATTEMPT, Integer.toString(request.attempt()));
        probe.send(TOPIC, request.correlationId(), codec.toBytes(request), all, signer::sign);
    }

    private static AttemptRequest request(String correlationId, int attempt, String userText, boolean stream,
                                          Instant deadline) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("fast")
                .messages(List.of(ChatMessage.of("user", userText))).temperature(0.0)
                .stream(stream ? Boolean.TRUE : null).build();
        return AttemptRequest.builder().attemptId(AttemptRequest.attemptId(correlationId, attempt))
                .correlationId(correlationId).attempt(attempt).provider("openai").model("gpt-4o-mini")
                .upstreamModel("gpt-4o-mini").tenant("tenant-a").priority(Priority.INTERACTIVE)
                .createdAt(Instant.now()).deadline(deadline == null ? Instant.now().plusSeconds(300) : deadline)
                .streamTokens(stream).body(body).build();
    }
}
