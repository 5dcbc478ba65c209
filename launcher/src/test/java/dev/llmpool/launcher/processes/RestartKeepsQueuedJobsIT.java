package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.embedded.redis.RedisPassword;
import dev.llmpool.schemas.envelope.JobResult;
import dev.llmpool.schemas.envelope.JobStatus;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded pool keeps its data in its folder: {@code llmpool up} (a real process) is started with its workers
 * off, takes 20 jobs from a Kafka producer (routed to {@code llm.provider.openai}, none answered), and is stopped
 * the way Ctrl-C stops it. Started again on the same folder and ports, with workers, it completes every one of the
 * queued jobs: the Kafka log, the share group's state and the jobs' records in Redis all survived.
 */
class RestartKeepsQueuedJobsIT {

    private static final int JOBS = 20;
    private static final Duration SAFETY_NET = Duration.ofSeconds(120);

    private final JsonCodec json = new JsonCodec();

    @TempDir
    Path dataDir;

    @Test
    void jobsQueuedWhenThePoolStopsCompleteAfterItStartsAgainOnTheSameFolder() throws Exception {
        int gateway = FreePorts.next();
        int kafka = FreePorts.next();
        int redis = FreePorts.next();
        int simulator = FreePorts.next();
        String bootstrap = "127.0.0.1:" + kafka;
        List<String> up = List.of("up", "--port", Integer.toString(gateway), "--kafka-port", Integer.toString(kafka),
                "--redis-port", Integer.toString(redis), "--simulator-port", Integer.toString(simulator),
                "--data-dir", dataDir.toString());
        List<String> ids = IntStream.range(0, JOBS).mapToObj(i -> "restart-" + i).toList();
        Predicate<String> ours = ids::contains;

        try (LlmpoolProcess first = LlmpoolProcess.start("restart-first", with(up, "-D",
                "llmpool.workers.enabled=false"))) {
            first.awaitOutput(line -> line.startsWith("llmpool is up"), SAFETY_NET);
            publish(bootstrap, ids);
            try (TopicRecorder recorder = new TopicRecorder(bootstrap, List.of(Topics.provider("openai")))) {
                recorder.await("all " + JOBS + " jobs routed to llm.provider.openai", () -> recorder.records(
                        Topics.provider("openai"), ours).stream().map(ConsumerRecord::key).distinct().count() == JOBS,
                        SAFETY_NET);
            }
            Map<String, String> statuses = statuses(redis, ids);
            System.out.printf("[restart] %d jobs routed and waiting, statuses in Redis %s; stopping the pool%n",
                    JOBS, statuses.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
            assertThat(statuses.values()).containsOnly("queued");
            first.stop(SAFETY_NET);
        }

        long restarted = System.nanoTime();
        try (LlmpoolProcess second = LlmpoolProcess.start("restart-second", up);
             TopicRecorder results = new TopicRecorder(bootstrap, List.of(Topics.RESULTS))) {
            second.awaitOutput(line -> line.startsWith("llmpool is up"), SAFETY_NET);
            results.await("every queued job has its result on llm.results", () -> results.records(Topics.RESULTS,
                    ours).stream().map(ConsumerRecord::key).distinct().count() == JOBS, SAFETY_NET);
            System.out.printf("[restart] all %d queued jobs completed %.1f s after the restart began%n", JOBS,
                    (System.nanoTime() - restarted) / 1e9);

            Map<String, List<JobResult>> byJob = results.records(Topics.RESULTS, ours).stream().collect(
                    Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                            r -> json.fromBytes(r.value(), JobResult.class), Collectors.toList())));
            assertThat(byJob).hasSize(JOBS);
            assertThat(byJob.values()).allSatisfy(list -> {
                assertThat(list).hasSize(1);
                assertThat(list.getFirst().status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(list.getFirst().response().firstMessage().text()).isNotBlank();
            });
            assertThat(statuses(redis, ids).values()).containsOnly("completed");
            second.stop(SAFETY_NET);
        }
    }

    private static List<String> with(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toList();
    }

    private static void publish(String bootstrap, List<String> ids) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (String id : ids) {
                String envelope = """
                        {"schema_version":1,"correlation_id":"%s","tenant":"restart-it",\
                        "body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"queued job %s"}]}}"""
                        .formatted(id, id);
                producer.send(new ProducerRecord<>(Topics.REQUESTS, id, envelope.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Job id → {@code status} of its hash in Redis. */
    private Map<String, String> statuses(int redisPort, List<String> ids) {
        // the password llmpool up generated for its embedded Redis in the data folder
        String password = RedisPassword.find(dataDir.resolve("redis"));
        RedisClient client = RedisClient.create("redis://" + (password == null ? "" : ":" + password + "@")
                + "127.0.0.1:" + redisPort);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return ids.stream().collect(Collectors.toMap(id -> id,
                    id -> String.valueOf(redis.sync().hget(RedisKeys.job(id), "status"))));
        } finally {
            client.shutdown();
        }
    }
}
