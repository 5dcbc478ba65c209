package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.summarize.input.Texts;
import dev.llmpool.batch.summarize.plan.Document;
import dev.llmpool.batch.summarize.plan.Planner;
import dev.llmpool.batch.summarize.plan.StageModels;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.batch.summarize.service.ServiceOptions;
import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.core.tokens.TokenCounter;
import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.launcher.app.LlmPoolApplication;
import dev.llmpool.schemas.envelope.SummarizeOptions;
import dev.llmpool.schemas.envelope.SummarizeOptionsBuilder;
import dev.llmpool.schemas.envelope.SummarizeRequest;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.names.Headers;
import dev.llmpool.schemas.names.RedisKeys;
import dev.llmpool.schemas.names.Topics;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.TextFixtures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * The summarization pipeline as a service: documents published to {@code llm.summarize.requests} by a producer of
 * no importance (unsigned records) come out on {@code llm.summarize.results} and in Redis by id. The pool (gateway,
 * router, workers) runs in one context and the batch runner role in another, which is closed mid-run and started
 * again: the simulator, which outlives both, sees each chunk and reduce once, and each id's result is on the topic
 * once. Bad records are dead letters; the HTTP form accepts a pipeline and shows its progress and result.
 */
class SummarizeServiceIT {

    private static final Duration SAFETY_NET = Duration.ofSeconds(90);

    @TempDir
    static Path files;

    private static EmbeddedKafka kafka;
    private static EmbeddedRedis redis;
    private static ProviderSimulator simulator;
    private static ConfigurableApplicationContext pool;
    private static TopicRecorder topics;
    private static Map<String, Object> properties;
    private static StageModels models;

    private final JsonCodec json = new JsonCodec();

