package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.launcher.BatchWaits;
import dev.llmpool.launcher.app.LlmPoolApplication;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pool (one Spring context, as {@code llmpool up} runs it) is stopped mid-batch and started again on the
 * same Kafka, Redis and files folder: the batch completes, every line is exactly once in the output file, and the
 * provider is called again only for lines that had not ended when the pool stopped (counted at the simulator,
 * which outlives both pools). Kafka, Redis and the simulator are this test's own, so no other test's pool takes
 * part.
 */
class BatchRestartIT {

    private static final int LINES = 30;
    private static final Duration SAFETY_NET = Duration.ofSeconds(120);

    private final JsonCodec json = new JsonCodec();

    @TempDir
    Path dir;

    @Test
    void aBatchInterruptedByAStopFinishesAfterTheRestartWithEveryLineOnceAndNoEndedLineCalledAgain()
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
             EmbeddedRedis redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
             ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults())) {
            Map<String, Object> props = properties(kafka.bootstrapServers(), redis.url(), simulator);
            Path input = dir.resolve("input.jsonl");
            Files.writeString(input, IntStream.range(0, LINES).mapToObj(i -> "{\"custom_id\":\"line-" + i
                    + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"restart line " + i + " [sim:delay=" + (i * 100)
                    + "ms]\"}]}}").collect(Collectors.joining("\n")));

            String batchId;
            long endedAtStop;
            long callsBeforeRestart;
            try (ConfigurableApplicationContext first = start(props, "restart-first")) {
                OpenAIClient client = client(first);
                String fileId = client.files().create(FileCreateParams.builder().file(input)
                        .purpose(FilePurpose.BATCH).build()).id();
                batchId = client.batches().create(BatchCreateParams.builder().inputFileId(fileId)
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H).build()).id();
                BatchWaits.await(client, batchId, b -> b.requestCounts().map(c -> c.completed() >= 8)
                        .orElse(false), "8 completed lines", SAFETY_NET);
            }
            endedAtStop = ended(redis.url(), batchId);
            callsBeforeRestart = simulator.stats().requests();
            System.out.printf("[batch-restart] stopped with %d of %d lines ended, %d provider calls%n", endedAtStop,
                    LINES, callsBeforeRestart);
            assertThat(endedAtStop).isLessThan(LINES);

            try (ConfigurableApplicationContext second = start(props, "restart-second")) {
                OpenAIClient client = client(second);
                Batch done = BatchWaits.awaitStatus(client, batchId, Batch.Status.COMPLETED, SAFETY_NET);
                long callsAfterRestart = simulator.stats().requests() - callsBeforeRestart;
                System.out.printf("[batch-restart] completed after the restart with %d more provider calls%n",
                        callsAfterRestart);

                assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(LINES);
                assertThat(done.errorFileId()).isEmpty();
                List<String> ids;
                try (HttpResponse response = client.files().content(done.outputFileId().orElseThrow());
                     InputStream body = response.body()) {
                    ids = new String(body.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(l -> json.readTree(l).get("custom_id").asString()).toList();
                }
                assertThat(ids).hasSize(LINES).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, LINES).mapToObj(i -> "line-" + i).toList());
                // each line not ended at the stop needs at most one call; an ended line called again would show
                assertThat(callsAfterRestart).isLessThanOrEqualTo(LINES - endedAtStop);
                assertThat(callsBeforeRestart + callsAfterRestart).isGreaterThanOrEqualTo(LINES);
            }
        }
    }

    private static Map<String, Object> properties(String bootstrap, String redisUrl, ProviderSimulator simulator) {
        String root = simulator.baseUrl().toString().replaceAll("/$", "");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", 0);
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        props.put("llmpool.redis.url", redisUrl);
        props.put("llmpool.topics.partitions", 2);
        for (String provider : List.of("openai", "local")) {
            props.put("llmpool.providers." + provider + ".type", "openai");
            props.put("llmpool.providers." + provider + ".base-url", root + "/v1");
            props.put("llmpool.providers." + provider + ".api-key", "sk-simulated");
        }
        for (String provider : List.of("anthropic", "gemini")) {
            props.put("llmpool.providers." + provider + ".type", provider);
            props.put("llmpool.providers." + provider + ".base-url", root);
            props.put("llmpool.providers." + provider + ".api-key", "sk-simulated");
        }
        props.put("llmpool.batch.sweep-interval", "200ms");
        props.put("llmpool.batch.part-interval", "100ms");
        props.put("llmpool.batch.lease-ttl", "3s");
        return props;
    }

    private ConfigurableApplicationContext start(Map<String, Object> props, String name) {
        Map<String, Object> own = new LinkedHashMap<>(props);
        own.put("llmpool.instance-id", name);
        own.put("llmpool.files.local.dir", dir.resolve("files").toString());
        return new SpringApplicationBuilder(LlmPoolApplication.class).properties(own).run();
    }

    private static OpenAIClient client(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("sk-test")
                .maxRetries(0).build();
    }


    /** Lines of the batch with an end in its ledger, read from Redis while no pool runs. */
    private static long ended(String redisUrl, String batchId) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return redis.sync().hlen(RedisKeys.batchLines(batchId));
        } finally {
            client.shutdown();
        }
    }
}
