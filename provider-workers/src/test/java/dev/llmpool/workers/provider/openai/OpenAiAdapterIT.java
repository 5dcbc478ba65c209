package dev.llmpool.workers.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.schemas.envelope.AttemptRequest;
import dev.llmpool.schemas.envelope.ErrorClass;
import dev.llmpool.schemas.envelope.Priority;
import dev.llmpool.schemas.json.JsonCodec;
import dev.llmpool.schemas.openai.ChatCompletion;
import dev.llmpool.schemas.openai.ChatCompletionRequest;
import dev.llmpool.schemas.openai.ChatMessage;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import dev.llmpool.workers.provider.DeltaPart;
import dev.llmpool.workers.provider.ProviderException;
import dev.llmpool.workers.provider.ProviderProperties;
import dev.llmpool.workers.provider.http.CallLimits;
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

/** The OpenAI adapter against the provider simulator over real HTTP. */
class OpenAiAdapterIT {

    private static final JsonCodec CODEC = new JsonCodec();

    private static ProviderSimulator simulator;
    private static OpenAiAdapter adapter;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        adapter = adapter(simulator, null);
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
    void aPlainCallAnswersWithTheWholeCompletion() {
        List<DeltaPart> parts = new ArrayList<>();
        ChatCompletion completion = adapter.complete(request("Name three colours. [sim:tokens=12]", false, null),
                parts::add);
        assertThat(parts).as("nothing is streamed when tokens are not").isEmpty();
        assertThat(completion.object()).isEqualTo("chat.completion");
        assertThat(completion.firstMessage().text()).isNotBlank();
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
        assertThat(completion.usage().completionTokens()).isEqualTo(12);
        assertThat(completion.usage().promptTokens()).isPositive();
    }

    @Test
    void aStreamedCallHandsOverDeltasInOrderAndAssemblesThemWithUsage() {
        List<DeltaPart> parts = new ArrayList<>();
        Thread caller = Thread.currentThread();
        List<Thread> sinkThreads = new ArrayList<>();
        ChatCompletion completion = adapter.complete(request("Tell me about rivers. [sim:tokens=20]", true, null),
                part -> {
                    parts.add(part);
                    sinkThreads.add(Thread.currentThread());
                });

        assertThat(sinkThreads).containsOnly(caller);
        assertThat(parts.getFirst().delta().role()).isEqualTo("assistant");
        assertThat(parts.getLast().finishReason()).isEqualTo("stop");
        assertThat(parts.stream().filter(DeltaPart::carriesTokens).count()).isGreaterThan(1);
        String streamedText = parts.stream().map(p -> p.delta().content() == null ? "" : p.delta().content())
                .reduce("", String::concat);
        assertThat(streamedText).isNotBlank().isEqualTo(completion.firstMessage().text());
        assertThat(completion.usage()).as("stream_options.include_usage is always asked for").isNotNull();
        assertThat(completion.usage().completionTokens()).isEqualTo(20);
        assertThat(completion.firstFinishReason()).isEqualTo("stop");
    }

    @Test
    void streamedAndPlainAnswersAgreeForTheSameInput() {
        String prompt = "Deterministic please " + UUID.randomUUID() + " [sim:tokens=15]";
        ChatCompletion plain = adapter.complete(request(prompt, false, null), part -> { });
        ChatCompletion streamed = adapter.complete(request(prompt, true, null), part -> { });
        assertThat(streamed.firstMessage().text()).isEqualTo(plain.firstMessage().text());
        assertThat(streamed.usage()).isEqualTo(plain.usage());
    }

