package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.SimulatorStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One provider limited to {@value #RPM} requests per minute, shared by three worker JVMs
 * ({@code llmpool worker --provider openai -D llmpool.workers.limits.openai.rpm=120}) through their Bucket4j buckets
 * in one Redis, against the simulator, whose own limit is set just above ({@value #RPM} + 1, so any excess would
 * show up as 429s) and which records when every request arrived. Enough jobs are queued at once to keep the workers
 * saturated for more than a minute. The provider must never see more than {@value #RPM} requests in any 60-second
 * window; the goodput (successful calls per minute over the measured window, as a share of the limit) is printed,
 * not asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedRateLimitIT {

    private static final String PROVIDER = "openai";
    private static final int RPM = 120;
    private static final int JOBS = 160;
    private static final int PARTITIONS = 6;
    private static final Duration SAFETY_NET = Duration.ofMinutes(4);

    private final JsonCodec json = new JsonCodec();
    private EmbeddedKafka kafka;
    private EmbeddedRedis redis;
    private ProviderSimulator simulator;
    private ConfigurableApplicationContext router;
    private final List<LlmpoolProcess> workers = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;
    private TopicRecorder recorder;

    @BeforeAll
    void startPoolAndThreeWorkerJvms() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral().withDefaultPartitions(PARTITIONS));
        redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        simulator = ProviderSimulator.start(SimulatorSettings.defaults().withLatency(Duration.ofMillis(200))
                .withRequestsPerMinute(RPM + 1));
        String simulatorUrl = simulator.baseUrl().toString().replaceAll("/$", "") + "/v1";
        for (String id : List.of("w1", "w2", "w3")) {
            workers.add(LlmpoolProcess.start("ratelimit-" + id, List.of("worker", "--provider", PROVIDER,
                    "--kafka", kafka.bootstrapServers(), "--redis", redis.url(), "--simulator-url", simulatorUrl,
                    "-D", "llmpool.instance-id=" + id,
                    "-D", "llmpool.topics.partitions=" + PARTITIONS,
                    "-D", "llmpool.workers.limits." + PROVIDER + ".rpm=" + RPM,
                    "-D", "llmpool.workers.max-consumers=2",
                    "-D", "llmpool.workers.max-poll-records=4")));
        }
        router = InProcessRole.router(kafka.bootstrapServers(), redis.url(), PARTITIONS);
        producer = InProcessRole.producer(kafka.bootstrapServers());
        recorder = new TopicRecorder(kafka.bootstrapServers(), List.of(Topics.ATTEMPTS, Topics.RESULTS));
        for (LlmpoolProcess worker : workers) {
            worker.awaitOutput(line -> line.contains("Provider workers for '" + PROVIDER
                    + "' (interactive lane) consuming"),
                    Duration.ofSeconds(120));
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        workers.forEach(LlmpoolProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {recorder, producer, router, simulator, redis, kafka}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void threeWorkerJvmsKeepToOneSharedRequestsPerMinuteLimit() throws Exception {
        simulator.resetStats();
        for (int i = 0; i < JOBS; i++) {
            String id = "limited-" + i;
            String envelope = """
                    {"schema_version":1,"correlation_id":"%s","tenant":"ratelimit-it",\
                    "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"job %s"}]}}"""
                    .formatted(id, id);
            producer.send(new ProducerRecord<>(Topics.REQUESTS, id, envelope.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
        recorder.await(JOBS + " results", () -> recorder.records(Topics.RESULTS, k -> k.startsWith("limited-"))
                .stream().map(ConsumerRecord::key).distinct().count() >= JOBS, SAFETY_NET);

        SimulatorStats stats = simulator.stats();
        int busiestMinute = simulator.maxRequestsIn(Duration.ofMinutes(1));
        List<AttemptOutcome> outcomes = recorder.records(Topics.ATTEMPTS, k -> k.startsWith("limited-")).stream()
                .map(r -> json.fromBytes(r.value(), AttemptOutcome.class)).toList();
        List<AttemptOutcome> succeeded = outcomes.stream().filter(AttemptOutcome::succeeded).toList();
        Map<String, Long> byWorker = succeeded.stream()
                .collect(Collectors.groupingBy(AttemptOutcome::workerId, TreeMap::new, Collectors.counting()));
        // calls finish paced as they start (each takes the simulator's 200 ms), so the span of the finishes is the
        // measured window; the first call's finish opens it
        long first = succeeded.stream().mapToLong(o -> o.finishedAt().toEpochMilli()).min().orElseThrow();
        long last = succeeded.stream().mapToLong(o -> o.finishedAt().toEpochMilli()).max().orElseThrow();
        double minutes = (last - first) / 60_000.0;
        double perMinute = (succeeded.size() - 1) / minutes;
        System.out.printf("[ratelimit] limit %d rpm shared by 3 worker JVMs; %d jobs; simulator saw %d requests "
                        + "(%d answered 429), at most %d in any 60 s window; %d successful calls finished over "
                        + "%.1f s = %.1f per minute: goodput %.1f%% of the limit; successful calls by worker %s; "
                        + "%d attempts failed%n", RPM, JOBS, stats.requests(), stats.rateLimited(), busiestMinute,
                succeeded.size(), minutes * 60, perMinute, 100 * perMinute / RPM, byWorker,
                outcomes.size() - succeeded.size());

        assertThat(busiestMinute).as("requests the provider saw in its busiest minute").isLessThanOrEqualTo(RPM);
        assertThat(stats.rateLimited()).as("429s from the provider").isZero();
        assertThat(byWorker.keySet()).containsExactlyInAnyOrder("w1", "w2", "w3");
        Map<String, List<JobResult>> results = recorder.records(Topics.RESULTS, k -> k.startsWith("limited-"))
                .stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                        Collectors.mapping(r -> json.fromBytes(r.value(), JobResult.class), Collectors.toList())));
        assertThat(results).hasSize(JOBS);
        assertThat(results.values()).allSatisfy(list -> assertThat(list.getFirst().status())
                .isEqualTo(JobStatus.COMPLETED));
    }
}