    @BeforeAll
    static void startPool() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
        redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        String root = simulator.baseUrl().toString().replaceAll("/$", "");
        properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("llmpool.redis.url", redis.url());
        properties.put("llmpool.topics.partitions", 2);
        properties.put("llmpool.files.local.dir", files.toString());
        for (String provider : List.of("openai", "local")) {
            properties.put("llmpool.providers." + provider + ".type", "openai");
            properties.put("llmpool.providers." + provider + ".base-url", root + "/v1");
            properties.put("llmpool.providers." + provider + ".api-key", "sk-simulated");
        }
        for (String provider : List.of("anthropic", "gemini")) {
            properties.put("llmpool.providers." + provider + ".type", provider);
            properties.put("llmpool.providers." + provider + ".base-url", root);
            properties.put("llmpool.providers." + provider + ".api-key", "sk-simulated");
        }
        Map<String, Object> own = new LinkedHashMap<>(properties);
        own.put("server.port", 0);
        own.put("llmpool.instance-id", "summarize-service-pool");
        own.put("llmpool.batch.enabled", false);
        pool = new SpringApplicationBuilder(LlmPoolApplication.class).properties(own).run();
        topics = new TopicRecorder(kafka.bootstrapServers(), List.of(Topics.SUMMARIZE_RESULTS,
                Topics.deadLetter(Topics.SUMMARIZE_REQUESTS)));
        models = new StageModels(new CatalogLoader().load(new ClassPathResource("llmpool/catalog.yml")),
                RulesOutline.read(new ClassPathResource("llmpool/routes.yml").getContentAsString(
                        StandardCharsets.UTF_8), "routes.yml"));
    }

    @AfterAll
    static void stopPool() throws Exception {
        if (topics != null) {
            topics.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {pool, simulator, redis, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    /** The batch runner role alone, as {@code llmpool batch-runner} runs it. */
    private static ConfigurableApplicationContext batchRunner(String name) {
        Map<String, Object> own = new LinkedHashMap<>(properties);
        own.put("llmpool.instance-id", name);
        own.put("llmpool.gateway.enabled", false);
        own.put("llmpool.router.enabled", false);
        own.put("llmpool.workers.enabled", false);
        own.put("llmpool.batch.enabled", true);
        own.put("llmpool.summarize.max-documents-in-flight", 2);
        own.put("llmpool.summarize.retry-delay", "200ms");
        return new SpringApplicationBuilder(LlmPoolApplication.class).web(WebApplicationType.NONE).properties(own)
                .run();
    }

    /** Small chunks, so real texts make trees of a few levels; each test's instructions keep its prompts its own. */
    private static SummarizeOptions smallChunks(String test) {
        return SummarizeOptionsBuilder.builder().chunkTokens(1500).overlapTokens(100).chunkSummaryTokens(60)
                .targetTokens(60).reduceInputTokens(300).instructions("Test " + test + ".").build();
    }

    /** The calls the request's document needs, planned as the service plans it. */
    private static long plannedCalls(SummarizeRequest request) {
        SummaryOptions options = ServiceOptions.of(request.options());
        Planner planner = new Planner(options, models.resolve(options.mapModel()),
                models.resolve(options.reduceModel()), new TokenCounter());
        return planner.plan(new Document(request.id(), request.title(), Texts.normalize(request.text()))).calls();
    }

    private void publish(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = InProcessRole.producer(kafka.bootstrapServers())) {
            producer.send(new ProducerRecord<>(Topics.SUMMARIZE_REQUESTS, key, value)).get();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> results(String id) {
        return topics.records(Topics.SUMMARIZE_RESULTS, id::equals);
    }

    private static String stored(String id) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().hget(RedisKeys.summary(id), "result");
        } finally {
            client.shutdown();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null ? null
                : new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void documentsFromAnyProducerAreSummarizedOnceEachAcrossARestartOfTheRunnerAndBadRecordsAreDeadLetters()
            throws Exception {
        simulator.updateSettings(simulator.settings().withLatency(Duration.ofMillis(300)));
        simulator.resetStats();
        List<SummarizeRequest> documents = List.of(
                SummarizeRequest.builder().id("doc-truman").text(TextFixtures.text(TextFixtures.TRUMAN_1946))
                        .options(smallChunks("service")).tenant("acme").metadata(Map.of("source", "it")).build(),
                SummarizeRequest.builder().id("doc-jefferson").title("Jefferson, 1801")
                        .text(TextFixtures.text(TextFixtures.JEFFERSON_1801)).options(smallChunks("service")).build(),
                SummarizeRequest.builder().id("doc-washington").text(TextFixtures.text(TextFixtures.WASHINGTON_1790))
                        .options(smallChunks("service")).build(),
                SummarizeRequest.builder().id("doc-note").text("A short note. It fits in one call.")
                        .options(smallChunks("service")).build());
        long planned = documents.stream().mapToLong(SummarizeServiceIT::plannedCalls).sum();
        for (SummarizeRequest document : documents) {
            publish(document.id(), json.toBytes(document));
        }
        SummarizeRequest unknownModel = SummarizeRequest.builder().id("doc-unknown-model").text("Some text.")
                .options(SummarizeOptionsBuilder.builder().mapModel("no-such-model").build()).build();
        publish(unknownModel.id(), json.toBytes(unknownModel));
        publish("not-json", "{not json".getBytes(StandardCharsets.UTF_8));
        publish("no-text", "{\"schema_version\":1,\"id\":\"no-text\"}".getBytes(StandardCharsets.UTF_8));

        // stopped once its first call is made: the long document's reduces cannot have run yet, and need a runner
        try (ConfigurableApplicationContext first = batchRunner("summarize-service-first")) {
            topics.await("a first call", () -> simulator.stats().requests() >= 1, SAFETY_NET);
        }
        long callsAtStop = simulator.stats().requests();
        long resultsAtStop = documents.stream().filter(d -> !results(d.id()).isEmpty()).count();
        System.out.printf("[summarize-service] runner stopped after %d of %d calls, %d of %d results%n",
                callsAtStop, planned, resultsAtStop, documents.size());
        assertThat(callsAtStop).isLessThan(planned);
        assertThat(resultsAtStop).isLessThan(documents.size());

        try (ConfigurableApplicationContext second = batchRunner("summarize-service-second")) {
            topics.await("every document's result", () -> documents.stream().allMatch(d -> !results(d.id())
                    .isEmpty()) && !results(unknownModel.id()).isEmpty(), SAFETY_NET);
            topics.await("two dead letters", () -> topics.records(Topics.deadLetter(Topics.SUMMARIZE_REQUESTS),
                    k -> true).size() >= 2, SAFETY_NET);
        }

        assertThat(simulator.stats().requests()).as("calls across both runners: each node once").isEqualTo(planned);
        long calls = 0;
        for (SummarizeRequest document : documents) {
            List<ConsumerRecord<String, byte[]>> published = results(document.id());
            assertThat(published).as("results of %s on the topic", document.id()).hasSize(1);
            String value = new String(published.getFirst().value(), StandardCharsets.UTF_8);
            assertThat(value).as("the topic's result is Redis's").isEqualTo(stored(document.id()));
            assertThat(header(published.getFirst(), Headers.SIGNATURE)).as("signed by the pool").isNotBlank();
            JsonNode result = json.readTree(value);
            assertThat(result.get("status").asString()).isEqualTo("completed");
            assertThat(result.get("summary").asString()).isNotBlank();
            assertThat(result.get("fallback_chunks").asInt()).isZero();
            calls += result.get("calls").asLong();
        }
        assertThat(calls).isEqualTo(planned);
        JsonNode truman = json.readTree(stored("doc-truman"));
        assertThat(truman.get("chunks").asInt()).isGreaterThan(10);
        assertThat(truman.get("reduce_levels").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(truman.get("tenant").asString()).isEqualTo("acme");
        assertThat(truman.get("metadata").get("source").asString()).isEqualTo("it");
        assertThat(json.readTree(stored("doc-jefferson")).get("title").asString()).isEqualTo("Jefferson, 1801");
        JsonNode note = json.readTree(stored("doc-note"));
        assertThat(note.get("chunks").asInt()).isEqualTo(1);
        assertThat(note.get("reduce_levels").asInt()).isZero();

        JsonNode failed = json.readTree(stored(unknownModel.id()));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("error_class").asString()).isEqualTo("model_not_found");
        assertThat(failed.get("error").get("message").asString()).contains("no-such-model");

        assertThat(topics.records(Topics.deadLetter(Topics.SUMMARIZE_REQUESTS), k -> true))
                .extracting(r -> r.key() + ":" + header(r, Headers.DLT_REASON))
                .containsExactlyInAnyOrder("not-json:invalid-json", "no-text:schema-violation");
    }

    @Test
    void aPipelinePostedOverHttpIsQueuedThenCompletedWithItsProgressAndAnIdReusedForAnotherDocumentIsAConflict()
            throws Exception {
        simulator.updateSettings(simulator.settings().withLatency(Duration.ZERO));
        String base = "http://127.0.0.1:" + pool.getEnvironment().getProperty("local.server.port");
        String body = json.toJson(Map.of("id", "doc-http", "text", TextFixtures.text(TextFixtures.JEFFERSON_1801),
                "options", smallChunks("http")));

        HttpResponse<String> accepted = post(base, body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode queued = json.readTree(accepted.body());
        assertThat(queued.get("id").asString()).isEqualTo("doc-http");
        assertThat(queued.get("object").asString()).isEqualTo("llmpool.pipeline.summarize");
        assertThat(queued.get("status").asString()).isEqualTo("queued");

        JsonNode completed;
        try (ConfigurableApplicationContext runner = batchRunner("summarize-service-http")) {
            completed = await(base, "doc-http", p -> p.get("status").asString().equals("completed"));
        }
        JsonNode progress = completed.get("progress");
        assertThat(progress.get("chunks_done").asInt()).isEqualTo(progress.get("chunks").asInt()).isPositive();
        assertThat(progress.get("calls_done").asInt()).isEqualTo(completed.get("result").get("calls").asInt());
        assertThat(json.toJson(completed.get("result"))).isEqualTo(json.toJson(json.readTree(stored("doc-http"))));

        HttpResponse<String> again = post(base, body);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).get("status").asString()).isEqualTo("completed");
        HttpResponse<String> conflict = post(base, json.toJson(Map.of("id", "doc-http", "text", "Another text.")));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json.readTree(conflict.body()).get("error").get("code").asString())
                .isEqualTo("pipeline_id_reused");
        HttpResponse<String> invalid = post(base, json.toJson(Map.of("text", "x", "file_id", "file-1")));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(get(base, "doc-never-posted").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String base, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/pipelines/summarize"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> get(String base, String id) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/pipelines/summarize/" + id)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private JsonNode await(String base, String id, Predicate<JsonNode> until) throws Exception {
        long end = System.nanoTime() + SAFETY_NET.toNanos();
        JsonNode pipeline = json.readTree(get(base, id).body());
        while (!until.test(pipeline)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("pipeline " + id + " did not get there; last seen " + pipeline);
            }
            Thread.sleep(100);
            pipeline = json.readTree(get(base, id).body());
        }
        return pipeline;
    }
}
