package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import dev.llmpool.core.batch.BatchIds;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.embedded.redis.RedisPassword;
import dev.llmpool.launcher.BatchWaits;
import dev.llmpool.schemas.envelope.AttemptOutcome;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.workers.kafka.ProviderWorkers;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2,000-line batch through real processes, with one kill of each kind in the middle: {@code llmpool up} (its own
 * workers included) and one extra provider-worker JVM ({@code llmpool worker --provider openai}) share the batch
 * lane; the worker JVM is killed with SIGKILL while it runs lines, then {@code llmpool up} is stopped (SIGTERM, as
 * Ctrl-C) and started again on the same data folder and ports. The batch completes with every {@code custom_id}
 * exactly once across its output and error files, and no line that had ended before a kill is called again.
 * <p>
 * The provider is a simulator in a process of its own (0-20 ms per call), so its request counter
 * ({@code /_sim/stats}) outlives both pools: a line is called again only if it had not ended when its process died,
 * so the calls after each kill are at most the lines not ended at it. At the kill of the worker the ended lines are
 * read from Redis just before the signal, the calls just after it; at the stop of the pool both are exact: the calls
 * once it has exited, the ended lines from its own Redis data, read with a Redis server started on them while no
 * pool runs. The figures printed are measurements, not assertions.
 */
class BatchChaosIT {

    private static final int LINES = 2000;
    private static final String WORKER_ID = "chaos-worker";
    /** Batch records per poll (1 by default): one per round trip would make a 2,000-line batch take a minute. */
    private static final int POLL_RECORDS = 16;
    private static final Duration SAFETY_NET = Duration.ofSeconds(180);

