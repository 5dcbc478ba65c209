package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.schemas.envelope.AttemptSummary;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.SimulatorStats;
import dev.llmpool.testing.PoolInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A storm: the simulator answers 30% of calls 429 (with {@code retry-after}) and 10% 500 while 1,000 jobs with a
 * generous deadline go through the whole pool from a Kafka producer. Nothing is lost, no job ends in a rate-limit
 * error, and every job ends in exactly one result, every failed one in exactly one dead letter with its reason.
 * Prints the counts; the figures are in docs/benchmarks.md. No timing is asserted.
 */
class StormIT extends WholePoolTestBase {

    private static final int JOBS = 1_000;
    private static final double SERVER_ERRORS = 0.10;
    private static final double RATE_LIMITS = 0.30;
    /** Safety net for a broken build, not a speed claim. */
    private static final Duration GIVE_UP = Duration.ofMinutes(10);
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final JsonCodec json = new JsonCodec();
    private final ProviderSimulator simulator = PoolInfra.shared().simulator();
    private final SimulatorSettings before = simulator.settings();

    @AfterEach
    void calm() {
        simulator.updateSettings(before);
    }

    @Test
    void aThousandJobsThroughRateLimitsAndServerErrorsAreNeitherLostNorAnsweredWith429s() throws Exception {
        String run = "storm-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        simulator.updateSettings(before.withErrorRate(SERVER_ERRORS).withRateLimitErrorRate(RATE_LIMITS));
        simulator.resetStats();
        Map<String, List<JobResult>> results = new HashMap<>();
        Map<String, List<String>> deadLetters = new HashMap<>();
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.RESULTS, Topics.deadLetter(Topics.REQUESTS)));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            publish(run);
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            long quietSince = 0;
            while (System.nanoTime() < giveUp) {
                boolean news = false;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !record.key().startsWith(run)) {
                        continue;
                    }
                    news = true;
                    if (record.topic().equals(Topics.RESULTS)) {
                        results.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                .add(json.fromBytes(record.value(), JobResult.class));
                    } else {
                        deadLetters.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                .add(header(record, Headers.DLT_REASON));
                    }
                }
                if (news) {
                    quietSince = 0;
                } else if (settled(results, deadLetters)) {
                    if (quietSince == 0) {
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                        break;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started - QUIET.toNanos()) / 1e9;
        SimulatorStats stats = simulator.stats();
        System.out.println(report(results, deadLetters, stats, seconds));

        assertThat(results).as("jobs with a result (none lost)").hasSize(JOBS);
        assertThat(results.values()).as("exactly one result per job").allSatisfy(list -> assertThat(list).hasSize(1));
        List<JobResult> finals = results.values().stream().map(List::getFirst).toList();
        assertThat(finals).as("no job ends in a rate-limit error while its deadline allows").noneMatch(result ->
                result.error() != null && (result.error().errorClass() == ErrorClass.RATE_LIMITED
                        || result.error().errorClass().httpStatus() == 429));
        for (JobResult result : finals) {
            List<String> dead = deadLetters.getOrDefault(result.correlationId(), List.of());
            if (result.status() == JobStatus.COMPLETED) {
                assertThat(dead).as("dead letters of completed %s", result.correlationId()).isEmpty();
            } else {
                assertThat(dead).as("dead letters of failed %s", result.correlationId()).singleElement()
                        .satisfies(reason -> assertThat(reason).isNotBlank());
            }
        }
        assertThat(deadLetters.keySet()).allSatisfy(id -> assertThat(results).containsKey(id));
        assertThat(stats.errors(429)).as("the simulator answered 429s").isPositive();
        assertThat(stats.errors(500)).as("the simulator answered 500s").isPositive();
    }

    private void publish(String run) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PoolInfra.shared().kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                String id = run + i;
                byte[] job = """
                        {"schema_version":1,"correlation_id":"%s","deadline":"%s","body":{"model":"gpt-4o-mini",
                         "messages":[{"role":"user","content":"Storm job %d: summarize the weather"}]}}"""
                        .formatted(id, deadline, i).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(Topics.REQUESTS, id, job)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
    }

    private static boolean settled(Map<String, List<JobResult>> results, Map<String, List<String>> deadLetters) {
        return results.size() == JOBS && results.values().stream().map(List::getFirst)
                .filter(r -> r.status() != JobStatus.COMPLETED).allMatch(r -> deadLetters.containsKey(r.correlationId()));
    }

    private static String report(Map<String, List<JobResult>> results, Map<String, List<String>> deadLetters,
                                 SimulatorStats stats, double seconds) {
        int attempts = 0;
        int retries = 0;
        int fallbacks = 0;
        int maxAttempts = 0;
        Map<String, Integer> failedAttempts = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (List<JobResult> list : results.values()) {
            JobResult result = list.getFirst();
            statuses.merge(result.status().json() + (result.error() == null ? ""
                    : " (" + result.error().errorClass().json() + ")"), 1, Integer::sum);
            List<AttemptSummary> tried = result.attempts();
            attempts += tried.size();
            maxAttempts = Math.max(maxAttempts, tried.size());
            for (int i = 0; i < tried.size(); i++) {
                if (i > 0) {
                    if (tried.get(i).model().equals(tried.get(i - 1).model())) {
                        retries++;
                    } else {
                        fallbacks++;
                    }
                }
                if (!tried.get(i).succeeded() && tried.get(i).errorClass() != null) {
                    failedAttempts.merge(tried.get(i).errorClass().json(), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> reasons = new TreeMap<>();
        deadLetters.values().forEach(list -> list.forEach(reason -> reasons.merge(reason, 1, Integer::sum)));
        return String.format("""
                storm: %d jobs, simulator 500 rate %.2f, 429 rate %.2f (retry-after 1 s), deadline 5 min, %d cores
                results: %d jobs with a result, %d with more than one; outcomes %s
                attempts: %d (%.2f per job, at most %d), retries on the same model %d, fallbacks %d
                failed attempts by class: %s
                simulator: %d calls, %d answered 429, %d answered 500, %d completed
                dead letters: %d %s
                time to settle: %.1f s""",
                JOBS, SERVER_ERRORS, RATE_LIMITS, Runtime.getRuntime().availableProcessors(),
                results.size(), results.values().stream().filter(l -> l.size() > 1).count(), statuses,
                attempts, attempts / (double) Math.max(1, results.size()), maxAttempts, retries, fallbacks,
                failedAttempts, stats.requests(), stats.errors(429), stats.errors(500), stats.completed(),
                deadLetters.values().stream().mapToInt(List::size).sum(), reasons, seconds);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PoolInfra.shared().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "storm-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
