package dev.llmpool.launcher.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.batch.summarize.cli.SummarizeSession;
import dev.llmpool.batch.summarize.cli.SummarizeSessionSettingsBuilder;
import dev.llmpool.batch.summarize.plan.SummaryOptions;
import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.routing.RulesOutline;
import dev.llmpool.embedded.kafka.EmbeddedKafka;
import dev.llmpool.embedded.kafka.EmbeddedKafkaSettings;
import dev.llmpool.embedded.redis.EmbeddedRedis;
import dev.llmpool.embedded.redis.EmbeddedRedisSettings;
import dev.llmpool.launcher.app.LlmPoolApplication;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.TextFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * Summarization pipelines through the whole pool (one Spring context as {@code llmpool up} runs it, on this test's
 * own Kafka, Redis and simulator, so the simulator's request count is this test's alone), on real long texts with
 * small chunks: the dry run's calls are the calls the simulator sees, a chunk whose job fails for good gets an
 * extractive summary, and a {@code kill -9} of the command mid-run followed by the same command again finishes with
 * no call repeated.
 */
class SummarizePipelineIT {

    private static final Pattern CALLS = Pattern.compile("^calls\\s+(\\d+):", Pattern.MULTILINE);

    private static EmbeddedKafka kafka;
    private static EmbeddedRedis redis;
    private static ProviderSimulator simulator;
    private static ConfigurableApplicationContext pool;
    private static ModelCatalog catalog;
    private static RulesOutline rules;

    private final JsonCodec json = new JsonCodec();

    @TempDir
    Path dir;

