package dev.llmpool.simulator.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.SseException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoice;
import com.anthropic.models.messages.ToolUseBlock;
import dev.llmpool.simulator.ProviderSimulator;
import dev.llmpool.simulator.SimulatorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official anthropic-java SDK, with strict response validation on, parses the simulator's Messages API:
 * messages, streams (through its own accumulator), tool use and the errors it maps to its exceptions.
 */
class AnthropicSdkCompatibilityIT {

    private static ProviderSimulator simulator;
    private static AnthropicClient client;

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
    void createReturnsTextUsageAndStopReason() {
        Message message = client.messages().create(params("Say something about queues").build());

        assertThat(message.id()).startsWith("msg_01");
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isNotBlank();
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(message.stopSequence()).isEmpty();
        assertThat(message.usage().outputTokens()).isEqualTo(16);
        assertThat(message.usage().inputTokens()).isPositive();
    }

    @Test
    void aStreamAccumulatesToTheSameMessage() {
        MessageCreateParams params = params("Say something about queues").build();
        Message whole = client.messages().create(params);

        MessageAccumulator accumulator = MessageAccumulator.create();
        int deltas = 0;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            for (RawMessageStreamEvent event : (Iterable<RawMessageStreamEvent>) stream.stream()::iterator) {
                accumulator.accumulate(event);
                if (event.isContentBlockDelta()) {
                    deltas++;
                }
            }
        }
        Message streamed = accumulator.message();

        assertThat(deltas).isEqualTo(16);
        assertThat(streamed.content().getFirst().asText().text()).isEqualTo(whole.content().getFirst().asText().text());
        assertThat(streamed.stopReason()).hasValue(StopReason.END_TURN);
        assertThat(streamed.usage().outputTokens()).isEqualTo(16);
        assertThat(streamed.usage().inputTokens()).isEqualTo(whole.usage().inputTokens());
    }

    @Test
    void stopSequencesAndMaxTokensParse() {
        Message capped = client.messages().create(params("long answer").maxTokens(3).build());
        assertThat(capped.stopReason()).hasValue(StopReason.MAX_TOKENS);

        String text = client.messages().create(params("stop early").build()).content().getFirst().asText().text();
        String stop = text.substring(text.indexOf(' ', 8), text.indexOf(' ', 8) + 3);
        Message stopped = client.messages().create(params("stop early").stopSequences(List.of(stop)).build());
        assertThat(stopped.stopReason()).hasValue(StopReason.STOP_SEQUENCE);
        assertThat(stopped.stopSequence()).hasValue(stop);
    }

    @Test
    void toolUseParsesWhetherStreamedOrNot() {
        MessageCreateParams params = params("Weather in Oslo?")
                .addTool(Tool.builder().name("get_weather").description("Current weather")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .toolChoice(ToolChoice.ofTool("get_weather"))
                .build();

        Message message = client.messages().create(params);
        ToolUseBlock call = message.content().getFirst().asToolUse();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.id()).startsWith("toolu_01");
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ToolUseBlock streamed = accumulator.message().content().getFirst().asToolUse();
        assertThat(streamed.name()).isEqualTo("get_weather");
        assertThat(streamed._input()).isEqualTo(call._input());
        assertThat(accumulator.message().stopReason()).hasValue(StopReason.TOOL_USE);
    }

    @Test
    void refusalsParse() {
        Message message = client.messages().create(params("Do something bad [sim:refuse]").build());

        assertThat(message.stopReason()).hasValue(StopReason.REFUSAL);
        assertThat(message.stopDetails()).isPresent();
    }

    @Test
    void a429IsRateLimitExceptionWithItsHeaders() {
        assertThatThrownBy(() -> client.messages().create(params("[sim:status=429] hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.type()).hasValue(ErrorType.RATE_LIMIT_ERROR);
                    assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_011C"));
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                    assertThat(e.headers().values("anthropic-ratelimit-requests-remaining")).containsExactly("0");
                });
    }

    @Test
    void a529IsOverloadedException() {
        assertThatThrownBy(() -> client.messages().create(params("[sim:status=529] hi").build()))
                .isInstanceOfSatisfying(OverloadedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(e.type()).hasValue(ErrorType.OVERLOADED_ERROR);
                });
    }

    @Test
    void otherErrorsSurfaceAsTheirSdkExceptions() {
        assertThatThrownBy(() -> client.messages().create(params("[sim:status=500] hi").build()))
                .isInstanceOfSatisfying(InternalServerException.class,
                        e -> assertThat(e.type()).hasValue(ErrorType.API_ERROR));
        assertThatThrownBy(() -> client.messages().create(params("[sim:status=400] hi").build()))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> client.messages().create(params("hi").model("does-not-exist").build()))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.type()).hasValue(ErrorType.NOT_FOUND_ERROR));
        AnthropicClient rejected = client("sk-invalid");
        try {
            assertThatThrownBy(() -> rejected.messages().create(params("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            e -> assertThat(e.type()).hasValue(ErrorType.AUTHENTICATION_ERROR));
        } finally {
            rejected.close();
        }
    }

    @Test
    void aMidStreamErrorEventSurfacesFromTheStream() {
        MessageCreateParams params = params("break [sim:stream_error_after=2]").build();

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
                stream.stream().forEach(event -> { });
            }
        }).isInstanceOfSatisfying(SseException.class, e -> assertThat(((AnthropicServiceException) e).type())
                .hasValue(ErrorType.OVERLOADED_ERROR));
    }

    private static MessageCreateParams.Builder params(String user) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024).system("Be brief.")
                .addUserMessage(user);
    }

    private static AnthropicClient client(String apiKey) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(simulator.baseUrl().toString())
                .apiKey(apiKey)
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }
}