    @Test
    void aToolCallStreamsAsFragmentsAndAssemblesWhole() {
        ChatCompletion completion = adapter.complete(request("What is the weather? [sim:tool=get_weather]", true,
                null), part -> { });
        assertThat(completion.firstFinishReason()).isEqualTo("tool_calls");
        assertThat(completion.firstMessage().toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(CODEC.readTree(call.function().arguments()).isObject()).isTrue();
            assertThat(call.id()).isNotBlank();
        });
    }

    @Test
    void aRateLimitIsRetriableAfterTheWaitTheProviderAsked() {
        assertThatThrownBy(() -> adapter.complete(request("hi [sim:status=429]", false, null), part -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.RATE_LIMITED);
                    assertThat(e.error().httpStatus()).isEqualTo(429);
                    assertThat(e.error().retryAfterMs()).isEqualTo(1_000L);
                    assertThat(e.error().providerCode()).isEqualTo("rate_limit_exceeded");
                });
    }

    @Test
    void aServerErrorIsTransient() {
        assertThatThrownBy(() -> adapter.complete(request("hi [sim:status=500]", true, null), part -> { }))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().httpStatus()).isEqualTo(500);
                });
    }

    @Test
    void aBadRequestIsNotRetried() {
        assertThatThrownBy(() -> adapter.complete(request("hi [sim:status=400]", false, null), part -> { }))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.BAD_REQUEST));
    }

    @Test
    void anErrorFrameMidStreamFailsTheCallAfterTheDeltasBeforeIt() {
        List<DeltaPart> parts = new ArrayList<>();
        assertThatThrownBy(() -> adapter.complete(request("Go on. [sim:tokens=30] [sim:stream_error_after=3]", true,
                null), parts::add))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                    assertThat(e.error().message()).startsWith("stream error:");
                    assertThat(e.error().httpStatus()).isNull();
                });
        assertThat(parts.stream().filter(DeltaPart::carriesTokens)).hasSize(3);
    }

    @Test
    void aRejectedKeyIsAnAuthenticationFailureThatNeverShowsTheKey() {
        try (OpenAiAdapter withBadKey = adapter(simulator, "sk-invalid")) {
            assertThatThrownBy(() -> withBadKey.complete(request("hi", false, null), part -> { }))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.error().errorClass()).isEqualTo(ErrorClass.AUTHENTICATION);
                        assertThat(e.error().message()).doesNotContain("sk-invalid");
                        assertThat(e.getMessage()).doesNotContain("sk-invalid");
                    });
        }
    }

    @Test
    void aSlowStreamIsCutAtTheRequestTimeout() {
        try (ProviderSimulator slow = ProviderSimulator.start(SimulatorSettings.defaults().withTokensPerSecond(5));
             OpenAiAdapter impatient = adapter(slow, null)) {
            List<DeltaPart> parts = new ArrayList<>();
            assertThatThrownBy(() -> impatient.complete(request("Slowly. [sim:tokens=200]", true, null), parts::add,
                    new CallLimits(Duration.ofSeconds(30), Duration.ofMillis(600))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                        assertThat(e.error().providerCode()).isEqualTo("timeout");
                    });
            assertThat(parts.stream().filter(p -> "stop".equals(p.finishReason()))).isEmpty();
        }
    }

    @Test
    void aCallThatOutlivesTheJobsDeadlineIsDeadlineExceeded() {
        Instant deadline = Instant.now().plusMillis(500);
        assertThatThrownBy(() -> adapter.complete(request("Wait. [sim:delay=5s]", false, deadline), part -> { }))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.error().errorClass()).isEqualTo(ErrorClass.DEADLINE_EXCEEDED));
    }

    @Test
    void aRefusedConnectionIsTransient() {
        ProviderProperties.Endpoint nowhere = new ProviderProperties.Endpoint("openai",
                URI.create("http://127.0.0.1:1/v1"), null, Duration.ofSeconds(2));
        try (OpenAiAdapter unreachable = new OpenAiAdapter("openai",
                new OpenAiApi("openai", nowhere, CODEC, Clock.systemUTC()), Clock.systemUTC())) {
            assertThatThrownBy(() -> unreachable.complete(request("hi", false, null), part -> { }))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.error().errorClass()).isEqualTo(ErrorClass.TRANSIENT);
                        assertThat(e.error().providerCode()).isEqualTo("io_error");
                    });
        }
    }

    private static OpenAiAdapter adapter(ProviderSimulator target, String key) {
        ProviderProperties.Endpoint endpoint = new ProviderProperties.Endpoint("openai",
                URI.create(target.baseUrl().toString().replaceAll("/$", "") + "/v1"), key, Duration.ofSeconds(5));
        return new OpenAiAdapter("openai", new OpenAiApi("openai", endpoint, CODEC, Clock.systemUTC()),
                Clock.systemUTC());
    }

    private static AttemptRequest request(String userText, boolean stream, Instant deadline) {
        ChatCompletionRequest body = ChatCompletionRequest.builder().model("fast")
                .messages(List.of(ChatMessage.of("user", userText))).temperature(0.0).build();
        String id = "adapter-it-" + UUID.randomUUID();
        return AttemptRequest.builder().attemptId(AttemptRequest.attemptId(id, 1)).correlationId(id).attempt(1)
                .provider("openai").model("gpt-4o-mini").upstreamModel("gpt-4o-mini").priority(Priority.INTERACTIVE)
                .createdAt(Instant.now()).deadline(deadline).streamTokens(stream).body(body).build();
    }
}
