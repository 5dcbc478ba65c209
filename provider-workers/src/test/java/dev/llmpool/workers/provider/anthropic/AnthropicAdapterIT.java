package dev.llmpool.workers.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.schemas.openai.ToolCall;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.testing.MovableClock;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.ProviderProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Anthropic adapter against the provider simulator's Messages API over real HTTP. */
class AnthropicAdapterIT {

    private static final JsonCodec CODEC = new JsonCodec();

    private static ProviderSimulator simulator;
    private static AnthropicAdapter adapter;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        adapter = adapter(simulator, "sk-ant-test", Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (adapter != null) {
            adapter.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aPlainCallAnswersInOpenAiShapeWithUsage() {
        List<DeltaPart> parts = new ArrayList<>();
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("system", "Be brief."),
                ChatMessage.of("user", "Name three colours. [sim:tokens=12]")), false), parts::add);

        assertThat(parts).as("nothing is streamed when tokens are not").isEmpty();
        assertThat(completion.object()).isEqualTo("chat.completion");
        assertThat(completion.id()).startsWith("msg_");
        assertThat(completion.firstMessage().role()).isEqualTo("assistant");
        assertThat(completion.firstMessage().text()).isNotBlank();
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().completionTokens()).isEqualTo(12);
        assertThat(completion.usage().promptTokens()).isPositive();
        assertThat(completion.usage().totalTokens())
                .isEqualTo(completion.usage().promptTokens() + completion.usage().completionTokens());
    }

    @Test
    void aStreamedCallHandsOverOrderedDeltasAndAssemblesTheSameAnswerWithUsage() {
        String prompt = "Tell me about rivers " + UUID.randomUUID() + " [sim:tokens=20]";
        List<DeltaPart> parts = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<Thread> sinkThreads = new ArrayList<>();
        ChatCompletion streamed = adapter.complete(request(List.of(ChatMessage.of("user", prompt)), true), part -> {
            parts.add(part);
            sinkThreads.add(Thread.currentThread());
        });
        ChatCompletion plain = adapter.complete(request(List.of(ChatMessage.of("user", prompt)), false), p -> { });

        assertThat(sinkThreads).containsOnly(caller);
        assertThat(parts.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(parts.getLast().finishReason()).isEqualTo("stop");
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(20);
        String text = parts.stream().map(p -> p.delta().content() == null ? "" : p.delta().content())
                .reduce("", String::concat);
        assertThat(text).isNotBlank().isEqualTo(streamed.firstMessage().text()).isEqualTo(plain.firstMessage().text());
        assertThat(streamed.usage()).isEqualTo(plain.usage());
        assertThat(streamed.usage().completionTokens()).isEqualTo(20);
        assertThat(streamed.firstFinishReason()).isEqualTo("stop");
    }

    @Test
    void aLengthCapIsALengthFinish() {
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("user", "Go on. [sim:tokens=50]")),
                false, "{\"max_tokens\":5}"), p -> { });
        assertThat(completion.firstFinishReason()).isEqualTo("length");
        assertThat(completion.usage().completionTokens()).isEqualTo(5);
    }

    @Test
    void aToolCallStreamsAsFragmentsAndAssemblesWhole() {
        String tools = "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
                + "\"Weather for a city\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
                + "\"string\"}},\"required\":[\"city\"]}}}],\"tool_choice\":\"required\"}";
        List<DeltaPart> parts = new ArrayList<>();
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("user",
                "What is the weather in Paris?")), true, tools), parts::add);

        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        ToolCall call = completion.firstMessage().toolCalls().getFirst();
        assertThat(call.id()).startsWith("toolu_");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(CODEC.readTree(call.function().arguments()).isObject()).isTrue();

        List<ToolCall> fragments = parts.stream().filter(p -> p.delta().toolCalls() != null)
                .flatMap(p -> p.delta().toolCalls().stream()).toList();
        assertThat(fragments.getFirst().id()).isEqualTo(call.id());
        assertThat(fragments.getFirst().function().name()).isEqualTo("get_weather");
        assertThat(fragments).allSatisfy(f -> assertThat(f.index()).isZero());
        assertThat(fragments.stream().map(f -> f.function().arguments()).reduce("", String::concat))
                .isEqualTo(call.function().arguments());
        assertThat(parts.getLast().finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aToolResultConversationIsAccepted() {
        ChatMessage assistant = new ChatMessage("assistant", null, null, List.of(new ToolCall(null, "toolu_01abc",
                "function", new ToolCall.FunctionCall("get_weather", "{\"city\":\"Paris\"}"))), null, null, null);
        ChatMessage tool = new ChatMessage("tool", CODEC.readTree("\"{\\\"temp\\\":21}\""), null, null,
                "toolu_01abc", null, null);
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("user", "Weather in Paris?"),
                assistant, tool, ChatMessage.of("user", "Summarise. [sim:tokens=6]")), false), p -> { });
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().completionTokens()).isEqualTo(6);
    }

    @Test
    void aRefusalIsAContentFilterFinishWithTheRefusalText() {
        List<DeltaPart> parts = new ArrayList<>();
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("user",
                "Something bad [sim:refuse]")), true), parts::add);
        assertThat(completion.firstFinishReason()).isEqualTo("content_filter");
        assertThat(completion.firstMessage().refusal()).isNotBlank();
        assertThat(completion.firstMessage().content()).isNull();
        assertThat(parts.getLast().finishReason()).isEqualTo("content_filter");
    }

    @Test
    void jsonSchemaOutputIsAskedForWithOutputConfig() {
        String format = "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"colour\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":"
                + "[\"name\"],\"additionalProperties\":false}}}}";
        ChatCompletion completion = adapter.complete(request(List.of(ChatMessage.of("user", "A colour?")), false,
                format), p -> { });
        JsonNode answer = CODEC.readTree(completion.firstMessage().text());
        assertThat(answer.path("name").isString()).isTrue();
    }

    @Test
    void whatAnthropicCannotDoIsRejectedBeforeAnyCall() {
        long before = simulator.stats().requests();
        assertThatThrownBy(() -> adapter.complete(request(List.of(ChatMessage.of("user", "hi")), false,
                "{\"logprobs\":true}"), p -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.UNSUPPORTED);
                    assertThat(e.error().errorClass().retriable()).isFalse();
                    assertThat(e.error().message()).isEqualTo("Anthropic does not support logprobs");
                });
        assertThat(simulator.stats().requests()).isEqualTo(before);
    }

    @Test
    void aRateLimitIsRetriableAfterTheRetryAfterTheProviderSent() {
        assertThatThrownBy(() -> adapter.complete(request(List.of(ChatMessage.of("user", "hi [sim:status=429]")),
                false), p -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
                    assertThat(e.error().httpStatus()).isEqualTo(429);
                    assertThat(e.error().retryAfterMs()).isEqualTo(1_000L);
                    assertThat(e.error().providerCode()).isEqualTo("rate_limit_error");
                });
    }

    @Test
    void theRequestLimitsWaitFollowsTheProvidersClock() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00.123Z"));
        try (ProviderSimulator limited = ProviderSimulator.start(SimulatorSettings.defaults()
                .withRequestsPerMinute(5), clock);
             AnthropicAdapter client = adapter(limited, "sk-ant-test", clock)) {
            for (int i = 0; i < 5; i++) {
                client.complete(request(List.of(ChatMessage.of("user", "fill " + i)), false), p -> { });
            }
            assertThatThrownBy(() -> client.complete(request(List.of(ChatMessage.of("user", "one more")), true),
                    p -> { }))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
                        assertThat(e.error().retryAfterMs()).isEqualTo(12_000L);
                    });
            clock.advance(Duration.ofMillis(10_500));
            assertThatThrownBy(() -> client.complete(request(List.of(ChatMessage.of("user", "early")), false),
                    p -> { }))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.error().retryAfterMs()).as("retry-after is whole seconds, rounded up")
                                    .isEqualTo(2_000L));
        }
    }

    @Test
    void overloadedIsTransient() {
        assertThatThrownBy(() -> adapter.complete(request(List.of(ChatMessage.of("user", "hi [sim:status=529]")),
                true), p -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().httpStatus()).isEqualTo(529);
                    assertThat(e.error().providerCode()).isEqualTo("overloaded_error");
                });
    }

    @Test
    void anErrorEventMidStreamFailsTheCallAfterTheDeltasBeforeIt() {
        List<DeltaPart> parts = new ArrayList<>();
        assertThatThrownBy(() -> adapter.complete(request(List.of(ChatMessage.of("user",
                "Go on. [sim:tokens=30] [sim:stream_error_after=3]")), true), parts::add))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().providerCode()).isEqualTo("overloaded_error");
                    assertThat(e.error().message()).startsWith("stream error:");
                    assertThat(e.error().httpStatus()).isNull();
                });
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(3);
    }

    @Test
    void aRejectedKeyIsAnAuthenticationFailureThatNeverShowsTheKey() {
        try (AnthropicAdapter withBadKey = adapter(simulator, "sk-invalid", Clock.systemUTC())) {
            assertThatThrownBy(() -> withBadKey.complete(request(List.of(ChatMessage.of("user", "hi")), false),
                    p -> { }))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.error().errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                        assertThat(e.error().httpStatus()).isEqualTo(401);
                        assertThat(e.getMessage()).doesNotContain("sk-invalid");
                    });
        }
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        AttemptRequest missing = request(List.of(ChatMessage.of("user", "hi")), false);
        AttemptRequest request = missing.withUpstreamModel("does-not-exist");
        assertThatThrownBy(() -> adapter.complete(request, p -> { }))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.MODEL_NOT_FOUND));
    }

    private static AnthropicAdapter adapter(ProviderSimulator target, String key, Clock clock) {
        ProviderProperties.Endpoint endpoint = new ProviderProperties.Endpoint("anthropic",
                URI.create(target.baseUrl().toString()), key, Duration.ofSeconds(5), null, 256);
        return new AnthropicAdapter("anthropic", new AnthropicApi("anthropic", endpoint, CODEC, clock), endpoint,
                clock);
    }

    private static AttemptRequest request(List<ChatMessage> messages, boolean stream) {
        return request(messages, stream, "{}");
    }

    /** A request whose body is {@code messages} plus the fields of {@code extraJson}. */
    private static AttemptRequest request(List<ChatMessage> messages, boolean stream, String extraJson) {
        JsonNode fields = CODEC.readTree(extraJson);
        ObjectNode body = (ObjectNode) CODEC.tree(
                ChatCompletionRequest.builder().model("claude").messages(messages).temperature(0.0).build());
        body.setAll((ObjectNode) fields);
        String id = "anthropic-it-" + UUID.randomUUID();
        return AttemptRequest.builder().attemptId(AttemptRequest.attemptId(id, 1)).correlationId(id).attempt(1)
                .provider("anthropic").model("claude").upstreamModel("claude-sonnet-4-5")
                .priority(Priority.INTERACTIVE).createdAt(Instant.now()).streamTokens(stream)
                .body(CODEC.fromTree(body, ChatCompletionRequest.class)).build();
    }
}
