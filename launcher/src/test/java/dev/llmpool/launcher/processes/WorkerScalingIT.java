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
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.workers.kafka.ProviderWorkers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Independent scaling on real processes: two provider-worker JVMs ({@code llmpool worker --provider openai}, each
 * with its own {@code llmpool.instance-id}) join one pool, whose broker, Redis, simulator (200 ms per call) and router
 * run in this JVM. The share group spreads the work over both without touching the topic's partitions; then one
 * worker is killed with SIGKILL mid-load (calls now take 1 s, so it dies with calls running) and every job still
 * ends with exactly one result: the survivor publishes again the records of the attempts whose leases the dead worker
 * stopped renewing (6 s leases here), and records the dead worker had fetched but not yet leased return to the group
 * when its session ends.
 * <p>
 * Each worker runs at most 8 calls at once and prefetches at most 4 records per consumer, so the workers are the
 * bottleneck and a record waits in the topic (where any worker can take it) rather than in one worker's buffer.
 * The broker's share-group session timeout is 8 s here (45 s by default): a killed member's partitions move to the
 * survivors only when its session expires. The numbers printed are measurements, not assertions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerScalingIT {

    private static final String PROVIDER = "openai";
    private static final String GROUP = ProviderWorkers.groupId(PROVIDER);
    private static final String TOPIC = Topics.provider(PROVIDER);
    private static final int PARTITIONS = 6;
    private static final int JOBS = 200;
    private static final int KILL_JOBS = 120;
    private static final Duration SAFETY_NET = Duration.ofSeconds(150);

    private final JsonCodec json = new JsonCodec();
    private EmbeddedKafka kafka;
    private EmbeddedRedis redis;
    private ProviderSimulator simulator;
    private ConfigurableApplicationContext router;
    private final List<LlmpoolProcess> workers = new ArrayList<>();
    private KafkaProducer<String, byte[]> producer;
    private TopicRecorder recorder;
    private Admin admin;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redisConnection;

    @BeforeAll
    void startPoolAndTwoWorkerJvms() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral().withDefaultPartitions(PARTITIONS)
                .withBrokerConfig("group.share.min.session.timeout.ms", "5000")
                .withBrokerConfig("group.share.session.timeout.ms", "8000"));
        redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        simulator = ProviderSimulator.start(SimulatorSettings.defaults().withLatency(Duration.ofMillis(200)));
        String simulatorUrl = simulator.baseUrl().toString().replaceAll("/$", "") + "/v1";

        for (String id : List.of("w1", "w2")) {
            workers.add(LlmpoolProcess.start("scaling-" + id, List.of("worker", "--provider", PROVIDER,
                    "--kafka", kafka.bootstrapServers(), "--redis", redis.url(), "--simulator-url", simulatorUrl,
                    "-D", "llmpool.instance-id=" + id,
                    "-D", "llmpool.topics.partitions=" + PARTITIONS,
                    "-D", "llmpool.workers.max-in-flight=8",
                    "-D", "llmpool.workers.max-poll-records=4",
                    "-D", "llmpool.workers.record-lock-duration=15s",
                    "-D", "llmpool.workers.lease-ttl=6s")));
        }
        router = InProcessRole.router(kafka.bootstrapServers(), redis.url(), PARTITIONS);
        producer = InProcessRole.producer(kafka.bootstrapServers());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        recorder = new TopicRecorder(kafka.bootstrapServers(), List.of(Topics.ATTEMPTS, Topics.RESULTS));
        redisClient = RedisClient.create(redis.url());
        redisConnection = redisClient.connect();

        for (LlmpoolProcess worker : workers) {
            worker.awaitOutput(line -> line.contains("Provider workers for '" + PROVIDER
                    + "' (interactive lane) consuming"), Duration.ofSeconds(90));
        }
        recorder.await("both worker JVMs hold partitions of " + TOPIC,
                () -> clientsWithPartitions().keySet().containsAll(List.of("w1", "w2")), Duration.ofSeconds(60));
    }

    @AfterAll
    void stopEverything() throws Exception {
        workers.forEach(LlmpoolProcess::close);
        for (AutoCloseable c : new AutoCloseable[] {recorder, producer, admin, router}) {
            if (c != null) {
                c.close();
            }
        }
        if (redisConnection != null) {
            redisConnection.close();
            redisClient.shutdown();
        }
        for (AutoCloseable c : new AutoCloseable[] {simulator, redis, kafka}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void theShareGroupSpreadsTheWorkOverEveryWorkerJvmWithoutRepartitioning() throws Exception {
        Map<String, List<Integer>> assignment = clientsWithPartitions();
        long t0 = System.nanoTime();
        publish("spread-", JOBS);
        awaitResults("spread-", JOBS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // a worker that finalizes a job publishes its result first and the attempt's outcome after: the last outcomes
        // may still be on their way when the last result is in
        recorder.await(JOBS + " outcomes for spread-*", () -> outcomesByWorker(key -> key.startsWith("spread-"))
                .values().stream().mapToLong(Long::longValue).sum() >= JOBS, SAFETY_NET);

        Map<String, Long> byWorker = outcomesByWorker(key -> key.startsWith("spread-"));
        System.out.printf("[scaling] %d jobs through 2 worker JVMs in %.1f s (%.0f jobs/s); attempts by worker %s; "
                + "partitions of %s by worker %s%n", JOBS, seconds, JOBS / seconds, byWorker, TOPIC, assignment);

        assertThat(byWorker.keySet()).containsExactlyInAnyOrder("w1", "w2");
        assertThat(byWorker.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(byWorker.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(JOBS);
        assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC)
                .partitions()).hasSize(PARTITIONS);
        assertEveryJobCompletedOnce("spread-", JOBS);
    }

    @Test
    @Order(2)
    void aWorkerKilledMidLoadLosesNothing() throws Exception {
        // calls of 1 s, so that the kill lands while the victim's calls are running, not between two batches
        simulator.updateSettings(simulator.settings().withLatency(Duration.ofSeconds(1)));
        LlmpoolProcess victim = workers.getFirst();
        LlmpoolProcess survivor = workers.get(1);
        Predicate<String> phase = key -> key.startsWith("kill-");
        publish("kill-", KILL_JOBS);
        recorder.await("w1 has finished some of the jobs",
                () -> outcomesByWorker(phase).getOrDefault("w1", 0L) >= 8, SAFETY_NET);
        Thread.sleep(500);
        long killedAt = System.nanoTime();
        victim.kill();
        int resultsAtKill = recorder.records(Topics.RESULTS, phase).size();

        awaitResults("kill-", KILL_JOBS);
        double recovery = (System.nanoTime() - killedAt) / 1e9;
        Map<String, Long> byWorker = outcomesByWorker(phase);
        List<String> restarted = jobsWithAttemptStartedMoreThanOnce("kill-", KILL_JOBS);
        long redelivered = survivor.countOutput(line -> line.contains("redelivered (delivery #")
                || line.contains("lapsed; its record redelivered"));
        System.out.printf("[scaling] w1 killed (SIGKILL) with %d of %d results in; all %d results %.1f s later; "
                        + "attempts by worker %s; w2 logged %d redeliveries; %d jobs were started in w1 and "
                        + "finished in w2 (e.g. %s)%n", resultsAtKill, KILL_JOBS, KILL_JOBS, recovery, byWorker,
                redelivered, restarted.size(), restarted.stream().limit(3).toList());

        assertThat(victim.alive()).isFalse();
        assertThat(byWorker.get("w2")).isPositive();
        assertThat(restarted).as("jobs whose attempt was running in the killed JVM").isNotEmpty();
        assertEveryJobCompletedOnce("kill-", KILL_JOBS);
    }

    private void publish(String prefix, int n) {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            String envelope = """
                    {"schema_version":1,"correlation_id":"%s","tenant":"scaling-it",\
                    "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"job %s"}]}}"""
                    .formatted(id, id);
            producer.send(new ProducerRecord<>(Topics.REQUESTS, id, envelope.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    private void awaitResults(String prefix, int n) throws InterruptedException {
        recorder.await(n + " results for " + prefix + "*", () -> recorder.records(Topics.RESULTS,
                k -> k.startsWith(prefix)).stream().map(ConsumerRecord::key).distinct().count() >= n, SAFETY_NET);
    }

    private void assertEveryJobCompletedOnce(String prefix, int n) {
        Map<String, List<JobResult>> results = recorder.records(Topics.RESULTS, k -> k.startsWith(prefix)).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key,
                        Collectors.mapping(r -> json.fromBytes(r.value(), JobResult.class), Collectors.toList())));
        assertThat(results).hasSize(n);
        assertThat(results.values()).allSatisfy(list -> {
            assertThat(list).hasSize(1);
            assertThat(list.getFirst().status()).isEqualTo(JobStatus.COMPLETED);
        });
    }

    private Map<String, Long> outcomesByWorker(Predicate<String> key) {
        return recorder.records(Topics.ATTEMPTS, key).stream()
                .map(r -> json.fromBytes(r.value(), AttemptOutcome.class))
                .collect(Collectors.groupingBy(AttemptOutcome::workerId, TreeMap::new, Collectors.counting()));
    }

    /** Jobs whose event stream shows more than one {@code attempt_started}: begun in one JVM, finished in another. */
    private List<String> jobsWithAttemptStartedMoreThanOnce(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            List<StreamMessage<String, String>> events = redisConnection.sync().xrange(RedisKeys.stream(id),
                    io.lettuce.core.Range.create("-", "+"));
            long started = events.stream().filter(e -> String.valueOf(e.getBody()).contains("attempt_started"))
                    .count();
            if (started > 1) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Instance id (from the client id {@code llmpool-worker-<id>-<provider>…}) → partitions its members hold. */
    private Map<String, List<Integer>> clientsWithPartitions() {
        try {
            ShareGroupDescription group = admin.describeShareGroups(List.of(GROUP)).describedGroups().get(GROUP)
                    .get(30, TimeUnit.SECONDS);
            Map<String, List<Integer>> byClient = new TreeMap<>();
            for (ShareMemberDescription member : group.members()) {
                List<Integer> partitions = member.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(TOPIC)).map(tp -> tp.partition()).sorted().toList();
                if (!partitions.isEmpty()) {
                    String client = member.clientId().replaceFirst("^llmpool-worker-", "")
                            .replaceFirst("-" + PROVIDER + ".*$", "");
                    byClient.computeIfAbsent(client, c -> new ArrayList<>()).addAll(partitions);
                }
            }
            byClient.values().forEach(l -> l.sort(null));
            return byClient;
        } catch (Exception e) {
            return Map.of();
        }
    }
}
