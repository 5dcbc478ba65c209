package dev.llmpool.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.llmpool.schemas.json.JsonCodec;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The official anthropic-java SDK against the pool's /v1/messages, with response validation on. */
class AnthropicSdkEndToEndIT extends WholePoolTestBase {

    private final JsonCodec json = new JsonCodec();
    private AnthropicClient client;

    @BeforeEach
    void client() {
        client = AnthropicOkHttpClient.builder().baseUrl(baseUrl()).apiKey("sk-pool-test").maxRetries(0)
                .responseValidation(true).build();
    }

    private static MessageCreateParams.Builder params(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("Be brief.").addUserMessage(prompt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-haiku-4-5", "gpt-4o-mini", "gemini-2.5-flash", "balanced"})
    void aModelOfEveryProviderAndARouteAnswerInAnthropicsShapeStreamedOrNot(String model) {
        String prompt = "Say something about rivers " + UUID.randomUUID();
        Message message = client.messages().create(params(model, prompt).build());
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isPositive();

        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                params(model, prompt).build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(type(event));
            });
        }
        types.removeIf("ping"::equals);
        assertThat(types.getFirst()).isEqualTo("message_start");
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly("message_delta", "message_stop");
        assertThat(types).contains("content_block_start", "content_block_delta", "content_block_stop");
        Message streamed = accumulator.message();
        assertThat(streamed.content().getFirst().asText().text())
                .isEqualTo(message.content().getFirst().asText().text());
        assertThat(streamed.usage().outputTokens()).isEqualTo(message.usage().outputTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-haiku-4-5", "gpt-4o-mini"})
    void aToolCallAndItsResultMakeARoundTrip(String model) {
        Tool weather = Tool.builder().name("get_weather").description("Current weather")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                .build();
        MessageCreateParams ask = params(model, "Weather in Oslo? [sim:tool=get_weather] " + UUID.randomUUID())
                .addTool(weather).build();
        Message call = client.messages().create(ask);
        ToolUseBlock use = call.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(call.stopReason()).hasValue(StopReason.TOOL_USE);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(ask)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow()
                .asToolUse()._input()).isEqualTo(use._input());

        Message answer = client.messages().create(params(model, "Weather in Oslo?").addTool(weather)
                .addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("Sunny, 21 C").build())))
                .build());
        assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(answer.content().getFirst().asText().text()).isNotBlank();
    }

    @Test
    void countTokensApproximatesThePrompt() {
        long shortCount = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-haiku-4-5")
                .addUserMessage("Hi").build()).inputTokens();
        long longCount = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-haiku-4-5")
                .addUserMessage("Hi, tell me about the rivers of Europe and their longest tributaries").build())
                .inputTokens();
        assertThat(shortCount).isPositive();
        assertThat(longCount).isGreaterThan(shortCount + 5);
    }

    @Test
    void badInputGetsAnthropicsErrorShape() throws Exception {
        assertThatThrownBy(() -> client.messages().create(params("no-such-model", "hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.type()).hasValue(ErrorType.NOT_FOUND_ERROR));

        HttpResponse<String> missing = post("/v1/messages", """
                {"model":"claude-haiku-4-5","messages":[{"role":"user","content":"hi"}]}""",
                "anthropic-version", "2023-06-01");
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(missing.body());
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(body.get("error").get("message").asString()).contains("max_tokens");

        HttpResponse<String> malformed = post("/v1/messages", "{\"model\": ");
        assertThat(json.readTree(malformed.body()).get("error").get("type").asString())
                .isEqualTo("invalid_request_error");
    }

    @Test
    void theJobApiShowsAMessagesJobsAnswerAsAMessage() throws Exception {
        HttpResponse<String> created = post("/v1/messages", """
                {"model":"gpt-4o-mini","max_tokens":64,"messages":[{"role":"user","content":"Hello %s"}]}"""
                .formatted(UUID.randomUUID()));
        assertThat(created.statusCode()).isEqualTo(200);
        String id = created.headers().firstValue("x-llmpool-job-id").orElseThrow();
        assertThat(id).startsWith("msg_");
        JsonNode job = json.readTree(get("/v1/jobs/" + id).body());
        assertThat(job.get("result").get("api").asString()).isEqualTo("messages");
        assertThat(job.get("result").get("response").get("type").asString()).isEqualTo("message");
        assertThat(job.get("result").get("response").get("content").get(0).get("text").asString())
                .isEqualTo(json.readTree(created.body()).get("content").get(0).get("text").asString());
    }

    private static String type(RawMessageStreamEvent event) {
        if (event.isMessageStart()) {
            return "message_start";
        }
        if (event.isContentBlockStart()) {
            return "content_block_start";
        }
        if (event.isContentBlockDelta()) {
            return "content_block_delta";
        }
        if (event.isContentBlockStop()) {
            return "content_block_stop";
        }
        if (event.isMessageDelta()) {
            return "message_delta";
        }
        return event.isMessageStop() ? "message_stop" : "ping";
    }
}
