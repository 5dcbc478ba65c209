package dev.llmpool.simulator.openai;

import static dev.llmpool.simulator.support.SimulatorHttp.JSON;
import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static dev.llmpool.simulator.support.SimulatorHttp.dataFrames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenAiStreamingIT {

    private static final String PATH = "/v1/chat/completions";

    private static ProviderSimulator simulator;
    private static SimulatorHttp http;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        http = new SimulatorHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void streamsRoleThenOneTokenPerChunkThenUsageThenDone() {
        ObjectNode request = streaming("Tell me a story", true);

        HttpResponse<String> response = http.post(PATH, request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");

        List<String> frames = dataFrames(response.body());
        assertThat(frames).hasSize(1 + 16 + 1 + 1);
        assertThat(frames.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(JSON::readTree).toList();

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").stringValue()).isEqualTo(chunks.getFirst().path("id").stringValue());
            assertThat(chunk.path("created").longValue()).isEqualTo(chunks.getFirst().path("created").longValue());
            assertThat(chunk.path("model").stringValue()).isEqualTo("gpt-4o-mini");
            assertThat(chunk.has("usage")).isTrue();
        });

        JsonNode role = chunks.getFirst();
        assertThat(role.path("choices").get(0).path("delta").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(role.path("usage").isNull()).isTrue();

        List<JsonNode> content = chunks.subList(1, 17);
        assertThat(content).allSatisfy(chunk -> {
            assertThat(chunk.path("usage").isNull()).isTrue();
            assertThat(chunk.path("choices").get(0).path("delta").path("content").stringValue()).isNotEmpty();
        });
        assertThat(content.subList(0, 15)).allSatisfy(
                chunk -> assertThat(chunk.path("choices").get(0).path("finish_reason").isNull()).isTrue());
        assertThat(content.getLast().path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("stop");

        JsonNode usage = chunks.getLast();
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("completion_tokens").intValue()).isEqualTo(16);
        assertThat(usage.path("usage").path("total_tokens").intValue())
                .isEqualTo(16 + usage.path("usage").path("prompt_tokens").intValue());
    }

    @Test
    void streamedTextEqualsTheNonStreamedText() {
        String streamed = text(dataFrames(http.post(PATH, streaming("Same words", false)).body()));
        String whole = SimulatorHttp.json(http.post(PATH, chat("gpt-4o-mini", "Same words")))
                .path("choices").get(0).path("message").path("content").stringValue();

        assertThat(streamed).isEqualTo(whole);
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageAnywhere() {
        List<String> frames = dataFrames(http.post(PATH, streaming("No usage", false)).body());

        assertThat(frames).hasSize(1 + 16 + 1);
        assertThat(frames.subList(0, frames.size() - 1)).allSatisfy(frame -> assertThat(JSON.readTree(frame).has("usage"))
                .isFalse());
    }

    @Test
    void toolCallsStreamWithArgumentsSplitAcrossChunks() {
        ObjectNode request = streaming("Weather? [sim:tool=get_weather]", true);
        request.set("tools", JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]"));

        List<String> frames = dataFrames(http.post(PATH, request).body());
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(JSON::readTree).toList();

        assertThat(frames.getLast()).isEqualTo("[DONE]");
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").stringValue())
                .isEqualTo("assistant");
        JsonNode start = chunks.get(1).path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(start.path("index").intValue()).isZero();
        assertThat(start.path("id").stringValue()).startsWith("call_");
        assertThat(start.path("type").stringValue()).isEqualTo("function");
        assertThat(start.path("function").path("name").stringValue()).isEqualTo("get_weather");
        assertThat(start.path("function").path("arguments").stringValue()).isEmpty();

        List<JsonNode> argumentChunks = chunks.subList(2, chunks.size() - 1);
        assertThat(argumentChunks).hasSizeGreaterThan(1);
        StringBuilder arguments = new StringBuilder();
        for (JsonNode chunk : argumentChunks) {
            JsonNode call = chunk.path("choices").get(0).path("delta").path("tool_calls").get(0);
            assertThat(call.path("index").intValue()).isZero();
            assertThat(call.has("id")).isFalse();
            arguments.append(call.path("function").path("arguments").stringValue());
        }
        assertThat(JSON.readTree(arguments.toString()).path("city").stringValue()).isNotBlank();
        assertThat(argumentChunks.getLast().path("choices").get(0).path("finish_reason").stringValue())
                .isEqualTo("tool_calls");
        assertThat(chunks.getLast().path("choices").isEmpty()).isTrue();
    }

    @Test
    void nChoicesInterleaveAndEachFinishes() {
        ObjectNode request = streaming("Two takes", true);
        request.put("n", 2);
        request.put("max_tokens", 3);

        List<String> frames = dataFrames(http.post(PATH, request).body());
        List<JsonNode> chunks = frames.subList(0, frames.size() - 1).stream().map(JSON::readTree).toList();

        assertThat(chunks).hasSize(2 + 2 * 3 + 1);
        assertThat(chunks.subList(0, 8)).extracting(chunk -> chunk.path("choices").get(0).path("index").intValue())
                .containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
        assertThat(chunks.subList(6, 8)).allSatisfy(chunk ->
                assertThat(chunk.path("choices").get(0).path("finish_reason").stringValue()).isEqualTo("length"));
        assertThat(chunks.getLast().path("usage").path("completion_tokens").intValue()).isEqualTo(6);
    }

    @Test
    void logprobsRideOnEachContentChunk() {
        ObjectNode request = streaming("probable", false);
        request.put("logprobs", true);
        request.put("top_logprobs", 1);

        List<String> frames = dataFrames(http.post(PATH, request).body());
        JsonNode token = JSON.readTree(frames.get(1)).path("choices").get(0);

        assertThat(token.path("logprobs").path("content").size()).isEqualTo(1);
        assertThat(token.path("logprobs").path("content").get(0).path("token").stringValue())
                .isEqualTo(token.path("delta").path("content").stringValue());
        assertThat(token.path("logprobs").path("content").get(0).path("top_logprobs").size()).isEqualTo(1);
    }

    @Test
    void streamErrorAfterWritesAnErrorFrameAndEnds() {
        long errorsBefore = simulator.stats().streamErrors();

        List<String> frames = dataFrames(http.post(PATH, streaming("fail midway [sim:stream_error_after=3]", true))
                .body());

        assertThat(frames).hasSize(1 + 3 + 1);
        JsonNode error = JSON.readTree(frames.getLast()).path("error");
        assertThat(error.path("type").stringValue()).isEqualTo("server_error");
        assertThat(error.path("message").stringValue()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(frames).doesNotContain("[DONE]");
        assertThat(simulator.stats().streamErrors()).isEqualTo(errorsBefore + 1);
    }

    @Test
    void refusalsStreamAsRefusalDeltas() {
        List<String> frames = dataFrames(http.post(PATH, streaming("no [sim:refuse]", false)).body());

        JsonNode delta = JSON.readTree(frames.get(1)).path("choices").get(0).path("delta");
        assertThat(delta.has("content")).isFalse();
        assertThat(delta.path("refusal").stringValue()).isNotEmpty();
    }

    @Test
    void pacedTokensArriveAsSeparateFramesBeforeTheStreamEnds() {
        simulator.updateSettings(simulator.settings().withTokensPerSecond(200).withTimeToFirstToken(Duration.ofMillis(5)));
        try {
            HttpResponse<Stream<String>> response = http.postStreaming(PATH, streaming("paced", false));
            List<String> lines;
            try (Stream<String> body = response.body()) {
                lines = body.collect(Collectors.toList());
            }
            List<String> data = lines.stream().filter(line -> line.startsWith("data: ")).toList();
            assertThat(data).hasSize(1 + 16 + 1);
            assertThat(data.getLast()).isEqualTo("data: [DONE]");
            assertThat(lines).filteredOn(String::isEmpty).hasSize(data.size());
        } finally {
            simulator.updateSettings(SimulatorSettings.defaults());
        }
    }

    private static ObjectNode streaming(String prompt, boolean includeUsage) {
        ObjectNode request = chat("gpt-4o-mini", prompt);
        request.put("stream", true);
        if (includeUsage) {
            request.putObject("stream_options").put("include_usage", true);
        }
        return request;
    }

    private static String text(List<String> frames) {
        StringBuilder text = new StringBuilder();
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode choices = JSON.readTree(frame).path("choices");
            if (!choices.isEmpty()) {
                text.append(choices.get(0).path("delta").path("content").asString(""));
            }
        }
        return text.toString();
    }
}
