package dev.llmpool.simulator.gemini;

import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.GENERATE;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.KEY;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.MODEL;
import static dev.llmpool.simulator.gemini.GeminiGenerateContentIT.contents;
import static dev.llmpool.simulator.support.SimulatorHttp.JSON;
import static dev.llmpool.simulator.support.SimulatorHttp.crlfDataFrames;
import static dev.llmpool.simulator.support.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.simulator.support.SimulatorHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code :streamGenerateContent} over real HTTP: SSE with CRLF frames, the JSON-array form, errors mid-stream. */
class GeminiStreamingIT {

    static final String STREAM = "/v1beta/models/" + MODEL + ":streamGenerateContent";
    static final String SSE = STREAM + "?alt=sse";

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
    void streamsOneChunkPerTokenWithCumulativeUsageAndNoDoneMarker() {
        HttpResponse<String> response = http.postWithHeaders(SSE, contents("Tell me a story"), KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.body()).doesNotContain("[DONE]").doesNotContain("event:");
        List<JsonNode> chunks = crlfDataFrames(response.body());
        assertThat(chunks).hasSize(16);

        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            JsonNode candidate = chunk.path("candidates").get(0);
            assertThat(candidate.path("content").path("role").stringValue()).isEqualTo("model");
            text.append(candidate.path("content").path("parts").get(0).path("text").stringValue());
            assertThat(candidate.has("finishReason")).isEqualTo(i == chunks.size() - 1);
            assertThat(chunk.path("usageMetadata").path("candidatesTokenCount").intValue()).isEqualTo(i + 1);
            assertThat(chunk.path("modelVersion").stringValue()).isEqualTo(MODEL);
            assertThat(chunk.path("responseId").stringValue()).isEqualTo(chunks.getFirst().path("responseId")
                    .stringValue());
        }
        assertThat(chunks.getLast().path("candidates").get(0).path("finishReason").stringValue()).isEqualTo("STOP");

        JsonNode whole = json(http.postWithHeaders(GENERATE, contents("Tell me a story"), KEY));
        assertThat(text.toString()).isEqualTo(whole.path("candidates").get(0).path("content").path("parts").get(0)
                .path("text").stringValue());
        assertThat(chunks.getLast().path("usageMetadata")).isEqualTo(whole.path("usageMetadata"));
    }

    @Test
    void aFunctionCallComesWholeInOneChunk() {
        ObjectNode request = contents("Weather in Oslo?");
        request.putArray("tools").addObject().putArray("functionDeclarations").addObject().put("name", "get_weather");
        request.putObject("toolConfig").putObject("functionCallingConfig").put("mode", "ANY");

        List<JsonNode> chunks = crlfDataFrames(http.postWithHeaders(SSE, request, KEY).body());

        assertThat(chunks).hasSize(1);
        JsonNode candidate = chunks.getFirst().path("candidates").get(0);
        assertThat(candidate.path("content").path("parts").get(0).path("functionCall").path("args").path("city")
                .isString()).isTrue();
        assertThat(candidate.path("finishReason").stringValue()).isEqualTo("STOP");
    }

    @Test
    void withoutAltSseTheStreamIsOneJsonArray() {
        HttpResponse<String> response = http.postWithHeaders(STREAM, contents("Tell me a story"), KEY);

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=UTF-8");
        JsonNode array = JSON.readTree(response.body());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(16);
        assertThat(array.get(15).path("candidates").get(0).path("finishReason").stringValue()).isEqualTo("STOP");
    }

    @Test
    void streamErrorAfterEndsWithAnErrorChunkAndCloses() {
        simulator.resetStats();

        List<JsonNode> chunks = crlfDataFrames(http.postWithHeaders(SSE, contents("break [sim:stream_error_after=3]"),
                KEY).body());

        assertThat(chunks).hasSize(4);
        assertThat(chunks.getLast().path("error").path("code").intValue()).isEqualTo(500);
        assertThat(chunks.getLast().path("error").path("status").stringValue()).isEqualTo("INTERNAL");
        assertThat(simulator.stats().streamErrors()).isEqualTo(1);
        assertThat(simulator.stats().completed()).isZero();
    }

    @Test
    void multipleCandidatesStreamSideBySide() {
        ObjectNode request = contents("options");
        request.putObject("generationConfig").put("candidateCount", 2).put("maxOutputTokens", 3);

        List<JsonNode> chunks = crlfDataFrames(http.postWithHeaders(SSE, request, KEY).body());

        assertThat(chunks).hasSize(3).allSatisfy(chunk -> assertThat(chunk.path("candidates")).hasSize(2));
        assertThat(chunks.getLast().path("candidates").findValuesAsString("finishReason"))
                .containsExactly("MAX_TOKENS", "MAX_TOKENS");
        assertThat(chunks.getLast().path("usageMetadata").path("candidatesTokenCount").intValue()).isEqualTo(6);
    }

    @Test
    void pacedStreamsDeliverTheSameChunks() {
        try (ProviderSimulator paced = ProviderSimulator.start(SimulatorSettings.defaults()
                .withTimeToFirstToken(Duration.ofMillis(5)).withTokensPerSecond(2000))) {
            List<JsonNode> chunks = crlfDataFrames(new SimulatorHttp(paced).postWithHeaders(SSE,
                    contents("Tell me a story"), KEY).body());

            assertThat(chunks).hasSize(16);
        }
    }
}
