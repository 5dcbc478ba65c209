package dev.llmpool.simulator.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official openai-java SDK, with strict response validation on, cannot tell the simulator from the real API.
 */
class OpenAiSdkCompatibilityIT {

    private static ProviderSimulator simulator;
    private static OpenAIClient client;

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
    void embeddingsAreTheSameForTheSameTextInFloatsAndInBase64() {
        CreateEmbeddingResponse floats = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").inputOfArrayOfStrings(List.of("a river", "a river", "invoices"))
                .dimensions(64L).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        CreateEmbeddingResponse base64 = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("a river")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).dimensions(64L).build());

        assertThat(floats.data()).hasSize(3);
        assertThat(floats.data().get(0).embedding()).hasSize(64).isEqualTo(floats.data().get(1).embedding());
        assertThat(floats.data().get(2).embedding()).isNotEqualTo(floats.data().get(0).embedding());
        assertThat(floats.usage().promptTokens()).isPositive();
        assertThat(base64.data().getFirst().embedding()).isEqualTo(floats.data().getFirst().embedding());
        assertThat(client.embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-3-small")
                .input("x").build()).data().getFirst().embedding()).hasSize(1536);
    }

    @Test
    void createReturnsContentAndUsage() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("Be brief.")
                .addUserMessage("Say something about queues")
                .build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.message().content()).hasValueSatisfying(content -> assertThat(content).isNotBlank());
        assertThat(choice.message().refusal()).isEmpty();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(16);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void createStreamingWithUsageReassemblesTheSameContent() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Stream me a sentence")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        StringBuilder content = new StringBuilder();
        CompletionUsage usage = null;
        ChatCompletionChunk.Choice.FinishReason finish = null;
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunks++;
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get();
                    }
                }
                if (chunk.usage().isPresent()) {
                    assertThat(chunk.choices()).isEmpty();
                    usage = chunk.usage().get();
                }
            }
        }

        String whole = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Stream me a sentence").build())
                .choices().getFirst().message().content().orElseThrow();
        assertThat(content.toString()).isEqualTo(whole);
        assertThat(chunks).isEqualTo(1 + 16 + 1);
        assertThat(finish).isEqualTo(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage).isNotNull();
        assertThat(usage.completionTokens()).isEqualTo(16);
    }

    @Test
    void toolCallsParseWhetherStreamedOrNot() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("What's the weather? [sim:tool=get_weather]")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather").build())
                .build();

        ChatCompletion completion = client.chat().completions().create(params);
        ChatCompletionMessageFunctionToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).contains("\"city\"");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

        Map<Long, StringBuilder> arguments = new TreeMap<>();
        String name = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    for (ChatCompletionChunk.Choice.Delta.ToolCall delta : choice.delta().toolCalls().orElse(List.of())) {
                        StringBuilder args = arguments.computeIfAbsent(delta.index(), index -> new StringBuilder());
                        if (delta.function().isPresent()) {
                            if (delta.function().get().name().isPresent()) {
                                name = delta.function().get().name().get();
                            }
                            delta.function().get().arguments().ifPresent(args::append);
                        }
                    }
                }
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments).containsOnlyKeys(0L);
        assertThat(arguments.get(0L).toString()).isEqualTo(call.function().arguments());
    }

    @Test
    void choicesAndLogprobsParse() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("Options please")
                .n(2)
                .maxCompletionTokens(5)
                .logprobs(true)
                .topLogprobs(3)
                .build());

        assertThat(completion.choices()).hasSize(2);
        assertThat(completion.choices().get(1).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        List<ChatCompletionTokenLogprob> logprobs = completion.choices().getFirst().logprobs().orElseThrow()
                .content().orElseThrow();
        assertThat(logprobs).hasSize(5);
        assertThat(logprobs.getFirst().topLogprobs()).hasSize(3);
        assertThat(logprobs.getFirst().bytes()).isPresent();
    }

    @Test
    void refusalsParse() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("Do something bad [sim:refuse]").build());

        assertThat(completion.choices().getFirst().message().content()).isEmpty();
        assertThat(completion.choices().getFirst().message().refusal()).isPresent();
    }

    @Test
    void modelsList() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains("gpt-4o-mini", "gpt-4o");
    }

    @Test
    void a429SurfacesAsRateLimitException() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("[sim:status=429] hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.code()).hasValue("rate_limit_exceeded");
                    assertThat(e.type()).hasValue("requests");
                    assertThat(e.headers().values("retry-after-ms")).containsExactly("1000");
                });
    }

    @Test
    void otherErrorsSurfaceAsTheirSdkExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("[sim:status=500] hi").build()))
                .isInstanceOf(InternalServerException.class);
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("[sim:status=400] hi").build()))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("does-not-exist").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).hasValue("model_not_found"));
        OpenAIClient rejected = client("sk-invalid");
        try {
            assertThatThrownBy(() -> rejected.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            e -> assertThat(e.code()).hasValue("invalid_api_key"));
        } finally {
            rejected.close();
        }
    }

    @Test
    void aMidStreamErrorSurfacesFromTheStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("break [sim:stream_error_after=2]").build();

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOf(com.openai.errors.OpenAIException.class);
    }

    private static OpenAIClient client(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(simulator.baseUrl() + "/v1")
                .apiKey(apiKey)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }
}