    @BeforeAll
    static void startPool() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaSettings.ephemeral());
        redis = EmbeddedRedis.start(EmbeddedRedisSettings.ephemeral());
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        String root = simulator.baseUrl().toString().replaceAll("/$", "");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("server.port", 0);
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("llmpool.redis.url", redis.url());
        props.put("llmpool.topics.partitions", 2);
        props.put("llmpool.instance-id", "summarize-it");
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
        props.put("llmpool.files.local.dir", "target/summarize-it-files");
        pool = new SpringApplicationBuilder(LlmPoolApplication.class).properties(props).run();
        catalog = new CatalogLoader().load(new ClassPathResource("llmpool/catalog.yml"));
        rules = RulesOutline.read(new ClassPathResource("llmpool/routes.yml").getContentAsString(
                StandardCharsets.UTF_8), "routes.yml");
    }

    @AfterAll
    static void stopPool() {
        if (pool != null) {
            pool.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {simulator, redis, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    @BeforeEach
    void quietSimulator() {
        simulator.updateSettings(simulator.settings().withLatency(Duration.ZERO));
        simulator.resetStats();
    }

    /**
     * Small chunks and summaries, so real texts make trees of several levels in a few seconds. Each test's own
     * instructions make its prompts its own, so no answer comes from the pool's cache of another test's calls.
     */
    private static SummaryOptions smallChunks(String test) {
        return SummaryOptions.defaults().mapModel("fast").reduceModel("smart").chunkTokens(1500).overlapTokens(100)
                .chunkSummaryTokens(60).targetTokens(60).reduceInputTokens(300).instructions("Test " + test + ".")
                .build();
    }

    private String session(SummaryOptions options, List<Path> inputs, Path out, boolean dryRun) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new SummarizeSession(SummarizeSessionSettingsBuilder.builder().options(options).inputs(inputs)
                .out(out).dryRun(dryRun).parallel(8).jobDeadline(Duration.ofMinutes(5))
                .checkpointTtl(Duration.ofHours(1)).kafka(kafka.bootstrapServers()).redis(redis.url())
                .catalog(catalog).rules(rules).build(), print, Clock.systemUTC(), false).run();
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(status).as(text).isZero();
        return text;
    }

    private static long plannedCalls(String dryRun) {
        Matcher m = CALLS.matcher(dryRun);
        assertThat(m.find()).as(dryRun).isTrue();
        return Long.parseLong(m.group(1));
    }

    private List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    @Test
    void theDryRunsCallsAreExactlyTheCallsTheProvidersSeeAndEveryDocumentGetsItsLineInInputOrder() throws Exception {
        Path docs = TextFixtures.copy(dir.resolve("docs"), List.of(TextFixtures.MOBY_DICK,
                TextFixtures.JEFFERSON_1801, TextFixtures.WASHINGTON_1790));
        Path jsonl = dir.resolve("more.jsonl");
        Files.writeString(jsonl, "{\"id\":\"note-1\",\"text\":\"A short note. It fits in one call.\"}\n");
        Path out = dir.resolve("summaries.jsonl");

        SummaryOptions options = smallChunks("dry-run");
        String dryRun = session(options, List.of(docs, jsonl), out, true);
        assertThat(simulator.stats().requests()).isZero();
        long planned = plannedCalls(dryRun);

        String run = session(options, List.of(docs, jsonl), out, false);

        assertThat(simulator.stats().requests()).as("calls the simulator saw").isEqualTo(planned);
        List<JsonNode> lines = lines(out);
        assertThat(lines).extracting(l -> l.get("id").asString()).containsExactly(
                docs.resolve(TextFixtures.MOBY_DICK).toString(), docs.resolve(TextFixtures.WASHINGTON_1790).toString(),
                docs.resolve(TextFixtures.JEFFERSON_1801).toString(), "note-1");
        JsonNode moby = lines.getFirst();
        assertThat(moby.get("chunks").asInt()).isGreaterThan(25);
        assertThat(moby.get("reduce_levels").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(moby.get("models").toString()).contains("gpt-4o-mini", "gpt-4o");
        assertThat(moby.get("fallback").asBoolean()).isFalse();
        assertThat(moby.get("summary").asString()).isNotBlank();
        assertThat(moby.get("cost_usd").asDouble()).isPositive();
        JsonNode note = lines.getLast();
        assertThat(note.get("chunks").asInt()).isEqualTo(1);
        assertThat(note.get("reduce_levels").asInt()).isZero();
        assertThat(note.get("calls").asInt()).isEqualTo(1);
        assertThat(lines.stream().mapToLong(l -> l.get("calls").asLong()).sum()).isEqualTo(planned);
        assertThat(run).contains("done: 4 of 4 documents summarized").contains("0 extractive fallbacks");

        simulator.resetStats();
        String again = session(options, List.of(docs, jsonl), out, false);
        assertThat(again).contains("resuming run").contains("4 of 4 documents done");
        assertThat(simulator.stats().requests()).as("calls made by the same command again").isZero();
        assertThat(lines(out)).isEqualTo(lines);
    }

    @Test
    void aChunkWhoseJobFailsForGoodGetsAnExtractiveSummaryMarkedAsAFallbackAndTheRunGoesOn() throws Exception {
        String text = TextFixtures.text(TextFixtures.JEFFERSON_1801);
        int middle = text.indexOf(". ", text.length() / 2) + 2;
        String poisoned = text.substring(0, middle) + "\n\n[sim:only=gpt-4o-mini] [sim:status=400] The provider "
                + "refuses this part of the address.\n\n" + text.substring(middle);
        Path jsonl = dir.resolve("docs.jsonl");
        Files.writeString(jsonl, json.toJson(Map.of("id", "jefferson", "text", poisoned)) + "\n");
        Path out = dir.resolve("summaries.jsonl");
        SummaryOptions options = smallChunks("fallback").withOverlapTokens(0);

        long planned = plannedCalls(session(options, List.of(jsonl), out, true));
        String run = session(options, List.of(jsonl), out, false);

        assertThat(simulator.stats().requests()).isEqualTo(planned);
        assertThat(simulator.stats().errors(400)).isEqualTo(1);
        JsonNode line = lines(out).getFirst();
        assertThat(line.get("fallback").asBoolean()).isTrue();
        assertThat(line.get("fallback_chunks").asInt()).isEqualTo(1);
        assertThat(line.get("fallback_reduces").asInt()).isZero();
        assertThat(line.get("summary").asString()).isNotBlank();
        assertThat(line.get("failures").get(0).get("error").asString()).contains("bad_request");
        List<JsonNode> errors = lines(dir.resolve("summaries.jsonl.errors.jsonl"));
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().get("fallback").asString()).isEqualTo("extractive");
        assertThat(errors.getFirst().get("node").asString()).startsWith("0.");
        assertThat(run).contains("1 extractive fallback");
    }

    @Test
    void theCommandKilledMidRunThenRunAgainResumesWhatWasCheckpointedAndCallsNoProviderTwice() throws Exception {
        Path docs = TextFixtures.copy(dir.resolve("docs"), TextFixtures.ALL);
        Path out = dir.resolve("summaries.jsonl");
        long planned = plannedCalls(session(smallChunks("resume"), List.of(docs), out, true));
        simulator.updateSettings(simulator.settings().withLatency(Duration.ofMillis(300)));
        List<String> command = List.of("summarize", docs.toString(), "--out", out.toString(),
                "--map-model", "fast", "--reduce-model", "smart", "--chunk-tokens", "1500", "--overlap", "100",
                "--chunk-summary-tokens", "60", "--target-tokens", "60", "--reduce-input-tokens", "300",
                "--instructions", "Test resume.", "--parallel", "1", "--kafka", kafka.bootstrapServers(), "--redis", redis.url());

        long callsAtKill;
        try (LlmpoolProcess first = LlmpoolProcess.start("summarize-first", command)) {
            long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (simulator.stats().requests() < planned / 2 && first.alive() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(first.alive()).as("the first run is still running at half its calls").isTrue();
            first.kill();
            callsAtKill = simulator.stats().requests();
        }
        System.out.printf("[summarize-resume] killed after %d of %d calls%n", callsAtKill, planned);
        assertThat(callsAtKill).isLessThan(planned);

        try (LlmpoolProcess second = LlmpoolProcess.start("summarize-second", command)) {
            second.awaitOutput(line -> line.startsWith("done:"), Duration.ofMinutes(3));
            assertThat(second.countOutput(line -> line.startsWith("resuming run"))).isEqualTo(1);
            assertThat(second.countOutput(line -> line.contains("4 of 4 documents summarized"))).isEqualTo(1);
        }
        assertThat(simulator.stats().requests()).as("calls across both runs: each node once").isEqualTo(planned);
        List<JsonNode> lines = lines(out);
        assertThat(lines).hasSize(4);
        assertThat(lines.stream().mapToLong(l -> l.get("calls").asLong()).sum()).isEqualTo(planned);
        assertThat(lines).allSatisfy(l -> assertThat(l.get("fallback").asBoolean()).isFalse());
    }
}