    private final JsonCodec json = new JsonCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aBatchThroughAKilledWorkerAndARestartedPoolEndsWithEveryLineOnceAndNoEndedLineCalledAgain()
            throws Exception {
        long t0 = System.nanoTime();
        int gatewayPort = FreePorts.next();
        int kafkaPort = FreePorts.next();
        int redisPort = FreePorts.next();
        int simulatorPort = FreePorts.next();
        String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
        String redisUrl = "redis://127.0.0.1:" + redisPort;
        Path data = dir.resolve("data");
        List<String> up = List.of("up", "--port", Integer.toString(gatewayPort),
                "--kafka-port", Integer.toString(kafkaPort), "--redis-port", Integer.toString(redisPort),
                "--simulator-port", Integer.toString(FreePorts.next()), "--data-dir", data.toString(),
                // openai, the lines' provider, is the simulator of this test; the pool's own simulator serves the rest
                "-D", "llmpool.providers.openai.base-url=" + simulatorUrl + "/v1",
                "-D", "llmpool.instance-id=chaos-up",
                "-D", "llmpool.workers.lease-ttl=3s",
                "-D", "llmpool.workers.lanes.batch-poll-records=" + POLL_RECORDS,
                "-D", "llmpool.batch.lease-ttl=3s",
                "-D", "llmpool.batch.sweep-interval=200ms",
                "-D", "llmpool.batch.part-interval=100ms");
        List<String> customIds = IntStream.range(0, LINES).mapToObj(i -> "line-" + i).toList();
        Path input = dir.resolve("input.jsonl");
        Files.writeString(input, IntStream.range(0, LINES).mapToObj(i -> "{\"custom_id\":\"line-" + i
                + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"chaos line " + i + " [sim:delay=" + (i % 21)
                + "ms]\"}]}}").collect(Collectors.joining("\n")));

        try (LlmpoolProcess simulator = LlmpoolProcess.start("chaos-simulator",
                List.of("simulator", "--port=" + simulatorPort))) {
            String batchId;
            long atKill;
            long callsAfterKill;
            long killedAfter;
            long redeliveredBeforeStop;
            try (LlmpoolProcess first = LlmpoolProcess.start("chaos-up-first", up)) {
                // the worker JVM starts while the pool's Spring context does, once its Kafka and Redis are there
                first.awaitOutput(line -> line.contains("Embedded Redis started"), SAFETY_NET);
                try (LlmpoolProcess worker = LlmpoolProcess.start("chaos-worker", List.of("worker",
                        "--provider", "openai", "--kafka", "127.0.0.1:" + kafkaPort, "--redis", redisUrl,
                        "--data-dir", data.toString(),
                        "--simulator-url", simulatorUrl + "/v1", "-D", "llmpool.instance-id=" + WORKER_ID,
                        "-D", "llmpool.workers.lease-ttl=3s",
                        "-D", "llmpool.workers.lanes.batch-poll-records=" + POLL_RECORDS));
                     TopicRecorder attempts = new TopicRecorder("127.0.0.1:" + kafkaPort, List.of(Topics.ATTEMPTS))) {
                    simulator.awaitOutput(line -> line.contains(simulatorUrl), SAFETY_NET);
                    first.awaitOutput(line -> line.startsWith("llmpool is up"), SAFETY_NET);
                    worker.awaitOutput(line -> line.contains("Provider workers for 'openai' (batch lane) consuming"),
                            SAFETY_NET);
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            "127.0.0.1:" + kafkaPort))) {
                        attempts.await("the worker JVM holds partitions of the batch lane",
                                () -> batchLaneMembers(admin).stream().anyMatch(c -> c.contains(WORKER_ID)),
                                SAFETY_NET);
                    }
                    OpenAIClient client = client(gatewayPort);
                    String fileId = client.files().create(FileCreateParams.builder().file(input)
                            .purpose(FilePurpose.BATCH).build()).id();
                    batchId = client.batches().create(BatchCreateParams.builder().inputFileId(fileId)
                            .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                            .completionWindow(BatchCreateParams.CompletionWindow._24H).build()).id();
                    String batch = batchId;
                    try (BatchLines lines = new BatchLines(withPassword(redisUrl, data), batchId, customIds)) {
                        lines.awaitLedger(LINES / 8, SAFETY_NET);
                        atKill = lines.ended();
                        worker.kill();
                        callsAfterKill = simulatorRequests(simulatorUrl);
                        killedAfter = (System.nanoTime() - t0) / 1_000_000;
                        assertThat(worker.alive()).isFalse();
                        attempts.await("outcomes of the worker JVM", () -> victimOutcomes(attempts, batch) > 0,
                                SAFETY_NET);
                        System.out.printf("[batch-chaos] worker JVM killed (SIGKILL) at %d ms: %d of %d lines ended "
                                        + "just before, %d provider calls just after; it had reported %d outcomes%n",
                                killedAfter, atKill, LINES, callsAfterKill, victimOutcomes(attempts, batch));
                        lines.awaitLedger(LINES / 2, SAFETY_NET);
                    }
                }
                first.stop(SAFETY_NET);
                redeliveredBeforeStop = redeliveries(first);
            }
            long stoppedAfter = (System.nanoTime() - t0) / 1_000_000;
            long callsAtStop = simulatorRequests(simulatorUrl);
            long atStop;
            long ledgerAtStop;
            try (EmbeddedRedis stopped = EmbeddedRedis.start(EmbeddedRedisSettings.persistent(FreePorts.next(),
                    data.resolve("redis"))); BatchLines lines = new BatchLines(stopped.url(), batchId, customIds)) {
                atStop = lines.ended();
                ledgerAtStop = lines.ledger();
            }
            System.out.printf("[batch-chaos] pool stopped (SIGTERM) at %d ms with %d lines ended (%d in the "
                    + "batch's ledger), %d provider calls%n", stoppedAfter, atStop, ledgerAtStop, callsAtStop);
            assertThat(atStop).as("lines ended when the pool stopped").isLessThan(LINES);

            try (LlmpoolProcess second = LlmpoolProcess.start("chaos-up-second", up)) {
                second.awaitOutput(line -> line.startsWith("llmpool is up"), SAFETY_NET);
                OpenAIClient client = client(gatewayPort);
                Batch done = BatchWaits.awaitStatus(client, batchId, Batch.Status.COMPLETED, SAFETY_NET);
                long calls = simulatorRequests(simulatorUrl);
                List<String> output = customIdsOf(client, done.outputFileId().orElse(null));
                List<String> errors = customIdsOf(client, done.errorFileId().orElse(null));
                long redelivered = redeliveredBeforeStop + redeliveries(second);
                System.out.printf("[batch-chaos] completed at %d ms: %d output lines, %d error lines; %d provider "
                                + "calls in all (%d after the kill, %d after the restart), %d more than the lines; "
                                + "%d records redelivered (lapsed leases, deliveries after a kill)%n",
                        (System.nanoTime() - t0) / 1_000_000, output.size(), errors.size(), calls,
                        callsAtStop - callsAfterKill, calls - callsAtStop, calls - LINES, redelivered);

                assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(LINES);
                assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(LINES);
                List<String> both = new ArrayList<>(output);
                both.addAll(errors);
                assertThat(both).as("every custom_id exactly once across the output and error files")
                        .hasSize(LINES).containsExactlyInAnyOrderElementsOf(customIds);
                assertThat(calls).isGreaterThanOrEqualTo(LINES);
                assertThat(callsAtStop - callsAfterKill).as("calls after the kill, at most one per line not ended "
                        + "at it").isLessThanOrEqualTo(LINES - atKill);
                assertThat(calls - callsAtStop).as("calls after the restart, at most one per line not ended at "
                        + "the stop").isLessThanOrEqualTo(LINES - atStop);
                second.stop(SAFETY_NET);
            }
        }
    }

    private long victimOutcomes(TopicRecorder attempts, String batchId) {
        return attempts.records(Topics.ATTEMPTS, key -> key.startsWith(batchId)).stream()
                .map(r -> json.fromBytes(r.value(), AttemptOutcome.class))
                .filter(o -> WORKER_ID.equals(o.workerId())).count();
    }

    /** Client ids of the batch lane's share-group members that hold partitions of its topic. */
    private static List<String> batchLaneMembers(Admin admin) {
        String group = ProviderWorkers.batchGroupId("openai");
        try {
            ShareGroupDescription description = admin.describeShareGroups(List.of(group)).describedGroups()
                    .get(group).get(10, TimeUnit.SECONDS);
            return description.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .map(ShareMemberDescription::clientId).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static long redeliveries(LlmpoolProcess pool) {
        return pool.countOutput(line -> line.contains("lapsed; its record redelivered")
                || line.contains("redelivered (delivery #"));
    }

    /** {@code url} with the password {@code llmpool up} generated for its embedded Redis in {@code data}. */
    private static String withPassword(String url, Path data) {
        String password = RedisPassword.find(data.resolve("redis"));
        return password == null ? url : url.replace("redis://", "redis://:" + password + "@");
    }

    /** A batch's lines as Redis has them, on one connection. */
    private static final class BatchLines implements AutoCloseable {

        private final RedisClient client;
        private final StatefulRedisConnection<String, String> redis;
        private final String batchId;
        private final List<String> jobKeys;

        BatchLines(String redisUrl, String batchId, List<String> customIds) {
            this.client = RedisClient.create(redisUrl);
            this.redis = client.connect();
            this.batchId = batchId;
            this.jobKeys = customIds.stream().map(id -> RedisKeys.job(BatchIds.lineJobId(batchId, id))).toList();
        }

        /** Lines whose job has its result (it ended, whichever way), one pipelined read. */
        long ended() {
            RedisAsyncCommands<String, String> async = redis.async();
            List<RedisFuture<Boolean>> done = jobKeys.stream().map(key -> async.hexists(key, "result")).toList();
            LettuceFutures.awaitAll(30, TimeUnit.SECONDS, done.toArray(RedisFuture[]::new));
            return done.stream().filter(f -> f.toCompletableFuture().join()).count();
        }

        /** Lines in the batch's ledger (written to a part file and counted). */
        long ledger() {
            return redis.sync().hlen(RedisKeys.batchLines(batchId));
        }

        void awaitLedger(long lines, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (ledger() < lines) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("batch " + batchId + " did not reach " + lines + " lines in " + timeout);
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() {
            redis.close();
            client.shutdown();
        }
    }

    private long simulatorRequests(String simulatorUrl) throws Exception {
        byte[] body = http.send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/_sim/stats")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        return json.readTree(body).get("requests").asLong();
    }

    private List<String> customIdsOf(OpenAIClient client, String fileId) throws Exception {
        if (fileId == null) {
            return List.of();
        }
        try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> json.readTree(l).get("custom_id").asString()).toList();
        }
    }

    private static OpenAIClient client(int gatewayPort) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + gatewayPort + "/v1").apiKey("sk-test")
                .maxRetries(0).build();
    }

}
