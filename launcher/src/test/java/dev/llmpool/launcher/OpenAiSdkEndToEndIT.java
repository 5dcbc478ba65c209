package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The official openai-java SDK, pointed at the pool with only a base URL swap. */
class OpenAiSdkEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();
    private OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey("sk-pool-test").maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt);
    }

    @Test
    void aSyncCompletionThroughThePoolEqualsTheProvidersAnswer() throws Exception {
        String prompt = "Name three rivers " + UUID.randomUUID();
        ChatCompletion completion = client.chat().completions().create(params(prompt).build());

        String direct = simulatorContent(prompt);
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).hasValue(direct);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isPositive();
            assertThat(u.completionTokens()).isPositive();
            assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens());
        });
    }

    @Test
    void aStreamedCompletionArrivesAsChunksWithTheUsageChunkLast() throws Exception {
        String prompt = "Tell a short story " + UUID.randomUUID();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(prompt)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));

        assertThat(chunks.size()).isGreaterThan(2);
        assertThat(chunks.getFirst().choices().getFirst().delta().role()).isPresent();
        assertThat(text.toString()).isEqualTo(simulatorContent(prompt));
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
        assertThat(chunks.stream().map(ChatCompletionChunk::id).distinct()).hasSize(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"claude-haiku-4-5", "gemini-2.5-flash"})
    void modelsOfOtherProvidersAnswerInOpenAiShapeThroughTheirOwnWireFormat(String model) {
        String prompt = "Say something about rivers " + UUID.randomUUID();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage(prompt).build());
        assertThat(completion.model()).isEqualTo(model);
        assertThat(completion.choices().getFirst().message().content()).hasValueSatisfying(
                text -> assertThat(text).isNotBlank());
        assertThat(completion.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(completion.choices().getFirst().message().content().orElseThrow());
        assertThat(chunks.getLast().usage()).isPresent();
    }

    @Test
    void anUnknownModelIsTheSdksNotFoundError() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-model");
    }

    @Test
    void aRequestWithoutMessagesIsTheSdksBadRequestError() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").messages(List.of()).build()))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void malformedJsonGetsA400InTheOpenAiErrorShape() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\": \"gpt-4o-mini\", \"messages\": [");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(response.body()).get("error");
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void theSameDeterministicRequestTwiceIsAnsweredFromTheCacheTheSecondTime() throws Exception {
        String body = """
                {"model":"gpt-4o-mini","temperature":0,"messages":[{"role":"user","content":"cache me %s"}]}"""
                .formatted(UUID.randomUUID());
        HttpResponse<String> first = post("/v1/chat/completions", body);
        HttpResponse<String> second = post("/v1/chat/completions", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-llmpool-cache")).hasValue("miss");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-llmpool-cache")).hasValue("hit");
        assertThat(content(second.body())).isEqualTo(content(first.body()));
    }

    @Test
    void theModelsListNamesTheCatalog() throws Exception {
        assertThat(client.models().list().data()).extracting(m -> m.id()).contains("gpt-4o-mini", "gpt-4o");
    }

    private String simulatorContent(String prompt) throws Exception {
        String body = json.toJson(java.util.Map.of("model", "gpt-4o-mini", "messages",
                List.of(java.util.Map.of("role", "user", "content", prompt))));
        HttpResponse<String> direct = postToSimulator(body);
        assertThat(direct.statusCode()).isEqualTo(200);
        return content(direct.body());
    }

    private String content(String completionJson) {
        return json.readTree(completionJson).get("choices").get(0).get("message").get("content").asString();
    }
}
