package dev.llmpool.simulator.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.Content;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionCallingConfig;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.ToolConfig;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Google Gen AI SDK (google-genai), pointed at the simulator through {@code HttpOptions.baseUrl},
 * parses its generateContent answers, SSE streams, function calls and errors. Retries are off so a 429 or 503
 * reaches the test.
 */
class GeminiSdkCompatibilityIT {

    private static final String MODEL = "gemini-2.0-flash";

    private static ProviderSimulator simulator;
    private static Client client;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        client = client("sk-test");
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void embedContentAnswersOneVectorPerTextTheSameForTheSameText() {
        EmbedContentResponse one = client.models.embedContent("gemini-embedding-001", "a river", null);
        EmbedContentResponse batch = client.models.embedContent("gemini-embedding-001",
                List.of("a river", "invoices"), EmbedContentConfig.builder().outputDimensionality(3072).build());

        List<Float> single = one.embeddings().orElseThrow().getFirst().values().orElseThrow();
        assertThat(single).hasSize(3072);
        assertThat(batch.embeddings().orElseThrow()).hasSize(2);
        assertThat(batch.embeddings().orElseThrow().getFirst().values().orElseThrow()).isEqualTo(single);
    }

    @Test
    void generateContentReturnsTextUsageAndFinishReason() {
        GenerateContentResponse response = client.models.generateContent(MODEL, "Say something about queues",
                config().build());

        assertThat(response.text()).isNotBlank();
        assertThat(response.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
        assertThat(response.usageMetadata().orElseThrow().candidatesTokenCount()).hasValue(16);
        assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).hasValueSatisfying(
                tokens -> assertThat(tokens).isPositive());
        assertThat(response.modelVersion()).hasValue(MODEL);
        assertThat(response.responseId()).isPresent();
    }

    @Test
    void aStreamAddsUpToTheSameText() {
        String whole = client.models.generateContent(MODEL, "Say something about queues", config().build()).text();

        StringBuilder text = new StringBuilder();
        GenerateContentResponse last = null;
        int chunks = 0;
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL,
                "Say something about queues", config().build())) {
            for (GenerateContentResponse chunk : stream) {
                text.append(chunk.text());
                last = chunk;
                chunks++;
            }
        }

        assertThat(chunks).isEqualTo(16);
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(last.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
        assertThat(last.usageMetadata().orElseThrow().candidatesTokenCount()).hasValue(16);
    }

    @Test
    void maxTokensLogprobsAndCandidatesParse() {
        GenerateContentResponse response = client.models.generateContent(MODEL, "Options please", config()
                .candidateCount(2).maxOutputTokens(5).responseLogprobs(true).logprobs(3).build());

        assertThat(response.candidates().orElseThrow()).hasSize(2);
        assertThat(response.finishReason().knownEnum()).isEqualTo(FinishReason.Known.MAX_TOKENS);
        var candidate = response.candidates().orElseThrow().getFirst();
        assertThat(candidate.avgLogprobs()).hasValueSatisfying(average -> assertThat(average).isNegative());
        assertThat(candidate.logprobsResult().orElseThrow().chosenCandidates().orElseThrow()).hasSize(5);
        assertThat(candidate.logprobsResult().orElseThrow().topCandidates().orElseThrow().getFirst().candidates()
                .orElseThrow()).hasSize(3);
    }

    @Test
    void functionCallsParse() {
        GenerateContentConfig config = config()
                .tools(Tool.builder().functionDeclarations(FunctionDeclaration.builder().name("get_weather")
                        .description("Current weather")
                        .parameters(Schema.builder().type("OBJECT")
                                .properties(Map.of("city", Schema.builder().type("STRING").build())).build())
                        .build()).build())
                .toolConfig(ToolConfig.builder().functionCallingConfig(FunctionCallingConfig.builder().mode("ANY")
                        .build()).build())
                .build();

        GenerateContentResponse response = client.models.generateContent(MODEL, "Weather in Oslo?", config);

        List<FunctionCall> calls = response.functionCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().name()).hasValue("get_weather");
        assertThat(calls.getFirst().args().orElseThrow()).containsKey("city");
    }

    @Test
    void jsonOutputParses() {
        GenerateContentResponse response = client.models.generateContent(MODEL, "A person", config()
                .responseMimeType("application/json")
                .responseSchema(Schema.builder().type("OBJECT").properties(Map.of(
                        "name", Schema.builder().type("STRING").build(),
                        "age", Schema.builder().type("INTEGER").build())).build())
                .build());

        assertThat(response.text()).startsWith("{").contains("\"name\"").contains("\"age\"");
    }

    @Test
    void a429IsAClientExceptionWithResourceExhausted() {
        assertThatThrownBy(() -> client.models.generateContent(MODEL, "[sim:status=429] hi", config().build()))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(429);
                    assertThat(e.status()).isEqualTo("RESOURCE_EXHAUSTED");
                    assertThat(e.getMessage()).contains("Please retry in 1s.");
                });
    }

    @Test
    void a503IsAServerExceptionWithUnavailable() {
        assertThatThrownBy(() -> client.models.generateContent(MODEL, "[sim:status=503] hi", config().build()))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.code()).isEqualTo(503);
                    assertThat(e.status()).isEqualTo("UNAVAILABLE");
                });
    }

    @Test
    void otherErrorsSurfaceWithTheirStatus() {
        assertThatThrownBy(() -> client.models.generateContent("does-not-exist", "hi", config().build()))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.status()).isEqualTo("NOT_FOUND"));
        try (Client rejected = client("sk-invalid")) {
            assertThatThrownBy(() -> rejected.models.generateContent(MODEL, "hi", config().build()))
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                        assertThat(e.getMessage()).contains("API key not valid");
                    });
        }
    }

    @Test
    void aMidStreamErrorSurfacesFromTheStream() {
        assertThatThrownBy(() -> {
            try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL,
                    "break [sim:stream_error_after=2]", config().build())) {
                stream.forEach(chunk -> { });
            }
        }).isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.status()).isEqualTo("INTERNAL"));
    }

    private static GenerateContentConfig.Builder config() {
        return GenerateContentConfig.builder().systemInstruction(Content.fromParts(Part.fromText("Be brief.")));
    }

    private static Client client(String apiKey) {
        return Client.builder()
                .apiKey(apiKey)
                .httpOptions(HttpOptions.builder()
                        .baseUrl(simulator.baseUrl().toString())
                        .apiVersion("v1beta")
                        .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                        .build())
                .build();
    }
}
